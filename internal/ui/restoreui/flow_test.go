package restoreui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

func openSite(t *testing.T, d *uitest.Driver, ns string) {
	t.Helper()
	d.Keys(":")
	d.Type("ns " + ns)
	d.Keys("enter")
	d.WaitFor(t, 5*time.Second, "site page "+ns, func(s string) bool { return strings.Contains(s, "namespace "+ns) })
}

// ctrl+r is in the site's help; on a site whose mysql-0 is not Ready it
// is refused before anything is scaled (the demo world has a mysql
// StatefulSet but no pod).
func TestRestoreRefusedWithoutDatabase(t *testing.T) {
	d, _ := uitest.Static(t, ui.Config{}, 150, 40, uitest.Objects(uitest.DemoSites())...)
	openSite(t, d, "www-example-com")
	d.Keys("?")
	d.WaitFor(t, 5*time.Second, "help", func(s string) bool { return strings.Contains(s, "ctrl+r") && strings.Contains(s, "restore database") })
	d.Keys("esc", "ctrl+r")
	d.WaitFor(t, 5*time.Second, "refused", func(s string) bool {
		return strings.Contains(s, "mysql-0 in www-example-com is not Ready: the import needs the database running")
	})
}

// Read-only mode leaves ctrl+r out of help and refuses it.
func TestRestoreReadOnly(t *testing.T) {
	c := &common.Common{Options: common.Options{ReadOnly: true}}
	d, _ := uitest.Static(t, ui.Config{Common: c}, 150, 40, uitest.Objects(uitest.DemoSites())...)
	openSite(t, d, "www-example-com")
	d.Keys("?")
	d.WaitFor(t, 5*time.Second, "help", func(s string) bool { return strings.Contains(s, "l logs") })
	if strings.Contains(d.Screen(), "restore database") {
		t.Fatal("restore offered in read-only mode")
	}
	d.Keys("esc", "ctrl+r")
	d.WaitFor(t, 5*time.Second, "refused", func(s string) bool { return strings.Contains(s, "read-only mode (--readonly)") })
}
