package main

import (
	"strings"
	"testing"
	"time"

	"github.com/flightdeck/fdtui/hack/bench/benchdata"
)

// The fleet results give the medians over the runs that reached the full
// screen, and every run, a stopped one with its reason.
func TestFleetDocument(t *testing.T) {
	f := benchdata.Fleet{Start: time.Date(2026, 12, 3, 17, 0, 0, 0, time.UTC), Width: 200, Height: 50, Idle: 30,
		Await: []string{"3/3 connected", "3000 sites"},
		Clusters: []benchdata.Cluster{{Context: "fdtui", Sites: 1000, Pods: 10000, Nodes: 50},
			{Context: "fdtui-2", Sites: 1000, Pods: 10000, Nodes: 50}, {Context: "fdtui-3", Sites: 1000, Pods: 10000, Nodes: 50}},
		Runs: []benchdata.Program{{FirstScreen: 4, RSS: 300, IdleCPU: 0.3}, {FirstScreen: 6, RSS: 320, IdleCPU: 0.6},
			{Err: "fdtui-fleet: no full screen (the screen showing \"3/3 connected\" and \"3000 sites\") within 5m0s; screen:\n..."}}}
	doc := fleetDocument(meta{Commit: "abc1234", Command: "make bench-fleet"}, f, "3 × 1,000 sites of 10 pods in 30 min")
	for _, want := range []string{
		"# make bench-fleet: fdtui's fleet screen on 3 clusters, 3,000 sites, 30,000 pods",
		"`3/3 connected` and `3000 sites`",
		"| first full fleet screen | 5.00 s (4.00–6.00) |",
		"| RSS after 30 s idle | 310 MiB (300–320) |",
		"| CPU in those 30 s, % of a core | 1.5 % (1.0–2.0) |",
		"| 3 | 0.00 s | 0 MiB | 0 MiB | 0 MiB | fdtui-fleet: no full screen (the screen showing \"3/3 connected\" and \"3000 sites\") within 5m0s; screen: |",
		"- **seeding**: 3 × 1,000 sites of 10 pods in 30 min",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("missing %q in:\n%s", want, doc)
		}
	}
}
