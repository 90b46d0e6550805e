package actions

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/tools/clientcmd"

	"github.com/flightdeck/fdtui/internal/cloud/do"
)

var shop = do.Cluster{ID: "c1", Name: "shop", Region: "fra1", Status: "running"}

func savedUser(t *testing.T, path string) (token string, exec []string) {
	t.Helper()
	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	u := cfg.AuthInfos["do-fra1-shop-admin"]
	if u == nil {
		t.Fatal("no user saved")
	}
	if u.Exec != nil {
		exec = append([]string{u.Exec.Command}, u.Exec.Args...)
	}
	return u.Token, exec
}

// TestSaveDOContextLikeDoctl: with doctl installed the user is its exec
// credential; given an expiry (doctl's --expiry-seconds) or without
// doctl, a token that expires when asked.
func TestSaveDOContextLikeDoctl(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	doctl := &do.Doctl{Command: "doctl", Context: "agency"}
	t.Run("doctl", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "config")
		api := &fakeDO{kubeconfig: []byte(doKubeconfig)}
		saved, err := SaveDOContext(context.Background(), api, shop, KubeconfigSave{Path: path, Doctl: doctl}, now)
		if err != nil || !saved.Exec || saved.Name != "do-fra1-shop" || !saved.ExpiresAt.IsZero() {
			t.Fatalf("%+v %v", saved, err)
		}
		token, exec := savedUser(t, path)
		want := "doctl kubernetes cluster kubeconfig exec-credential --version=v1beta1 --context=agency c1"
		if token != "" || strings.Join(exec, " ") != want {
			t.Errorf("token %q exec %q", token, strings.Join(exec, " "))
		}
	})
	t.Run("doctl with an expiry", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "config")
		api := &fakeDO{kubeconfig: []byte(doKubeconfig)}
		saved, err := SaveDOContext(context.Background(), api, shop, KubeconfigSave{Path: path, Doctl: doctl, Expiry: time.Hour}, now)
		if err != nil || saved.Exec || !saved.ExpiresAt.Equal(now.Add(time.Hour)) {
			t.Fatalf("%+v %v", saved, err)
		}
		if token, exec := savedUser(t, path); token != "dop_v1_cluster_token" || exec != nil {
			t.Errorf("token %q exec %v", token, exec)
		}
	})
	t.Run("no doctl", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "config")
		api := &fakeDO{kubeconfig: []byte(doKubeconfig)}
		saved, err := SaveDOContext(context.Background(), api, shop, KubeconfigSave{Path: path}, now)
		if err != nil || saved.Exec || !saved.ExpiresAt.Equal(now.Add(7*24*time.Hour)) {
			t.Fatalf("%+v %v", saved, err)
		}
		if token, _ := savedUser(t, path); token != "dop_v1_cluster_token" {
			t.Errorf("token %q", token)
		}
	})
}

// TestRefreshLeavesADoctlUserAlone: a 401 on a doctl-saved context does
// not ask DigitalOcean for a token and does not touch the file, with or
// without doctl installed now.
func TestRefreshLeavesADoctlUserAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config")
	api := &fakeDO{kubeconfig: []byte(doKubeconfig)}
	now := time.Now()
	if _, err := SaveDOContext(context.Background(), api, shop, KubeconfigSave{Path: path, Doctl: &do.Doctl{Command: "doctl"}}, now); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	for _, how := range []KubeconfigSave{{Path: path}, {Path: path, Doctl: &do.Doctl{Command: "doctl"}}, {Path: path, Expiry: time.Hour}} {
		api.expiry = -1
		_, err := RefreshDOContext(context.Background(), api, shop, how, now)
		if !do.IsDoctlManaged(err) {
			t.Errorf("%+v: %v", how, err)
		}
		if api.expiry != -1 {
			t.Errorf("%+v: asked DigitalOcean for a kubeconfig", how)
		}
		if after, _ := os.ReadFile(path); string(after) != string(before) {
			t.Errorf("%+v: the file changed", how)
		}
	}
	// A first save without doctl refuses too, rather than overwrite.
	if _, err := SaveDOContext(context.Background(), api, shop, KubeconfigSave{Path: path}, now); !do.IsDoctlManaged(err) {
		t.Errorf("token save over doctl's user: %v", err)
	}
}
