package ui_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// The restore runs end to end on the local cluster: the backup object in
// the local MinIO (uploaded here; the backup CronJob's own output is
// another test's), web scaled through the scale subresource with kwok
// running the pods, and the import through pods/exec into the mysql
// stand-in (hack/localcluster/standins/mysql), which records the SQL it
// received under FDTUI_STANDIN_RECORD.

// restoreSite is a Flight Deck site with web at 3 replicas, mysql-0, an
// s3 Secret for a bucket of its own in the local MinIO holding two
// backups, and mysql-0's stand-ins recording into the returned directory.
type restoreSite struct {
	ns, domain, bucket string
	// older and newer are the two backups' SQL.
	older, newer string
	record       string
}

func newRestoreSite(t *testing.T, cs kubernetes.Interface, env map[string]string) restoreSite {
	t.Helper()
	endpoint, access, secret := testenv.S3(t)
	cfg, _ := testenv.Clients(t)
	ns := caseNamespace(t, cs)
	s := restoreSite{ns: ns, domain: domain(ns), bucket: "fdtui-restore-" + fmt.Sprint(time.Now().UnixNano()), record: t.TempDir(),
		// mysqldump's last line ends the stand-in's input (see there).
		older: "-- dump of Tuesday\nINSERT INTO `node` VALUES (1);\n-- Dump completed on 2026-12-01  3:00:01\n",
		newer: "-- dump of Wednesday\nCREATE TABLE `node` (`nid` int);\nINSERT INTO `node` VALUES (1),(2),(3);\n-- Dump completed on 2026-12-02  3:00:01\n"}
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", 3)
	mysqlSet(t, cs, ns)
	sec := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "s3"}, Data: map[string][]byte{
		"bucket.txt": []byte(s.bucket), "prefix.txt": []byte("site/"), "endpoint.txt": []byte("http://" + endpoint),
		"region.txt": []byte("us-east-1"), "access-key.txt": []byte(access), "secret-key.txt": []byte(secret)}}
	if _, err := cs.CoreV1().Secrets(ns).Create(context.Background(), sec, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	uploadBackups(t, endpoint, access, secret, s.bucket, map[string]string{
		"site/backups/" + s.domain + "-20261201T030000Z.sql.gz": s.older,
		"site/backups/" + s.domain + "-20261202T030000Z.sql.gz": s.newer,
		"site/files/not-a-backup.txt":                           "x",
	})
	readyPods(t, cs, ns, "app.kubernetes.io/component=mysql", 1)
	readyPods(t, cs, ns, "app.kubernetes.io/component=web", 3)
	env["FDTUI_STANDIN_RECORD"] = s.record
	testenv.StandinEnv(t, cfg, ns, "mysql-0", env)
	return s
}

// mysqlSet is the site's mysql StatefulSet (one pod, mysql-0, container
// mysql).
func mysqlSet(t *testing.T, cs kubernetes.Interface, ns string) {
	t.Helper()
	labels := map[string]string{"app.kubernetes.io/instance": ns, "app.kubernetes.io/component": "mysql"}
	one := int32(1)
	set := &appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "mysql", Labels: labels},
		Spec: appsv1.StatefulSetSpec{Replicas: &one, ServiceName: "mysql", Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{
				Containers: []corev1.Container{{Name: "mysql", Image: "mariadb:11.4"}}}}}}
	if _, err := cs.AppsV1().StatefulSets(ns).Create(context.Background(), set, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// uploadBackups puts each object (gzip-compressed when named .gz) in a
// new bucket, removed with its objects when the test ends.
func uploadBackups(t *testing.T, endpoint, access, secret, bucket string, objects map[string]string) {
	t.Helper()
	client, err := minio.New(endpoint, &minio.Options{Creds: credentials.NewStaticV4(access, secret, "")})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := client.MakeBucket(ctx, bucket, minio.MakeBucketOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for key := range objects {
			_ = client.RemoveObject(ctx, bucket, key, minio.RemoveObjectOptions{})
		}
		if err := client.RemoveBucket(ctx, bucket); err != nil {
			t.Logf("remove bucket %s: %v", bucket, err)
		}
	})
	for key, body := range objects {
		data := []byte(body)
		if strings.HasSuffix(key, ".gz") {
			var b bytes.Buffer
			w := gzip.NewWriter(&b)
			_, _ = w.Write(data)
			_ = w.Close()
			data = b.Bytes()
		}
		if _, err := client.PutObject(ctx, bucket, key, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{}); err != nil {
			t.Fatal(err)
		}
	}
}

// webReady waits until web has want replicas, all Ready.
func webReady(t *testing.T, cs kubernetes.Interface, ns string, want int32) {
	t.Helper()
	poll(t, 60*time.Second, fmt.Sprintf("web at %d, all Ready", want), func() (bool, error) {
		d, err := cs.AppsV1().Deployments(ns).Get(context.Background(), "web", metav1.GetOptions{})
		if err != nil {
			return false, err
		}
		return *d.Spec.Replicas == want && d.Status.ReadyReplicas == want && d.Status.Replicas == want, nil
	})
}

// openRestore opens the site, presses ctrl+r and waits for the list.
func openRestore(t *testing.T, d *uitest.Driver, s restoreSite) {
	t.Helper()
	d.WaitFor(t, 60*time.Second, "site listed", func(sc string) bool { return siteRow(sc, s.domain) != "" })
	openSite(d, s.ns)
	d.WaitFor(t, 30*time.Second, "site page", contains("namespace "+s.ns, "Running"))
	d.Keys("ctrl+r")
	d.WaitFor(t, 30*time.Second, "the backups, newest first", func(sc string) bool {
		newer, older := strings.Index(sc, "20261202T030000Z"), strings.Index(sc, "20261201T030000Z")
		return strings.Contains(sc, "Restore database · "+s.domain) && strings.Contains(sc, "▸ 2026-12-02 03:00:00") &&
			newer > 0 && older > newer && !strings.Contains(sc, "not-a-backup")
	})
}

// ctrl+r restores the newest backup: a wrong domain is refused and
// changes nothing; the right one scales web to 0, imports exactly the
// backup's SQL into mysql-0 and brings web back to 3 Ready, each step
// reported.
func TestLiveRestore(t *testing.T) {
	d := liveApp(t)
	_, cs := testenv.Clients(t)
	s := newRestoreSite(t, cs, map[string]string{})
	openRestore(t, d, s)

	d.Keys("enter")
	d.WaitFor(t, 10*time.Second, "the typed confirmation", contains("Restore the database of "+s.domain, "web is scaled from 3 to 0", "Type "+s.domain))
	d.Type("www.wrong.example")
	d.Keys("enter")
	d.WaitFor(t, 10*time.Second, "a wrong domain refused", contains("does not match "+s.domain+"; nothing was done"))
	d.Keys("esc")
	d.WaitFor(t, 10*time.Second, "cancelled", contains("cancelled: Restore the database of "+s.domain))
	if _, err := os.Stat(filepath.Join(s.record, "imported.sql")); err == nil {
		t.Fatal("mysql imported after a wrong domain")
	}
	webReady(t, cs, s.ns, 3)

	d.Keys("enter")
	d.WaitFor(t, 10*time.Second, "the typed confirmation again", contains("Type "+s.domain))
	d.Type(s.domain)
	d.Keys("enter")
	d.WaitFor(t, 180*time.Second, "every step done", contains("Restoring the database of "+s.domain,
		"✓ 1 scale web to 0", "web scaled from 3 to 0; no web pod left",
		"✓ 2 import the backup", "of SQL", "into mysql-0",
		"✓ 3 scale web back", "web scaled back to 3; 3/3 Ready",
		"Database restored from "+s.domain+"-20261202T030000Z.sql.gz"))
	got, err := os.ReadFile(filepath.Join(s.record, "imported.sql"))
	if err != nil || string(got) != s.newer {
		t.Fatalf("mysql-0 imported %q (%v), want the newest backup %q", got, err, s.newer)
	}
	args, _ := os.ReadFile(filepath.Join(s.record, "imported.args"))
	if strings.TrimSpace(string(args)) != "database=drupal user=drupal password=set" {
		t.Errorf("mysql ran with %q", args)
	}
	webReady(t, cs, s.ns, 3)
	screen := d.Screen()
	_, access, secret := testenv.S3(t)
	for _, v := range []string{"standin-db-password-7Qx", access, secret} {
		if strings.Contains(screen, v) {
			t.Fatalf("a secret value reached the screen:\n%s", screen)
		}
	}
}

// An import that fails shows mysql's error and still scales web back.
func TestLiveRestoreImportFails(t *testing.T) {
	d := liveApp(t)
	_, cs := testenv.Clients(t)
	s := newRestoreSite(t, cs, map[string]string{"FDTUI_STANDIN_FAIL": "mysql"})
	openRestore(t, d, s)
	d.Keys("enter")
	d.WaitFor(t, 10*time.Second, "the typed confirmation", contains("Type "+s.domain))
	d.Type(s.domain)
	d.Keys("enter")
	d.WaitFor(t, 180*time.Second, "the failure, then web back", func(sc string) bool {
		return contains("✗ 2 import the backup", "mysql exited 1: ERROR 1064 (42000) at line 3",
			"mysql said", "✓ 3 scale web back", "web scaled back to 3; 3/3 Ready", "restore failed:")(sc) &&
			strings.Contains(strings.Join(strings.Fields(sc), " "), "; web scaled back to 3; 3/3 Ready") // wrapped
	})
	webReady(t, cs, s.ns, 3)
}

// Read-only mode leaves ctrl+r out of help and refuses it; a user RBAC
// denies deployments/scale sees it forbidden and is refused with the
// reason.
func TestLiveRestoreRefused(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := caseNamespace(t, cs)
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", 1)
	mysqlSet(t, cs, ns)

	t.Run("read-only", func(t *testing.T) {
		d := liveAppWith(t, func(o *common.Options) { o.ReadOnly = true })
		d.WaitFor(t, 60*time.Second, "site listed", func(sc string) bool { return siteRow(sc, domain(ns)) != "" })
		openSite(d, ns)
		d.WaitFor(t, 30*time.Second, "site page", contains("namespace "+ns, "Running"))
		d.Keys("?")
		d.WaitFor(t, 10*time.Second, "help without restore", func(sc string) bool {
			return helpHas(sc, "l logs") && !helpHas(sc, "ctrl+r restore database")
		})
		d.Keys("esc", "ctrl+r")
		d.WaitFor(t, 10*time.Second, "refused", contains("read-only mode (--readonly)"))
	})

	viewer := testenv.ViewerKubeconfig(t, admin, cs, ns)
	t.Run("RBAC", func(t *testing.T) {
		kc := kubeconfigAt(viewer, ns)
		conn, err := ui.Dial(kc, "viewer", 1)
		if err != nil {
			t.Fatal(err)
		}
		c := &common.Common{Kubeconfig: kc, Options: common.Options{ProgressDeadline: 10}}
		d := uitest.NewApp(t, ui.Config{Common: c, Conn: conn}, 160, 40)
		// Namespaces are not visible to the viewer: the site is named by its namespace.
		d.WaitFor(t, 60*time.Second, "site listed", func(sc string) bool { return siteRow(sc, ns) != "" })
		openSite(d, ns)
		d.WaitFor(t, 30*time.Second, "site page", contains("namespace "+ns, "Running"))
		d.Keys("?")
		d.WaitFor(t, 10*time.Second, "restore marked forbidden", func(sc string) bool { return helpHas(sc, "ctrl+r restore database (forbidden)") })
		d.Keys("esc", "ctrl+r")
		d.WaitFor(t, 10*time.Second, "refused with the reason", contains("not allowed to patch apps/deployments/scale"))
	})

	// A user who may scale web but not exec is told before anything is
	// scaled: the import needs pods/exec.
	t.Run("RBAC exec", func(t *testing.T) {
		ctx := context.Background()
		role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "scaler", Namespace: ns}, Rules: []rbacv1.PolicyRule{
			{APIGroups: []string{"apps"}, Resources: []string{"deployments/scale"}, Verbs: []string{"get", "patch"}}}}
		if _, err := cs.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		rb := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "scaler", Namespace: ns},
			RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: "scaler"},
			Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "viewer", Namespace: ns}}}
		if _, err := cs.RbacV1().RoleBindings(ns).Create(ctx, rb, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		conn, err := ui.Dial(kubeconfigAt(viewer, ns), "viewer", 1)
		if err != nil {
			t.Fatal(err)
		}
		c := &common.Common{Kubeconfig: kubeconfigAt(viewer, ns), Options: common.Options{ProgressDeadline: 10}}
		d := uitest.NewApp(t, ui.Config{Common: c, Conn: conn}, 160, 40)
		d.WaitFor(t, 60*time.Second, "site listed", func(sc string) bool { return siteRow(sc, ns) != "" })
		openSite(d, ns)
		d.WaitFor(t, 30*time.Second, "site page", contains("namespace "+ns, "Running"))
		d.Keys("ctrl+r")
		d.WaitFor(t, 10*time.Second, "refused on the restore page", contains("the import runs mysql in mysql-0: not allowed to create pods/exec"))
		dep, err := cs.AppsV1().Deployments(ns).Get(ctx, "web", metav1.GetOptions{})
		if err != nil || *dep.Spec.Replicas != 1 {
			t.Fatalf("web changed: %v %v", dep.Spec.Replicas, err)
		}
	})
}

// The whole loop: B runs the blueprint's backup CronJob (the local job
// runner runs its dump and upload for real into MinIO), then ctrl+r
// restores that very object: mysql-0 receives exactly the SQL inside it.
func TestLiveRestoreOfABackupTheCronJobMade(t *testing.T) {
	d, bt, ns, _ := backupSite(t, nil)
	cfg, cs := testenv.Clients(t)
	mysqlSet(t, cs, ns)
	readyPods(t, cs, ns, "app.kubernetes.io/component=mysql", 1)
	record := t.TempDir()
	testenv.StandinEnv(t, cfg, ns, "mysql-0", map[string]string{"FDTUI_STANDIN_RECORD": record})

	backupNow(t, d, ns)
	d.WaitFor(t, 90*time.Second, "the backup landed", contains("backup landed: backups/"+bt.Domain+"-", ".sql.gz"))
	keys := bt.Keys(t)
	if len(keys) != 1 {
		t.Fatalf("objects %v, want the one backup", keys)
	}
	obj, err := bt.Client.GetObject(context.Background(), bt.Bucket, keys[0], minio.GetObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(obj)
	if err != nil {
		t.Fatalf("the backup is not gzip: %v", err)
	}
	var dump bytes.Buffer
	if _, err := dump.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(dump.String(), "-- Dump completed") {
		t.Fatalf("the backup holds no complete dump: %q", dump.String())
	}

	name := strings.TrimPrefix(keys[0], bt.Prefix+"backups/")
	d.Keys("ctrl+r")
	d.WaitFor(t, 30*time.Second, "the CronJob's backup listed", contains("Restore database · ", name))
	d.Keys("enter")
	d.WaitFor(t, 10*time.Second, "the typed confirmation", contains("Type "+ns))
	d.Type(ns) // a site without a domain annotation is named by its namespace
	d.Keys("enter")
	d.WaitFor(t, 180*time.Second, "restored", contains("✓ 3 scale web back", "Database restored from "+name))
	got, err := os.ReadFile(filepath.Join(record, "imported.sql"))
	if err != nil || string(got) != dump.String() {
		t.Fatalf("mysql-0 imported %q (%v), want the backup's SQL %q", got, err, dump.String())
	}
	webReady(t, cs, ns, 1)
}
