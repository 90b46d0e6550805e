package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// app is one dashboard under test and how to read its screen.
type app struct {
	name string
	argv []string
	env  []string
	// count reads the pod count the screen shows: fdtui's sites summary or
	// pods header, k9s' pods title.
	count func(screen string) (int, bool)
	// openPods is what to type to bring up the list of all pods, and
	// onPods tells when it is shown.
	openPods []input
	onPods   func(screen string) bool
}

// input is one tmux key name (Enter, Escape) or literal text.
type input struct{ key, text string }

var (
	// "1000 sites · 0 stuck · ... · 10044 pods" or " 10 pods (of 10044)";
	// "3 pods not ready" is not a count of pods shown.
	fdtuiPods = regexp.MustCompile(`(\d+) pods( not ready)?`)
	// " pods(all)[10044] " or " pods(all)[10] </www-maple> "; k9s writes
	// thousands with a separator: "pods(all)[10,000]".
	k9sPods = regexp.MustCompile(`(?i)pods\([^)]*\)\[([\d,]+)\]`)
)

func fdtui(bin, kubeconfig string) app {
	return app{
		name: "fdtui",
		argv: []string{bin, "--kubeconfig", kubeconfig},
		env:  []string{"TERM=xterm-256color"},
		count: func(screen string) (int, bool) {
			for _, m := range fdtuiPods.FindAllStringSubmatch(screen, -1) {
				if m[2] == "" {
					n, err := strconv.Atoi(m[1])
					return n, err == nil
				}
			}
			return 0, false
		},
		openPods: []input{{text: ":pods"}, {key: "Enter"}},
		onPods:   func(screen string) bool { return strings.Contains(screen, "Pods(all)") },
	}
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
		count: func(screen string) (int, bool) {
			m := k9sPods.FindStringSubmatch(screen)
			if m == nil {
				return 0, false
			}
			n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
			return n, err == nil
		},
		onPods: func(screen string) bool { return k9sPods.MatchString(screen) },
	}, nil
}
