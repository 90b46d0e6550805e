package ui

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
)

// The collector's pace follows the two phases of a connection, unless the
// user set GOGC (then it is theirs):
//
//   - while the first LISTs arrive, loadGOGC: the heap grows from nothing
//     to the caches' size, nearly every decoded object is garbage once
//     compacted, and each collection marks the whole growing cache; the
//     default 100 spent 19 % of the first 6 s' CPU collecting (profile at
//     10,000 pods, 2026-12-04) on the 2 cores the apiserver shares. At
//     10,000 pods (4 runs each, hack/bench/measure, 2026-12-04) the first
//     full screen took 3.0-5.4 s with 100, 2.1-3.7 s with 200 and 1.9-3.0 s
//     with 400; the anonymous RSS after idle was 119-136 MiB, 125-156 and
//     140-172, the peak 217-265, 287-308 and 335-422: garbage allocated
//     between collections shares spans with the cached objects, which keep
//     those spans from going back to the OS. 200 takes part of the gain
//     for a third of the cost;
//   - once the caches are full, steadyGOGC, after releaseMemory hands the
//     first LISTs' garbage back: the caches are nearly all of the heap and
//     change slowly, so the default's room for a heap twice the live one
//     was held as RSS (263 against 229 MiB at 10,000 pods while kwok made
//     pods Ready), while the collections it saves are few (a pod update
//     allocates kilobytes).
const (
	loadGOGC   = 200
	steadyGOGC = 50
)

// collectForLoading sets loadGOGC for a connection's first LISTs and
// stops quiet releases until its sync.
func (r *releaser) collectForLoading() {
	r.armed.Store(false)
	pace(loadGOGC)
}

// releaser hands free heap back to the OS: once when a connection's caches
// are full (the first LISTs' garbage, which the runtime would hand back
// only slowly), at the first quiet period after that, and again whenever
// the feed has been quiet for idleQuiet and the heap has grown by
// releaseGrowth since. The runtime's scavenger keeps up to 1.1 times the
// heap goal (GOGC) as RSS for as long as the process lives
// (runtime/mgcscavenge.go, retainExtraPercent); an idle dashboard left
// open for hours needs none of it. Each release is one forced collection
// (~0.1 s of CPU at 10,000 pods), so it happens only after growth, never
// on a timer alone. Under steady churn the feed is never quiet and the
// scavenger's own pace applies.
//
// The first quiet period after sync releases whatever the growth: the
// sync release runs while the first screen is derived and the batches
// queued during the load are applied, garbage made after it (at 10,000
// pods the heap held 113 MB just after it, 94 MB allocated against 77 MB
// live, and without a batch after sync no quiet check came at all: RSS
// grew from 129 to 136 MiB over 50 s idle, FDTUI_PPROF's MemStats every
// 2 s, 2026-12-05).
type releaser struct {
	// held is the heap the process held just after the last release
	// (bytes; 0: release at the next quiet period). The watch's
	// goroutine writes it.
	held atomic.Uint64
	// armed is set from a connection's sync until the next load: quiet
	// periods during a load are the LISTs' pauses, not idleness.
	armed atomic.Bool
	// allocs is the process's cumulative heap allocation at the last
	// quiet check (bytes).
	allocs atomic.Uint64
}

// A quiet feed is not always an idle process: updates that change
// nothing fdtui keeps (make bench's churn patches an annotation of 50
// pods a second) never reach the feed, yet each is decoded. A quiet
// period that allocated more than idleAllocs is such work, and a release
// then would only add collections to it (~1 MB/s under that churn; ~0.15
// MB/s with nothing but the screen's clock, 2026-12-05).
const (
	idleQuiet     = 10 * time.Second
	releaseGrowth = 16 << 20
	idleAllocs    = 4 << 20
)

// atSync sets steadyGOGC and releases (a tea.Cmd, run once the first
// LISTs are in); the next quiet period releases again.
func (r *releaser) atSync() tea.Msg {
	pace(steadyGOGC)
	r.release()
	r.held.Store(0)
	r.armed.Store(true)
	return nil
}

// whenGrown releases if the heap grew by releaseGrowth since the last
// release and the process allocated less than idleAllocs since the last
// check; the feed calls it each idleQuiet without a change. It does
// nothing before sync.
func (r *releaser) whenGrown() {
	if !r.armed.Load() {
		return
	}
	now := sumMetrics("/gc/heap/allocs:bytes")
	busy := now-r.allocs.Swap(now) > idleAllocs
	if last := r.held.Load(); last != 0 && (busy || heapHeld() < last+releaseGrowth) {
		return
	}
	r.release()
}

func (r *releaser) release() {
	debug.FreeOSMemory()
	r.held.Store(heapHeld())
}

// heapHeld is the heap memory the process holds from the OS (bytes): its
// spans in use and the free ones not yet returned.
func heapHeld() uint64 {
	return sumMetrics("/memory/classes/heap/objects:bytes", "/memory/classes/heap/unused:bytes", "/memory/classes/heap/free:bytes")
}

// sumMetrics reads runtime metrics of kind uint64 in one read and sums
// them (a metric of another kind counts 0).
func sumMetrics(names ...string) uint64 {
	s := make([]metrics.Sample, len(names))
	for i, name := range names {
		s[i].Name = name
	}
	metrics.Read(s)
	var n uint64
	for _, v := range s {
		if v.Value.Kind() == metrics.KindUint64 {
			n += v.Value.Uint64()
		}
	}
	return n
}

// pace sets the collector's GOGC to percent, unless the user set GOGC.
func pace(percent int) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(percent)
	}
}
