package dolocal

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/digitalocean/godo"
)

type vpcsRoot struct {
	VPCs  []godo.VPC `json:"vpcs"`
	Links godo.Links `json:"links"`
	Meta  godo.Meta  `json:"meta"`
}

// TestCreateRefusesInvalidCombinations answers 422 with DO's error body
// for what DO refuses in a create's pools, network and window.
func TestCreateRefusesInvalidCombinations(t *testing.T) {
	s := New(Config{Token: "t", UnpricedSizes: []string{"gpu-new"}})
	vpcs := decode[vpcsRoot](t, do(t, s, "GET", "/v2/vpcs", "t", nil))
	if len(vpcs.VPCs) != len(seedVPCs) || vpcs.Meta.Total != len(seedVPCs) || vpcs.VPCs[0].RegionSlug != "nyc3" || !vpcs.VPCs[0].Default {
		t.Fatalf("vpcs %+v", vpcs)
	}
	cases := map[string]func(*godo.KubernetesClusterCreateRequest){
		"min_nodes <= max_nodes": func(r *godo.KubernetesClusterCreateRequest) {
			r.NodePools[0].AutoScale, r.NodePools[0].MinNodes, r.NodePools[0].MaxNodes = true, 3, 2
		},
		"0 <= min_nodes": func(r *godo.KubernetesClusterCreateRequest) {
			r.NodePools[0].AutoScale, r.NodePools[0].MinNodes, r.NodePools[0].MaxNodes, r.NodePools[0].Count = true, 0, 0, 0
		},
		"cluster_subnet 10.200.0.0/16 overlaps service_subnet 10.200.0.0/20": func(r *godo.KubernetesClusterCreateRequest) {
			r.ClusterSubnet, r.ServiceSubnet = "10.200.0.0/16", "10.200.0.0/20"
		},
		"must be an IPv4 network":   func(r *godo.KubernetesClusterCreateRequest) { r.ClusterSubnet = "10.200.1.0/16" },
		"must be within 10.0.0.0/8": func(r *godo.KubernetesClusterCreateRequest) { r.ServiceSubnet = "100.64.0.0/16" },
		"effect must be one of": func(r *godo.KubernetesClusterCreateRequest) {
			r.NodePools[0].Taints = []godo.Taint{{Key: "k", Value: "v", Effect: "Sometimes"}}
		},
		`label "-x=y" is invalid`: func(r *godo.KubernetesClusterCreateRequest) { r.NodePools[0].Labels = map[string]string{"-x": "y"} },
		"start_time": func(r *godo.KubernetesClusterCreateRequest) {
			r.MaintenancePolicy = &godo.KubernetesMaintenancePolicy{StartTime: "25:00"}
		},
		`"g-2vcpu-8gb" is not available in region blr1`: func(r *godo.KubernetesClusterCreateRequest) {
			r.RegionSlug, r.NodePools[0].Size = "blr1", "g-2vcpu-8gb"
		},
	}
	for want, mutate := range cases {
		body := createBody("combo", "latest", nil)
		mutate(&body)
		rec := do(t, s, "POST", "/v2/kubernetes/clusters", "t", body)
		if e := decode[apiError](t, rec); rec.Code != 422 || e.ID != "unprocessable_entity" || !strings.Contains(e.Message, want) {
			t.Errorf("%s: %d %+v", want, rec.Code, e)
		}
	}
	body := createBody("gpu", "latest", nil)
	body.NodePools[0].Size = "gpu-new"
	if rec := do(t, s, "POST", "/v2/kubernetes/clusters", "t", body); rec.Code != 201 {
		t.Errorf("an unpriced DOKS size is still a DOKS size: %d %s", rec.Code, rec.Body)
	}
}

func TestAddRegistry(t *testing.T) {
	s := New(Config{Token: "t", Seed: DefaultSeed()})
	prod, _ := s.Cluster("flightdeck-prod")
	if prod.RegistryEnabled {
		t.Fatal("registry on from the start")
	}
	if rec := do(t, s, "POST", "/v2/kubernetes/registry", "t", godo.KubernetesClusterRegistryRequest{ClusterUUIDs: []string{prod.ID}}); rec.Code != 204 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	if prod, _ = s.Cluster("flightdeck-prod"); !prod.RegistryEnabled {
		t.Error("registry not recorded")
	}
	if rec := do(t, s, "POST", "/v2/kubernetes/registry", "t", godo.KubernetesClusterRegistryRequest{ClusterUUIDs: []string{"nope"}}); rec.Code != 404 {
		t.Errorf("unknown cluster: %d", rec.Code)
	}
	if rec := do(t, s, "POST", "/v2/kubernetes/registry", "t", godo.KubernetesClusterRegistryRequest{}); rec.Code != 422 {
		t.Errorf("no cluster: %d", rec.Code)
	}
}

// TestNewDefaultVPCKeepsClearOfTheSubnets: in a region without a VPC the
// default VPC DO creates takes a range clear of the cluster's subnets; when
// the subnets leave no room in 10.100.0.0/12 the create is refused (422).
func TestNewDefaultVPCKeepsClearOfTheSubnets(t *testing.T) {
	s := New(Config{Token: "t"})
	body := createBody("tight", "latest", nil)
	body.RegionSlug, body.ClusterSubnet, body.ServiceSubnet = "tor1", "10.0.0.0/8", ""
	rec := do(t, s, "POST", "/v2/kubernetes/clusters", "t", body)
	if e := decode[apiError](t, rec); rec.Code != 422 || e.ID != "unprocessable_entity" || !strings.Contains(e.Message, "region tor1 has no VPC yet") {
		t.Errorf("pods in all of 10.0.0.0/8: %d %+v", rec.Code, e)
	}
	if s.findDefaultVPC("tor1") != nil {
		t.Error("a refused create made a VPC")
	}
	body.ClusterSubnet, body.ServiceSubnet = "10.96.0.0/11", "10.200.0.0/16" // 10.96–10.127: no room at 10.100–10.116
	if rec := do(t, s, "POST", "/v2/kubernetes/clusters", "t", body); rec.Code != 422 {
		t.Errorf("pods over 10.100.0.0/12: %d %s", rec.Code, rec.Body)
	}
	body.ClusterSubnet = "10.100.0.0/16"
	if rec := do(t, s, "POST", "/v2/kubernetes/clusters", "t", body); rec.Code != 201 {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	v := s.findDefaultVPC("tor1")
	if v == nil || netip.MustParsePrefix(v.IPRange).Overlaps(netip.MustParsePrefix("10.100.0.0/16")) {
		t.Errorf("default-tor1 = %+v, overlaps the pods' 10.100.0.0/16", v)
	}
}
