package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/flightdeck/fdtui/internal/kube"
)

// The floor is only fair if it talks to the apiserver as fdtui does: the
// same rate limit and the same encoding. fdtui's settings are unexported,
// so this test reads them from what fdtui builds and sends.
func TestFloorUsesFdtuiClientSettings(t *testing.T) {
	var mu sync.Mutex
	accepts := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/apis/authentication.k8s.io/v1/selfsubjectreviews" {
			mu.Lock()
			accepts[r.Header.Get("Accept")] = true
			mu.Unlock()
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "kubeconfig")
	config := "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: [{name: c, cluster: {server: " + srv.URL + "}}]\n" +
		"users: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\n"
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = &path
	cfg, err := kube.NewKubeconfig(flags).RESTConfig("c")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.QPS != qps || cfg.Burst != burst {
		t.Errorf("fdtui uses QPS %v burst %d, the floor %v and %d", cfg.QPS, cfg.Burst, float32(qps), burst)
	}
	c, err := kube.Connect("c", cfg, kube.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c.Stop()
	mu.Lock()
	defer mu.Unlock()
	if len(accepts) != 1 || !accepts[accept] {
		t.Errorf("fdtui's typed client sent Accept %v, the floor sends %q", accepts, accept)
	}
}
