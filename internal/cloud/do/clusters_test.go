package do

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/digitalocean/godo"

	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
)

func TestListClustersFollowsEveryPage(t *testing.T) {
	cfg := seeded(time.Second)
	for i := range 4 {
		cfg.Seed = append(cfg.Seed, dolocal.SeedCluster{
			Name: fmt.Sprintf("site-%d", i), Region: "fra1", Version: "1.36.3-do.0",
			Pools: []dolocal.SeedPool{{Name: "p", Size: "s-1vcpu-2gb", Count: 1}},
		})
	}
	srv, c := localAPI(t, cfg, WithPageSize(2))
	got, err := c.ListClusters(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 7 {
		t.Fatalf("got %d clusters, want 7 (3 seeded + 4)", len(got))
	}
	if got[0].Name != "flightdeck-prod" || got[6].Name != "site-3" {
		t.Errorf("order: first %q last %q", got[0].Name, got[6].Name)
	}
	// 4 pages of clusters plus the size catalogue (13 sizes in pages of 2).
	if n := srv.Requests(); n != 4+7 {
		t.Errorf("requests = %d, want 11", n)
	}
}

func TestListClustersConvertsAndPrices(t *testing.T) {
	_, c := localAPI(t, seeded(time.Second))
	got, err := c.ListClusters(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	prod := clusterNamed(t, got, "flightdeck-prod")
	if prod.Status != "running" || !prod.HA || prod.Region != "nyc3" || prod.Endpoint == "" {
		t.Errorf("prod = %+v", prod)
	}
	// 3 x s-4vcpu-8gb ($48) + 1 x so-2vcpu-16gb ($131) + HA ($40).
	if want := 3*48.0 + 131 + 40; math.Abs(prod.MonthlyCost-want) > 0.001 {
		t.Errorf("prod monthly = %v, want %v", prod.MonthlyCost, want)
	}
	web := prod.Pools[0]
	if web.Name != "web" || web.Count != 3 || len(web.Nodes) != 3 || web.MonthlyPrice != 48 || web.HourlyPrice != 0.07143 {
		t.Errorf("web pool = %+v", web)
	}
	if !strings.HasPrefix(web.Nodes[0], "web-") {
		t.Errorf("node name %q should start with the pool name", web.Nodes[0])
	}
	staging := clusterNamed(t, got, "flightdeck-staging")
	if p := staging.Pools[0]; !p.AutoScale || p.Min != 1 || p.Max != 4 {
		t.Errorf("staging pool = %+v", p)
	}
	legacy := clusterNamed(t, got, "legacy-sites")
	if legacy.Status != "degraded" || !strings.Contains(legacy.StatusMessage, "not ready") {
		t.Errorf("legacy status = %q %q", legacy.Status, legacy.StatusMessage)
	}
}

func TestCreateThenPollUntilRunning(t *testing.T) {
	_, c := localAPI(t, seeded(400*time.Millisecond))
	ctx := testContext(t)
	created, err := c.CreateCluster(ctx, CreateRequest{
		Name: "example-com", Region: "fra1", Version: "1.36.3-do.0", HA: true, Tags: []string{"flightdeck"},
		Pools: []PoolRequest{{Size: "s-2vcpu-4gb", Count: 3}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if created.Status != "provisioning" || created.Endpoint != "" || created.ID == "" {
		t.Errorf("new cluster = %+v", created)
	}
	if created.Pools[0].Name != "example-com-default-pool" {
		t.Errorf("unnamed pool got %q, want doctl's default name", created.Pools[0].Name)
	}
	if want := 3*24.0 + HAMonthly; created.MonthlyCost != want {
		t.Errorf("monthly = %v, want %v", created.MonthlyCost, want)
	}
	running := pollRunning(t, c, created.ID)
	if running.Endpoint == "" {
		t.Error("running cluster has no endpoint")
	}
	msgs, err := c.StatusMessages(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) == 0 || !strings.HasSuffix(msgs[len(msgs)-1], "Cluster is running") {
		t.Errorf("status messages = %q", msgs)
	}
}

func pollRunning(t *testing.T, c *Client, id string) Cluster {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		got, err := c.GetCluster(testContext(t), id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status == "running" {
			return got
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("cluster never became running")
	return Cluster{}
}

func TestCreateRejectedLocallyBeforeAnyRequest(t *testing.T) {
	srv, c := localAPI(t, seeded(time.Second))
	bad := []CreateRequest{
		{Name: "Bad_Name", Region: "nyc1", Version: "latest", Pools: []PoolRequest{{Size: "s-1vcpu-2gb", Count: 1}}},
		{Name: "ok", Region: "nyc1", Version: "latest"},
		{Name: "ok", Region: "nyc1", Version: "latest", Pools: []PoolRequest{{Size: "s-1vcpu-2gb", Count: 0}}},
		{Name: "ok", Region: "nyc1", Version: "latest", Pools: []PoolRequest{{Size: "s-1vcpu-2gb", Count: 5, AutoScale: true, Min: 1, Max: 3}}},
		{Name: "ok", Region: "nyc1", Version: "latest", Pools: []PoolRequest{{Count: 1}}},
	}
	for _, req := range bad {
		if _, err := c.CreateCluster(testContext(t), req); err == nil {
			t.Errorf("%+v: want an error", req)
		}
	}
	if srv.Requests() != 0 {
		t.Errorf("invalid requests reached the API %d times", srv.Requests())
	}
}

func TestOptionsJoinSizesWithPrices(t *testing.T) {
	_, c := localAPI(t, seeded(time.Second), WithPageSize(5))
	opts, err := c.Options(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(opts.Regions) != 10 || opts.Regions[0] != (Region{Slug: "nyc1", Name: "New York 1"}) {
		t.Errorf("regions = %+v", opts.Regions)
	}
	if len(opts.Versions) != 3 || opts.Versions[0] != (Version{Slug: "1.36.3-do.0", KubernetesVersion: "1.36.3"}) {
		t.Errorf("versions = %+v", opts.Versions)
	}
	bySlug := map[string]Size{}
	for _, s := range opts.Sizes {
		bySlug[s.Slug] = s
	}
	want := map[string]Size{
		"s-1vcpu-2gb":   {Slug: "s-1vcpu-2gb", Name: "s-1vcpu-2gb", VCPUs: 1, MemoryMB: 2048, PriceMonthly: 12, PriceHourly: 0.01786},
		"s-2vcpu-4gb":   {Slug: "s-2vcpu-4gb", Name: "s-2vcpu-4gb", VCPUs: 2, MemoryMB: 4096, PriceMonthly: 24, PriceHourly: 0.03571},
		"so-2vcpu-16gb": {Slug: "so-2vcpu-16gb", Name: "so-2vcpu-16gb", VCPUs: 2, MemoryMB: 16384, PriceMonthly: 131, PriceHourly: 0.19494},
	}
	for slug, w := range want {
		got := bySlug[slug]
		if len(got.Regions) == 0 {
			t.Errorf("%s has no regions", slug)
		}
		got.Regions = nil
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s = %+v, want %+v", slug, got, w)
		}
	}
	if _, ok := bySlug["s-1vcpu-1gb"]; ok {
		t.Error("s-1vcpu-1gb is catalogue-only and must not be offered for node pools")
	}
}

func TestUpdatePoolResizesAndAutoscales(t *testing.T) {
	_, c := localAPI(t, seeded(time.Second))
	ctx := testContext(t)
	staging := clusterNamed(t, mustList(t, c), "flightdeck-staging")
	pool := staging.Pools[0]

	got, err := c.UpdatePool(ctx, staging.ID, pool.ID, 3, true, 2, 5)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != pool.Name || got.Count != 3 || !got.AutoScale || got.Min != 2 || got.Max != 5 || len(got.Nodes) != 3 {
		t.Errorf("autoscaled pool = %+v", got)
	}
	got, err = c.UpdatePool(ctx, staging.ID, pool.ID, 1, false, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got.Count != 1 || got.AutoScale || len(got.Nodes) != 1 {
		t.Errorf("fixed pool = %+v", got)
	}
	if _, err := c.UpdatePool(ctx, staging.ID, pool.ID, 0, false, 0, 0); err == nil {
		t.Error("a fixed pool of 0 nodes must be refused")
	}
	if _, err := c.UpdatePool(ctx, staging.ID, "no-such-pool", 2, false, 0, 0); !IsNotFound(err) {
		t.Errorf("unknown pool: %v, want 404", err)
	}
}

func TestDeleteWithAssociatedResources(t *testing.T) {
	_, c := localAPI(t, seeded(time.Second))
	ctx := testContext(t)
	prod := clusterNamed(t, mustList(t, c), "flightdeck-prod")
	assoc, err := c.Associated(ctx, prod.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(assoc.Volumes) != 2 || len(assoc.LoadBalancers) != 1 || len(assoc.VolumeSnapshots) != 1 {
		t.Fatalf("associated = %+v", assoc)
	}
	err = c.DeleteCluster(ctx, prod.ID, DeleteSelection{Volumes: []string{"not-a-volume"}})
	if HTTPStatus(err) != 422 || !strings.Contains(err.Error(), "not-a-volume is not associated") {
		t.Errorf("unknown volume: %v", err)
	}
	sel := DeleteSelection{Volumes: []string{assoc.Volumes[0].ID}, LoadBalancers: []string{assoc.LoadBalancers[0].ID}}
	if err := c.DeleteCluster(ctx, prod.ID, sel); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetCluster(ctx, prod.ID); !IsNotFound(err) {
		t.Errorf("deleted cluster: %v, want 404", err)
	}
	staging := clusterNamed(t, mustList(t, c), "flightdeck-staging")
	if err := c.DeleteCluster(ctx, staging.ID, DeleteSelection{}); err != nil {
		t.Fatal(err)
	}
	if left := mustList(t, c); len(left) != 1 || left[0].Name != "legacy-sites" {
		t.Errorf("left = %+v", left)
	}
}

// TestSelectiveDeleteKeepsWhatWasNotChosen deletes prod's snapshot and one
// volume: those answer 404 afterwards, the other volume and the load
// balancer are still there with their prices.
func TestSelectiveDeleteKeepsWhatWasNotChosen(t *testing.T) {
	_, c := localAPI(t, seeded(time.Second))
	ctx := testContext(t)
	prod := clusterNamed(t, mustList(t, c), "flightdeck-prod")
	assoc, err := c.Associated(ctx, prod.ID)
	if err != nil {
		t.Fatal(err)
	}
	before := c.Resources(ctx, assoc)
	want := []string{
		"volume pvc-mysql-example-com 20 GiB 2.00",
		"volume pvc-mysql-shop-example-org 50 GiB 5.00",
		"snapshot mysql-example-com-before-1.35 15 GiB 0.90",
		"load balancer ingress-nginx-controller 1 node 12.00",
	}
	if got := resourceLines(before); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("priced resources:\n%s", strings.Join(got, "\n"))
	}
	sel := DeleteSelection{Volumes: []string{assoc.Volumes[1].ID}, VolumeSnapshots: []string{assoc.VolumeSnapshots[0].ID}}
	if err := c.DeleteCluster(ctx, prod.ID, sel); err != nil {
		t.Fatal(err)
	}
	after := c.Resources(ctx, assoc)
	for i, r := range after {
		gone := r.ID == assoc.Volumes[1].ID || r.ID == assoc.VolumeSnapshots[0].ID
		switch {
		case gone && r.Unknown != "could not be read (404)":
			t.Errorf("%s %s was chosen but is still there: %+v", r.Kind, r.Name, r)
		case !gone && r != before[i]:
			t.Errorf("%s %s was kept but changed: %+v", r.Kind, r.Name, r)
		}
	}
	if total, unknown := SumMonthly(after); total != 14 || unknown != 2 {
		t.Errorf("left behind: $%.2f with %d unknown", total, unknown)
	}
}

func resourceLines(rs []Resource) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%s %s %s %.2f", r.Kind, r.Name, r.Size, r.Monthly))
	}
	return out
}

func TestPricesOfWhatIsLeftBehind(t *testing.T) {
	cases := []struct {
		got          Resource
		size, reason string
		monthly      float64
	}{
		{PriceVolume(Resource{}, 100), "100 GiB", "", 10},
		{PriceVolume(Resource{}, 0), "", "size not reported", 0},
		{PriceSnapshot(Resource{}, 2.5), "2.5 GiB", "", 0.15},
		{PriceLoadBalancer(Resource{}, "REGIONAL", 3, ""), "3 nodes", "", 36},
		{PriceLoadBalancer(Resource{}, "", 0, "lb-medium"), "3 nodes", "", 36},
		{PriceLoadBalancer(Resource{}, "", 0, ""), "", "size not reported", 0},
		{PriceLoadBalancer(Resource{}, "GLOBAL", 1, ""), "", "no list price here for global load balancers", 0},
	}
	for i, tc := range cases {
		r := tc.got
		if r.Size != tc.size || r.Unknown != tc.reason || math.Abs(r.Monthly-tc.monthly) > 1e-9 {
			t.Errorf("case %d: %+v, want %q %q %v", i, r, tc.size, tc.reason, tc.monthly)
		}
	}
}

func TestBalanceFromTheStandIn(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	_, c := localAPI(t, dolocal.Config{Seed: dolocal.DefaultSeed(), Now: func() time.Time { return now }})
	b, err := c.Balance(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	// Every seeded node ran the 60 hours since Dec 1: prod 3 x s-4vcpu-8gb
	// and 1 x so-2vcpu-16gb, staging 2 x s-2vcpu-4gb, legacy 2 x s-2vcpu-2gb.
	want := 60 * (3*0.07143 + 0.19494 + 2*0.03571 + 2*0.02679)
	if math.Abs(b.MonthToDateUsage-want) > 0.006 || !b.GeneratedAt.Equal(now) {
		t.Errorf("balance = %+v, want usage %.2f", b, want)
	}
	if _, err := toBalance(&godo.Balance{MonthToDateUsage: "12,50"}); err == nil {
		t.Error("an amount that is not a number must be an error")
	}
}

func mustList(t *testing.T, c *Client) []Cluster {
	t.Helper()
	cs, err := c.ListClusters(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	return cs
}
