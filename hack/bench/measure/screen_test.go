package main

import "testing"

// Captured from fdtui in tmux (capture-pane -e): after :pods, the filter
// line shows the rest of the "pods" completion, dimmed, after the text.
func TestTypedFilterStopsAtTheCursor(t *testing.T) {
	for styled, want := range map[string]string{
		"\x1b[1m\x1b[38;5;75m/\x1b[0m\x1b[39m\x1b[49mbak\x1b[7m\x1b[37ms\x1b[0m\x1b[39m\x1b[49m":               "bak",
		"\x1b[1m\x1b[38;5;75m/\x1b[0m\x1b[39m\x1b[49mb\x1b[7m\x1b[37mo\x1b[0m\x1b[38;5;240m\x1b[49mds\x1b[39m": "b",
		"\x1b[1m\x1b[38;5;75m/\x1b[0;7m\x1b[37m\x1b[49mp\x1b[0m\x1b[38;5;240m\x1b[49mods\x1b[39m":              "",
		"\x1b[1m\x1b[38;5;75m/\x1b[0m\x1b[39m\x1b[49mshop-o  ":                                                 "shop-o",
	} {
		got, ok := typedFilter("NAMESPACE  NAME\n" + styled + "\n kwok-fdtui  v1.36.3 connected")
		if !ok || got != want {
			t.Errorf("typedFilter(%q) = %q, %v; want %q", styled, got, ok, want)
		}
	}
}

func TestFdtuiConnectedReadsTheStateAfterTheVersion(t *testing.T) {
	for line, want := range map[string]bool{
		" kwok-fdtui  v1.36.3 connected         ":                          true,
		" kwok-fdtui  v1.36.3 connected connected to kwok-fdtui (v1.36.3)": true,
		" kwok-fdtui  v1.36.3 syncing… connected to kwok-fdtui (v1.36.3)":  false,
		" kwok-fdtui  v1.36.3 connected; cannot see secrets (forbidden)":   true,
		" kwok-fdtui  v1.36.3 reconnecting since 3s":                       false,
		" not connected": false,
	} {
		if got := fdtuiConnected("header\n 10 pods\n" + line + "\n\n"); got != want {
			t.Errorf("%q: connected %v, want %v", line, got, want)
		}
	}
}
