package ui_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/backupui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// Backups run through the blueprint's backup CronJob, whose Jobs the
// local job runner (hack/localcluster/jobrunner) runs for real: mc
// uploads the dump to the local MinIO, whose listing the BACKUP column
// reads.

// backupApp is liveApp on a clock the test moves (ahead by *shift), the
// backups re-read every second.
func backupApp(t *testing.T, shift *atomic.Int64) *uitest.Driver {
	t.Helper()
	kc := kubeconfigAt(testenv.Kubeconfig(t))
	name, err := kc.CurrentContext()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := ui.Dial(kc, name, 1)
	if err != nil {
		t.Fatal(err)
	}
	c := &common.Common{Kubeconfig: kc, Options: common.Options{MetricsInterval: 15 * time.Second, LogLines: 1000, ProgressDeadline: 10},
		Now: func() time.Time { return time.Now().Add(time.Duration(shift.Load())) }}
	return uitest.NewApp(t, ui.Config{Common: c, Conn: conn, Backups: backupui.Config{TTL: time.Second, Poll: 300 * time.Millisecond}}, 200, 40)
}

// backupSite is a one-pod site with the blueprint's backup set-up.
func backupSite(t *testing.T, podAnnotations map[string]string) (*uitest.Driver, testenv.BackupTarget, string, *atomic.Int64) {
	t.Helper()
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", 1)
	bt := testenv.BackupSite(t, cs, ns, blueprint.DefaultBackupSchedule, podAnnotations)
	shift := &atomic.Int64{}
	return backupApp(t, shift), bt, ns, shift
}

func backupNow(t *testing.T, d *uitest.Driver, ns string) {
	t.Helper()
	openSite(d, ns)
	d.WaitFor(t, 30*time.Second, "site page with its backup line", contains("namespace "+ns, "backup", "schedule 0 3 * * *"))
	d.Keys("B")
	d.WaitFor(t, 10*time.Second, "asked first", contains("Back up "+ns+" now", "kubectl create job --from=cronjob/backup"))
	d.Keys("y")
}

// B on a site: the Job runs, its object lands in MinIO and is named on
// the site page; the sites screen's BACKUP column shows its age and size.
func TestLiveBackupNow(t *testing.T) {
	d, bt, ns, _ := backupSite(t, nil)
	d.WaitFor(t, 60*time.Second, "BACKUP none", func(s string) bool { return strings.HasSuffix(strings.TrimSpace(siteRow(s, ns)), "none") })
	backupNow(t, d, ns)
	landed := "backup landed: backups/" + bt.Domain + "-"
	d.WaitFor(t, 60*time.Second, "the object landed", contains(landed, ".sql.gz"))
	keys := bt.Keys(t)
	if len(keys) != 1 {
		t.Fatalf("objects %v", keys)
	}
	d.WaitFor(t, 10*time.Second, "the site page names it", contains("1 in s3://"+bt.Bucket+"/"+bt.Prefix+"backups/", strings.TrimPrefix(keys[0], bt.Prefix)))
	d.Keys("esc")
	row := regexp.MustCompile(`\d+s \d+ B$`)
	d.WaitFor(t, 30*time.Second, "BACKUP: age and size", func(s string) bool { return row.MatchString(strings.TrimSpace(siteRow(s, ns))) })
}

// A backup Job that succeeds without uploading (mc exits 0 having done
// nothing): the Job is Complete, yet fdtui says nothing landed, and the
// BACKUP column keeps showing the older backup, stale by the schedule.
func TestLiveBackupUploadsNothingIsStale(t *testing.T) {
	d, bt, ns, shift := backupSite(t, map[string]string{"fdtui.dev/standin-noop": "mc"})
	// An earlier backup; the clock then moves 40h on: past 1.5 days of a
	// daily schedule.
	old := blueprint.BackupKey(bt.Prefix, bt.Domain, time.Now())
	if _, err := bt.Client.PutObject(context.Background(), bt.Bucket, old, bytes.NewReader([]byte("old dump")), 8, minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	shift.Store(int64(40 * time.Hour))
	backupNow(t, d, ns)
	d.WaitFor(t, 60*time.Second, "nothing landed", contains("succeeded, but no new backup object under s3://"+bt.Bucket))
	d.WaitFor(t, 10*time.Second, "the old backup, late", contains("LATE 40h ago · 8 B", strings.TrimPrefix(old, bt.Prefix), "amber past 36h, red past 3d"))
	d.Keys("esc")
	d.WaitFor(t, 30*time.Second, "BACKUP 40h old", func(s string) bool { return strings.HasSuffix(strings.TrimSpace(siteRow(s, ns)), "40h 8 B") })
	if keys := bt.Keys(t); len(keys) != 1 {
		t.Errorf("objects %v, want only the old one", keys)
	}
	// Past three intervals: overdue.
	shift.Store(int64(80 * time.Hour))
	openSite(d, ns)
	d.WaitFor(t, 30*time.Second, "overdue", contains("OVERDUE 3d8h ago"))
}

// A backup whose dump fails (the database unreachable): the Job fails
// after its retry, and fdtui names the failed pod and container.
func TestLiveBackupNowFails(t *testing.T) {
	d, bt, ns, _ := backupSite(t, map[string]string{"fdtui.dev/standin-fail": "mariadb-dump"})
	backupNow(t, d, ns)
	failed := regexp.MustCompile(`backup failed: Job backup-manual-[0-9a-z]+ failed \(BackoffLimitExceeded\): pod backup-manual-[0-9a-z-]+, container dump exited 1`)
	d.WaitFor(t, 90*time.Second, "the failure with its pod", func(s string) bool { return failed.MatchString(s) })
	if keys := bt.Keys(t); len(keys) != 0 {
		t.Errorf("a failed backup uploaded %v", keys)
	}
}

// Read-only mode leaves B out of help and refuses it.
func TestLiveBackupNowReadOnly(t *testing.T) {
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", 1)
	testenv.BackupSite(t, cs, ns, blueprint.DefaultBackupSchedule, nil)
	d := liveAppWith(t, func(o *common.Options) { o.ReadOnly = true })
	openSite(d, ns)
	d.WaitFor(t, 30*time.Second, "site page", contains("namespace "+ns, "schedule 0 3 * * *"))
	d.Keys("?")
	d.WaitFor(t, 10*time.Second, "help without B", func(s string) bool { return helpHas(s, "l logs") && !helpHas(s, "B back up now") })
	d.Keys("esc", "B")
	d.WaitFor(t, 10*time.Second, "B refused", contains("read-only mode (--readonly)"))
	if jobs, err := cs.BatchV1().Jobs(ns).List(context.Background(), metav1.ListOptions{}); err != nil || len(jobs.Items) != 0 {
		t.Errorf("jobs %v, %v", jobs, err)
	}
}

// A bucket the site's keys cannot read: "?" in the column, the store's
// reason on the site page, and no key shown.
func TestLiveBackupUnreadableBucket(t *testing.T) {
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", 1)
	testenv.BackupSite(t, cs, ns, blueprint.DefaultBackupSchedule, nil)
	wrong := "not-the-secret-key-0123456789"
	patch := `{"data":{"` + blueprint.KeySecretKey + `":"` + base64.StdEncoding.EncodeToString([]byte(wrong)) + `"}}`
	if _, err := cs.CoreV1().Secrets(ns).Patch(context.Background(), blueprint.SecretS3, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	shift := &atomic.Int64{}
	d := backupApp(t, shift)
	d.WaitFor(t, 60*time.Second, "BACKUP ?", func(s string) bool { return strings.HasSuffix(strings.TrimSpace(siteRow(s, ns)), "?") })
	openSite(d, ns)
	d.WaitFor(t, 30*time.Second, "the reason", contains("? the bucket cannot be read: object store", "key rejected"))
	if strings.Contains(d.Screen(), wrong) {
		t.Error("the secret key is on the screen")
	}
}
