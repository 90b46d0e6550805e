package actions

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/testenv"
)

// backupNow runs the site's backup CronJob now and follows its Job, as
// B on the site screen does.
func backupNow(t *testing.T, ns string) (JobOutcome, time.Time) {
	t.Helper()
	_, cs := testenv.Clients(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	job, err := CreateJobFromCronJob(ctx, cs, ns, blueprint.CronJobBackup)
	if err != nil {
		t.Fatal(err)
	}
	if job.Annotations["cronjob.kubernetes.io/instantiate"] != "manual" || len(job.OwnerReferences) != 1 || job.OwnerReferences[0].Kind != "CronJob" {
		t.Errorf("job %s: annotations %v owners %v", job.Name, job.Annotations, job.OwnerReferences)
	}
	out, err := FollowJob(ctx, cs, ns, job.Name, 500*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	return out, job.CreationTimestamp.Time
}

func targetOf(t *testing.T, ns string) (S3Target, objstore.Lister) {
	t.Helper()
	_, cs := testenv.Clients(t)
	st, err := ReadS3Target(context.Background(), cs, ns)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := st.StoreConfig(nil) // the site's own keys
	if err != nil {
		t.Fatal(err)
	}
	l, err := objstore.NewLister(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return st, l
}

// The blueprint's backup CronJob, run by the local job runner: the Job
// succeeds and a real gzip'd dump lands in MinIO under
// <prefix>backups/<domain>-<UTC>.sql.gz.
func TestLiveBackupJobUploads(t *testing.T) {
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	bt := testenv.BackupSite(t, cs, ns, blueprint.DefaultBackupSchedule, nil)
	out, since := backupNow(t, ns)
	if !out.Succeeded {
		t.Fatalf("backup Job: %s", out.Summary())
	}
	st, l := targetOf(t, ns)
	obj, err := LandedBackup(context.Background(), l, st, since)
	if err != nil {
		t.Fatal(err)
	}
	want := bt.Prefix + "backups/" + bt.Domain + "-"
	if !strings.HasPrefix(obj.Key, want) || !strings.HasSuffix(obj.Key, ".sql.gz") || obj.Size < 20 {
		t.Errorf("landed %s (%d bytes), want %s<time>.sql.gz", obj.Key, obj.Size, want)
	}
	// The object is the gzip'd dump.
	body, err := bt.Client.GetObject(context.Background(), bt.Bucket, obj.Key, minio.GetObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	zr, err := gzip.NewReader(body)
	if err != nil {
		t.Fatal(err)
	}
	dump, err := io.ReadAll(zr)
	if err != nil || !strings.Contains(string(dump), "-- Dump completed") {
		t.Errorf("object %s holds %q (%v)", obj.Key, dump, err)
	}
	// The pod's log is the commands' real output, served by kwok.
	pods, err := cs.CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{LabelSelector: "app.kubernetes.io/component=backup"})
	if err != nil || len(pods.Items) != 1 {
		t.Fatalf("backup pods: %v %v", pods, err)
	}
	for container, want := range map[string]string{"dump": "dumping database drupal from mysql-0.mysql", "upload": "uploaded s3://" + bt.Bucket + "/" + obj.Key} {
		raw, err := cs.CoreV1().Pods(ns).GetLogs(pods.Items[0].Name, &corev1.PodLogOptions{Container: container}).DoRaw(context.Background())
		if err != nil || !strings.Contains(string(raw), want) {
			t.Errorf("log of %s: %q (%v), want %q", container, raw, err, want)
		}
	}
	stamp := strings.TrimSuffix(strings.TrimPrefix(obj.Key, want), ".sql.gz")
	if at, err := time.Parse(blueprint.BackupTimeFormat, stamp); err != nil || at.Sub(since).Abs() > time.Minute {
		t.Errorf("object time %q (%v), Job created %v", stamp, err, since)
	}
}

// mc uploads nothing and exits 0: the Job succeeds, and only the store
// says nothing landed.
func TestLiveBackupJobUploadsNothing(t *testing.T) {
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	testenv.BackupSite(t, cs, ns, blueprint.DefaultBackupSchedule, map[string]string{"fdtui.dev/standin-noop": "mc"})
	out, since := backupNow(t, ns)
	if !out.Succeeded {
		t.Fatalf("backup Job: %s", out.Summary())
	}
	st, l := targetOf(t, ns)
	if _, err := LandedBackup(context.Background(), l, st, since); !errors.Is(err, ErrNothingUploaded) {
		t.Errorf("LandedBackup = %v, want ErrNothingUploaded", err)
	}
}

// The database is unreachable: the dump container exits 1, the Job
// fails (backoffLimit 1: two pods), and the outcome names the pod and
// the container.
func TestLiveBackupJobFails(t *testing.T) {
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	bt := testenv.BackupSite(t, cs, ns, blueprint.DefaultBackupSchedule, map[string]string{"fdtui.dev/standin-fail": "mariadb-dump"})
	out, _ := backupNow(t, ns)
	if out.Succeeded || out.Pod == "" || out.Container != "dump" || out.ExitCode != 1 {
		t.Fatalf("outcome %+v (%s)", out, out.Summary())
	}
	if keys := bt.Keys(t); len(keys) != 0 {
		t.Errorf("a failed backup uploaded %v", keys)
	}
}
