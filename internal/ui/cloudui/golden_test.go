package cloudui_test

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
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

// TestGoldenWizardReview prices an HA cluster (the default for 1.36)
// with an autoscaled web pool, and every advanced option, before anything
// is created.
func TestGoldenWizardReview(t *testing.T) {
	_, cfg := fixedDO(t)
	c, conn, _, path := demoCommon(t)
	cfg.KubeconfigPath = path
	l := startLive(t, c, conn, cfg)
	l.Keys(":")
	l.Type("clusters")
	l.Keys("enter")
	l.WaitFor(10*time.Second, "legacy-sites")
	wizardPools(l, "fd-golden", false)
	advancedAnswers(l, "db")
	screen := l.WaitFor(5*time.Second, "Review", "HA control plane", "flightdeck-nyc3", "$100–$172/mo", "web (3 × s-2vcpu-4gb)",
		"Create fd-golden for $124/mo")
	golden.RequireEqual(t, []byte(body(screen)))
	if list, err := cfg.DO.ListClusters(t.Context()); err != nil || len(list) != len(dolocal.DefaultSeed()) {
		t.Errorf("the review created something: %d clusters, err %v", len(list), err)
	}
}

// advancedAnswers answers the steps after the pools: the version's default
// control plane (HA on 1.36), tags as proposed, then every advanced option:
// VPC flightdeck-nyc3, subnets, labels and a taint on the first pool (web),
// none on the others (named), auto-upgrade on, window Sunday 03:30,
// registry.
func advancedAnswers(l *uitest.Live, others ...string) {
	l.WaitFor(5*time.Second, "Control plane", "Advanced options?")
	settle(l, "enter", "enter", "y")
	l.WaitFor(5*time.Second, "VPC network", "flightdeck-nyc3")
	settle(l, "down", "enter")
	l.WaitFor(5*time.Second, "Cluster (pod) subnet")
	l.Type("10.200.0.0/16")
	settle(l, "enter")
	l.Type("10.201.0.0/16")
	settle(l, "enter")
	l.WaitFor(5*time.Second, "Node labels of pool web")
	l.Type("tier=web")
	settle(l, "enter")
	l.Type("dedicated=web:NoSchedule")
	settle(l, "enter")
	for _, name := range others {
		l.WaitFor(5*time.Second, "Node labels of pool "+name)
		settle(l, "enter", "enter")
	}
	l.WaitFor(5*time.Second, "Surge upgrades?")
	settle(l, "enter", "y", "down", "down", "down", "down", "down", "down", "down", "enter")
	l.WaitFor(5*time.Second, "Maintenance window start")
	settle(l, backspaces("04:00")...)
	l.Type("03:30")
	settle(l, "enter")
	l.WaitFor(5*time.Second, "Integrate the account's container registry?")
	settle(l, "y")
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
