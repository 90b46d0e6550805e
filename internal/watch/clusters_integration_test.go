package watch_test

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/watch"
)

// Clusters watched by one process: the local cluster, a private
// apiserver killed mid-test, and a context whose apiserver was never
// there: the dead ones are reported on their own (log and /healthz), the
// live one still pages (--early, so without waiting for the deadline).
func TestWatchTwoClustersOneDies(t *testing.T) {
	path, ctxName := currentContext(t)
	_, cs := testenv.Clients(t)
	private := testenv.PrivateAPIServer(t)
	kubeconfig := mergedKubeconfig(t, path, ctxName, testenv.KubeconfigFor(t, private.Config(), "default"))
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, goodImage, 600, true)
	rcv := newReceiver(t, 0)
	addr := freeAddr(t)
	w := startWatch(t, "--kubeconfig", kubeconfig, "--context", "local", "--context", "private", "--context", "dead",
		"--notify", "webhook+"+rcv.URL, "--state-dir", t.TempDir(), "--early", "3s", "--listen", addr, "--connect-timeout", "5s")
	w.until(t, 60*time.Second, "cluster local: connected")
	w.until(t, 60*time.Second, "cluster private: connected")
	w.until(t, 30*time.Second, "cluster dead: unreachable")

	private.Kill()
	w.until(t, 60*time.Second, "cluster private: unreachable")
	setImage(t, cs, ns, "registry.example.com/acme/web:broken-2b3c4d5")
	rcv.until(t, 60*time.Second, "a firing notification from the live cluster", func() bool { return len(rcv.about(ns, "firing")) > 0 })
	for _, a := range rcv.about(ns, "firing") {
		if a.Labels["cluster"] != "local" {
			t.Errorf("a page from cluster %q, want local only: %+v", a.Labels["cluster"], a)
		}
	}
	if c := rcv.about(ns, "firing")[0].Annotations["cause"]; c == "" {
		t.Error("no cause in the page")
	}

	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h struct {
		Clusters []watch.ClusterStatus
	}
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		t.Fatal(err)
	}
	states := map[string]string{}
	for _, c := range h.Clusters {
		states[c.Name] = c.State
	}
	if resp.StatusCode != 200 || states["local"] != "connected" || states["private"] != "unreachable" || states["dead"] != "unreachable" {
		t.Fatalf("/healthz %d %+v, want local connected, private and dead unreachable", resp.StatusCode, h)
	}
	t.Logf("the watcher's log:\n%s", w.log)
}

// mergedKubeconfig writes one kubeconfig with context "local" (the
// cluster's current context) and "private" (the private apiserver).
func mergedKubeconfig(t *testing.T, localPath, localCtx, privatePath string) string {
	local, err := clientcmd.LoadFromFile(localPath)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := clientcmd.LoadFromFile(privatePath)
	if err != nil {
		t.Fatal(err)
	}
	lc := local.Contexts[localCtx]
	pc := priv.Contexts[priv.CurrentContext]
	local.Contexts = map[string]*clientcmdapi.Context{"local": lc}
	local.Clusters["private-cluster"] = priv.Clusters[pc.Cluster]
	local.AuthInfos["private-user"] = priv.AuthInfos[pc.AuthInfo]
	pcCopy := *pc
	pcCopy.Cluster, pcCopy.AuthInfo = "private-cluster", "private-user"
	local.Contexts["private"] = &pcCopy
	// "dead": the private apiserver's credentials on a port nothing
	// listens on.
	dead := *priv.Clusters[pc.Cluster]
	dead.Server = "https://" + freeAddr(t)
	local.Clusters["dead-cluster"] = &dead
	deadCtx := pcCopy
	deadCtx.Cluster = "dead-cluster"
	local.Contexts["dead"] = &deadCtx
	local.CurrentContext = "local"
	out := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*local, out); err != nil {
		t.Fatal(err)
	}
	return out
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprintf("127.0.0.1:%d", ln.Addr().(*net.TCPAddr).Port)
}
