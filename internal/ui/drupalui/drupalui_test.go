package drupalui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

func has(parts ...string) func(string) bool {
	return func(s string) bool {
		for _, p := range parts {
			if !strings.Contains(s, p) {
				return false
			}
		}
		return true
	}
}

func openSite(t *testing.T, d *uitest.Driver, ns string) {
	t.Helper()
	d.Keys(":")
	d.Type("ns " + ns)
	d.Keys("enter")
	d.WaitFor(t, 5*time.Second, "site page "+ns, has("namespace "+ns))
}

// The palette names the pod drush would run in: the newest revision's
// first Ready web pod. A site stuck on a new revision has none, so
// drush is refused there with the reason, while the purge still reaches
// the old revision's pods that serve.
func TestPaletteAndStuckSite(t *testing.T) {
	d, _ := uitest.Static(t, ui.Config{}, 150, 40, uitest.Objects(uitest.DemoSites())...)
	openSite(t, d, "www-example-com")
	d.Keys("x")
	d.WaitFor(t, 5*time.Second, "the palette", has("drush · www-example-com", "(container web, revision 4)",
		"drush deploy", "drush cr", "drush updatedb:status", "drush updatedb -y", "drush cron", "free text (asks first)"))

	d.Keys("esc", "esc")
	openSite(t, d, "shop-acme-org")
	d.Keys("x")
	d.WaitFor(t, 5*time.Second, "no pod for drush", has("no Ready web pod of the current revision: drush cannot run"))
	d.Keys("j", "enter") // drush cr
	d.WaitFor(t, 5*time.Second, "the run refused with the reason", has("drush cr", "not started", "no Ready web pod of the current revision in shop-acme-org"))
	d.Keys("esc", "esc", "P")
	d.WaitFor(t, 5*time.Second, "the purge asks for a pattern", has("URL pattern"))
}

// Read-only mode: none of the three keys is offered, each is refused.
func TestReadOnlyRefuses(t *testing.T) {
	c := &common.Common{Options: common.Options{ReadOnly: true}}
	d, _ := uitest.Static(t, ui.Config{Common: c}, 150, 40, uitest.Objects(uitest.DemoSites())...)
	openSite(t, d, "www-example-com")
	d.Keys("?")
	d.WaitFor(t, 5*time.Second, "help", has("l logs"))
	if s := d.Screen(); strings.Contains(s, "drush") || strings.Contains(s, "purge varnish") || strings.Contains(s, "s shell") {
		t.Errorf("read-only help offers a Drupal key:\n%s", s)
	}
	for _, k := range []string{"x", "P", "s"} {
		d.Keys("esc", k)
		d.WaitFor(t, 5*time.Second, k+" refused", has("read-only mode (--readonly)"))
	}
}
