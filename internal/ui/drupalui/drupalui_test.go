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
// first Ready web pod. A site stuck on a new revision has none, so drush
// runs on the previous revision's pod that serves (where the purge also
// reaches), and the palette and the run's header say so.
func TestPaletteAndStuckSite(t *testing.T) {
	d, _ := uitest.Static(t, ui.Config{}, 160, 40, uitest.Objects(uitest.DemoSites())...)
	openSite(t, d, "www-example-com")
	d.Keys("x")
	d.WaitFor(t, 5*time.Second, "the palette", has("drush · www-example-com", "(container web, revision 4)",
		"drush deploy", "drush cr", "drush updatedb:status", "drush updatedb -y", "drush cron", "free text (asks first)"))

	d.Keys("esc", "esc")
	openSite(t, d, "shop-acme-org")
	d.Keys("x")
	d.WaitFor(t, 5*time.Second, "drush on the previous revision", has("runs in web-", "of the previous revision 4 (tag 3b8d0c1): the new one has no Ready pod"))
	d.Keys("j", "enter") // drush cr
	d.WaitFor(t, 5*time.Second, "the run's header says where it runs", has("drush cr", "running on web-", "of the previous revision 4 (tag 3b8d0c1): the new one has no Ready pod"))
	d.Keys("esc", "esc", "P")
	d.WaitFor(t, 5*time.Second, "the purge asks for a pattern", has("URL pattern"))
}

// g and G move to the palette's first and last rows, like other lists.
func TestPaletteTopAndBottom(t *testing.T) {
	d, _ := uitest.Static(t, ui.Config{}, 160, 40, uitest.Objects(uitest.DemoSites())...)
	openSite(t, d, "www-example-com")
	d.Keys("x")
	d.WaitFor(t, 5*time.Second, "the palette", has("▸ drush deploy"))
	d.Keys("G")
	d.WaitFor(t, 5*time.Second, "G: the last row", has("▸ drush …"))
	d.Keys("g")
	d.WaitFor(t, 5*time.Second, "g: the first row", has("▸ drush deploy"))
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
