package blueprint

import (
	"strings"
	"testing"

	"github.com/minio/minio-go/v7/pkg/s3utils"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
)

// FuzzValidateQuantity feeds hostile CPU, memory and volume sizes to
// ValidateQuantity. Build calls resource.MustParse on every accepted one,
// so an acceptance ParseQuantity disagrees with would panic there.
func FuzzValidateQuantity(f *testing.F) {
	for _, seed := range []string{
		"250m", "512Mi", "10Gi", "1", "0", "-1", "", "1e3", "1E", "1.5Gi", "0.0000000001", "1e100",
		"99999999999999999999", "10 Gi", "10gi", "１０Gi", "+1", ".5", "1e-20",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, q string) {
		err := ValidateQuantity(q)
		if err != nil {
			checkReason(t, q, err, "quantity", "more than zero")
			return
		}
		parsed := resource.MustParse(q)
		if parsed.Sign() <= 0 {
			t.Fatalf("%q: accepted but not positive (%s)", q, parsed.String())
		}
		// What is sent to the apiserver is the canonical form: it must
		// mean the same amount.
		if again := resource.MustParse(parsed.String()); again.Cmp(parsed) != 0 {
			t.Fatalf("%q: canonical %q re-parses as %s", q, parsed.String(), again.String())
		}
	})
}

// FuzzValidateBucket feeds hostile bucket names to ValidateBucket. An
// accepted name must pass minio-go's strict S3 check (the client that
// creates the bucket) and be a DNS name, as virtual-host URLs need.
func FuzzValidateBucket(f *testing.F) {
	for _, seed := range []string{
		"www-example-com", "acme.files", "ab", strings.Repeat("a", 63), strings.Repeat("a", 64), "",
		"192.168.5.4", "10.0.0.300", "xn--bcher-kva", "a..b", "a.-b", "-abc", "Abc", "abc_d", "bücher",
		"bucket-s3alias", "abc.", "sthree-x",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, name string) {
		err := ValidateBucket(name)
		if err != nil {
			checkReason(t, name, err, "bucket name")
			return
		}
		if err := s3utils.CheckValidBucketNameStrict(name); err != nil {
			t.Fatalf("%q: accepted, minio-go refuses it: %v", name, err)
		}
		if msgs := validation.IsDNS1123Subdomain(name); len(msgs) > 0 {
			t.Fatalf("%q: accepted but not a DNS name: %v", name, msgs)
		}
	})
}
