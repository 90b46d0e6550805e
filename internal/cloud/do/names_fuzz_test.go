package do

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/util/validation"
)

// checkReason asserts that a rejection says why: a phrase naming the rule
// (one of words), printable as is. The cluster wizard shows messages in
// the terminal, where a control character from hostile input could move
// the cursor or recolour the screen.
func checkReason(t *testing.T, input string, err error, words ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%q: rejected without an error", input)
	}
	msg := err.Error()
	if len(msg) < len("pool name is required") || !utf8.ValidString(msg) ||
		strings.IndexFunc(msg, func(r rune) bool { return !strconv.IsPrint(r) }) >= 0 {
		t.Fatalf("%q: reason %q is too short or not printable", input, msg)
	}
	for _, w := range words {
		if strings.Contains(msg, w) {
			return
		}
	}
	t.Fatalf("%q: reason %q names none of %q", input, msg, words)
}

// checkDNSName is the rule both names follow: the strict subset of what DO
// takes that stays valid where the names end up, in DNS labels (contexts,
// hostnames) and in the doks.digitalocean.com/node-pool label value.
func checkDNSName(t *testing.T, name string) {
	t.Helper()
	msgs := append(validation.IsDNS1123Label(name), validation.IsValidLabelValue(name)...)
	if len(msgs) > 0 || name[0] < 'a' || name[0] > 'z' {
		t.Fatalf("%q accepted: %v", name, msgs)
	}
}

func createRequest(cluster, pool string) CreateRequest {
	return CreateRequest{Name: cluster, Region: "fra1", Version: "1.33.1-do.0",
		Pools: []PoolRequest{{Name: pool, Size: "s-2vcpu-4gb", Count: 1}}}
}

var nameSeeds = []string{
	"flightdeck-prod", "a", "", "-a", "a-", "1st", "Upper", "under_score", "dot.ted", "caf\u00e9",
	"esc\x1b[31mred", "\u0430dmin", strings.Repeat("a", 63), strings.Repeat("a", 64), "a--b",
}

// FuzzValidateClusterName: a rejection says why, an accepted name is a DNS
// label starting with a letter, and the API client's own check agrees.
func FuzzValidateClusterName(f *testing.F) {
	for _, s := range nameSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		err := ValidateClusterName(name)
		if created := validateCreate(createRequest(name, "web")); (err == nil) != (created == nil) {
			t.Fatalf("%q: ValidateClusterName says %v, validateCreate %v", name, err, created)
		}
		if err != nil {
			checkReason(t, name, err, "cluster name")
			return
		}
		checkDNSName(t, name)
	})
}

// FuzzValidatePoolName: the same for node pool names, which become node
// hostnames' prefix and the doks.digitalocean.com/node-pool label. The API
// client must refuse what the rule refuses (an empty name is doctl's
// "<cluster>-default-pool").
func FuzzValidatePoolName(f *testing.F) {
	for _, s := range nameSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		err := ValidatePoolName(name)
		if created := validateCreate(createRequest("flightdeck", name)); name != "" && (err == nil) != (created == nil) {
			t.Fatalf("%q: ValidatePoolName says %v, validateCreate %v", name, err, created)
		}
		if err != nil {
			checkReason(t, name, err, "pool name")
			return
		}
		checkDNSName(t, name)
	})
}
