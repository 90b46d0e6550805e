package do

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// fakeClock lets the stand-in's provisioning and expiry be exact.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

var localKube = dolocal.KubeCredentials{
	Server: "https://127.0.0.1:6443",
	CA:     []byte("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
	Token:  "local-apiserver-token",
}

func TestCredentialsCarryTheCappedExpiry(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
	cfg := seeded(time.Minute)
	cfg.Now, cfg.Kube, cfg.MaxExpiry = clock.Now, localKube, 10*time.Second
	_, c := localAPI(t, cfg)
	prod := clusterNamed(t, mustList(t, c), "flightdeck-prod")

	cr, err := c.Credentials(testContext(t), prod.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cr.Server != localKube.Server || string(cr.CA) != string(localKube.CA) || cr.Token != localKube.Token {
		t.Errorf("credentials = %+v", cr)
	}
	if want := clock.Now().Add(10 * time.Second); !cr.ExpiresAt.Equal(want) {
		t.Errorf("expires %v, want %v", cr.ExpiresAt, want)
	}
	clock.Add(9 * time.Second)
	again, err := c.Credentials(testContext(t), prod.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !again.ExpiresAt.After(cr.ExpiresAt) {
		t.Error("a refresh should hand out a later expiry")
	}
}

func TestCredentialsRefusedWhileProvisioning(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
	cfg := seeded(time.Minute)
	cfg.Now = clock.Now
	_, c := localAPI(t, cfg)
	created, err := c.CreateCluster(testContext(t), CreateRequest{Name: "new-site", Region: "lon1", Version: "1.35.6-do.1",
		Pools: []PoolRequest{{Name: "web", Size: "s-2vcpu-2gb", Count: 2}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Credentials(testContext(t), created.ID); !IsNotFound(err) {
		t.Errorf("while provisioning: %v, want 404", err)
	}
	clock.Add(time.Minute)
	if _, err := c.KubeConfig(testContext(t), created.ID, time.Hour); err != nil {
		t.Errorf("once running: %v", err)
	}
}

func TestKubeConfigIsTokenBasedAndNamedLikeDoctl(t *testing.T) {
	cfg := seeded(time.Second)
	cfg.Kube = localKube
	_, c := localAPI(t, cfg)
	prod := clusterNamed(t, mustList(t, c), "flightdeck-prod")
	data, err := c.KubeConfig(testContext(t), prod.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	kc, err := clientcmd.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	if kc.CurrentContext != "do-nyc3-flightdeck-prod" {
		t.Errorf("current context %q", kc.CurrentContext)
	}
	user := kc.AuthInfos["do-nyc3-flightdeck-prod-admin"]
	if user == nil || user.Token != localKube.Token {
		t.Errorf("user = %+v", user)
	}
}

func existingKubeconfig(t *testing.T, path string) {
	t.Helper()
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["kind-local"] = &clientcmdapi.Cluster{Server: "https://127.0.0.1:7443"}
	cfg.AuthInfos["kind-local"] = &clientcmdapi.AuthInfo{Token: "kind-token"}
	cfg.Contexts["kind-local"] = &clientcmdapi.Context{Cluster: "kind-local", AuthInfo: "kind-local", Namespace: "example-com"}
	cfg.CurrentContext = "kind-local"
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSaveKubeconfigMergesWithoutLosingContexts(t *testing.T) {
	cfg := seeded(time.Second)
	cfg.Kube = localKube
	_, c := localAPI(t, cfg)
	prod := clusterNamed(t, mustList(t, c), "flightdeck-prod")
	data, err := c.KubeConfig(testContext(t), prod.ID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kube", "config")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	existingKubeconfig(t, path)

	for range 2 { // saving twice replaces rather than duplicates
		name, err := SaveKubeconfig(path, data, prod.Name, prod.Region)
		if err != nil {
			t.Fatal(err)
		}
		if name != "do-nyc3-flightdeck-prod" {
			t.Errorf("context name %q", name)
		}
	}
	merged, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if merged.CurrentContext != "do-nyc3-flightdeck-prod" || len(merged.Contexts) != 2 {
		t.Errorf("current %q, contexts %d", merged.CurrentContext, len(merged.Contexts))
	}
	if kind := merged.Contexts["kind-local"]; kind == nil || kind.Namespace != "example-com" || merged.AuthInfos["kind-local"].Token != "kind-token" {
		t.Error("the existing context was not kept intact")
	}
	if merged.Clusters["do-nyc3-flightdeck-prod"].Server != localKube.Server {
		t.Error("new cluster entry missing")
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
}

func TestSaveKubeconfigCreatesDirectoriesAndRefusesGarbage(t *testing.T) {
	incoming := clientcmdapi.NewConfig()
	incoming.Clusters["c"] = &clientcmdapi.Cluster{Server: "https://example"}
	incoming.AuthInfos["u"] = &clientcmdapi.AuthInfo{Token: "t"}
	incoming.Contexts["x"] = &clientcmdapi.Context{Cluster: "c", AuthInfo: "u"}
	data, err := clientcmd.Write(*incoming)
	if err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "a", "b", "config")
	if _, err := SaveKubeconfig(fresh, data, "site", "fra1"); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(fresh); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("fresh file: %v %v", st, err)
	}

	garbage := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(garbage, []byte("::: not yaml {"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := SaveKubeconfig(garbage, data, "site", "fra1"); err == nil {
		t.Error("an unparsable kubeconfig must not be overwritten")
	}
	if got, _ := os.ReadFile(garbage); string(got) != "::: not yaml {" {
		t.Error("the unparsable kubeconfig was changed")
	}
}
