package main

import (
	"testing"

	"github.com/flightdeck/fdtui/hack/bench/benchdata"
)

// The fleet screen is full when its header shows every cluster connected
// and the sites of all of them (the fleet screen's contract, issue 17).
func TestFleetFull(t *testing.T) {
	await := fleetAwait([]benchdata.Cluster{{Sites: 1000}, {Sites: 1000}, {Sites: 1000}})
	if len(await) != 2 || await[0] != "3/3 connected" || await[1] != "3000 sites" {
		t.Fatalf("fleetAwait = %q", await)
	}
	for screen, want := range map[string]bool{
		" Fleet  3/3 connected · 3000 sites · 2 stuck":  true,
		" Fleet  2/3 connected · 2000 sites · 2 stuck":  false,
		" Fleet  3/3 connected · 2991 sites · 2 stuck":  false,
		" Fleet  3/3 connected · 13000 sites · 2 stuck": false,
		" Fleet  13/3 connected · 3000 sites · 2 stuck": false,
		"3/3 connected\n3000 sites":                     true,
	} {
		if got := fleetFull(screen, await); got != want {
			t.Errorf("fleetFull(%q) = %v, want %v", screen, got, want)
		}
	}
	a := fdtuiFleet("bin/fdtui", ".local/fleet.kubeconfig", await)
	if a.awaiting != `the screen showing "3/3 connected" and "3000 sites"` {
		t.Errorf("awaiting = %q", a.awaiting)
	}
}
