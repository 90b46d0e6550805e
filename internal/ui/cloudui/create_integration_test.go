package cloudui_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/tools/clientcmd"

	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

const emptyKubeconfig = "apiVersion: v1\nkind: Config\n"

// TestWizardCreatesClusterAndConnects drives the whole flow through the
// real app as a new user would: the clusters screen lists the account, c
// opens the wizard, the review prices it, the progress screen follows DO's
// status messages, the context is saved into the user's kubeconfig (a temp
// file), the app connects to the local cluster the stand-in hands out, and
// the readiness check opens on top of the sites screen.
func TestWizardCreatesClusterAndConnects(t *testing.T) {
	creds, err := dolocal.KubeCredentialsFromKubeconfig(testenv.Kubeconfig(t), "")
	if err != nil {
		t.Fatal(err)
	}
	_, api := localDO(t, dolocal.Config{Kube: creds, ProvisionDelay: 2 * time.Second})
	path, kc := tempKubeconfig(t, emptyKubeconfig)
	c := &common.Common{Kubeconfig: kc}
	l := startLive(t, c, nil, cloudui.Config{DO: api, KubeconfigPath: path, ProvisionPoll: 300 * time.Millisecond})

	l.WaitFor(10*time.Second, "flightdeck-prod", "flightdeck-staging", "digitalocean")
	settle(l, "c")
	l.WaitFor(10*time.Second, "Cluster name")
	l.Type("fd-wizard")
	settle(l, "enter", "down", "enter", "enter") // region: the second one, nyc3; newest version
	l.WaitFor(5*time.Second, "Node pool 1", "sizes offered in nyc3")
	settle(l, "enter") // the smallest size
	l.WaitFor(5*time.Second, "Pool name")
	settle(l, "enter", "enter", "enter") // the web pool as proposed
	l.WaitFor(5*time.Second, "Add another node pool?")
	settle(l, "y") // the db pool (the default is No more)
	l.WaitFor(5*time.Second, "Node pool 2", "sizes offered in nyc3")
	settle(l, "down", "down", "enter") // db on s-2vcpu-4gb
	l.WaitFor(5*time.Second, "Pool name")
	settle(l, "enter", "enter", "enter")
	l.WaitFor(5*time.Second, "Add another node pool?")
	settle(l, "enter") // no more pools
	l.WaitFor(5*time.Second, "Control plane", "Advanced options?")
	settle(l, "enter", "enter", "enter") // DigitalOcean's default for 1.36 (HA), tags, no advanced options
	review := l.WaitFor(5*time.Second, "Review", "web", "db", "TOTAL", "$100/mo", "Create fd-wizard for $100/mo")
	for _, want := range []string{"$36/mo", "$24/mo", "$0.054/h", "$0.036/h", "HA control plane (estimate)", "$40/mo",
		"default VPC default-nyc3", "surge on · auto-upgrade off · window any day 04:00 UTC", "Registry: not integrated"} {
		if !strings.Contains(review, want) {
			t.Errorf("review lacks %q:\n%s", want, review)
		}
	}
	settle(l, "enter", "y") // keep every pool, create
	progress := l.WaitFor(10*time.Second, "Creating cluster fd-wizard in nyc3", "DigitalOcean says", "Cluster creation started")
	t.Log("\n" + progress)
	if !strings.Contains(progress, "provisioning") {
		t.Errorf("progress screen without the state:\n%s", progress)
	}
	ready := l.WaitFor(30*time.Second, "What do-nyc3-fd-wizard needs for Flight Deck sites",
		"ingress controller", "cert-manager CRDs", "ClusterIssuer", "default StorageClass")
	if !strings.Contains(ready, "do-nyc3-fd-wizard") || !strings.Contains(ready, "connected") {
		t.Errorf("not connected to the new context:\n%s", ready)
	}
	t.Log("\n" + ready)
	l.Keys("esc")
	l.WaitFor(5*time.Second, "Sites", "do-nyc3-fd-wizard")

	assertSavedContext(t, path, "do-nyc3-fd-wizard", creds.Server)
}

func assertSavedContext(t *testing.T, path, name, server string) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("kubeconfig mode %v, want 0600", info.Mode().Perm())
	}
	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, ok := cfg.Contexts[name]
	if !ok || cfg.CurrentContext != name || ctx.AuthInfo != name+"-admin" {
		t.Fatalf("context %s not saved like doctl does: %+v current %q", name, ctx, cfg.CurrentContext)
	}
	if got := cfg.Clusters[name].Server; got != server {
		t.Errorf("server %s, want %s", got, server)
	}
}
