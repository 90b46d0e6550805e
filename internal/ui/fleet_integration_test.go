package ui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/fleetui"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// fleetWorld is three clusters on real apiservers: "main" (the shared
// local cluster, a live site of this test's own), "second" (a private
// cluster: its own etcd prefix, a stuck and a healthy site written as a
// controller would), "refused" (the shared cluster with a token the
// apiserver refuses) and "nobody" (a user RBAC lets list nothing).
type fleetWorld struct {
	kubeconfig string
	mainCS     kubernetes.Interface
	mainNS     string
	second     *testenv.APIServer
	stuck      string // the second cluster's stuck site's domain
	healthy    string
}

func newFleetWorld(t *testing.T) fleetWorld {
	t.Helper()
	admin, cs := testenv.Clients(t)
	w := fleetWorld{mainCS: cs, mainNS: testenv.Namespace(t, cs)}
	createSite(t, cs, w.mainNS, "registry.example.com/site:4f9c2e1", 1)
	w.second = testenv.PrivateCluster(t)
	suffix := w.mainNS[len(w.mainNS)-6:]
	w.stuck, w.healthy = "shop-"+suffix+".example", "blog-"+suffix+".example"
	second, err := kubernetes.NewForConfig(w.second.Config())
	if err != nil {
		t.Fatal(err)
	}
	testenv.Seed(t, second, uitest.Nodes(2, 0)...)
	testenv.Seed(t, second, uitest.SiteObjects(uitest.Site{Domain: w.stuck, State: uitest.StuckImagePull, Age: time.Hour})...)
	testenv.Seed(t, second, uitest.SiteObjects(uitest.Site{Domain: w.healthy, State: uitest.Healthy, Age: time.Hour})...)
	refused := rest.AnonymousClientConfig(admin)
	refused.BearerToken = "not-a-valid-token"
	// A ServiceAccount bound to nothing: the apiserver knows it, RBAC
	// lets it list nothing.
	nobody := rest.AnonymousClientConfig(admin)
	nobody.BearerToken = testenv.ServiceAccountKubeconfig(t, admin, cs, w.mainNS).Token
	w.kubeconfig = testenv.Contexts(t, []string{"main", "second", "refused", "nobody"}, map[string]*rest.Config{
		"main": admin, "second": w.second.Config(), "refused": refused, "nobody": nobody,
	})
	return w
}

// app starts fdtui as `fdtui --kubeconfig K --context main --context
// second --context refused --context nobody` would.
func (w fleetWorld) app(t *testing.T) *uitest.Live {
	c := &common.Common{Kubeconfig: kubeconfigAt(w.kubeconfig), Options: common.Options{MetricsInterval: 15 * time.Second, LogLines: 1000, ProgressDeadline: 10}}
	cfg := ui.Config{Common: c, Fleet: fleetui.Config{Contexts: []string{"main", "second", "refused", "nobody"}, Start: true}}
	return uitest.StartLive(t, cfg, 200, 50)
}

// line is the screen line holding every part (""; none).
func line(screen string, parts ...string) string {
	for _, l := range strings.Split(screen, "\n") {
		if contains(parts...)(l) {
			return l
		}
	}
	return ""
}

// Three clusters, one refusing the credentials, one stopped mid-session
// and started again: each cluster's line and rows say what is true, the
// live cluster keeps updating while another is down, and the dead one
// comes back; enter opens a site in its own cluster.
func TestLiveFleetThreeClusters(t *testing.T) {
	w := newFleetWorld(t)
	l := w.app(t)
	waitLine := func(what string, parts ...string) string {
		t.Helper()
		deadline := time.Now().Add(90 * time.Second)
		for {
			if got := line(l.Screen(), parts...); got != "" {
				return got
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: no line with %q within 90s; screen:\n%s", what, parts, l.Screen())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitLine("head", "fleet: 2/4 connected")
	waitLine("nobody's summary", "nobody", "forbidden", "RBAC: system:serviceaccount:"+w.mainNS+":viewer may not list")
	waitLine("nobody's row", "nobody", "FORBIDDEN")
	waitLine("second's summary", "second", "connected", "2 sites", "1 stuck", "2/2 nodes ready")
	waitLine("refused's summary", "refused", "unauthorized", "401 Unauthorized")
	waitLine("refused's row", "refused", "UNAUTHORIZED")
	stuckRow := waitLine("the stuck site", "second", w.stuck, "STUCK")
	healthyRow := waitLine("the healthy site", "second", w.healthy, "OK")
	mainRow := waitLine("main's live site", "main", w.mainNS, "OK")
	screen := l.Screen()
	if strings.Index(screen, stuckRow) > strings.Index(screen, healthyRow) || strings.Index(screen, stuckRow) > strings.Index(screen, mainRow) {
		t.Errorf("the stuck site must come before the healthy ones:\n%s", screen)
	}
	if strings.Index(screen, waitLine("refused's row", "refused", "UNAUTHORIZED")) > strings.Index(screen, stuckRow) {
		t.Errorf("a cluster that cannot be read comes first:\n%s", screen)
	}

	// The second cluster dies: its line says so, its sites leave the
	// table (unknown now), the others stay and keep updating.
	w.second.Kill()
	waitLine("second down", "second", "unreachable")
	waitLine("second's row", "second", "UNREACHABLE")
	scale(t, w.mainCS, w.mainNS, 2)
	waitLine("main updates while second is down", "main", w.mainNS, "2/2")
	if line(l.Screen(), w.stuck) != "" {
		t.Errorf("the dead cluster's sites are not known now, yet shown:\n%s", l.Screen())
	}
	waitLine("head", "fleet: 1/4 connected")

	// Started again: it recovers on its own.
	w.second.Start()
	waitLine("second back", "second", "connected", "2 sites", "1 stuck")
	waitLine("the stuck site back", "second", w.stuck, "STUCK")

	// Enter on the stuck site opens it in its own cluster.
	l.Keys("/")
	l.Type(w.stuck)
	l.Keys("enter")
	waitLine("filtered", "second", w.stuck)
	l.Keys("enter")
	l.WaitFor(30*time.Second, "connected to second", w.stuck)
	l.WaitFor(30*time.Second, "ImagePullBackOff")
	// The breadcrumb puts the site's cluster after the fleet, and esc
	// goes back to the fleet (not to that cluster's sites).
	waitLine("breadcrumb", "fdtui ▸ Fleet ▸ second ▸")
	l.Keys("esc")
	waitLine("back on the fleet", "fleet:", "connected")
	if line(l.Screen(), "fdtui ▸ second") != "" {
		t.Errorf("the fleet's breadcrumb names one cluster:\n%s", l.Screen())
	}
}

func scale(t *testing.T, cs kubernetes.Interface, ns string, replicas int32) {
	t.Helper()
	s, err := cs.AppsV1().Deployments(ns).GetScale(context.Background(), "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s.Spec.Replicas = replicas
	if _, err := cs.AppsV1().Deployments(ns).UpdateScale(context.Background(), "web", s, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// A fleet of every context takes in a context saved while fdtui runs
// (by the clusters screen, doctl, kubectl config) when the fleet screen
// opens again; the clusters already connected stay connected.
func TestLiveFleetTakesInContextsSavedMeanwhile(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", 1)
	path := testenv.Contexts(t, []string{"main"}, map[string]*rest.Config{"main": admin})
	c := &common.Common{Kubeconfig: kubeconfigAt(path), Options: common.Options{MetricsInterval: 15 * time.Second, LogLines: 1000}}
	l := uitest.StartLive(t, ui.Config{Common: c, Fleet: fleetui.Config{Start: true}}, 200, 50)
	l.WaitFor(60*time.Second, "fleet: 1/1 connected")

	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Contexts["also-main"] = cfg.Contexts["main"].DeepCopy()
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	l.Keys(":")
	l.Type("fleet")
	l.Keys("enter")
	l.WaitFor(60*time.Second, "fleet: 2/2 connected", "also-main  connected")
}
