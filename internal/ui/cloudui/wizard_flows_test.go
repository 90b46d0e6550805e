package cloudui_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/digitalocean/godo"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// settle presses keys one at a time, each once its effect shows (or 5 s
// pass, on a loaded machine): huh moves between fields and loads options by command, and a key
// pressed before that lands on the old field. enter, y and n move on, so
// they wait for the focus (huh's ┃ bar) to move; other keys wait for any
// change.
func settle(l *uitest.Live, keys ...string) {
	for _, k := range keys {
		moves := k == "enter" || k == "y" || k == "n"
		before := body(l.Screen())
		l.Keys(k)
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			now := body(l.Screen())
			if moves && focused(now) != focused(before) || !moves && now != before {
				break
			}
		}
	}
}

// waitGone waits until the screen no longer shows text.
func waitGone(t *testing.T, l *uitest.Live, text string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); strings.Contains(l.Screen(), text); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%q still shown:\n%s", text, l.Screen())
		}
	}
}

// focused is the first line of the focused field (huh marks it with ┃).
func focused(screen string) string {
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, "┃") {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

// wizardPools answers the cluster and pool steps: name, nyc3, the newest
// version; web on s-2vcpu-4gb, 3 nodes autoscaled 2–5; db as proposed;
// then, when third, a third pool (pool-3) as proposed.
func wizardPools(l *uitest.Live, name string, third bool) {
	settle(l, "c")
	l.WaitFor(10*time.Second, "Cluster name")
	l.Type(name)
	settle(l, "enter", "down", "enter", "enter")
	l.WaitFor(5*time.Second, "Node pool 1", "sizes offered in nyc3")
	settle(l, "down", "down", "enter") // s-2vcpu-4gb
	l.WaitFor(5*time.Second, "Pool name")
	settle(l, "enter", "enter", "y") // web, 3 nodes, autoscaled
	l.WaitFor(5*time.Second, "autoscaling range")
	settle(l, "backspace")
	l.Type("2")
	settle(l, "enter", "backspace")
	l.Type("5")
	settle(l, "enter")
	l.WaitFor(5*time.Second, "Add another node pool?")
	settle(l, "y") // the default is No more: a pool is added on purpose
	for _, n := range []string{"2", "3"} {
		l.WaitFor(5*time.Second, "Node pool "+n, "sizes offered in nyc3")
		settle(l, "enter")
		l.WaitFor(5*time.Second, "Pool name")
		settle(l, "enter", "enter", "enter")
		l.WaitFor(5*time.Second, "Add another node pool?")
		if !third || n == "3" {
			settle(l, "enter")
			return
		}
		settle(l, "y")
	}
}

// TestWizardSendsEveryOptionToDigitalOcean: an autoscaling pool with
// labels and a taint, a VPC, VPC-native subnets, surge and auto-upgrade,
// the maintenance window and the registry reach the stand-in through
// godo; the middle of three pools is left out in the review.
func TestWizardSendsEveryOptionToDigitalOcean(t *testing.T) {
	srv, api := localDO(t, dolocal.Config{ProvisionDelay: time.Minute})
	c, conn, _, path := demoCommon(t)
	l := startLive(t, c, conn, cloudui.Config{DO: api, KubeconfigPath: path, ProvisionPoll: 200 * time.Millisecond})
	l.Keys(":")
	l.Type("clusters")
	l.Keys("enter")
	l.WaitFor(10*time.Second, "legacy-sites")
	wizardPools(l, "fd-options", true)
	advancedAnswers(l, "db", "pool-3")
	l.WaitFor(5*time.Second, "Review", "pool-3 (1 × s-1vcpu-2gb)", "Create fd-options for $136/mo")
	settle(l, "down", "x") // leave out db, the middle pool
	l.WaitFor(5*time.Second, "Create fd-options for $124/mo ($0.185/h; $100–$172/mo as it autoscales)?")
	waitGone(t, l, "db         s-1vcpu-2gb") // the review's table follows too
	settle(l, "enter", "y")
	progress := l.WaitFor(10*time.Second, "Creating cluster fd-options in nyc3", "container registry integrated")
	t.Log("\n" + progress)

	got, ok := srv.Cluster("fd-options")
	if !ok {
		t.Fatal("the stand-in has no fd-options")
	}
	if got.VPCUUID != vpcID(t, api, "flightdeck-nyc3") || got.ClusterSubnet != "10.200.0.0/16" || got.ServiceSubnet != "10.201.0.0/16" ||
		!got.HA || !got.SurgeUpgrade || !got.AutoUpgrade || !got.RegistryEnabled {
		t.Errorf("stored cluster %+v", got)
	}
	if m := got.MaintenancePolicy; m == nil || m.Day != godo.KubernetesMaintenanceDaySunday || m.StartTime != "03:30" {
		t.Errorf("maintenance %+v", m)
	}
	if len(got.NodePools) != 2 || got.NodePools[0].Name != "web" || got.NodePools[1].Name != "pool-3" {
		t.Fatalf("pools %+v", got.NodePools)
	}
	web := got.NodePools[0]
	if !web.AutoScale || web.MinNodes != 2 || web.MaxNodes != 5 || web.Count != 3 || web.Size != "s-2vcpu-4gb" ||
		!reflect.DeepEqual(web.Labels, map[string]string{"tier": "web"}) ||
		!reflect.DeepEqual(web.Taints, []godo.Taint{{Key: "dedicated", Value: "web", Effect: "NoSchedule"}}) {
		t.Errorf("web %+v", web)
	}
	if p3 := got.NodePools[1]; p3.AutoScale || p3.Count != 1 || len(p3.Labels) != 0 || len(p3.Taints) != 0 {
		t.Errorf("pool-3 %+v", p3)
	}
}

// TestWizardRefusedCreateKeepsTheAnswers: DigitalOcean refuses subnets
// that overlap another VPC-native cluster's (only the API knows them);
// the 422's message is shown, enter goes back to the wizard with every
// answer kept, and fixing the subnets alone creates the cluster.
func TestWizardRefusedCreateKeepsTheAnswers(t *testing.T) {
	srv, api := localDO(t, dolocal.Config{ProvisionDelay: time.Minute})
	if _, err := api.CreateCluster(t.Context(), do.CreateRequest{Name: "other", Region: "nyc3", Version: "latest",
		ClusterSubnet: "10.200.0.0/16", ServiceSubnet: "10.201.0.0/16", Pools: []do.PoolRequest{{Size: "s-1vcpu-2gb", Count: 1}}}); err != nil {
		t.Fatal(err)
	}
	c, conn, _, path := demoCommon(t)
	l := startLive(t, c, conn, cloudui.Config{DO: api, KubeconfigPath: path, ProvisionPoll: 200 * time.Millisecond})
	l.Keys(":")
	l.Type("clusters")
	l.Keys("enter")
	l.WaitFor(10*time.Second, "legacy-sites", "other")
	wizardPools(l, "fd-refused", false)
	advancedAnswers(l, "db")
	l.WaitFor(5*time.Second, "Review", "db (1 × s-1vcpu-2gb)", "Create fd-refused for $124/mo")
	settle(l, "enter", "y")
	refused := l.WaitFor(10*time.Second, "DigitalOcean refused the cluster; nothing was created",
		"422", "cluster_subnet 10.200.0.0/16 overlaps cluster other's subnet 10.200.0.0/16", "enter: back to the wizard with your answers")
	t.Log("\n" + refused)
	if _, ok := srv.Cluster("fd-refused"); ok {
		t.Fatal("a refused cluster exists")
	}

	settle(l, "enter")
	l.WaitFor(5*time.Second, "Cluster name", "fd-refused", "DigitalOcean refused the last attempt: DigitalOcean: 422")
	settle(l, "enter", "enter", "enter") // name, region, version as answered
	l.WaitFor(5*time.Second, "Node pool 1", "sizes offered in nyc3")
	settle(l, "enter") // s-2vcpu-4gb as answered
	l.WaitFor(5*time.Second, "Pool name", "web")
	settle(l, "enter", "enter", "enter") // still autoscaled
	l.WaitFor(5*time.Second, "autoscaling range")
	settle(l, "enter", "enter")
	l.WaitFor(5*time.Second, "Add another node pool?")
	settle(l, "enter")
	l.WaitFor(5*time.Second, "Node pool 2", "sizes offered in nyc3")
	settle(l, "enter")
	l.WaitFor(5*time.Second, "Pool name", "db")
	settle(l, "enter", "enter", "enter")
	l.WaitFor(5*time.Second, "Add another node pool?")
	settle(l, "enter")
	l.WaitFor(5*time.Second, "Advanced options?")
	settle(l, "enter", "enter", "enter")
	l.WaitFor(5*time.Second, "VPC network", "flightdeck-nyc3")
	settle(l, "enter") // flightdeck-nyc3 as answered
	l.WaitFor(5*time.Second, "Cluster (pod) subnet", "10.200.0.0/16")
	settle(l, backspaces("10.200.0.0/16")...)
	l.Type("10.210.0.0/16")
	settle(l, "enter")
	settle(l, backspaces("10.201.0.0/16")...)
	l.Type("10.211.0.0/16")
	settle(l, "enter")
	l.WaitFor(5*time.Second, "Node labels of pool web", "tier=web")
	settle(l, "enter", "enter", "enter", "enter") // web's and db's labels and taints as answered
	l.WaitFor(5*time.Second, "Surge upgrades?")
	settle(l, "enter", "enter", "enter", "enter", "enter")
	review := l.WaitFor(5*time.Second, "Review", "VPC flightdeck-nyc3 10.10.0.0/16 · pods 10.210.0.0/16 · services 10.211.0.0/16", "window sunday 03:30 UTC",
		"labels tier=web · taints dedicated=web:NoSchedule", "db (1 × s-1vcpu-2gb)", "Create fd-refused for $124/mo")
	t.Log("\n" + review)
	settle(l, "enter", "y")
	l.WaitFor(10*time.Second, "Creating cluster fd-refused in nyc3", "container registry integrated")
	got, ok := srv.Cluster("fd-refused")
	if !ok || got.VPCUUID != vpcID(t, api, "flightdeck-nyc3") || got.ClusterSubnet != "10.210.0.0/16" || got.ServiceSubnet != "10.211.0.0/16" || !got.AutoUpgrade ||
		got.NodePools[0].Labels["tier"] != "web" || got.NodePools[0].MaxNodes != 5 || !got.RegistryEnabled {
		t.Errorf("second attempt %+v", got)
	}
}

// backspaces are the keys that erase s.
func backspaces(s string) []string {
	keys := make([]string, len(s))
	for i := range keys {
		keys[i] = "backspace"
	}
	return keys
}

// TestWizardUnknownSizePrice: a size DOKS offers that the droplet size
// catalogue lacks is offered as "price unknown", and a pool of it is
// unknown in the review, left out of the TOTAL with a warning, and named
// in the confirmation, never $0.
func TestWizardUnknownSizePrice(t *testing.T) {
	_, api := localDO(t, dolocal.Config{UnpricedSizes: []string{"gpu-l40sx1-48gb"}})
	c, conn, _, path := demoCommon(t)
	l := startLive(t, c, conn, cloudui.Config{DO: api, KubeconfigPath: path})
	l.Keys(":")
	l.Type("clusters")
	l.Keys("enter")
	l.WaitFor(10*time.Second, "legacy-sites")
	settle(l, "c")
	l.WaitFor(10*time.Second, "Cluster name")
	l.Type("fd-gpu")
	settle(l, "enter", "down", "enter", "enter")
	l.WaitFor(5*time.Second, "Node pool 1", "sizes offered in nyc3")
	settle(l, "up") // the list wraps to its end: unknown prices sort last
	l.WaitFor(5*time.Second, "> gpu-l40sx1-48gb not in the size catalogue: price unknown")
	settle(l, "enter")
	l.WaitFor(5*time.Second, "Pool name")
	settle(l, "enter", "enter", "enter")
	l.WaitFor(5*time.Second, "Add another node pool?")
	settle(l, "y")
	l.WaitFor(5*time.Second, "Node pool 2", "sizes offered in nyc3")
	settle(l, "enter")
	l.WaitFor(5*time.Second, "Pool name")
	settle(l, "enter", "enter", "enter")
	l.WaitFor(5*time.Second, "Add another node pool?")
	settle(l, "enter")
	l.WaitFor(5*time.Second, "Advanced options?")
	settle(l, "enter", "enter", "enter")
	review := l.WaitFor(5*time.Second, "Review", "gpu-l40sx1-48gb", "unknown",
		"$52/mo  $0.078/h  + 1 pool of unknown price", "Warning: web (gpu-l40sx1-48gb) not in DigitalOcean's size catalogue",
		"Create fd-gpu for $52/mo ($0.078/h) + 1 pool of unknown price?")
	t.Log("\n" + review)
	if strings.Contains(review, "$0/mo") || strings.Contains(review, "$0.00") {
		t.Errorf("an unknown price shows as $0:\n%s", review)
	}
}

// vpcID is the ID of the account's VPC called name.
func vpcID(t *testing.T, api do.API, name string) string {
	t.Helper()
	vpcs, err := api.VPCs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vpcs {
		if v.Name == name {
			return v.ID
		}
	}
	t.Fatalf("no VPC %s", name)
	return ""
}
