package watch_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flightdeck/fdtui/internal/cli"
	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/watch"
)

// doCluster is the stand-in account's one running cluster, as doctl
// names its context.
const doCluster = "do-nyc3-watch-do"

// localDO serves the DigitalOcean stand-in (a real HTTP server) with one
// running cluster whose credentials are the shared local cluster's,
// living at most maxExpiry; creds counts the credentials handed out.
func localDO(t *testing.T, maxExpiry time.Duration) (srv *dolocal.Server, url string, creds *atomic.Int32) {
	t.Helper()
	kc, err := dolocal.KubeCredentialsFromKubeconfig(testenv.Kubeconfig(t), "")
	if err != nil {
		t.Fatal(err)
	}
	srv = dolocal.New(dolocal.Config{Token: "test-token", Kube: kc, MaxExpiry: maxExpiry, Seed: []dolocal.SeedCluster{{
		Name: "watch-do", Region: "nyc3", Version: "1.36.3-do.0", AgeDays: 1,
		Pools: []dolocal.SeedPool{{Name: "pool", Size: "s-2vcpu-4gb", Count: 1}},
	}}})
	creds = &atomic.Int32{}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/credentials") {
			creds.Add(1)
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	return srv, hs.URL, creds
}

// doDeps hands the watcher a client of the stand-in at url, without
// godo's own retries (the watcher's are under test).
func doDeps(t *testing.T, url string) watch.Deps {
	return watch.Deps{Version: "test", DigitalOcean: func(apiURL, _ string) (watch.DOClusters, error) {
		if apiURL != url {
			t.Errorf("--do-api-url reached the client as %q, want %q", apiURL, url)
		}
		return do.New("test-token", do.WithBaseURL(apiURL), do.WithTimeout(10*time.Second))
	}}
}

// startWatchWith is startWatch with the root command's dependencies.
func startWatchWith(t *testing.T, deps watch.Deps, args ...string) *watcher {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	w := &watcher{cancel: cancel, done: make(chan error, 1), log: &syncBuffer{}}
	cmd := watch.NewCommand(deps)
	cmd.SetArgs(append(args, "--log-file", filepath.Join(t.TempDir(), "klog.log")))
	cmd.SetOut(w.log)
	cmd.SetErr(w.log)
	go func() { w.done <- cmd.ExecuteContext(ctx) }()
	t.Cleanup(func() { w.stop(t) })
	return w
}

// emptyKubeconfig has no context: the DigitalOcean clusters alone.
func emptyKubeconfig(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(p, []byte("apiVersion: v1\nkind: Config\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A DigitalOcean account cluster, watched with credentials from the API
// that live 15 s: a site rolled to a broken image (progressDeadlineSeconds
// 20) pages exactly once, naming do-<region>-<name> in the labels and
// the fix, after the first credentials expired; they are fetched again
// before expiry, and the reconnects page nothing twice.
func TestWatchDOClusterPagesWithRenewedCredentials(t *testing.T) {
	t.Parallel()
	_, url, creds := localDO(t, 15*time.Second)
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, goodImage, 20, true)
	rcv := newReceiver(t, 0)
	w := startWatchWith(t, doDeps(t, url), "--kubeconfig", emptyKubeconfig(t), "--all-do-clusters", "--do-api-url", url,
		"--notify", "webhook+"+rcv.URL, "--state-dir", t.TempDir())
	w.until(t, 60*time.Second, "cluster "+doCluster+": connected")
	connected := time.Now()

	setImage(t, cs, ns, "registry.example.com/acme/web:broken-5e6f7a8")
	rcv.until(t, 90*time.Second, "a firing notification", func() bool { return len(rcv.about(ns, "firing")) > 0 })
	fired := rcv.about(ns, "firing")[0]
	if fired.Labels["cluster"] != doCluster {
		t.Errorf("cluster label %q, want %s", fired.Labels["cluster"], doCluster)
	}
	if fix := fired.Annotations["fix"]; !strings.Contains(fix, "--context "+doCluster+" ") {
		t.Errorf("fix %q, want it to name --context %s", fix, doCluster)
	}
	if fired.At.Sub(connected) < 15*time.Second {
		t.Errorf("paged %s after connecting: not past the first credentials' 15 s", fired.At.Sub(connected))
	}
	// One more renewal (a reconnect and a full re-evaluation) after the
	// page: still one firing.
	n := creds.Load()
	rcv.until(t, 30*time.Second, "another credentials fetch", func() bool { return creds.Load() > n })
	w.until(t, 10*time.Second, "cluster "+doCluster+": new credentials from DigitalOcean")
	time.Sleep(2 * time.Second)
	if got := rcv.about(ns, "firing"); len(got) != 1 {
		t.Errorf("%d firing notifications, want exactly 1: %+v", len(got), got)
	}
	if creds.Load() < 3 {
		t.Errorf("credentials fetched %d times, want a renewal every ~10 s", creds.Load())
	}
	t.Logf("credentials fetched %d times; the watcher's log:\n%s", creds.Load(), w.log)
}

// The DigitalOcean API answering 500 is reported on its own and retried;
// the kubeconfig cluster still pages meanwhile. Once the API answers,
// its cluster (the same apiserver as the kubeconfig context) is not
// watched twice.
func TestWatchDOAPIFailureDoesNotStopKubeconfigClusters(t *testing.T) {
	t.Parallel()
	srv, url, _ := localDO(t, 0)
	srv.InjectFault(http.StatusInternalServerError, 2)
	path, ctxName := currentContext(t)
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, goodImage, 600, true)
	rcv := newReceiver(t, 0)
	w := startWatchWith(t, doDeps(t, url), "--kubeconfig", path, "--context", ctxName, "--all-do-clusters", "--do-api-url", url,
		"--notify", "webhook+"+rcv.URL, "--state-dir", t.TempDir(), "--early", "3s")
	w.until(t, 30*time.Second, "digitalocean: cannot list the account's clusters")
	w.until(t, 60*time.Second, "cluster "+ctxName+": connected")

	setImage(t, cs, ns, "registry.example.com/acme/web:broken-9b8c7d6")
	rcv.until(t, 60*time.Second, "a firing notification from the kubeconfig cluster", func() bool { return len(rcv.about(ns, "firing")) > 0 })
	w.until(t, 30*time.Second, "cluster "+doCluster+": already watched as kubeconfig context "+ctxName)
	time.Sleep(time.Second)
	for _, a := range rcv.about(ns, "firing") {
		if a.Labels["cluster"] != ctxName {
			t.Errorf("a page from cluster %q, want %s only: %+v", a.Labels["cluster"], ctxName, a)
		}
	}
	if strings.Contains(w.log.String(), "cluster "+doCluster+": connected") {
		t.Errorf("the DigitalOcean cluster was watched beside its kubeconfig context:\n%s", w.log)
	}
	t.Logf("the watcher's log:\n%s", w.log)
}

// --once with --all-do-clusters reads the account's clusters too, and
// the account is a line of the report.
func TestWatchOnceDOCluster(t *testing.T) {
	t.Parallel()
	_, url, _ := localDO(t, 0)
	var out strings.Builder
	cmd := watch.NewCommand(doDeps(t, url))
	cmd.SetArgs([]string{"--once", "--kubeconfig", emptyKubeconfig(t), "--all-do-clusters", "--do-api-url", url,
		"--log-file", filepath.Join(t.TempDir(), "klog.log")})
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	err := cmd.ExecuteContext(ctx)
	if ee, ok := err.(*cli.ExitError); err != nil && (!ok || ee.Code != 3) {
		t.Fatalf("watch --once: %v\n%s", err, out.String())
	}
	for _, want := range []string{"cluster " + doCluster + ": connected", "cluster digitalocean: connected"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report without %q:\n%s", want, out.String())
		}
	}
}

// The DigitalOcean API failing when credentials are due for renewal
// costs nothing while the old ones are valid: they are used again and
// the renewal retried; the cluster never goes unreachable.
func TestWatchDORenewalSurvivesAnAPIFailure(t *testing.T) {
	t.Parallel()
	srv, url, _ := localDO(t, 45*time.Second)
	rcv := newReceiver(t, 0)
	w := startWatchWith(t, doDeps(t, url), "--kubeconfig", emptyKubeconfig(t), "--all-do-clusters", "--do-api-url", url,
		"--notify", "webhook+"+rcv.URL, "--state-dir", t.TempDir())
	w.until(t, 60*time.Second, "cluster "+doCluster+": connected")
	srv.InjectFault(http.StatusInternalServerError, 1) // the renewal's request, after ~30 s
	w.until(t, 60*time.Second, "cluster "+doCluster+": cannot renew the DigitalOcean credentials")
	w.until(t, 30*time.Second, "cluster "+doCluster+": new credentials from DigitalOcean")
	if strings.Contains(w.log.String(), "cluster "+doCluster+": unreachable") {
		t.Errorf("the cluster went unreachable:\n%s", w.log)
	}
}
