package store_test

import (
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/flightdeck/fdtui/hack/bench/fleet"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// The benchmark fleet of issue 7 (make bench): 1,000 Flight Deck sites of
// ten pods each on 50 nodes, built by the same code that scales the local
// cluster (hack/bench/fleet).
const (
	benchSites       = 1000
	benchPodsPerSite = 10
	benchNodes       = 50
)

var benchNow = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

var fleetOnce = sync.OnceValues(func() (*kube.Static, error) {
	objs, err := fleet.Settled(benchSites, benchPodsPerSite, benchNodes, benchNow)
	if err != nil {
		return nil, err
	}
	return kube.NewStatic("bench", objs...)
})

func benchFleet(b *testing.B) *kube.Static {
	b.Helper()
	st, err := fleetOnce()
	if err != nil {
		b.Fatal(err)
	}
	return st
}

func benchStore(b *testing.B) *store.Store {
	s := store.New(benchFleet(b).Listers)
	s.Now = func() time.Time { return benchNow }
	return s
}

// BenchmarkResync derives every site and pod view-model from the caches:
// what fdtui does once its informers have synced, up to the sites screen.
// Resync alone derives the pods; sites are derived lazily, when a screen
// asks for them, so the benchmark asks.
func BenchmarkResync(b *testing.B) {
	s := benchStore(b)
	b.ReportAllocs()
	for b.Loop() {
		s.Resync()
		s.Sites()
	}
	if n := len(s.Pods()); n != benchSites*benchPodsPerSite {
		b.Fatalf("derived %d pods, want %d", n, benchSites*benchPodsPerSite)
	}
	if n := len(s.Sites()); n != benchSites {
		b.Fatalf("derived %d sites, want %d", n, benchSites)
	}
}

// BenchmarkApply500PodUpdates folds one batch of 500 pod updates, spread
// over 500 sites (the worst spread: every update re-derives a site).
func BenchmarkApply500PodUpdates(b *testing.B) { benchApply(b, 500) }

// BenchmarkApply5PodUpdates is one batch window (100 ms) of the churn run:
// 50 pod updates per second.
func BenchmarkApply5PodUpdates(b *testing.B) { benchApply(b, 5) }

// BenchmarkApply500PodUpdatesThenSites adds what the sites screen then
// pays: the store derives sites lazily, so the 500 touched sites are
// derived (and the list updated) when the screen asks for them.
func BenchmarkApply500PodUpdatesThenSites(b *testing.B) { benchApply(b, 500, true) }

func benchApply(b *testing.B, n int, sites ...bool) {
	s := benchStore(b)
	s.Resync()
	s.Sites()
	batch := podUpdates(b, n)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s.Apply(batch)
		if len(sites) > 0 {
			s.Sites()
		}
	}
}

// podUpdates names n pods of n different sites, as the informers would
// after n pods changed.
func podUpdates(b *testing.B, n int) kube.Batch {
	pods, err := benchFleet(b).Listers.Pods.List(labels.Everything())
	if err != nil {
		b.Fatal(err)
	}
	seen := map[string]bool{}
	var batch kube.Batch
	for _, p := range pods {
		if len(batch.Changes) == n {
			break
		}
		if !seen[p.Namespace] && p.Status.Phase == corev1.PodRunning {
			seen[p.Namespace] = true
			batch.Changes = append(batch.Changes, kube.Change{Kind: kube.KindPod, Namespace: p.Namespace, Name: p.Name})
		}
	}
	if len(batch.Changes) != n {
		b.Fatalf("found %d pods for the batch, want %d", len(batch.Changes), n)
	}
	return batch
}
