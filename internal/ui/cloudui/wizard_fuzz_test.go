package cloudui

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/flightdeck/fdtui/internal/cloud/do"
)

// FuzzWizardNames feeds hostile cluster and pool names to the cluster
// wizard. A rejection says why; the wizard accepts exactly what the API
// client's rules accept (less a taken cluster name or a pool name used
// before), and an accepted name is a DNS label and a label value.
func FuzzWizardNames(f *testing.F) {
	for _, seed := range []string{"web", "prod", "", "Web", "web_1", "-web", "web-", "1web", "w\u00e9b", "web\x1b[2J",
		strings.Repeat("w", 63), strings.Repeat("w", 64)} {
		f.Add(seed, "web")
	}
	f.Fuzz(func(t *testing.T, name, other string) {
		w := &wizard{taken: map[string]bool{other: true}}
		w.v.Pools[0].Name = other
		checkName(t, name, w.validateName(name), do.ValidateClusterName(name), name == other, "cluster name", "cluster named")
		checkName(t, name, w.validatePoolName(0, name), do.ValidatePoolName(name), false, "pool name")
		checkName(t, name, w.validatePoolName(1, name), do.ValidatePoolName(name), name == other, "pool name", "already called")
	})
}

func checkName(t *testing.T, name string, err, rule error, taken bool, words ...string) {
	t.Helper()
	if err != nil {
		checkReason(t, name, err, words...)
		if rule == nil && !taken {
			t.Fatalf("%q: the wizard refuses (%v) what the API client accepts", name, err)
		}
		return
	}
	if rule != nil || taken {
		t.Fatalf("%q: the wizard accepts, but taken=%v and the API client says %v", name, taken, rule)
	}
	if msgs := append(validation.IsDNS1123Label(name), validation.IsValidLabelValue(name)...); len(msgs) > 0 {
		t.Fatalf("%q accepted: %v", name, msgs)
	}
}

// FuzzNodeCounts feeds hostile node counts to the pool and scale forms.
// Accepted values keep DOKS's rules: 1..100 nodes in a fixed pool, and
// 0 <= min <= count <= max <= 100, max >= 1 when autoscaling; the request
// built from them carries the same numbers.
func FuzzNodeCounts(f *testing.F) {
	for _, seed := range [][3]string{{"3", "1", "3"}, {"1", "0", "1"}, {"0", "0", "0"}, {"101", "-1", "1000"},
		{" 2 ", "+1", "02"}, {"three", "", "9999999999999999999999"}, {"\u0663", "1.5", "0x10"}} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, count, lo, hi string) {
		words := []string{"number", "nodes", "minimum", "maximum"}
		n, c := atoiOr(count), validateCount(count, 1)
		if c != nil {
			checkReason(t, count, c, words...)
		} else if n < 1 || n > maxPoolNodes {
			t.Fatalf("count %q accepted as %d", count, n)
		}
		for least, s := range []string{lo, hi} {
			if err := validateRange(s, least); err != nil {
				checkReason(t, s, err, words...)
			} else if v := atoiOr(s); v < least || v > maxPoolNodes {
				t.Fatalf("scale range %q accepted as %d", s, v)
			}
		}
		if c != nil {
			return // the pool form checks the range only after the count
		}
		minErr, maxErr := validateMin(lo, count), validateMax(hi, count)
		for _, err := range []error{minErr, maxErr} {
			if err != nil {
				checkReason(t, lo+" "+hi, err, words...)
			}
		}
		if minErr != nil || maxErr != nil {
			return
		}
		req, err := poolValues{Name: "web", Count: count, AutoScale: true, Min: lo, Max: hi}.request(false)
		if err != nil || req.Min < 0 || req.Max < 1 || req.Max > maxPoolNodes || req.Min > req.Count || req.Count > req.Max || req.Count != n {
			t.Fatalf("count %q min %q max %q give %+v, %v", count, lo, hi, req, err)
		}
	})
}

// atoiOr is the number the forms read, -1 when there is none.
func atoiOr(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return -1
	}
	return n
}

// doTag is DigitalOcean's documented tag rule: letters, numbers, colons,
// dashes and underscores, at most 255 characters.
var doTag = regexp.MustCompile(`^[A-Za-z0-9:_-]{1,255}$`)

// FuzzTags feeds hostile tag lists to the wizard: every tag it accepts
// passes DigitalOcean's rule.
func FuzzTags(f *testing.F) {
	for _, seed := range []string{"flightdeck", "env:prod, team_a", "", " , ,", "bad tag!", "caf\u00e9", "a\tb",
		strings.Repeat("t", 255), strings.Repeat("t", 256), "k8s:do/x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := validateTags(s); err != nil {
			checkReason(t, s, err, "tag")
			return
		}
		for _, tag := range splitTags(s) {
			if !doTag.MatchString(tag) {
				t.Fatalf("%q: tag %q accepted", s, tag)
			}
		}
	})
}
