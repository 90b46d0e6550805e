package ui_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// dialPath connects like main does to the kubeconfig at path.
func dialPath(t *testing.T, path string) (*kube.Kubeconfig, *common.Conn) {
	t.Helper()
	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = &path
	kc := kube.NewKubeconfig(flags)
	conn, err := ui.Dial(kc, "viewer", 1)
	if err != nil {
		t.Fatal(err)
	}
	return kc, conn
}

// statusBar is the screen's last line.
func statusBar(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	return lines[len(lines)-1]
}

// The apiserver is killed mid-session: the status bar says
// "reconnecting" within 2 s (from the watches' refused connections, not
// the 20 s ping), and once it is back fdtui is live again within 5 s, in
// the same process, with no goroutines left behind by the outage. The
// apiserver is the test's own (same etcd), so tests beside it go on.
func TestApiserverKilledAndRestarted(t *testing.T) {
	_, cs := testenv.Clients(t)
	api := testenv.PrivateAPIServer(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", 1)
	kc, conn := dialPath(t, testenv.KubeconfigFor(t, api.Config(), ns))
	c := &common.Common{Kubeconfig: kc, Options: common.Options{ProgressDeadline: 10}} // default 20 s ping
	d := uitest.NewApp(t, ui.Config{Common: c, Conn: conn}, 160, 40)
	d.WaitFor(t, 60*time.Second, "the site OK and connected", func(s string) bool {
		return contains("OK", "1/1")(siteRow(s, ns)) && strings.Contains(statusBar(s), "connected")
	})
	time.Sleep(time.Second) // let the first watches settle before counting
	baseline := runtime.NumGoroutine()

	killed := time.Now()
	api.Kill()
	d.WaitFor(t, 2*time.Second, "reconnecting within 2 s of the kill", func(s string) bool {
		return strings.Contains(statusBar(s), "reconnecting")
	})
	t.Logf("kill -> reconnecting: %s", time.Since(killed).Round(10*time.Millisecond))

	restarted := time.Now()
	api.Start()
	back := time.Now()
	d.WaitFor(t, 5*time.Second, "connected within 5 s of the apiserver's return", func(s string) bool {
		bar := statusBar(s)
		return strings.Contains(bar, "connected") && !strings.Contains(bar, "reconnecting")
	})
	t.Logf("apiserver started -> ready: %s; ready -> connected: %s", back.Sub(restarted).Round(10*time.Millisecond), time.Since(back).Round(10*time.Millisecond))
	// Live, not just answering: a change made meanwhile shows.
	patch := []byte(`{"spec":{"replicas":2}}`)
	if _, err := cs.AppsV1().Deployments(ns).Patch(context.Background(), "web", types.MergePatchType, patch, metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	d.WaitFor(t, 30*time.Second, "the scale-up seen through the restarted apiserver", func(s string) bool {
		return contains("2/2")(siteRow(s, ns))
	})
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > baseline+5 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline+5 {
		t.Errorf("goroutines %d after recovery, baseline %d", n, baseline)
	}
}

// A token revoked mid-session (its ServiceAccount deleted) turns the
// status bar to "unauthorized" with what to do, at the next request.
func TestTokenRevokedMidSession(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", 1)
	user := testenv.ServiceAccountKubeconfig(t, admin, cs, ns, ns)
	kc, conn := dialPath(t, user.Path)
	c := &common.Common{Kubeconfig: kc, Options: common.Options{ProgressDeadline: 10, PingInterval: time.Second}}
	d := uitest.NewApp(t, ui.Config{Common: c, Conn: conn}, 160, 40)
	d.WaitFor(t, 60*time.Second, "the site OK", func(s string) bool { return contains("OK", "1/1")(siteRow(s, ns)) })
	if err := cs.CoreV1().ServiceAccounts(ns).Delete(context.Background(), user.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	d.WaitFor(t, 15*time.Second, "unauthorized, with the fix", func(s string) bool {
		return contains("unauthorized (401)", "refresh them")(statusBar(s))
	})
}

// An exec credential plugin (as doctl's or a cloud's kubeconfig runs)
// starts failing mid-session: the status bar says credentials cannot be
// had and why; when the plugin works again, so does fdtui.
func TestExecPluginFailsMidSession(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", 1)
	user := testenv.ServiceAccountKubeconfig(t, admin, cs, ns, ns)
	path, dir := testenv.ExecPluginKubeconfig(t, admin, ns, user.Token)
	kc, conn := dialPath(t, path)
	c := &common.Common{Kubeconfig: kc, Options: common.Options{ProgressDeadline: 10, PingInterval: time.Second}}
	d := uitest.NewApp(t, ui.Config{Common: c, Conn: conn}, 200, 40)
	d.WaitFor(t, 60*time.Second, "the site OK", func(s string) bool { return contains("OK", "1/1")(siteRow(s, ns)) })

	if err := os.WriteFile(filepath.Join(dir, "fail"), []byte("test plugin: token service unavailable\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d.WaitFor(t, 15*time.Second, "the plugin's failure in the status bar", func(s string) bool {
		return contains("cannot get credentials", "credential-plugin failed with exit code 1")(statusBar(s))
	})
	if err := os.Remove(filepath.Join(dir, "fail")); err != nil {
		t.Fatal(err)
	}
	d.WaitFor(t, 15*time.Second, "connected again", func(s string) bool {
		bar := statusBar(s)
		return strings.Contains(bar, "connected") && !strings.Contains(bar, "credentials")
	})
}
