package dolocal

import (
	"testing"
	"time"

	"github.com/digitalocean/godo"
)

// TestAssociatedResourcesAreRetrievable: each associated resource of a
// seeded cluster answers its GET with godo's type in DO's envelope, with
// the seeded size.
func TestAssociatedResourcesAreRetrievable(t *testing.T) {
	s := New(Config{Token: "t", Seed: DefaultSeed()})
	prod := s.clusters[0]
	a := prod.assoc
	vol := decode[struct {
		Volume godo.Volume `json:"volume"`
	}](t, do(t, s, "GET", "/v2/volumes/"+a.Volumes[1].ID, "t", nil)).Volume
	if vol.Name != "pvc-mysql-shop-example-org" || vol.SizeGigaBytes != 50 || vol.Region.Slug != "nyc3" {
		t.Errorf("volume = %+v", vol)
	}
	snap := decode[struct {
		Snapshot godo.Snapshot `json:"snapshot"`
	}](t, do(t, s, "GET", "/v2/snapshots/"+a.VolumeSnapshots[0].ID, "t", nil)).Snapshot
	if snap.Name != "mysql-example-com-before-1.35" || snap.SizeGigaBytes != 15 || snap.ResourceType != "volume" {
		t.Errorf("snapshot = %+v", snap)
	}
	lb := decode[struct {
		LB godo.LoadBalancer `json:"load_balancer"`
	}](t, do(t, s, "GET", "/v2/load_balancers/"+a.LoadBalancers[0].ID, "t", nil)).LB
	if lb.Name != "ingress-nginx-controller" || lb.SizeUnit != 1 || lb.Type != godo.LoadBalancerTypeRegional {
		t.Errorf("load balancer = %+v", lb)
	}
	for _, path := range []string{"/v2/volumes/nope", "/v2/snapshots/nope", "/v2/load_balancers/nope"} {
		if rec := do(t, s, "GET", path, "t", nil); rec.Code != 404 {
			t.Errorf("%s: %d", path, rec.Code)
		}
	}
}

// TestDeleteSelectiveDeletesOnlyWhatIsNamed: the snapshot and one volume
// named go; the other volume and the load balancer stay retrievable.
func TestDeleteSelectiveDeletesOnlyWhatIsNamed(t *testing.T) {
	s := New(Config{Token: "t", Seed: DefaultSeed()})
	prod := s.clusters[0]
	a := prod.assoc
	rec := do(t, s, "DELETE", "/v2/kubernetes/clusters/"+prod.k.ID+"/destroy_with_associated_resources/selective", "t",
		godo.KubernetesClusterDeleteSelectiveRequest{
			Volumes: []string{a.Volumes[0].ID}, VolumeSnapshots: []string{a.VolumeSnapshots[0].ID}, LoadBalancers: []string{},
		})
	if rec.Code != 204 {
		t.Fatalf("selective delete: %d %s", rec.Code, rec.Body)
	}
	for path, want := range map[string]int{
		"/v2/kubernetes/clusters/" + prod.k.ID:        404,
		"/v2/volumes/" + a.Volumes[0].ID:              404,
		"/v2/snapshots/" + a.VolumeSnapshots[0].ID:    404,
		"/v2/volumes/" + a.Volumes[1].ID:              200,
		"/v2/load_balancers/" + a.LoadBalancers[0].ID: 200,
	} {
		if rec := do(t, s, "GET", path, "t", nil); rec.Code != want {
			t.Errorf("GET %s: %d, want %d", path, rec.Code, want)
		}
	}
}

// TestUnknownSnapshotIsRefused: a snapshot of another cluster is a 422 in
// DO's error shape, and nothing is deleted.
func TestUnknownSnapshotIsRefused(t *testing.T) {
	s := New(Config{Token: "t", Seed: DefaultSeed()})
	prod, legacy := s.clusters[0], s.clusters[2]
	rec := do(t, s, "DELETE", "/v2/kubernetes/clusters/"+prod.k.ID+"/destroy_with_associated_resources/selective", "t",
		godo.KubernetesClusterDeleteSelectiveRequest{VolumeSnapshots: []string{legacy.assoc.VolumeSnapshots[0].ID}})
	got := decode[apiError](t, rec)
	if rec.Code != 422 || got.ID != "unprocessable_entity" || got.Message != "volume snapshot "+legacy.assoc.VolumeSnapshots[0].ID+" is not associated with this cluster" {
		t.Errorf("%d %+v", rec.Code, got)
	}
	if rec := do(t, s, "GET", "/v2/snapshots/"+legacy.assoc.VolumeSnapshots[0].ID, "t", nil); rec.Code != 200 {
		t.Errorf("the other cluster's snapshot: %d", rec.Code)
	}
}

// TestBalanceIsGodosShape: amounts as decimal strings, generated_at now.
func TestBalanceIsGodosShape(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	s := New(Config{Token: "t", Now: func() time.Time { return now }, Seed: []SeedCluster{{
		Name: "one", Region: "fra1", Version: "1.36.3-do.0", AgeDays: 3,
		Pools: []SeedPool{{Name: "p", Size: "s-2vcpu-4gb", Count: 2}},
	}}})
	rec := do(t, s, "GET", "/v2/customers/my/balance", "t", nil)
	b := decode[godo.Balance](t, rec)
	// Two nodes for the 10 hours of December so far at $0.03571/h.
	if rec.Code != 200 || b.MonthToDateUsage != "0.71" || b.AccountBalance != "0.00" || !b.GeneratedAt.Equal(now) {
		t.Errorf("%d %+v", rec.Code, b)
	}
}

// TestUsageDoesNotShrinkWhenClustersGo: month-to-date usage after a
// cluster is deleted (and after a pool is scaled down) is at least what
// it was before: the hours its nodes ran stay billed.
func TestUsageDoesNotShrinkWhenClustersGo(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	s := New(Config{Token: "t", Seed: DefaultSeed(), Now: func() time.Time { return now }})
	usage := func() string {
		return decode[godo.Balance](t, do(t, s, "GET", "/v2/customers/my/balance", "t", nil)).MonthToDateUsage
	}
	before := usage()
	prod := s.clusters[0]
	pool := prod.k.NodePools[0]
	count := 1
	if rec := do(t, s, "PUT", "/v2/kubernetes/clusters/"+prod.k.ID+"/node_pools/"+pool.ID, "t",
		godo.KubernetesNodePoolUpdateRequest{Name: pool.Name, Count: &count}); rec.Code != 202 {
		t.Fatalf("scale down: %d %s", rec.Code, rec.Body)
	}
	if after := usage(); after != before {
		t.Errorf("usage after scale-down = %s, want still %s at the same instant", after, before)
	}
	for _, c := range append([]*cluster{}, s.clusters...) {
		if rec := do(t, s, "DELETE", "/v2/kubernetes/clusters/"+c.k.ID, "t", nil); rec.Code != 204 {
			t.Fatalf("delete: %d", rec.Code)
		}
	}
	if after := usage(); after != before {
		t.Errorf("usage after delete = %s, want still %s at the same instant", after, before)
	}
	now = now.Add(time.Hour)
	if later := usage(); later != before {
		t.Errorf("usage an hour after every cluster went = %s, want %s (nothing runs)", later, before)
	}
}
