package restoreui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

var now = time.Date(2026, 12, 3, 10, 30, 0, 0, time.UTC)

func testFeature() *Feature {
	c := &common.Common{Styles: styles.Default(true), Now: func() time.Time { return now }, Width: 120, Height: 30}
	return New(c, nil)
}

func backup(domain, stamp string, size int64) objstore.BackupObject {
	key := "site/backups/" + domain + "-" + stamp + ".sql.gz"
	b := objstore.BackupObject{Key: key, Size: size}
	b.Taken, _ = objstore.BackupTime(key)
	b.LastModified = b.Taken.Add(40 * time.Second)
	return b
}

func screen(v string) []byte { return []byte(ansi.Strip(v)) }

// The picker: newest first, with when (UTC), age and size.
func TestPickerGolden(t *testing.T) {
	f := testFeature()
	p := newPicker(f, "www-example-com", "www.example.com")
	p.SetSize(120, 30)
	bs := []objstore.BackupObject{
		backup("www.example.com", "20261201T030000Z", 41_234_567),
		backup("www.example.com", "20261203T030000Z", 42_345_678),
		backup("www.example.com", "20261202T030000Z", 41_987_654),
	}
	objstore.SortBackups(bs)
	p.Update(loadedMsg{page: p, list: listing{backups: bs, where: "bucket acme-sites, prefix www/backups/ at nyc3.digitaloceanspaces.com"}})
	golden.RequireEqual(t, screen(p.View()))
}

// The progress of a restore whose import failed: mysql's error, web
// scaled back all the same, the outcome saying both.
func TestRunPageFailedGolden(t *testing.T) {
	f := testFeature()
	b := backup("www.example.com", "20261203T030000Z", 42_345_678)
	p := newRunPage(f, "www-example-com", "www.example.com", b, nil)
	p.SetSize(120, 30)
	p.rep.Replicas = 3
	p.rep.Steps = [actions.RestoreSteps]actions.StepReport{
		{State: actions.StepOK, Detail: "web scaled from 3 to 0; no web pod left", Duration: 4200 * time.Millisecond},
		{State: actions.StepFailed, Detail: "import into mysql-0 failed: mysql exited 1: ERROR 1064 (42000) at line 3: You have an error in your SQL syntax", Duration: 2100 * time.Millisecond},
		{State: actions.StepOK, Detail: "web scaled back to 3; 3/3 Ready", Duration: 11300 * time.Millisecond},
	}
	p.rep.Stderr = "ERROR 1064 (42000) at line 3: You have an error in your SQL syntax"
	p.err = errors.New("import into mysql-0 failed: mysql exited 1: ERROR 1064 (42000) at line 3: You have an error in your SQL syntax; web scaled back to 3; 3/3 Ready")
	golden.RequireEqual(t, screen(p.View()))
}

// A restore importing: the running step's bytes so far, esc's meaning.
func TestRunPageRunningGolden(t *testing.T) {
	f := testFeature()
	b := backup("www.example.com", "20261203T030000Z", 42_345_678)
	p := newRunPage(f, "www-example-com", "www.example.com", b, nil)
	p.SetSize(120, 30)
	p.running = true
	p.rep.Steps = [actions.RestoreSteps]actions.StepReport{
		{State: actions.StepOK, Detail: "web scaled from 3 to 0; no web pod left", Duration: 4200 * time.Millisecond},
		{State: actions.StepRunning, Detail: "118.4 MiB of SQL into mysql-0 so far", Duration: 9 * time.Second},
	}
	golden.RequireEqual(t, screen(p.View()))
}

// No backup yet, and a listing that failed, say so and how to go on.
func TestPickerEmptyAndError(t *testing.T) {
	f := testFeature()
	p := newPicker(f, "www-example-com", "www.example.com")
	p.Update(loadedMsg{page: p, list: listing{where: "bucket b, prefix backups/ at minio"}})
	if s := ansi.Strip(p.View()); !contains(s, "no backup in the bucket: nothing to restore") {
		t.Errorf("empty:\n%s", s)
	}
	p.Update(loadedMsg{page: p, err: errors.New("object store minio: access denied; check the key's permissions")})
	if s := ansi.Strip(p.View()); !contains(s, "access denied", "r lists again") {
		t.Errorf("error:\n%s", s)
	}
}

func contains(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
