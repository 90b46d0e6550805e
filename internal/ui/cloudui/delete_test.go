package cloudui

import (
	"strings"
	"testing"

	"github.com/flightdeck/fdtui/internal/cloud/do"
)

func deleteFixture() (do.Cluster, []do.Resource) {
	cl := do.Cluster{Name: "prod", Region: "nyc3", MonthlyCost: 315, Pools: []do.Pool{{Count: 3, MonthlyPrice: 48}, {Count: 1, MonthlyPrice: 131}}}
	rs := []do.Resource{
		do.PriceVolume(do.Resource{Kind: do.KindVolume, ID: "v1", Name: "pvc-a"}, 20),
		do.PriceVolume(do.Resource{Kind: do.KindVolume, ID: "v2", Name: "pvc-b"}, 50),
		do.PriceSnapshot(do.Resource{Kind: do.KindSnapshot, ID: "s1", Name: "before-upgrade"}, 15),
		{Kind: do.KindLoadBalancer, ID: "lb1", Name: "ingress", Unknown: "could not be read (404)"},
	}
	return cl, rs
}

func TestDeleteLines(t *testing.T) {
	cl, rs := deleteFixture()
	sel := Selection(rs, []string{"volume:v2", "load balancer:lb1"})
	if len(sel.Volumes) != 1 || sel.Volumes[0] != "v2" || len(sel.LoadBalancers) != 1 || len(sel.VolumeSnapshots) != 0 {
		t.Fatalf("selection %+v", sel)
	}
	got := strings.Join(DeleteLines(cl, rs, sel), "\n")
	for _, want := range []string{
		"Deletes DigitalOcean cluster prod (nyc3, 4 nodes, $315/mo)",
		"Also deletes:\n  volume pvc-b (50 GiB, $5/mo)\n  load balancer ingress (price unknown: could not be read (404))\n",
		"Keeps (DigitalOcean keeps billing them):\n  volume pvc-a (20 GiB, $2/mo)\n  snapshot before-upgrade (15 GiB, $0.90/mo)\n",
		"What is kept still costs $2.90/mo (estimate from list prices: DigitalOcean pricing page, 2026).",
		"do-nyc3-prod",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %q:\n%s", want, got)
		}
	}
	if got := strings.Join(DeleteLines(cl, nil, do.DeleteSelection{}), "\n"); strings.Contains(got, "Also deletes") || strings.Contains(got, "Keeps") {
		t.Errorf("nothing associated:\n%s", got)
	}
	cl.Pools[1].MonthlyPrice, cl.MonthlyCost = 0, 184
	if got := DeleteLines(cl, nil, do.DeleteSelection{})[0]; !strings.Contains(got, "(nyc3, 4 nodes, $184/mo + nodes of unknown price)") {
		t.Errorf("a pool without a price: %s", got)
	}
}

func TestSnapshotsCanBeChosen(t *testing.T) {
	_, rs := deleteFixture()
	sel := Selection(rs, []string{"snapshot:s1", "volume:nope"})
	if len(sel.VolumeSnapshots) != 1 || sel.VolumeSnapshots[0] != "s1" || len(sel.Volumes) != 0 || len(sel.LoadBalancers) != 0 {
		t.Errorf("selection %+v", sel)
	}
}

func TestLeftBehindLines(t *testing.T) {
	cl, rs := deleteFixture()
	got := strings.Join(LeftBehindLines(cl, rs[2:]), "\n")
	want := "Left behind on DigitalOcean, billed until you delete them there:\n" +
		"  snapshot before-upgrade (15 GiB, $0.90/mo)\n" +
		"  load balancer ingress (price unknown: could not be read (404))\n" +
		"\n" +
		"Still costs $0.90/mo (estimate from list prices: DigitalOcean pricing page, 2026); 1 of unknown price is not counted."
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := LeftBehindLines(cl, nil); len(got) != 1 || got[0] != "Nothing associated with cluster prod is left behind." {
		t.Errorf("nothing left: %q", got)
	}
	if got := CostLine(rs[3:]); got != "unknown (no price could be found for any of them)" {
		t.Errorf("all unknown: %q", got)
	}
}
