package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/flightdeck/fdtui/hack/bench/benchdata"
)

// app is one dashboard screen under test and how to read it.
type app struct {
	name string
	argv []string
	env  []string
	// open is typed once the program drew its first frame (drawn), to
	// bring up the screen measured; none when it starts there.
	open  []input
	drawn func(screen string) bool
	// full reads a screen: the pods and sites it counts, and whether it
	// is the first full screen of a cluster of size s.
	full func(screen string, s benchdata.Size) (pods, sites int, ok bool)
	// keys times the filter keystrokes; nil: not measured on this screen.
	keys keyTimer
	// awaiting says what full waits for, for the error when it never
	// comes ("" = every pod and site counted).
	awaiting string
}

// input is one tmux key name (Enter, Escape) or literal text.
type input struct{ key, text string }

var (
	// fdtui's sites summary: "1000 sites · 0 stuck · ... · 10044 pods".
	fdtuiSitesLine = regexp.MustCompile(`(?m)^ (\d+) sites · .*· (\d+) pods\s*$`)
	// fdtui's pods header: " 10044 pods", or " 10 pods (of 10044)" when
	// filtered.
	fdtuiPodsLine = regexp.MustCompile(`(?m)^ (\d+) pods( \(of \d+\))?\s*$`)
	// fdtui's status bar: "kwok-fdtui  v1.36.3 connected" — the state is
	// the word after the server version; "syncing…" or "reconnecting"
	// there is not a full screen, nor is a toast "connected to ..." later
	// on the line.
	fdtuiState = regexp.MustCompile(`\sv\d\S* (\S+)`)
	// k9s' pods title: " pods(all)[10044] " or " pods(all)[10] </www-maple> ";
	// thousands are separated: "pods(all)[10,000]".
	k9sTitle = regexp.MustCompile(`(?i)pods\([^)]*\)\[([\d,]+)\](?:\s*</([^>]*)>)?`)
)

func fdtuiSites(bin, kubeconfig string) app {
	return app{
		name:  "fdtui-sites",
		argv:  []string{bin, "--kubeconfig", kubeconfig},
		env:   []string{"TERM=xterm-256color"},
		drawn: fdtuiDrawn,
		full: func(screen string, s benchdata.Size) (int, int, bool) {
			m := fdtuiSitesLine.FindStringSubmatch(screen)
			if m == nil {
				return 0, 0, false
			}
			sites, _ := strconv.Atoi(m[1])
			pods, _ := strconv.Atoi(m[2])
			return pods, sites, sites >= s.Sites && pods >= s.Pods && fdtuiConnected(screen)
		},
	}
}

// fdtuiPods is fdtui on the screen k9s is shown (-c pods): the list of
// all pods, opened with :pods as soon as fdtui draws.
func fdtuiPods(bin, kubeconfig string) app {
	a := fdtuiSites(bin, kubeconfig)
	a.name = "fdtui-pods"
	a.open = []input{{text: ":pods"}, {key: "Enter"}}
	a.full = func(screen string, s benchdata.Size) (int, int, bool) {
		n, filtered, ok := fdtuiPodCount(screen)
		return n, 0, ok && !filtered && strings.Contains(screen, "Pods(all)") && n >= s.Pods && fdtuiConnected(screen)
	}
	a.keys = fdtuiKeys{}
	return a
}

func fdtuiConnected(screen string) bool {
	lines := strings.Split(strings.TrimRight(screen, "\n "), "\n")
	m := fdtuiState.FindStringSubmatch(lines[len(lines)-1])
	return m != nil && strings.TrimSuffix(m[1], ";") == "connected"
}

func fdtuiDrawn(screen string) bool { return strings.Contains(screen, "fdtui ▸") }

func fdtuiPodCount(screen string) (n int, filtered, ok bool) {
	m := fdtuiPodsLine.FindStringSubmatch(screen)
	if m == nil {
		return 0, false, false
	}
	n, err := strconv.Atoi(m[1])
	return n, m[2] != "", err == nil
}

// k9s runs with its own configuration directory, so the user's settings
// (refresh rate, skins, plugins) do not change what is measured; only the
// check for a newer release is off, as the bench may run offline.
func k9s(bin, kubeconfig, dir string) (app, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return app{}, err
	}
	config := "k9s:\n  skipLatestRevCheck: true\n"
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(config), 0o644); err != nil {
		return app{}, err
	}
	return app{
		name: "k9s",
		argv: []string{bin, "--kubeconfig", kubeconfig, "-A", "-c", "pods"},
		env: []string{"TERM=xterm-256color", "K9S_CONFIG_DIR=" + dir, "XDG_CONFIG_HOME=" + dir,
			"XDG_STATE_HOME=" + filepath.Join(dir, "state"), "XDG_DATA_HOME=" + filepath.Join(dir, "data"),
			"XDG_CACHE_HOME=" + filepath.Join(dir, "cache")},
		drawn: func(string) bool { return true },
		// k9s has no "syncing" state to wait out: its title count is
		// all it says.
		full: func(screen string, s benchdata.Size) (int, int, bool) {
			n, _, ok := k9sCount(screen)
			return n, 0, ok && n >= s.Pods
		},
		keys: k9sKeys{},
	}, nil
}

// k9sCount reads the pods title: the count and the filter shown in it.
func k9sCount(screen string) (n int, filter string, ok bool) {
	m := k9sTitle.FindStringSubmatch(screen)
	if m == nil {
		return 0, "", false
	}
	n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	return n, m[2], err == nil
}
