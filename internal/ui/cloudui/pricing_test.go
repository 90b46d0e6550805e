package cloudui

import (
	"strings"
	"testing"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/do"
)

func TestPriceChange(t *testing.T) {
	cases := []struct {
		unit     float64
		from, to actions.PoolShape
		want     string
	}{
		{24, actions.PoolShape{Count: 3}, actions.PoolShape{Count: 4}, "$72/mo -> $96/mo (+$24/mo)"},
		{24, actions.PoolShape{Count: 4}, actions.PoolShape{Count: 2}, "$96/mo -> $48/mo (-$48/mo)"},
		{24, actions.PoolShape{Count: 3}, actions.PoolShape{Count: 3}, "$72/mo -> $72/mo"},
		{24, actions.PoolShape{Count: 3}, actions.PoolShape{Count: 3, AutoScale: true, Min: 1, Max: 5}, "$72/mo -> $24–$120/mo"},
		{24, actions.PoolShape{Count: 2, AutoScale: true, Min: 1, Max: 4}, actions.PoolShape{Count: 2}, "$24–$96/mo -> $48/mo"},
		{131, actions.PoolShape{Count: 1}, actions.PoolShape{Count: 2}, "$131/mo -> $262/mo (+$131/mo)"},
		{4.5, actions.PoolShape{Count: 1}, actions.PoolShape{Count: 2}, "$4.50/mo -> $9/mo (+$4.50/mo)"},
	}
	for _, tc := range cases {
		if got := PriceChange(tc.unit, tc.from, tc.to); got != tc.want {
			t.Errorf("PriceChange(%v, %v, %v) = %q, want %q", tc.unit, tc.from, tc.to, got, tc.want)
		}
	}
}

func TestScaleLines(t *testing.T) {
	web := do.Pool{ID: "p1", Name: "web", Size: "s-2vcpu-4gb", Count: 3, MonthlyPrice: 24, HourlyPrice: 0.03571}
	cl := do.Cluster{Name: "shop", Pools: []do.Pool{web, {Name: "db", Count: 1, MonthlyPrice: 131}}, HA: true, MonthlyCost: 72 + 131 + 40}
	got := strings.Join(ScaleLines(cl, web, actions.PoolShape{Count: 4}), "\n")
	want := "Pool web of cluster shop: s-2vcpu-4gb nodes at $24/mo each ($0.036/h).\n" +
		"Nodes: 3 nodes -> 4 nodes\nPool price: $72/mo -> $96/mo (+$24/mo)\nCluster price: $243/mo -> $267/mo"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	auto := strings.Join(ScaleLines(cl, web, actions.PoolShape{Count: 3, AutoScale: true, Min: 2, Max: 5}), "\n")
	if !strings.Contains(auto, "Cluster price: $243/mo -> $219–$291/mo") || !strings.Contains(auto, "autoscaler") {
		t.Errorf("autoscale lines:\n%s", auto)
	}
	unknown := strings.Join(ScaleLines(cl, do.Pool{Name: "x", Size: "weird", Count: 1}, actions.PoolShape{Count: 2}), "\n")
	if !strings.Contains(unknown, "unknown (size weird is not in the price catalogue)") {
		t.Errorf("unknown size:\n%s", unknown)
	}
}

var catalogue = []do.Size{
	{Slug: "s-1vcpu-2gb", VCPUs: 1, MemoryMB: 2048, PriceMonthly: 12, PriceHourly: 0.01786},
	{Slug: "s-2vcpu-4gb", VCPUs: 2, MemoryMB: 4096, PriceMonthly: 24, PriceHourly: 0.03571},
	{Slug: "so-2vcpu-16gb", VCPUs: 2, MemoryMB: 16384, PriceMonthly: 131, PriceHourly: 0.19494},
	{Slug: "new-size"},
}

func TestReviewLines(t *testing.T) {
	req := do.CreateRequest{Name: "shop", Region: "fra1", Version: "1.36.3-do.0", HA: true, Pools: []do.PoolRequest{
		{Name: "web", Size: "s-2vcpu-4gb", Count: 3, AutoScale: true, Min: 2, Max: 6, Labels: map[string]string{"tier": "web"},
			Taints: []do.Taint{{Key: "dedicated", Value: "web", Effect: "NoSchedule"}}},
		{Name: "db", Size: "so-2vcpu-16gb", Count: 1},
	}}
	got := strings.Join(ReviewLines(req, catalogue), "\n")
	for _, want := range []string{
		"web        s-2vcpu-4gb       3 (2–6)       $24     $72/mo  $0.107/h  $48–$144/mo",
		"  labels tier=web · taints dedicated=web:NoSchedule",
		"db         so-2vcpu-16gb           1      $131    $131/mo  $0.195/h\n",
		"HA control plane (estimate)                        $40/mo  $0.060/h",
		"TOTAL                                             $243/mo  $0.362/h  $219–$315/mo",
		"HA price estimated from DigitalOcean's Kubernetes pricing page, 2026; the API does not publish it.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("review lacks %q:\n%s", want, got)
		}
	}
	if c := costText(do.Price(req, catalogue)); c != "$243/mo ($0.362/h; $219–$315/mo as it autoscales)" {
		t.Errorf("confirmation price %q", c)
	}
}

// TestReviewUnknownPrice: a pool whose size has no price says unknown, is
// left out of the TOTAL with a warning, and the confirmation says so; no
// $0 anywhere.
func TestReviewUnknownPrice(t *testing.T) {
	req := do.CreateRequest{Name: "gpu", Pools: []do.PoolRequest{
		{Name: "web", Size: "s-1vcpu-2gb", Count: 2},
		{Name: "gpu", Size: "new-size", Count: 1, AutoScale: true, Min: 1, Max: 3},
	}}
	got := strings.Join(ReviewLines(req, catalogue), "\n")
	for _, want := range []string{
		"gpu        new-size          1 (1–3)   unknown    unknown   unknown",
		"TOTAL                                              $24/mo  $0.036/h  + 1 pool of unknown price\n",
		"Warning: gpu (new-size) not in DigitalOcean's size catalogue: price unknown, left out of the TOTAL.",
		"The basic control plane is free.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("review lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "$0/mo") || strings.Contains(got, "$0.00") {
		t.Errorf("an unknown price became $0:\n%s", got)
	}
	if c := costText(do.Price(req, catalogue)); c != "$24/mo ($0.036/h) + 1 pool of unknown price" {
		t.Errorf("confirmation price %q", c)
	}
	if SizeLabel(catalogue[3]) != "new-size        not in the size catalogue: price unknown" {
		t.Errorf("label %q", SizeLabel(catalogue[3]))
	}
}

func TestSizeChoices(t *testing.T) {
	if got := smallestSize(catalogue); got != "s-1vcpu-2gb" {
		t.Errorf("smallest = %s", got)
	}
	if got := bySize(catalogue); got[len(got)-1].Slug != "new-size" {
		t.Errorf("unpriced sizes should sort last: %v", got)
	}
	if got := SizeLabel(catalogue[1]); got != "s-2vcpu-4gb      2 vCPU   4 GB  $24/mo" {
		t.Errorf("label %q", got)
	}
	vs := newestFirst([]do.Version{{Slug: "1.9.0-do.0", KubernetesVersion: "1.9.0"}, {Slug: "1.36.3-do.0", KubernetesVersion: "1.36.3"}, {Slug: "1.35.10-do.1", KubernetesVersion: "1.35.10"}})
	if vs[0].Slug != "1.36.3-do.0" || vs[1].Slug != "1.35.10-do.1" || vs[2].Slug != "1.9.0-do.0" {
		t.Errorf("versions %v", vs)
	}
}
