package main

import (
	"fmt"
	"math"
	"strings"
)

// verdict is one target of issue 13 against the measurements.
type verdict struct {
	Target string // what is asked
	Status string // met, missed, not measured
	Why    string // the numbers it rests on
}

func (v verdict) String() string {
	status := v.Status
	if status == "missed" {
		status = "**missed**"
	}
	return fmt.Sprintf("%s: %s — %s", status, v.Target, v.Why)
}

func judge(met bool) string {
	if met {
		return "met"
	}
	return "missed"
}

// targets judges the main size; big is the largest size when it is three
// times main or more (the 30,000-pod targets), else nil.
func targets(main size, big *size, goBench []goBenchmark) []verdict {
	var out []verdict
	// first full screen, both fdtui screens, per run against that run's floor
	var why []string
	met, any := true, false
	for _, name := range []string{fdtuiSites, fdtuiPods} {
		r := of(main.floorRatio(name))
		if r.N == 0 {
			continue
		}
		any = true
		met = met && r.Median <= 1.3
		why = append(why, fmt.Sprintf("%s %s the informer floor of its run; medians %s vs %s", label(name), r.show(times),
			secs(of(main.firstScreen(name)).Median), secs(of(main.floor(true)).Median)))
	}
	out = append(out, verdictOf(fmt.Sprintf("first full screen ≤ 1.3× the informer floor at %s pods", thousands(main.Pods)), any, met, why))
	out = append(out, withFloor(both(main, fmt.Sprintf("RSS ≤ 150 MiB after %s idle (%s after the first full screen)", dur(main.Idle), dur(main.Settle+main.Idle)), main.rss, mib, func(v float64) bool { return v <= 150 }), main.floorRSS(), mib))
	out = append(out, both(main, "idle CPU < 1 % of a core", main.idlePct, pct, func(v float64) bool { return v < 1 }))
	out = append(out, withFloor(both(main, fmt.Sprintf("CPU at %d pod updates/s ≤ 3 %% of a core above idle", main.ChurnRate), main.churnAbove, pct,
		func(v float64) bool { return v <= 3 }), main.floorChurnAbove(), pct))
	out = append(out, keyVerdict(main))
	out = append(out, viewVerdict(goBench))
	if big != nil {
		out = append(out, bigVerdicts(main, *big)...)
	}
	return out
}

func verdictOf(target string, measured, met bool, why []string) verdict {
	if !measured {
		return verdict{Target: target, Status: "not measured", Why: "no run reached it"}
	}
	return verdict{Target: target, Status: judge(met), Why: strings.Join(why, "; ")}
}

// withFloor adds what the bare informer floor (one pod informer, no
// screen) measured for the same target, when it was measured: how far
// the target is within reach of any client-go program.
func withFloor(v verdict, floor []float64, unit func(float64) string) verdict {
	if len(floor) > 0 && v.Status != "not measured" {
		v.Why += "; the informer floor alone: " + of(floor).show(unit)
	}
	return v
}

// both judges the median of each fdtui screen.
func both(s size, target string, series func(string) []float64, unit func(float64) string, ok func(float64) bool) verdict {
	var why []string
	met, any := true, false
	for _, name := range []string{fdtuiSites, fdtuiPods} {
		st := of(series(name))
		if st.N == 0 {
			continue
		}
		any = true
		met = met && ok(st.Median)
		why = append(why, label(name)+" "+st.show(unit))
	}
	return verdictOf(target, any, met, why)
}

func keyVerdict(s size) verdict {
	target := "every filter keystroke ≤ 16 ms end to end (median) and ≤ 33 ms (worst)"
	seen, misses, typed := s.keys(fdtuiPods)
	if typed == 0 {
		return verdictOf(target, false, false, nil)
	}
	st := of(seen)
	worst := "—"
	if st.N > 0 {
		worst = ms(st.Max)
	}
	why := fmt.Sprintf("median %s, worst %s over %d keys", ms(st.Median), worst, typed)
	if misses > 0 {
		why += fmt.Sprintf("; %d keys never showed their result within 5 s (misses)", misses)
	}
	return verdict{Target: target, Status: judge(misses == 0 && st.Median <= 0.016 && st.Max <= 0.033), Why: why}
}

func viewVerdict(goBench []goBenchmark) verdict {
	target := "View() ≤ 4 ms with the shipped columns (Go benchmarks of every screen: sites, pods, nodes, events, a site's page)"
	var why []string
	met, any := true, false
	for _, g := range goBench {
		if strings.HasPrefix(g.Name, "View") {
			any = true
			met = met && g.NsPerOp <= 4e6
			why = append(why, fmt.Sprintf("%s %.2f ms", g.Name, g.NsPerOp/1e6))
		}
	}
	return verdictOf(target, any, met, why)
}

// bigVerdicts are the largest size's targets: RSS at most 3× the main
// size's, first full screen still ≤ 1.3× its floor.
func bigVerdicts(main, big size) []verdict {
	var out []verdict
	for _, name := range []string{fdtuiSites, fdtuiPods} {
		m, b := of(main.rss(name)), of(big.rss(name))
		target := fmt.Sprintf("%s: RSS at %s pods ≤ 3× the %s-pod figure", label(name), thousands(big.Pods), thousands(main.Pods))
		out = append(out, verdictOf(target, m.N > 0 && b.N > 0, b.Median <= 3*m.Median,
			[]string{fmt.Sprintf("%s vs %s: %s", mib(b.Median), mib(m.Median), times(b.Median/math.Max(m.Median, 1)))}))
		r := of(big.floorRatio(name))
		target = fmt.Sprintf("%s: first full screen at %s pods ≤ 1.3× the informer floor", label(name), thousands(big.Pods))
		out = append(out, verdictOf(target, r.N > 0, r.Median <= 1.3,
			[]string{fmt.Sprintf("%s the informer floor of its run; medians %s vs %s", r.show(times),
				secs(of(big.firstScreen(name)).Median), secs(of(big.floor(true)).Median))}))
	}
	return out
}

func label(name string) string {
	switch name {
	case fdtuiSites:
		return "sites screen"
	case fdtuiPods:
		return ":pods screen"
	}
	return name
}
