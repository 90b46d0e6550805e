package backupui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// fakeLister answers one listing, remembering what it was asked.
type fakeLister struct {
	objs          []objstore.Object
	err           error
	bucket, asked string
	cfg           objstore.Config
}

func (l *fakeLister) Objects(_ context.Context, bucket, prefix string) ([]objstore.Object, error) {
	l.bucket, l.asked = bucket, prefix
	return l.objs, l.err
}

var now = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

func siteObjects(withCronJob bool) *fake.Clientset {
	s3 := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: blueprint.SecretS3}, Data: map[string][]byte{
		blueprint.KeyBucket: []byte("acme"), blueprint.KeyPrefix: []byte("shop"), blueprint.KeyEndpoint: []byte("https://fra1.digitaloceanspaces.com"),
		blueprint.KeyAccessKey: []byte("AKIDEXAMPLE"), blueprint.KeySecretKey: []byte("wJalrXUtnFEMI-secret"),
	}}
	if !withCronJob {
		return fake.NewClientset(s3)
	}
	cj := &batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: blueprint.CronJobBackup, CreationTimestamp: metav1.NewTime(now.Add(-30 * 24 * time.Hour))},
		Spec: batchv1.CronJobSpec{Schedule: "0 3 * * *"}}
	return fake.NewClientset(s3, cj)
}

func readWith(t *testing.T, cs *fake.Clientset, l *fakeLister) siteBackups {
	t.Helper()
	cfg := Config{NewLister: func(c objstore.Config) (objstore.Lister, error) { l.cfg = c; return l, nil }}.withDefaults()
	b := read(context.Background(), cs, cfg, "shop", now)
	b.readAt = now
	return b
}

func TestReadAndCell(t *testing.T) {
	newest := objstore.Object{Key: "shop/backups/shop.example.org-20261203T030000Z.sql.gz", Size: 41 << 20, LastModified: now.Add(-3 * time.Hour)}
	l := &fakeLister{objs: []objstore.Object{newest, {Key: "shop/backups/older.sql.gz", LastModified: now.Add(-27 * time.Hour)}}}
	b := readWith(t, siteObjects(true), l)
	if b.err != nil || l.bucket != "acme" || l.asked != "shop/backups/" || b.interval != 24*time.Hour {
		t.Fatalf("read: err %v, listed %s/%s, interval %v", b.err, l.bucket, l.asked, b.interval)
	}
	if l.cfg.AccessKey != "AKIDEXAMPLE" || l.cfg.Endpoint != "https://fra1.digitaloceanspaces.com" {
		t.Errorf("listing without the site's own keys: %+v", l.cfg.Endpoint)
	}
	for _, tt := range []struct {
		after time.Duration
		text  string
		tone  styles.Tone
	}{
		{0, "3h 41 MiB", styles.Normal},
		{34 * time.Hour, "37h 41 MiB", styles.Warn}, // 37h old: past 36h
		{70 * time.Hour, "3d 41 MiB", styles.Bad},   // 73h old: past 72h
	} {
		got := cellOf(b, true, now.Add(tt.after))
		if got.Text != tt.text || got.Tone != tt.tone {
			t.Errorf("+%v: %q tone %v, want %q tone %v", tt.after, got.Text, got.Tone, tt.text, tt.tone)
		}
	}
}

func TestCellWithoutBackups(t *testing.T) {
	none := readWith(t, siteObjects(true), &fakeLister{})
	if got := cellOf(none, true, now); got.Text != "none" || got.Tone != styles.Bad {
		t.Errorf("no backup from a month-old CronJob: %q tone %v", got.Text, got.Tone)
	}
	noCron := readWith(t, siteObjects(false), &fakeLister{})
	if got := cellOf(noCron, true, now); got.Text != "none" || got.Tone != styles.Dim {
		t.Errorf("no CronJob: %q tone %v", got.Text, got.Tone)
	}
	noSecret := read(context.Background(), fake.NewClientset(), Config{}.withDefaults(), "shop", now)
	noSecret.readAt = now
	if got := cellOf(noSecret, true, now); got.Text != "—" {
		t.Errorf("no s3 Secret: %q", got.Text)
	}
	if got := cellOf(siteBackups{}, false, now); got.Text != "…" {
		t.Errorf("not read yet: %q", got.Text)
	}
}

// A bucket that cannot be read is "?" in the column and the reason on
// the site page; the secret key appears nowhere.
func TestUnreadableBucket(t *testing.T) {
	b := readWith(t, siteObjects(true), &fakeLister{err: errors.New("object store fra1.digitaloceanspaces.com: access denied; check the key's permissions")})
	if got := cellOf(b, true, now); got.Text != "?" || got.Tone != styles.Warn {
		t.Errorf("cell %q tone %v", got.Text, got.Tone)
	}
	f := New(&common.Common{Styles: styles.Default(true), Now: func() time.Time { return now }}, Config{})
	f.st.put(1, "shop", b, now)
	text := ansi.Strip(f.sectionOf(b, 200))
	if !strings.Contains(text, "? the bucket cannot be read: object store fra1.digitaloceanspaces.com: access denied") {
		t.Errorf("section %q", text)
	}
	if strings.Contains(text, "wJalrXUtnFEMI") || strings.Contains(text, "AKIDEXAMPLE") {
		t.Errorf("a key in the section: %q", text)
	}
}
