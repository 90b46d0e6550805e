package dolocal

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/digitalocean/godo"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

func do(t *testing.T, h http.Handler, method, target, token string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var buf bytes.Buffer
	if body != nil {
		if err := json.NewEncoder(&buf).Encode(body); err != nil {
			t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, target, &buf)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("%s: %v", rec.Body.String(), err)
	}
	return v
}

type listRoot struct {
	Clusters []godo.KubernetesCluster `json:"kubernetes_clusters"`
	Links    godo.Links               `json:"links"`
	Meta     godo.Meta                `json:"meta"`
}

func TestPaginationLinksAsDOSendsThem(t *testing.T) {
	s := New(Config{Token: "t", Seed: DefaultSeed()})
	rec := do(t, s, "GET", "/v2/kubernetes/clusters?page=2&per_page=1", "t", nil)
	got := decode[listRoot](t, rec)
	if len(got.Clusters) != 1 || got.Clusters[0].Name != "flightdeck-staging" || got.Meta.Total != 3 {
		t.Fatalf("page 2 = %+v", got)
	}
	p := got.Links.Pages
	if p.Prev != "http://example.com/v2/kubernetes/clusters?page=1&per_page=1" ||
		p.Next != "http://example.com/v2/kubernetes/clusters?page=3&per_page=1" ||
		p.Last != "http://example.com/v2/kubernetes/clusters?page=3&per_page=1" {
		t.Errorf("links = %+v", p)
	}
	if cur, err := got.Links.CurrentPage(); err != nil || cur != 2 {
		t.Errorf("godo reads current page %d (%v)", cur, err)
	}
	last := decode[listRoot](t, do(t, s, "GET", "/v2/kubernetes/clusters?page=3&per_page=1", "t", nil))
	if !last.Links.IsLastPage() {
		t.Error("page 3 of 3 should be the last")
	}
}

func TestAuthAndUnknownRoutes(t *testing.T) {
	s := New(Config{Token: "right"})
	for _, token := range []string{"", "wrong"} {
		rec := do(t, s, "GET", "/v2/kubernetes/clusters", token, nil)
		if rec.Code != 401 || strings.TrimSpace(rec.Body.String()) != `{"id":"unauthorized","message":"Unable to authenticate you"}` {
			t.Errorf("token %q: %d %s", token, rec.Code, rec.Body)
		}
	}
	if rec := do(t, s, "GET", "/v2/droplets", "right", nil); rec.Code != 404 || decode[apiError](t, rec).ID != "not_found" {
		t.Errorf("unknown route: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, s, "GET", "/v2/sizes", "right", nil); rec.Header().Get("RateLimit-Remaining") == "" {
		t.Error("no RateLimit headers")
	}
}

func TestFaultAdminEndpoint(t *testing.T) {
	s := New(Config{Token: "t"})
	if rec := do(t, s, "POST", "/_fault?status=429&count=2", "", nil); rec.Code != 200 || s.PendingFaults() != 2 {
		t.Fatalf("admin: %d %s", rec.Code, rec.Body)
	}
	for i := range 2 {
		rec := do(t, s, "GET", "/v2/sizes", "t", nil)
		if rec.Code != 429 || rec.Header().Get("Retry-After") != "1" || rec.Header().Get("RateLimit-Remaining") != "0" {
			t.Errorf("request %d: %d %v", i, rec.Code, rec.Header())
		}
	}
	if rec := do(t, s, "GET", "/v2/sizes", "t", nil); rec.Code != 200 {
		t.Errorf("after the faults: %d", rec.Code)
	}
	for _, bad := range []string{"/_fault?status=200&count=1", "/_fault?status=500&count=0", "/_fault"} {
		if rec := do(t, s, "POST", bad, "", nil); rec.Code != 400 {
			t.Errorf("%s: %d", bad, rec.Code)
		}
	}
}

func createBody(name, version string, ha *bool) godo.KubernetesClusterCreateRequest {
	return godo.KubernetesClusterCreateRequest{
		Name: name, RegionSlug: "ams3", VersionSlug: version, HA: ha,
		NodePools: []*godo.KubernetesNodePoolCreateRequest{{Name: "web", Size: "s-2vcpu-4gb", Count: 2}},
	}
}

func TestCreateAppliesDODefaultsAndRules(t *testing.T) {
	s := New(Config{Token: "t"})
	type root struct {
		Cluster godo.KubernetesCluster `json:"kubernetes_cluster"`
	}
	latest := decode[root](t, do(t, s, "POST", "/v2/kubernetes/clusters", "t", createBody("new", "latest", nil))).Cluster
	if latest.VersionSlug != "1.36.3-do.0" || !latest.HA || latest.Status.State != "provisioning" {
		t.Errorf("latest = %+v %+v", latest, latest.Status)
	}
	old := decode[root](t, do(t, s, "POST", "/v2/kubernetes/clusters", "t", createBody("old", "1.35.6-do.1", nil))).Cluster
	if old.HA {
		t.Error("HA defaults to off before 1.36")
	}
	rejected := map[string]godo.KubernetesClusterCreateRequest{
		"name":    createBody("Not_OK", "latest", nil),
		"version": createBody("v", "1.20.0-do.0", nil),
		"size": func() godo.KubernetesClusterCreateRequest {
			b := createBody("z", "latest", nil)
			b.NodePools[0].Size = "s-1vcpu-1gb"
			return b
		}(),
		"already exists": createBody("new", "latest", nil),
	}
	for want, body := range rejected {
		rec := do(t, s, "POST", "/v2/kubernetes/clusters", "t", body)
		if e := decode[apiError](t, rec); rec.Code != 422 || e.ID != "unprocessable_entity" || !strings.Contains(e.Message, want) {
			t.Errorf("%s: %d %+v", want, rec.Code, e)
		}
	}
}

type messagesRoot struct {
	Messages []godo.KubernetesClusterStatusMessage `json:"messages"`
}

func TestProvisioningFollowsTheClock(t *testing.T) {
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	s := New(Config{Token: "t", ProvisionDelay: 6 * time.Second, Now: func() time.Time { return now }})
	type root struct {
		Cluster godo.KubernetesCluster `json:"kubernetes_cluster"`
	}
	c := decode[root](t, do(t, s, "POST", "/v2/kubernetes/clusters", "t", createBody("clock", "latest", nil))).Cluster
	msgs := func() int {
		m := decode[messagesRoot](t, do(t, s, "GET", "/v2/kubernetes/clusters/"+c.ID+"/status_messages", "t", nil))
		return len(m.Messages)
	}
	if msgs() != 1 {
		t.Errorf("at start: %d messages", msgs())
	}
	now = now.Add(6 * time.Second)
	got := decode[root](t, do(t, s, "GET", "/v2/kubernetes/clusters/"+c.ID, "t", nil)).Cluster
	if got.Status.State != "running" || got.Endpoint == "" || got.NodePools[0].Nodes[0].Status.State != "running" {
		t.Errorf("after the delay: %+v", got.Status)
	}
	if msgs() != 4 {
		t.Errorf("after the delay: %d messages", msgs())
	}
}

func TestKubeCredentialsFromKubeconfigResolvesFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["local"] = &clientcmdapi.Cluster{Server: "https://127.0.0.1:6443", CertificateAuthority: write("ca.crt", "CA-PEM")}
	cfg.AuthInfos["admin"] = &clientcmdapi.AuthInfo{ClientCertificate: write("admin.crt", "CERT-PEM"), ClientKey: write("admin.key", "KEY-PEM")}
	cfg.AuthInfos["viewer"] = &clientcmdapi.AuthInfo{TokenFile: write("token", "viewer-token\n")}
	cfg.Contexts["admin"] = &clientcmdapi.Context{Cluster: "local", AuthInfo: "admin"}
	cfg.Contexts["viewer"] = &clientcmdapi.Context{Cluster: "local", AuthInfo: "viewer"}
	cfg.CurrentContext = "admin"
	path := filepath.Join(dir, "kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	admin, err := KubeCredentialsFromKubeconfig(path, "")
	if err != nil {
		t.Fatal(err)
	}
	if admin.Server != "https://127.0.0.1:6443" || string(admin.CA) != "CA-PEM" || string(admin.ClientCertificate) != "CERT-PEM" || string(admin.ClientKey) != "KEY-PEM" {
		t.Errorf("admin = %+v", admin)
	}
	viewer, err := KubeCredentialsFromKubeconfig(path, "viewer")
	if err != nil || viewer.Token != "viewer-token" {
		t.Errorf("viewer token %q err %v", viewer.Token, err)
	}
}

func TestLoadSeed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seed.json")
	data, err := json.Marshal(DefaultSeed()[:1])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	seed, err := LoadSeed(path)
	if err != nil || len(seed) != 1 || seed[0].Name != "flightdeck-prod" || len(seed[0].Pools) != 2 {
		t.Errorf("seed = %+v, err %v", seed, err)
	}
}
