package ui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// The Drupal operations run through the real pods/exec path to kwok's
// stand-ins (hack/localcluster/standins); testenv.FailStandins makes one
// pod's drush or varnishadm fail.

// webPodNames are ns's web pods, by name.
func webPodNames(t *testing.T, cs kubernetes.Interface, ns string) []string {
	t.Helper()
	pods, err := cs.CoreV1().Pods(ns).List(context.Background(), metav1.ListOptions{LabelSelector: "app.kubernetes.io/component=web"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range pods.Items {
		if p.Status.Phase == corev1.PodRunning && p.DeletionTimestamp == nil {
			names = append(names, p.Name)
		}
	}
	return names
}

// x on a site: drush cr streams its output and exits 0; in a pod whose
// database is down, drush updatedb -y (asked first) shows drush's stderr
// and exit code 1; both stay in the site's last runs.
func TestLiveDrush(t *testing.T) {
	d, cs, ns := liveSite(t, 1)
	cfg, _ := testenv.Clients(t)
	openSite(d, ns)
	d.WaitFor(t, 30*time.Second, "site page", contains("namespace "+ns))
	d.Keys("x")
	d.WaitFor(t, 10*time.Second, "the drush palette", contains("drush · "+ns, "drush deploy", "drush updatedb -y", "runs in web-"))
	d.Keys("j", "enter") // drush cr
	d.WaitFor(t, 30*time.Second, "drush cr's output, exit code and duration", contains("drush cr", "[success] Cache rebuild complete.", "exit 0 in"))

	testenv.FailStandins(t, cfg, ns, webPodNames(t, cs, ns)[0], "drush")
	d.Keys("esc")
	d.WaitFor(t, 10*time.Second, "the palette with the run", contains("last runs", "exit 0 in"))
	d.Keys("j", "j", "enter") // drush updatedb -y
	d.WaitFor(t, 10*time.Second, "asked first", contains("Run drush updatedb -y in "+ns, "apply pending database updates"))
	d.Keys("y")
	d.WaitFor(t, 30*time.Second, "the failure: stderr and exit code", contains("drush updatedb -y", "SQLSTATE[HY000] [2002] Connection refused", "exit 1 in"))
	d.Keys("esc")
	d.WaitFor(t, 10*time.Second, "both runs kept", func(s string) bool {
		return strings.Contains(s, "exit 1 in") && strings.Contains(s, "exit 0 in")
	})
}

// P on a site of three web pods, one of whose varnishd is unreachable:
// the ban reaches the other two, and the result says 2/3 with a line per
// pod.
func TestLivePurgePartial(t *testing.T) {
	d, cs, ns := liveSite(t, 3)
	cfg, _ := testenv.Clients(t)
	pods := webPodNames(t, cs, ns)
	if len(pods) != 3 {
		t.Fatalf("web pods %v, want 3", pods)
	}
	bad := pods[1]
	testenv.FailStandins(t, cfg, ns, bad, "varnishadm")
	openSite(d, ns)
	d.WaitFor(t, 30*time.Second, "site page", contains("namespace "+ns))
	d.Keys("P")
	d.WaitFor(t, 10*time.Second, "the URL pattern", contains("URL pattern"))
	d.Keys("enter")
	d.WaitFor(t, 10*time.Second, "asked first, naming the pods", contains("Purge Varnish in "+ns, "varnishadm ban req.url ~ .", pods[0], pods[2]))
	d.Keys("y")
	d.WaitFor(t, 30*time.Second, "2/3 purged, the failing pod said why", func(s string) bool {
		return strings.Contains(s, "varnish purged on 2/3 web pods") && strings.Contains(s, "✗ "+bad+"  Could not get hold of varnishd, is it running?") &&
			strings.Contains(s, "✓ "+pods[0])
	})
}

// Read-only mode leaves drush, purge and shell out of help and refuses
// them; a user RBAC denies pods/exec sees them marked forbidden and is
// refused with the reason.
func TestLiveDrupalRefused(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", 1)

	t.Run("read-only", func(t *testing.T) {
		d := liveAppWith(t, func(o *common.Options) { o.ReadOnly = true })
		d.WaitFor(t, 60*time.Second, "site OK", func(s string) bool { return strings.Contains(siteRow(s, ns), "OK") })
		openSite(d, ns)
		d.WaitFor(t, 30*time.Second, "site page", contains("namespace "+ns, "Running"))
		d.Keys("?")
		d.WaitFor(t, 10*time.Second, "help without the Drupal keys", func(s string) bool {
			return helpHas(s, "l logs") && !helpHas(s, "x drush") && !helpHas(s, "P purge") && !helpHas(s, "s shell")
		})
		for _, k := range []string{"x", "P", "s"} {
			d.Keys("esc", k)
			d.WaitFor(t, 10*time.Second, k+" refused", contains("read-only mode (--readonly)"))
		}
	})

	t.Run("RBAC", func(t *testing.T) {
		path := testenv.ViewerKubeconfig(t, admin, cs, ns)
		kc := kubeconfigAt(path, ns)
		conn, err := ui.Dial(kc, "viewer", 1)
		if err != nil {
			t.Fatal(err)
		}
		c := &common.Common{Kubeconfig: kc, Options: common.Options{ProgressDeadline: 10}}
		d := uitest.NewApp(t, ui.Config{Common: c, Conn: conn}, 160, 40)
		d.WaitFor(t, 60*time.Second, "site OK", func(s string) bool { return strings.Contains(siteRow(s, ns), "OK") })
		openSite(d, ns)
		d.WaitFor(t, 30*time.Second, "site page", contains("namespace "+ns, "Running"))
		d.Keys("?")
		d.WaitFor(t, 10*time.Second, "the Drupal keys marked forbidden", func(s string) bool {
			return helpHas(s, "x drush (forbidden)") && helpHas(s, "P purge varnish (forbidden)") && helpHas(s, "s shell (forbidden)")
		})
		d.Keys("esc", "x")
		d.WaitFor(t, 10*time.Second, "drush refused with the reason", contains("not allowed to create pods/exec"))
	})
}

// A rollback that completes offers drush deploy: its report names the
// key, the palette says deploy is due (under the cursor), and running it
// settles that.
func TestLiveDrushDeployOfferedAfterRollback(t *testing.T) {
	d, cs, ns := liveSite(t, 1)
	patchImage(t, cs, ns, "registry.example.com/site:9b3d0f6")
	d.WaitFor(t, 60*time.Second, "revision 2 rolled out", func(s string) bool {
		return contains("OK", "9b3d0f6")(siteRow(s, ns))
	})
	openSite(d, ns)
	d.WaitFor(t, 30*time.Second, "site page", contains("namespace "+ns, "Running"))
	d.Keys("u")
	d.WaitFor(t, 10*time.Second, "the rollback prompt", contains("Roll back web in "+ns))
	d.Keys("y")
	d.WaitFor(t, 60*time.Second, "the rollback's report offers drush deploy", contains("of web complete in", "x offers drush deploy"))
	d.Keys("x")
	d.WaitFor(t, 10*time.Second, "deploy due in the palette", contains("drush deploy is due", "▸ drush deploy"))
	d.Keys("enter")
	d.WaitFor(t, 10*time.Second, "asked first", contains("Run drush deploy in "+ns))
	d.Keys("y")
	d.WaitFor(t, 30*time.Second, "drush deploy ran", contains("drush deploy", "[success] Deploy hook complete.", "exit 0 in"))
	d.Keys("esc")
	d.WaitFor(t, 10*time.Second, "no longer due", func(s string) bool {
		return strings.Contains(s, "last runs") && !strings.Contains(s, "drush deploy is due")
	})
}
