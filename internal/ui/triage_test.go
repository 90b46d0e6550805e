package ui_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/flightdeck/fdtui/internal/ui/common"
)

// From launch, the stuck site's cause is one key away and a rollback or a
// delete-and-recreate is two more (the key and its confirmation).
func TestTriageConfirmations(t *testing.T) {
	cases := []struct {
		name  string
		keys  []string
		wants []string
	}{
		{"rollback_confirm", []string{"j", "enter", "u"}, []string{"Roll back web in shop-acme-org", "from revision 5", "to   revision 4", "Proceed?"}},
		{"delete_pod_confirm", []string{"j", "enter", "ctrl+d"}, []string{"Delete pod web-5cac23b-x7k2p", "ImagePullBackOff", "replacement"}},
		{"force_delete_confirm", []string{"j", "enter", "ctrl+k"}, []string{"Force delete pod", "--grace-period=0", "not Terminating"}},
		{"restart_confirm", []string{"j", "enter", "r"}, []string{"Restart web in shop-acme-org", "one at a time"}},
		{"history", []string{"j", "enter", "h"}, []string{"revisions of web", "current", "broken-7d1e9a2", "3b8d0c1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := newDemoApp(t)
			d.Keys(tc.keys...)
			screen := d.Screen()
			for _, w := range tc.wants {
				if !strings.Contains(screen, w) {
					t.Errorf("screen lacks %q:\n%s", w, screen)
				}
			}
			golden.RequireEqual(t, []byte(screen))
		})
	}
}

func TestConfirmNoDoesNothing(t *testing.T) {
	d, _ := newDemoApp(t)
	d.Keys("j", "enter", "u", "n")
	if !strings.Contains(d.Screen(), "cancelled: Roll back web") {
		t.Fatalf("cancel should say so:\n%s", d.Screen())
	}
}

func TestRollImageRefusesReusedTag(t *testing.T) {
	d, _ := newDemoApp(t)
	d.Keys("G", "enter", "i") // www.example.com, healthy at 4f9c2e1
	d.Keys("enter")           // keep container web
	d.Type("4f9c2e1")         // the running tag
	d.Keys("enter")
	screen := d.Screen()
	if !strings.Contains(screen, "reused tag never redeploys") {
		t.Fatalf("reused tag not refused:\n%s", screen)
	}
	if !strings.Contains(screen, "www-example-com:4f9c2e1") {
		t.Fatalf("typed value lost:\n%s", screen)
	}
}

func TestRollImageWarnsOnNonSHATag(t *testing.T) {
	d, _ := newDemoApp(t)
	d.Keys("G", "enter", "i", "enter")
	d.Type("v2.1")
	d.Keys("enter")
	if !strings.Contains(d.Screen(), "is not a git short SHA") {
		t.Fatalf("non-SHA tag not questioned:\n%s", d.Screen())
	}
}

func TestReadOnlyHidesActions(t *testing.T) {
	d, _ := newDemoApp(t)
	d.Keys("j", "enter")
	if !strings.Contains(d.Screen(), "u roll back") {
		t.Fatalf("actions missing in normal mode:\n%s", d.Screen())
	}
	ro, _ := newDemoAppWith(t, func(c *common.Common) { c.Options.ReadOnly = true })
	ro.Keys("j", "enter")
	if strings.Contains(ro.Screen(), "roll back") || !strings.Contains(ro.Screen(), "l logs") {
		t.Fatalf("read-only mode should keep only read actions:\n%s", ro.Screen())
	}
	ro.Keys("u")
	if !strings.Contains(ro.Screen(), "read-only mode") || strings.Contains(ro.Screen(), "Proceed?") {
		t.Fatalf("u in read-only mode should explain, not ask:\n%s", ro.Screen())
	}
}
