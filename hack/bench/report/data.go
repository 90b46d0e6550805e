package main

import "github.com/flightdeck/fdtui/hack/bench/benchdata"

// The programs as measure names them.
const (
	fdtuiSites = "fdtui-sites"
	fdtuiPods  = "fdtui-pods"
	k9s        = "k9s"
)

// size reads the series of one cluster size: one value per repetition in
// which it was measured.
type size struct{ benchdata.Size }

func (s size) programs(name string) []benchdata.Program {
	var out []benchdata.Program
	for _, r := range s.Reps {
		for _, p := range r.Programs {
			if p.Name == name {
				out = append(out, p)
			}
		}
	}
	return out
}

// series collects f over the runs of a program where it was measured
// (f returns ok false for a run that stopped before).
func (s size) series(name string, f func(benchdata.Program) (float64, bool)) []float64 {
	var out []float64
	for _, p := range s.programs(name) {
		if v, ok := f(p); ok {
			out = append(out, v)
		}
	}
	return out
}

func (s size) firstScreen(name string) []float64 {
	return s.series(name, func(p benchdata.Program) (float64, bool) { return p.FirstScreen, p.FirstScreen > 0 })
}

// measuredCPU: the windows ran to the end (the peak is read after).
func measuredCPU(p benchdata.Program) bool { return p.Peak > 0 }

func (s size) idlePct(name string) []float64 {
	return s.series(name, func(p benchdata.Program) (float64, bool) { return 100 * p.IdleCPU / s.Idle, measuredCPU(p) })
}

func (s size) churnPct(name string) []float64 {
	return s.series(name, func(p benchdata.Program) (float64, bool) { return 100 * p.ChurnCPU / s.Churn, measuredCPU(p) })
}

// churnAbove is the churn window's CPU less the idle window's, per run,
// in % of a core: what the pod updates cost.
func (s size) churnAbove(name string) []float64 {
	return s.series(name, func(p benchdata.Program) (float64, bool) {
		return 100 * (p.ChurnCPU/s.Churn - p.IdleCPU/s.Idle), measuredCPU(p)
	})
}

func (s size) rss(name string) []float64 {
	return s.series(name, func(p benchdata.Program) (float64, bool) { return p.RSS, p.RSS > 0 })
}

// rssAnon and rssFile are the two parts of rss (zero in results taken
// before they were recorded: then no series).
func (s size) rssAnon(name string) []float64 {
	return s.series(name, func(p benchdata.Program) (float64, bool) { return p.RSSAnon, p.RSSAnon > 0 })
}

func (s size) rssFile(name string) []float64 {
	return s.series(name, func(p benchdata.Program) (float64, bool) { return p.RSSFile, p.RSSFile > 0 })
}

func (s size) peak(name string) []float64 {
	return s.series(name, func(p benchdata.Program) (float64, bool) { return p.Peak, p.Peak > 0 })
}

func (s size) floor(informer bool) []float64 {
	var out []float64
	for _, r := range s.Reps {
		f := r.List
		if informer {
			f = r.Informer
		}
		if f.Err == "" && f.Seconds > 0 {
			out = append(out, f.Seconds)
		}
	}
	return out
}

// floorRatio is a program's first full screen over the informer floor
// of the same repetition.
func (s size) floorRatio(name string) []float64 {
	var out []float64
	for _, r := range s.Reps {
		for _, p := range r.Programs {
			if p.Name == name && p.FirstScreen > 0 && r.Informer.Err == "" && r.Informer.Seconds > 0 {
				out = append(out, p.FirstScreen/r.Informer.Seconds)
			}
		}
	}
	return out
}

// keys pools a program's filter keystrokes over the runs: the times of
// the keys whose result frame showed, how many did not (misses), and how
// many were typed.
func (s size) keys(name string) (seen []float64, misses, typed int) {
	for _, p := range s.programs(name) {
		for _, k := range p.Keys {
			typed++
			if k.Seconds > 0 {
				seen = append(seen, k.Seconds)
			} else {
				misses++
			}
		}
	}
	return seen, misses, typed
}

// watchList says how the informer floor got its pods, from its first run.
func (s size) watchList() (bool, []string) {
	for _, r := range s.Reps {
		if r.Informer.Err == "" {
			return r.Informer.WatchList, r.Informer.Requests
		}
	}
	return false, nil
}

// floorSeries is a figure of the informer floor left running after
// HasSynced (measure's --stay), per run that measured it.
func (s size) floorSeries(get func(f benchdata.Floor) float64) []float64 {
	var out []float64
	for _, r := range s.Reps {
		if f := r.Informer; f.Err == "" && f.RSS > 0 {
			out = append(out, get(f))
		}
	}
	return out
}

func (s size) floorRSS() []float64 {
	return s.floorSeries(func(f benchdata.Floor) float64 { return f.RSS })
}

func (s size) floorIdlePct() []float64 {
	return s.floorSeries(func(f benchdata.Floor) float64 { return 100 * f.IdleCPU / s.Idle })
}

func (s size) floorChurnPct() []float64 {
	return s.floorSeries(func(f benchdata.Floor) float64 { return 100 * f.ChurnCPU / s.Churn })
}

func (s size) floorChurnAbove() []float64 {
	return s.floorSeries(func(f benchdata.Floor) float64 { return 100 * (f.ChurnCPU/s.Churn - f.IdleCPU/s.Idle) })
}
