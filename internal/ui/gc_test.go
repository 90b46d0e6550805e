package ui

import (
	"runtime"
	"testing"
)

// A release records the heap held after it; the next waits for growth
// and a period that allocated little, but for the first quiet period
// after sync; none comes while loading.
func TestReleaserWaitsForGrowth(t *testing.T) {
	r := &releaser{}
	r.whenGrown() // before sync: nothing
	if r.held.Load() != 0 {
		t.Fatal("released before sync")
	}
	r.atSync() // releases, and the next quiet period releases again
	if r.held.Load() != 0 {
		t.Fatal("the quiet period after sync would not release")
	}
	r.whenGrown()
	first := r.held.Load()
	if first == 0 {
		t.Fatal("no heap recorded after the first release")
	}
	r.whenGrown()
	if got := r.held.Load(); got != first {
		t.Fatalf("released again without growth: held %d then %d", first, got)
	}
	keep := make([][]byte, 0, 64)
	for range 64 { // 32 MiB live, twice releaseGrowth
		keep = append(keep, make([]byte, 512<<10))
	}
	r.whenGrown() // the period allocated 32 MiB: work, not idleness
	if got := r.held.Load(); got != first {
		t.Fatalf("released after a busy period: held %d then %d", first, got)
	}
	r.whenGrown() // a quiet period after it
	if got := r.held.Load(); got < first+releaseGrowth {
		t.Fatalf("after growing by 32 MiB: held %d, first %d; want a new release", got, first)
	}
	runtime.KeepAlive(keep)
	r.collectForLoading() // another connection: no quiet release until its sync
	keep = append(keep, make([]byte, 32<<20))
	held := r.held.Load()
	r.whenGrown()
	if r.held.Load() != held {
		t.Fatal("released while loading")
	}
	runtime.KeepAlive(keep)
}
