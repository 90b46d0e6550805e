package cloudui

import (
	"testing"

	"k8s.io/apimachinery/pkg/api/resource"
)

// FuzzParseQuota feeds hostile --s3-quota values to ParseQuota. A
// rejection says why; an accepted quota is the size written, rounded up to
// a whole byte, never wrapped past int64 (it found "10E" read as 0).
func FuzzParseQuota(f *testing.F) {
	for _, seed := range []string{"250GiB", "250Gi", "1TiB", "500GB", "1048576", " 10MiB ", "2kB", "", "0", "-5GiB", "lots", "B", "iB", "KB", "0.5", "8Ei", "1e100"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseQuota(s)
		if err != nil {
			checkReason(t, s, err, "size", "quota")
			return
		}
		q, _ := quotaQuantity(s)
		if n <= 0 || resource.NewQuantity(n, resource.BinarySI).Cmp(q) < 0 || resource.NewQuantity(n-1, resource.BinarySI).Cmp(q) >= 0 {
			t.Fatalf("ParseQuota(%q) = %d for %s", s, n, q.String())
		}
	})
}
