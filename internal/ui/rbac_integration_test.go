package ui_test

import (
	"strings"
	"testing"
	"time"

	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// Shared case 11: an on-call engineer may view two client sites and
// nothing cluster-wide. As the case runs it (fdtui -n NS1, then :ns NS2),
// and without -n (the context's namespace): :ns moves to the other site
// without a restart; u/r/p/i/ctrl+d are marked forbidden; the nodes screen
// says nodes cannot be listed; nothing forbidden is retried.
func TestViewerOfTwoSites(t *testing.T) {
	admin, cs := testenv.Clients(t)
	first, second := testenv.Namespace(t, cs), testenv.Namespace(t, cs)
	createSite(t, cs, first, "registry.example.com/site:4f9c2e1", 1)
	createSite(t, cs, second, "registry.example.com/site:4f9c2e1", 2)
	path := testenv.ViewerKubeconfig(t, admin, cs, first, second)
	for name, namespaces := range map[string][]string{"with -n": {first}, "context namespace": nil} {
		t.Run(name, func(t *testing.T) {
			flags := genericclioptions.NewConfigFlags(false)
			flags.KubeConfig = &path
			kc := kube.NewKubeconfig(flags, namespaces...)
			conn, err := ui.Dial(kc, "viewer", 1)
			if err != nil {
				t.Fatal(err)
			}
			if ns := conn.Cluster.Namespaces; len(ns) != 1 || ns[0] != first {
				t.Fatalf("watching %q, want %q", ns, first)
			}
			// view may not list Secrets: not watched (no forbidden watch
			// retried all session), and said so in the status bar.
			if h := conn.Cluster.Health(); len(h.Forbidden) != 1 || h.Forbidden[0] != kube.KindSecret {
				t.Errorf("forbidden kinds %v, want secrets only, known at connect", h.Forbidden)
			}
			c := &common.Common{Kubeconfig: kc, Options: common.Options{ProgressDeadline: 10}}
			d := uitest.NewApp(t, ui.Config{Common: c, Conn: conn}, 160, 40)
			d.WaitFor(t, 60*time.Second, "the first site OK, what cannot be seen in the status bar", func(s string) bool {
				return contains("OK", "1/1")(siteRow(s, first)) && strings.Contains(statusBar(s), "cannot see secrets (forbidden for system:serviceaccount:"+first+":viewer)")
			})

			openSite(d, second)
			d.WaitFor(t, 60*time.Second, "the second site, without a restart", contains("namespace "+second, "2/2"))
			d.Keys("?")
			d.WaitFor(t, 10*time.Second, "changing actions marked forbidden", func(s string) bool {
				for _, k := range []string{"u roll back (undo)", "r restart", "p pause/resume", "i roll image", "ctrl+d delete pod"} {
					if !helpHas(s, k+" (forbidden)") {
						return false
					}
				}
				return true
			})
			d.Keys("esc")
			d.Keys(":")
			d.Type("nodes")
			d.Keys("enter")
			d.WaitFor(t, 10*time.Second, "nodes cannot be listed", contains("listing nodes needs cluster-wide permission"))
			// Nothing forbidden retried: a watch refused would leave its
			// error behind.
			time.Sleep(3 * time.Second)
			if h := c.Conn.Cluster.Health(); h.LastError != "" || h.Failing {
				t.Errorf("connection state after a while: %+v, want no watch errors", h)
			}
		})
	}
}

// -n a,b: a viewer of two client sites sees both on the sites screen at
// once (informers for each namespace, no namespace list), the changing
// keys are marked "(forbidden)" and pressing one says why it is refused.
func TestViewerWithSeveralNamespaces(t *testing.T) {
	admin, cs := testenv.Clients(t)
	first, second := testenv.Namespace(t, cs), testenv.Namespace(t, cs)
	createSite(t, cs, first, "registry.example.com/site:4f9c2e1", 1)
	createSite(t, cs, second, "registry.example.com/site:4f9c2e1", 2)
	path := testenv.ViewerKubeconfig(t, admin, cs, first, second)

	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = &path
	kc := kube.NewKubeconfig(flags, first+","+second)
	conn, err := ui.Dial(kc, "viewer", 1)
	if err != nil {
		t.Fatal(err)
	}
	c := &common.Common{Kubeconfig: kc, Options: common.Options{ProgressDeadline: 10}}
	// Wide enough for the SITE column to tell the two long test
	// namespaces apart next to the feature columns (BACKUP, STORAGE...).
	d := uitest.NewApp(t, ui.Config{Common: c, Conn: conn}, 190, 40)
	d.WaitFor(t, 60*time.Second, "both sites on one screen", func(s string) bool {
		return contains("OK", "1/1")(siteRow(s, first)) && contains("OK", "2/2")(siteRow(s, second)) &&
			strings.Contains(s, "nodes not visible in namespace mode")
	})
	d.WaitFor(t, 10*time.Second, "new and delete site marked forbidden", contains("n new site (forbidden)", "D delete site (forbidden)"))
	openSite(d, second)
	d.WaitFor(t, 30*time.Second, "the second site's page, on the same connection", contains("namespace "+second, "2/2"))
	if got := c.Conn.Cluster; got != conn.Cluster {
		t.Error(":ns to a watched namespace reconnected")
	}
	d.Keys("?")
	d.WaitFor(t, 10*time.Second, "restart marked forbidden", func(s string) bool { return helpHas(s, "r restart (forbidden)") })
	d.Keys("esc", "r")
	d.WaitFor(t, 10*time.Second, "restart refused with the reason", contains("not allowed to", "deployments"))
}
