package testenv

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/yaml"
)

// APIServer is a second kube-apiserver of the local cluster, the test's
// own: same etcd, certificates and flags as the cluster's (read from
// kwokctl's kwok.yaml), its own port. A test may kill, freeze and restart
// it without disturbing the tests that run beside it on the shared one.
type APIServer struct {
	t       testing.TB
	binary  string
	args    []string
	dir     string
	logPath string
	admin   *rest.Config
	cmd     *exec.Cmd
	// Host is its URL (https://127.0.0.1:PORT).
	Host string
}

// PrivateAPIServer starts an APIServer and stops it when the test ends.
func PrivateAPIServer(t testing.TB) *APIServer { return privateAPIServer(t, "") }

// PrivateCluster starts an apiserver like PrivateAPIServer but on a key
// prefix of etcd of its own: another cluster as far as a client can
// tell (its own namespaces and objects, none of the shared cluster's),
// with no controller, scheduler or kwok behind it, so objects keep the
// status the test writes. What it stored stays under its prefix (the
// cluster's etcd goes with hack/cluster.sh down).
func PrivateCluster(t testing.TB) *APIServer {
	return privateAPIServer(t, "/"+UniqueName(t))
}

func privateAPIServer(t testing.TB, etcdPrefix string) *APIServer {
	t.Helper()
	admin, _ := Clients(t)
	spec := apiserverSpec(t)
	port := freePort(t)
	a := &APIServer{t: t, binary: spec.Binary, dir: spec.WorkDir, logPath: filepath.Join(t.TempDir(), "kube-apiserver.log")}
	for _, arg := range spec.Args {
		switch {
		case strings.HasPrefix(arg, "--secure-port="):
			arg = fmt.Sprintf("--secure-port=%d", port)
		case strings.HasPrefix(arg, "--etcd-prefix=") && etcdPrefix != "":
			continue
		}
		a.args = append(a.args, arg)
	}
	if etcdPrefix != "" {
		a.args = append(a.args, "--etcd-prefix="+etcdPrefix)
	}
	a.Host = fmt.Sprintf("https://127.0.0.1:%d", port)
	a.admin = rest.CopyConfig(admin)
	a.admin.Host = a.Host
	t.Cleanup(a.Kill)
	a.Start()
	return a
}

// Config is an admin REST config for this apiserver.
func (a *APIServer) Config() *rest.Config { return rest.CopyConfig(a.admin) }

// Start runs the apiserver and waits until its /readyz says ok.
func (a *APIServer) Start() {
	a.t.Helper()
	log, err := os.OpenFile(a.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		a.t.Fatal(err)
	}
	defer log.Close()
	a.cmd = exec.Command(a.binary, a.args...)
	a.cmd.Dir, a.cmd.Stdout, a.cmd.Stderr = a.dir, log, log
	if err := a.cmd.Start(); err != nil {
		a.t.Fatalf("start kube-apiserver: %v", err)
	}
	if err := a.waitReady(90 * time.Second); err != nil {
		a.t.Fatalf("private kube-apiserver at %s not ready: %v (log %s)", a.Host, err, a.logPath)
	}
}

// Kill stops the apiserver at once (SIGKILL), as a crash would.
func (a *APIServer) Kill() {
	if a.cmd == nil || a.cmd.Process == nil {
		return
	}
	_ = a.cmd.Process.Kill()
	_ = a.cmd.Wait()
	a.cmd = nil
}

func (a *APIServer) waitReady(limit time.Duration) error {
	cfg := a.Config()
	cfg.Timeout = 2 * time.Second
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(limit)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		body, err := cs.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		cancel()
		if err == nil && string(body) == "ok" {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("after %s: %v", limit, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

type componentSpec struct {
	Name    string   `json:"name"`
	Binary  string   `json:"binary"`
	Args    []string `json:"args"`
	WorkDir string   `json:"workDir"`
}

// apiserverSpec reads the cluster's kube-apiserver command from kwokctl's
// kwok.yaml (its first document lists the components).
func apiserverSpec(t testing.TB) componentSpec {
	t.Helper()
	path := filepath.Join(Root(t), ".local", "kwok", "clusters", "fdtui", "kwok.yaml")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the local cluster's component specs: %v", err)
	}
	first, _, _ := strings.Cut(string(raw), "\n---")
	var doc struct {
		Components []componentSpec `json:"components"`
	}
	if err := yaml.Unmarshal([]byte(first), &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, c := range doc.Components {
		if c.Name == "kube-apiserver" {
			return c
		}
	}
	t.Fatalf("%s lists no kube-apiserver", path)
	return componentSpec{}
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
