package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/flightdeck/fdtui/hack/bench/benchdata"
)

// runFloor times hack/bench/floor in one mode from exec to the line it
// prints when done (HasSynced, or the last page decoded), like the
// dashboards from exec to their first full screen.
func runFloor(bin, kubeconfig, mode string) benchdata.Floor {
	cmd := exec.Command(bin, "--kubeconfig", kubeconfig, "--mode", mode)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return benchdata.Floor{Err: err.Error()}
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return benchdata.Floor{Err: err.Error()}
	}
	line, readErr := bufio.NewReader(out).ReadBytes('\n')
	wall := time.Since(start)
	waitErr := cmd.Wait()
	if readErr != nil || waitErr != nil {
		return benchdata.Floor{Err: fmt.Sprintf("floor --mode %s: %v %v: %s", mode, readErr, waitErr, strings.TrimSpace(stderr.String()))}
	}
	var r struct {
		Pods      int      `json:"pods"`
		Pages     int      `json:"pages"`
		Seconds   float64  `json:"seconds"`
		QPS       float32  `json:"qps"`
		Burst     int      `json:"burst"`
		Requests  []string `json:"requests"`
		WatchList bool     `json:"watch_list"`
	}
	if err := json.Unmarshal(line, &r); err != nil {
		return benchdata.Floor{Err: fmt.Sprintf("floor output %q: %v", line, err)}
	}
	return benchdata.Floor{Seconds: wall.Seconds(), InProcess: r.Seconds, Pods: r.Pods, Pages: r.Pages,
		WatchList: r.WatchList, Requests: r.Requests, QPS: r.QPS, Burst: r.Burst}
}
