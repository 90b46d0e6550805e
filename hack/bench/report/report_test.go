package main

import (
	"strings"
	"testing"
	"time"

	"github.com/flightdeck/fdtui/hack/bench/benchdata"
)

func fakeSize() size {
	prog := func(name string, first float64, keys ...float64) benchdata.Program {
		p := benchdata.Program{Name: name, FirstScreen: first, IdleCPU: 0.15, ChurnCPU: 1.5, RSS: 140, Peak: 160}
		for i, k := range keys {
			p.Keys = append(p.Keys, benchdata.Key{Text: "abc"[:i+1], Seconds: k, Want: 1})
		}
		return p
	}
	rep := func(floor, sites, pods float64, keys ...float64) benchdata.Rep {
		return benchdata.Rep{Informer: benchdata.Floor{Seconds: floor}, List: benchdata.Floor{Seconds: floor * 2},
			Programs: []benchdata.Program{prog(fdtuiSites, sites), prog(fdtuiPods, pods, keys...), prog(k9s, 8)}}
	}
	return size{benchdata.Size{Requested: 10000, Pods: 10044, Sites: 1006, Idle: 30, Churn: 30, Settle: 5, ChurnRate: 50,
		FilterText: "abc", Start: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC),
		Reps: []benchdata.Rep{rep(1, 1.2, 1.25, 0.010, 0.012, 0.011), rep(2, 2.4, 2.5, 0.010, 0, 0.020)}}}
}

// A key whose result never showed is a miss, and fails the target even
// when the keys that showed were fast.
func TestFilterMissIsReportedAsMissed(t *testing.T) {
	v := keyVerdict(fakeSize())
	if v.Status != "missed" || !strings.Contains(v.Why, "1 keys never showed") {
		t.Errorf("got %+v", v)
	}
	if got := keyCell(fakeSize(), fdtuiPods, true); got != "1 of 6 keys not shown" {
		t.Errorf("worst cell %q", got)
	}
}

// The first-screen target compares each run with its own floor.
func TestFirstScreenAgainstTheFloorOfTheSameRun(t *testing.T) {
	r := of(fakeSize().floorRatio(fdtuiPods))
	if r.N != 2 || r.Min != 1.25 || r.Max != 1.25 {
		t.Errorf("ratios %+v, want 1.25 twice", r)
	}
	for _, v := range targets(fakeSize(), nil, nil) {
		if strings.HasPrefix(v.Target, "first full screen") && v.Status != "met" {
			t.Errorf("first screen: %+v", v)
		}
		if strings.HasPrefix(v.Target, "CPU at 50") && v.Status != "missed" {
			t.Errorf("churn 5 %% - 0.5 %% above idle: %+v", v)
		}
	}
}

func TestSummaryHasMarkersAndTargets(t *testing.T) {
	s := summary(meta{Commit: "abc1234", File: "bench/results/x.md"}, []size{fakeSize()}, nil)
	for _, want := range []string{summaryBegin, summaryEnd, "**missed**: every filter keystroke", "| first full screen¹ | 1.80 s (1.20–2.40)"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}
