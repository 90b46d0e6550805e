package main

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

// machine describes where the run happened: cores, CPU model, memory.
func machine() string {
	model, memKiB := "", 0.0
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if name, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(name) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
				memKiB, _ = strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			}
		}
	}
	return fmt.Sprintf("%d CPUs (%s), %.1f GiB memory, %s/%s", runtime.NumCPU(), model, memKiB/(1<<20), runtime.GOOS, runtime.GOARCH)
}

var modLine = regexp.MustCompile(`(?m)^\s*(mod|dep)\s+(\S+)\s+(\S+)`)

// modules reads a Go binary's main module and client-go versions (go
// version -m), "" when the binary is missing or not a Go binary.
func modules(bin string) (main, clientGo string) {
	if bin == "" {
		return "", ""
	}
	out, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		return "", ""
	}
	for _, m := range modLine.FindAllStringSubmatch(string(out), -1) {
		switch {
		case m[1] == "mod":
			main = m[2] + " " + m[3]
		case m[2] == "k8s.io/client-go":
			clientGo = m[3]
		}
	}
	return main, clientGo
}
