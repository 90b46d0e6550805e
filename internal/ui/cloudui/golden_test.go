package cloudui_test

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

func fixedDO(t *testing.T) (*dolocal.Server, cloudui.Config) {
	t.Helper()
	srv, api := localDO(t, dolocal.Config{Now: func() time.Time { return seedNow }})
	return srv, cloudui.Config{DO: api}
}

// TestGoldenClustersWithDigitalOcean: account clusters joined with the
// kubeconfig (flightdeck-prod has a saved context), with status, pools and
// monthly cost.
func TestGoldenClustersWithDigitalOcean(t *testing.T) {
	_, cfg := fixedDO(t)
	c, conn, _, path := demoCommon(t)
	cfg.KubeconfigPath = path
	l := startLive(t, c, conn, cfg)
	l.Keys(":")
	l.Type("clusters")
	l.Keys("enter")
	screen := l.WaitFor(10*time.Second, "legacy-sites", "degraded", "$334", "month-to-date usage", "kubeconfig+", "reachable")
	golden.RequireEqual(t, []byte(body(screen)))
}

// TestGoldenClustersWithoutToken: no token, kubeconfig only, and how to
// get the rest.
func TestGoldenClustersWithoutToken(t *testing.T) {
	c, conn, _, path := demoCommon(t)
	l := startLive(t, c, conn, cloudui.Config{KubeconfigPath: path})
	l.Keys(":")
	l.Type("clusters")
	l.Keys("enter")
	screen := l.WaitFor(10*time.Second, cloudui.NoTokenHint, "reachable")
	golden.RequireEqual(t, []byte(body(screen)))
}

// TestGoldenWizardReview prices an HA cluster with an autoscaled web pool
// before anything is created.
func TestGoldenWizardReview(t *testing.T) {
	_, cfg := fixedDO(t)
	c, conn, _, path := demoCommon(t)
	cfg.KubeconfigPath = path
	l := startLive(t, c, conn, cfg)
	l.Keys(":")
	l.Type("clusters")
	l.Keys("enter")
	l.WaitFor(10*time.Second, "legacy-sites")
	l.Keys("c")
	l.WaitFor(10*time.Second, "Cluster name")
	l.Type("fd-golden")
	l.Keys("enter", "down", "enter", "enter")
	l.WaitFor(5*time.Second, "Node pool 1")
	l.Keys("enter", "down", "down", "enter", "enter", "y") // web on s-2vcpu-4gb, 3 nodes, autoscaled
	l.WaitFor(5*time.Second, "autoscaling range")
	l.Keys("backspace")
	l.Type("2")
	l.Keys("enter", "backspace")
	l.Type("5")
	l.Keys("enter")
	l.WaitFor(5*time.Second, "Add another node pool?")
	l.Keys("enter")
	l.WaitFor(5*time.Second, "Node pool 2")
	l.Keys("enter", "enter", "enter", "enter") // db as proposed
	l.WaitFor(5*time.Second, "Add another node pool?")
	l.Keys("enter")
	l.WaitFor(5*time.Second, "Highly available control plane?")
	l.Keys("y", "enter") // HA, tags as proposed
	screen := l.WaitFor(5*time.Second, "Review", "HA control plane", "Create fd-golden for $124/mo")
	golden.RequireEqual(t, []byte(body(screen)))
	if list, err := cfg.DO.ListClusters(t.Context()); err != nil || len(list) != len(dolocal.DefaultSeed()) {
		t.Errorf("the review created something: %d clusters, err %v", len(list), err)
	}
}

// doConn is the static demo cluster connected as the seeded production
// cluster's context.
func doConn(t *testing.T) (*common.Common, *common.Conn, string) {
	c, demo, _, path := demoCommon(t)
	conn := common.NewConn(1, "do-nyc3-flightdeck-prod", demo.Server, demo.Version, demo.Cluster)
	return c, conn, path
}

// TestGoldenNodesPoolsAndScale shows the pools' sizes and prices on the
// nodes screen, then the scale confirmation with the price change.
func TestGoldenNodesPoolsAndScale(t *testing.T) {
	_, cfg := fixedDO(t)
	c, conn, path := doConn(t)
	cfg.KubeconfigPath = path
	l := startLive(t, c, conn, cfg)
	l.Keys(":")
	l.Type("nodes")
	l.Keys("enter")
	nodes := l.WaitFor(10*time.Second, "pool web: s-4vcpu-8gb ×3 · $48/mo per node · $144/mo", "pool db:")
	golden.RequireEqual(t, []byte(body(nodes)))
	l.Keys("j", "s") // a web node (db sorts first)
	l.WaitFor(5*time.Second, "how should it scale?")
	l.Keys("enter")
	l.WaitFor(5*time.Second, "Nodes")
	l.Keys("backspace")
	l.Type("4")
	l.Keys("enter")
	confirm := l.WaitFor(5*time.Second, "Scale pool web", "$144/mo -> $192/mo (+$48/mo)", "$315/mo -> $363/mo")
	t.Run("confirm", func(t *testing.T) { golden.RequireEqual(t, []byte(body(confirm))) })
}
