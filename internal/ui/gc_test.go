package ui

import (
	"runtime"
	"testing"
)

// A release records the heap held after it; the next waits for growth.
func TestReleaserWaitsForGrowth(t *testing.T) {
	r := &releaser{}
	r.whenGrown() // none yet: releases
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
	r.whenGrown()
	if got := r.held.Load(); got < first+releaseGrowth {
		t.Fatalf("after growing by 32 MiB: held %d, first %d; want a new release", got, first)
	}
	runtime.KeepAlive(keep)
}
