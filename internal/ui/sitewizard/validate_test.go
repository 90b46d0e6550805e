package sitewizard

import (
	"os"
	"strings"
	"testing"
)

// TestHostileTextIsQuoted: text from the cluster or the user that reaches
// an error message is quoted when it is not plain, so an escape sequence
// is shown, not obeyed (FuzzSiteDomain and FuzzExportPath found both).
func TestHostileTextIsQuoted(t *testing.T) {
	owned := func(string) nsInfo { return nsInfo{Exists: true, FlightDeck: true, Domain: "evil\x1b[2J.example"} }
	plain := func(string) nsInfo { return nsInfo{Exists: true, FlightDeck: true, Domain: "www.example.com"} }
	t.Chdir(t.TempDir())
	if err := os.Mkdir("out\x1b[2J", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		err  error
		want string
	}{
		{validateDomain(owned)("www-example.com"), `already belongs to "evil\x1b[2J.example"`},
		{validateDomain(plain)("www-example.com"), "already belongs to www.example.com ("},
		{validateExportPath("no\x1b[2Jdir/x.yaml"), `directory "no\x1b[2Jdir" does not exist`},
		{validateExportPath("out\x1b[2J"), `"out\x1b[2J" is a directory`},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("err = %v, want %q", c.err, c.want)
		}
	}
}
