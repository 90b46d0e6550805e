package do

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/digitalocean/godo"
)

func vpcNamed(t *testing.T, vpcs []VPC, name string) VPC {
	t.Helper()
	for _, v := range vpcs {
		if v.Name == name {
			return v
		}
	}
	t.Fatalf("no VPC %s in %+v", name, vpcs)
	return VPC{}
}

// TestCreateSendsEveryOption: every wizard option reaches the stand-in
// through godo's create request, and AddRegistry marks the cluster.
func TestCreateSendsEveryOption(t *testing.T) {
	srv, c := localAPI(t, seeded(time.Second))
	ctx := testContext(t)
	vpcs, err := c.VPCs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	vpc := vpcNamed(t, vpcs, "flightdeck-nyc3")
	if vpc.Region != "nyc3" || vpc.IPRange != "10.10.0.0/16" || vpc.Default || !vpcNamed(t, vpcs, "default-nyc3").Default {
		t.Errorf("VPCs: %+v", vpcs)
	}
	req := CreateRequest{
		Name: "shop", Region: "nyc3", Version: "1.36.3-do.0", HA: true,
		VPC: vpc.ID, ClusterSubnet: "10.200.0.0/16", ServiceSubnet: "10.201.0.0/16",
		SurgeUpgrade: true, AutoUpgrade: true, Maintenance: &Maintenance{Day: "sunday", StartTime: "03:30"}, Registry: true,
		Pools: []PoolRequest{{
			Name: "web", Size: "s-2vcpu-4gb", Count: 2, AutoScale: true, Min: 1, Max: 5,
			Labels: map[string]string{"tier": "web"}, Taints: []Taint{{Key: "dedicated", Value: "web", Effect: "NoSchedule"}},
		}},
	}
	created, err := c.CreateCluster(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddRegistry(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	got, ok := srv.Cluster("shop")
	if !ok {
		t.Fatal("not stored")
	}
	if got.VPCUUID != vpc.ID || got.ClusterSubnet != "10.200.0.0/16" || got.ServiceSubnet != "10.201.0.0/16" ||
		!got.SurgeUpgrade || !got.AutoUpgrade || !got.HA || !got.RegistryEnabled {
		t.Errorf("stored %+v", got)
	}
	if m := got.MaintenancePolicy; m == nil || m.Day != godo.KubernetesMaintenanceDaySunday || m.StartTime != "03:30" {
		t.Errorf("maintenance %+v", m)
	}
	p := got.NodePools[0]
	if !p.AutoScale || p.MinNodes != 1 || p.MaxNodes != 5 || p.Count != 2 || p.Labels["tier"] != "web" ||
		!reflect.DeepEqual(p.Taints, []godo.Taint{{Key: "dedicated", Value: "web", Effect: "NoSchedule"}}) {
		t.Errorf("pool %+v", p)
	}
	if err := c.AddRegistry(ctx, "no-such-cluster"); HTTPStatus(err) != http.StatusNotFound {
		t.Errorf("registry for a missing cluster: %v", err)
	}
}

// TestCreateWithoutVPCUsesTheRegionDefault: an empty VPC is the region's
// default VPC, made on first use where there is none.
func TestCreateWithoutVPCUsesTheRegionDefault(t *testing.T) {
	srv, c := localAPI(t, seeded(time.Second))
	ctx := testContext(t)
	for _, region := range []string{"nyc3", "lon1"} {
		name := "plain-" + region
		if _, err := c.CreateCluster(ctx, CreateRequest{Name: name, Region: region, Version: "1.35.6-do.1", Pools: []PoolRequest{{Size: "s-1vcpu-2gb", Count: 1}}}); err != nil {
			t.Fatal(err)
		}
		got, _ := srv.Cluster(name)
		vpcs, _ := c.VPCs(ctx)
		def := vpcNamed(t, vpcs, "default-"+region)
		if got.VPCUUID != def.ID || !def.Default || got.HA || got.MaintenancePolicy == nil || got.MaintenancePolicy.StartTime != "04:00" {
			t.Errorf("%s: %+v in %+v", region, got, def)
		}
	}
}

// TestStandInRefusesInvalidCombinations: what only the API can know (the
// VPC's region and range, other clusters' subnets, sizes per region)
// comes back as one readable 422 line.
func TestStandInRefusesInvalidCombinations(t *testing.T) {
	_, c := localAPI(t, seeded(time.Second))
	ctx := testContext(t)
	vpcs, _ := c.VPCs(ctx)
	fra := vpcNamed(t, vpcs, "agency-fra1")
	base := func() CreateRequest {
		return CreateRequest{Name: "x", Region: "nyc3", Version: "latest", Pools: []PoolRequest{{Name: "p", Size: "s-1vcpu-2gb", Count: 1}}}
	}
	first := base()
	first.Name, first.ClusterSubnet, first.ServiceSubnet = "first", "10.200.0.0/16", "10.201.0.0/16"
	if _, err := c.CreateCluster(ctx, first); err != nil {
		t.Fatal(err)
	}
	cases := map[string]func(*CreateRequest){
		"VPC agency-fra1 is in region fra1, not in the cluster's region nyc3": func(r *CreateRequest) { r.VPC = fra.ID },
		"is not a VPC in this account":                                        func(r *CreateRequest) { r.VPC = "0000" },
		"cluster_subnet 10.108.0.0/16 overlaps the VPC's range 10.108.0.0/20": func(r *CreateRequest) { r.ClusterSubnet = "10.108.0.0/16" },
		"service_subnet 10.201.0.0/16 overlaps cluster first's subnet":        func(r *CreateRequest) { r.ServiceSubnet = "10.201.0.0/16" },
		`size "so-2vcpu-16gb" is not available in region syd1`: func(r *CreateRequest) {
			r.Region, r.Pools[0].Size = "syd1", "so-2vcpu-16gb"
		},
	}
	for want, mutate := range cases {
		req := base()
		mutate(&req)
		_, err := c.CreateCluster(ctx, req)
		if HTTPStatus(err) != http.StatusUnprocessableEntity || !strings.Contains(err.Error(), want) {
			t.Errorf("want 422 %q, got %v", want, err)
		}
	}
}

// TestOptionsUnpricedSizeIsUnknown: a size DOKS offers that the droplet
// catalogue lacks is offered with an unknown price, never $0.
func TestOptionsUnpricedSizeIsUnknown(t *testing.T) {
	cfg := seeded(time.Second)
	cfg.UnpricedSizes = []string{"gpu-l40sx1-48gb"}
	_, c := localAPI(t, cfg)
	opts, err := c.Options(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	var gpu *Size
	for i := range opts.Sizes {
		if opts.Sizes[i].Slug == "gpu-l40sx1-48gb" {
			gpu = &opts.Sizes[i]
		}
	}
	if gpu == nil || gpu.Priced() || !gpu.OfferedIn("nyc3") {
		t.Fatalf("unpriced size: %+v", gpu)
	}
	cost := Price(CreateRequest{Pools: []PoolRequest{{Name: "gpu", Size: gpu.Slug, Count: 1}, {Name: "web", Size: "s-1vcpu-2gb", Count: 1}}}, opts.Sizes)
	if cost.Unknown != 1 || cost.Monthly != 12 || !cost.Pools[0].UnknownSize {
		t.Errorf("cost %+v", cost)
	}
	for _, s := range opts.Sizes {
		if s.Slug == "so-2vcpu-16gb" && (s.OfferedIn("syd1") || !s.OfferedIn("nyc3")) {
			t.Errorf("so-2vcpu-16gb regions %v", s.Regions)
		}
	}
}
