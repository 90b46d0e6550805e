package cloudui_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

func openClusters(l *uitest.Live) {
	l.Keys(":")
	l.Type("clusters")
	l.Keys("enter")
}

// TestRateLimitedAndFailingAPIThenSuccess: godo retries 429 (honouring
// Retry-After) and 5xx, so the screen simply shows the clusters.
func TestRateLimitedAndFailingAPIThenSuccess(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			srv, api := localDO(t, dolocal.Config{Now: func() time.Time { return seedNow }})
			c, conn, _, path := demoCommon(t)
			srv.InjectFault(status, 2)
			l := startLive(t, c, conn, cloudui.Config{DO: api, KubeconfigPath: path})
			openClusters(l)
			screen := l.WaitFor(15*time.Second, "legacy-sites", "$334")
			if strings.Contains(screen, "DigitalOcean:") {
				t.Errorf("an error reached the screen:\n%s", screen)
			}
			if n := srv.PendingFaults(); n != 0 {
				t.Errorf("%d injected faults were never served", n)
			}
		})
	}
}

// TestRejectedTokenIsOneReadableLine: a wrong token shows what to do.
func TestRejectedTokenIsOneReadableLine(t *testing.T) {
	srv := dolocal.New(dolocal.Config{Token: "the-right-one", Seed: dolocal.DefaultSeed()})
	hs := newHTTPServer(t, srv)
	c, conn, _, path := demoCommon(t)
	l := startLive(t, c, conn, cloudui.Config{DO: doClient(t, hs), KubeconfigPath: path})
	openClusters(l)
	screen := l.WaitFor(10*time.Second, "DigitalOcean: 401 Unauthorized: token rejected; set DIGITALOCEAN_ACCESS_TOKEN")
	if strings.Contains(screen, testToken) {
		t.Error("the token reached the screen")
	}
}

// TestScalePoolThroughTheUI scales the web pool from the nodes screen and
// checks DigitalOcean got it, with a 429 on the way.
func TestScalePoolThroughTheUI(t *testing.T) {
	srv, api := localDO(t, dolocal.Config{Now: func() time.Time { return seedNow }})
	c, conn, path := doConn(t)
	l := startLive(t, c, conn, cloudui.Config{DO: api, KubeconfigPath: path})
	l.Keys(":")
	l.Type("nodes")
	l.Keys("enter")
	l.WaitFor(10*time.Second, "pool web: s-4vcpu-8gb ×3")
	l.Keys("j", "s")
	l.WaitFor(5*time.Second, "how should it scale?")
	l.Keys("y") // autoscale
	l.WaitFor(5*time.Second, "Minimum nodes")
	l.Keys("backspace")
	l.Type("2")
	l.Keys("enter", "backspace")
	l.Type("6")
	l.Keys("enter")
	l.WaitFor(5*time.Second, "autoscale 2–6 (now 3)", "$144/mo -> $96–$288/mo", "$315/mo -> $267–$459/mo")
	srv.InjectFault(http.StatusTooManyRequests, 1)
	l.Keys("y")
	l.WaitFor(15*time.Second, "pool web: autoscale 2–6 (now 3); DigitalOcean is adding or removing nodes")
	l.WaitFor(5*time.Second, "pool web: s-4vcpu-8gb ×3 (autoscale 2–6)")
	cl := prodCluster(t, api)
	if p := cl.Pools[0]; p.Name != "web" || !p.AutoScale || p.Min != 2 || p.Max != 6 || p.Count != 3 {
		t.Errorf("web pool after scaling: %+v", p)
	}
}

func prodCluster(t *testing.T, api do.API) do.Cluster {
	t.Helper()
	list, err := api.ListClusters(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if c.Name == "flightdeck-prod" {
			return c
		}
	}
	t.Fatal("flightdeck-prod is gone")
	return do.Cluster{}
}

// TestDeleteClusterAsksWhatGoesWithIt lists the volumes, the snapshot and
// the load balancer with their monthly prices, deletes the snapshot and
// the load balancer picked, wants the cluster's name typed, and then
// reports the two volumes kept and what they still cost. DigitalOcean
// (the stand-in) really deleted the chosen ones and kept the others.
func TestDeleteClusterAsksWhatGoesWithIt(t *testing.T) {
	_, api := localDO(t, dolocal.Config{Now: func() time.Time { return seedNow }})
	prod := prodCluster(t, api)
	assoc, err := api.Associated(t.Context(), prod.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, conn, _, path := demoCommon(t)
	l := startLive(t, c, conn, cloudui.Config{DO: api, KubeconfigPath: path})
	openClusters(l)
	l.WaitFor(10*time.Second, "legacy-sites")
	l.Keys("j", "D") // flightdeck-prod
	pick := l.WaitFor(10*time.Second, "Delete these together with cluster flightdeck-prod?",
		"volume pvc-mysql-example-com (20 GiB, $2/mo)", "snapshot mysql-example-com-before-1.35 (15 GiB, $0.90/mo)",
		"load balancer ingress-nginx-controller (1 node, $12/mo)")
	t.Run("pick", func(t *testing.T) { golden.RequireEqual(t, []byte(body(pick))) })
	l.Keys("down", "down", "space", "down", "space", "enter") // the snapshot and the load balancer
	confirm := l.WaitFor(5*time.Second, "Type flightdeck-prod to confirm")
	t.Run("confirm", func(t *testing.T) { golden.RequireEqual(t, []byte(body(confirm))) })
	l.Type("flightdeck-pro")
	l.Keys("enter")
	l.WaitFor(5*time.Second, "does not match")
	l.Type("d")
	l.Keys("enter")
	report := l.WaitFor(10*time.Second, "cluster flightdeck-prod is being deleted with 2 associated resource(s)",
		"Left behind on DigitalOcean", "Still costs $7/mo (estimate from list prices: DigitalOcean pricing page, 2026).")
	t.Run("report", func(t *testing.T) { golden.RequireEqual(t, []byte(body(report))) })
	list, err := api.ListClusters(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, cl := range list {
		if cl.Name == "flightdeck-prod" {
			t.Errorf("still listed: %+v", cl)
		}
	}
	for _, r := range api.Resources(t.Context(), assoc) {
		chosen := r.Kind == do.KindSnapshot || r.Kind == do.KindLoadBalancer
		if chosen != !r.Known() {
			t.Errorf("%s %s chosen %v, after the delete: %+v", r.Kind, r.Name, chosen, r)
		}
	}
}

// TestStopWaitingLeavesTheClusterProvisioning: esc on the progress screen
// stops the wait, not the cluster, and says where to find it.
func TestStopWaitingLeavesTheClusterProvisioning(t *testing.T) {
	_, api := localDO(t, dolocal.Config{ProvisionDelay: time.Hour})
	c, conn, _, path := demoCommon(t)
	l := startLive(t, c, conn, cloudui.Config{DO: api, KubeconfigPath: path, ProvisionPoll: 100 * time.Millisecond})
	openClusters(l)
	l.WaitFor(10*time.Second, "legacy-sites")
	settle(l, "c")
	l.WaitFor(10*time.Second, "Cluster name")
	l.Type("slow-one")
	settle(l, "enter", "enter", "enter")
	l.WaitFor(5*time.Second, "Node pool 1", "sizes offered in nyc1")
	settle(l, "enter")
	l.WaitFor(5*time.Second, "Pool name")
	settle(l, "enter", "enter", "enter")
	l.WaitFor(5*time.Second, "Add another node pool?")
	settle(l, "n") // just the web pool
	l.WaitFor(5*time.Second, "Control plane", "Advanced options?")
	settle(l, "down", "down", "enter", "enter", "enter") // the basic control plane, tags, no advanced options
	l.WaitFor(5*time.Second, "Create slow-one for $36/mo", "web (3 × s-1vcpu-2gb)")
	settle(l, "enter", "y")
	l.WaitFor(10*time.Second, "Creating cluster slow-one", "Cluster creation started", "esc stops waiting")
	l.Keys("esc")
	l.WaitFor(5*time.Second, "the cluster keeps provisioning on DigitalOcean; it stays on the clusters screen (:clusters)")
	l.Keys("r")
	screen := l.WaitFor(10*time.Second, "slow-one")
	if line := lineWith(screen, "slow-one"); !strings.Contains(line, "provisioning") || !strings.Contains(line, "$36") {
		t.Errorf("new cluster row: %q", line)
	}
	l.Keys("G", "enter") // the last row: slow-one
	l.WaitFor(5*time.Second, "slow-one is still provisioning")
}

// TestEnterRefreshesAnExpiredSavedContext: the saved context of
// flightdeck-prod answers 401 (its token expired), so enter fetches new
// credentials before connecting.
func TestEnterRefreshesAnExpiredSavedContext(t *testing.T) {
	// The credentials point at a closed local port: the connect that
	// follows fails fast, without looking anything up on the network.
	_, api := localDO(t, dolocal.Config{Now: func() time.Time { return seedNow },
		Kube: dolocal.KubeCredentials{Server: "https://127.0.0.1:1", Token: "doks-fresh-token"}})
	c, conn, _, path := demoCommon(t)
	l := startLive(t, c, conn, cloudui.Config{DO: api, KubeconfigPath: path})
	openClusters(l)
	l.WaitFor(10*time.Second, "legacy-sites", "kubeconfig+")
	l.Keys("j", "enter") // flightdeck-prod, saved with an expired token
	deadline := time.Now().Add(10 * time.Second)
	for savedToken(t, path, "do-nyc3-flightdeck-prod") == "not-a-real-token" {
		if time.Now().After(deadline) {
			t.Fatalf("credentials not refreshed:\n%s", l.Screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if tok := savedToken(t, path, "do-nyc3-flightdeck-prod"); tok != "doks-fresh-token" {
		t.Errorf("saved token %q", tok)
	}
	if tok := savedToken(t, path, "demo"); tok != "not-a-real-token" {
		t.Errorf("other contexts' users changed: %q", tok)
	}
}

// apiLog records the DigitalOcean API's requests ("GET /v2/...").
type apiLog struct {
	mu    sync.Mutex
	lines []string
}

func (a *apiLog) logf(format string, args ...any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.lines = append(a.lines, fmt.Sprintf(format, args...))
}

// since is what was requested after the first n requests.
func (a *apiLog) since(n int) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.lines[n:]...)
}

func (a *apiLog) len() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.lines)
}

// TestReadOnlyLeavesTheAccountAlone: under --readonly the clusters and
// nodes screens leave the keys that change DigitalOcean out of help, and
// pressing one says why without asking the API anything.
func TestReadOnlyLeavesTheAccountAlone(t *testing.T) {
	start := func(t *testing.T) (*uitest.Live, *apiLog, do.API) {
		log := &apiLog{}
		_, api := localDO(t, dolocal.Config{Now: func() time.Time { return seedNow }, Logf: log.logf})
		c, conn, path := doConn(t)
		c.Options.ReadOnly = true
		return startLive(t, c, conn, cloudui.Config{DO: api, KubeconfigPath: path}), log, api
	}
	t.Run("clusters", func(t *testing.T) {
		l, log, api := start(t)
		openClusters(l)
		screen := l.WaitFor(10*time.Second, "legacy-sites", "flightdeck-prod", "r refresh")
		for _, hidden := range []string{"c create DO cluster", "D delete DO cluster"} {
			if strings.Contains(screen, hidden) {
				t.Errorf("read-only help offers %q:\n%s", hidden, screen)
			}
		}
		before := log.len()
		l.Keys("c")
		l.WaitFor(5*time.Second, pages.ReadOnlyRefusal)
		l.Keys("j", "D") // flightdeck-prod
		time.Sleep(300 * time.Millisecond)
		screen = l.Screen()
		if strings.Contains(screen, "Cluster name") || strings.Contains(screen, "Delete these together") {
			t.Errorf("a refused key opened its screen:\n%s", screen)
		}
		if calls := log.since(before); len(calls) != 0 {
			t.Errorf("refused keys called DigitalOcean: %v", calls)
		}
		prodCluster(t, api) // still there
	})
	t.Run("nodes", func(t *testing.T) {
		l, log, api := start(t)
		l.Keys(":")
		l.Type("nodes")
		l.Keys("enter")
		screen := l.WaitFor(10*time.Second, "pool web: s-4vcpu-8gb ×3")
		if strings.Contains(screen, "scale pool") {
			t.Errorf("read-only help offers scaling:\n%s", screen)
		}
		before := log.len()
		l.Keys("j", "s") // a web node
		l.WaitFor(5*time.Second, pages.ReadOnlyRefusal)
		time.Sleep(300 * time.Millisecond)
		if screen := l.Screen(); strings.Contains(screen, "how should it scale?") {
			t.Errorf("s opened the scale form in read-only mode:\n%s", screen)
		}
		if calls := log.since(before); len(calls) != 0 {
			t.Errorf("a refused scale called DigitalOcean: %v", calls)
		}
		if p := prodCluster(t, api).Pools[0]; p.Name != "web" || p.Count != 3 || p.AutoScale {
			t.Errorf("web pool changed in read-only mode: %+v", p)
		}
	})
}
