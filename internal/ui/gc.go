package ui

import (
	"os"
	"runtime/debug"

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

// collectForLoading sets loadGOGC for a connection's first LISTs.
func collectForLoading() { pace(loadGOGC) }

// releaseMemory returns the first LISTs' garbage to the OS at once (the
// runtime would otherwise hand it back only slowly) and sets steadyGOGC.
func releaseMemory() tea.Msg {
	pace(steadyGOGC)
	debug.FreeOSMemory()
	return nil
}

// pace sets the collector's GOGC to percent, unless the user set GOGC.
func pace(percent int) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(percent)
	}
}
