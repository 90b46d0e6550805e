package actions

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/tools/clientcmd"

	"github.com/flightdeck/fdtui/internal/cloud/do"
)

// fakeDO records calls; only what these tests use is implemented.
type fakeDO struct {
	do.API
	kubeconfig []byte
	expiry     time.Duration
	updated    []any
	deleted    []any
	err        error
}

func (f *fakeDO) KubeConfig(_ context.Context, id string, expiry time.Duration) ([]byte, error) {
	f.expiry = expiry
	return f.kubeconfig, f.err
}

func (f *fakeDO) UpdatePool(_ context.Context, cluster, pool string, count int, auto bool, min, max int) (do.Pool, error) {
	f.updated = append(f.updated, cluster, pool, count, auto, min, max)
	return do.Pool{ID: pool, Name: "web", Count: count, AutoScale: auto, Min: min, Max: max}, f.err
}

func (f *fakeDO) DeleteCluster(_ context.Context, id string, sel do.DeleteSelection) error {
	f.deleted = append(f.deleted, id, sel)
	return f.err
}

const doKubeconfig = `apiVersion: v1
kind: Config
current-context: do-fra1-shop
clusters:
- name: do-fra1-shop
  cluster: {server: "https://1234.k8s.ondigitalocean.com"}
contexts:
- name: do-fra1-shop
  context: {cluster: do-fra1-shop, user: do-fra1-shop-admin}
users:
- name: do-fra1-shop-admin
  user: {token: "dop_v1_cluster_token"}
`

func TestSaveDOKubeconfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte("apiVersion: v1\nkind: Config\ncurrent-context: mine\ncontexts:\n- name: mine\n  context: {cluster: mine, user: me}\nclusters:\n- name: mine\n  cluster: {server: https://mine}\nusers:\n- name: me\n  user: {token: t}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	api := &fakeDO{kubeconfig: []byte(doKubeconfig)}
	saved, err := SaveDOContext(context.Background(), api, do.Cluster{ID: "c1", Name: "shop", Region: "fra1", Status: "running"}, KubeconfigSave{Path: path, Expiry: 7 * 24 * time.Hour}, time.Now())
	name := saved.Name
	if err != nil || name != "do-fra1-shop" || api.expiry != 7*24*time.Hour {
		t.Fatalf("name %q err %v expiry %v", name, err, api.expiry)
	}
	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Contexts["mine"] == nil || cfg.Contexts[name] == nil || cfg.CurrentContext != name {
		t.Errorf("merge lost or missed a context: %v current %s", cfg.Contexts, cfg.CurrentContext)
	}
	if _, err := SaveDOContext(context.Background(), api, do.Cluster{Name: "new", Region: "fra1", Status: "provisioning"}, KubeconfigSave{Path: path}, time.Now()); err == nil || !strings.Contains(err.Error(), "still provisioning") {
		t.Errorf("provisioning cluster: %v", err)
	}
}

func TestScalePoolAndShapes(t *testing.T) {
	api := &fakeDO{}
	text, err := ScalePool(context.Background(), api, "c1", do.Pool{ID: "p1", Name: "web"}, PoolShape{Count: 3, AutoScale: true, Min: 2, Max: 6})
	if err != nil || text != "pool web: autoscale 2–6 (now 3); DigitalOcean is adding or removing nodes" {
		t.Errorf("%q %v", text, err)
	}
	if len(api.updated) != 6 || api.updated[0] != "c1" || api.updated[2] != 3 || api.updated[3] != true {
		t.Errorf("update call %v", api.updated)
	}
	for shape, want := range map[PoolShape]string{{Count: 1}: "1 node", {Count: 4}: "4 nodes", {Count: 2, AutoScale: true, Min: 1, Max: 3}: "autoscale 1–3 (now 2)"} {
		if got := shape.String(); got != want {
			t.Errorf("%+v = %q, want %q", shape, got, want)
		}
	}
	api.err = errors.New("DigitalOcean: 422 Unprocessable Entity: bad count")
	if _, err := ScalePool(context.Background(), api, "c1", do.Pool{ID: "p1"}, PoolShape{Count: 0}); err == nil {
		t.Error("error swallowed")
	}
}

func TestDeleteDOCluster(t *testing.T) {
	api := &fakeDO{}
	all := []do.Resource{
		{Kind: do.KindVolume, ID: "v1", Name: "data", Monthly: 2},
		{Kind: do.KindSnapshot, ID: "s1", Name: "before", Monthly: 0.9},
		{Kind: do.KindLoadBalancer, ID: "l1", Name: "ingress", Unknown: "could not be read (404)"},
	}
	sel := do.DeleteSelection{VolumeSnapshots: []string{"s1"}}
	text, left, err := DeleteDOCluster(context.Background(), api, do.Cluster{ID: "c1", Name: "legacy"}, all, sel)
	if err != nil || text != "cluster legacy is being deleted with 1 associated resource(s)" || api.deleted[0] != "c1" {
		t.Errorf("%q %v %v", text, err, api.deleted)
	}
	if len(left) != 2 || left[0].ID != "v1" || left[1].ID != "l1" {
		t.Errorf("left behind: %+v", left)
	}
	api.err = errors.New("DigitalOcean: 404 Not Found")
	if _, left, err := DeleteDOCluster(context.Background(), api, do.Cluster{ID: "c1"}, all, sel); err == nil || left != nil {
		t.Errorf("a failed delete reports %v and leaves %v", err, left)
	}
}
