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
// dashboards from exec to their first full screen. With after set (the
// informer mode), the floor keeps watching (--stay) while after measures
// it; closing its input ends it.
func runFloor(bin, kubeconfig, mode string, after func(pid int, f *benchdata.Floor) error) benchdata.Floor {
	args := []string{"--kubeconfig", kubeconfig, "--mode", mode}
	if after != nil {
		args = append(args, "--stay", "--timeout", "30m")
	}
	cmd := exec.Command(bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return benchdata.Floor{Err: err.Error()}
	}
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
	var f benchdata.Floor
	var afterErr error
	if readErr == nil && after != nil {
		afterErr = after(cmd.Process.Pid, &f)
	}
	_ = in.Close()
	waitErr := cmd.Wait()
	if readErr != nil || waitErr != nil || afterErr != nil {
		return benchdata.Floor{Err: fmt.Sprintf("floor --mode %s: %v %v %v: %s", mode, readErr, waitErr, afterErr, strings.TrimSpace(stderr.String()))}
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
	f.Seconds, f.InProcess, f.Pods, f.Pages = wall.Seconds(), r.Seconds, r.Pods, r.Pages
	f.WatchList, f.Requests, f.QPS, f.Burst = r.WatchList, r.Requests, r.QPS, r.Burst
	return f
}

// floorWindows measures the informer floor in the windows the
// dashboards are measured in: the same settle, idle and churn.
func (p plan) floorWindows(pid int, f *benchdata.Floor) error {
	var r benchdata.Program
	if err := p.idleAndChurn(terminal{}, app{}, pid, time.Time{}, &r); err != nil {
		return err
	}
	f.IdleCPU, f.ChurnCPU, f.ChurnPatches, f.RSS = r.IdleCPU, r.ChurnCPU, r.ChurnPatches, r.RSS
	return nil
}
