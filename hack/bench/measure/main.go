// Command measure runs, on the scaled local cluster (issue 13), the
// floors a fast client could reach (hack/bench/floor: a bare pod informer
// and paged LIST with fdtui's client settings) and the dashboards on the
// same work: fdtui on its sites screen and on :pods, k9s on its pods
// screen (-A -c pods). Each repetition runs them one after the other —
// floor-informer, floor-list, fdtui sites, fdtui :pods, k9s — so that
// all see the same machine state in turn; -runs repetitions. Per
// program: time to the first full screen, CPU idle and under pod churn,
// memory, and each filter keystroke. The raw numbers are written as JSON
// (hack/bench/benchdata) for hack/bench/report. It expects
// hack/bench/scale to have run; hack/bench.sh does both.
//
// With -fleet it measures fdtui's fleet screen instead (issue 17; see
// runFleet): -kubeconfig then holds a context per cluster.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/flightdeck/fdtui/hack/bench/benchdata"
	"github.com/flightdeck/fdtui/hack/bench/benchkube"
)

type options struct {
	kubeconfig, fdtuiBin, k9sBin, floorBin, k9sDir, out string
	width, height, rate, runs, requested                int
	settle, idle, churn, timeout, gap                   time.Duration
	skipK9s                                             bool
	fleet                                               bool
}

func main() {
	var o options
	flag.StringVar(&o.kubeconfig, "kubeconfig", ".local/kubeconfig", "kubeconfig of the scaled cluster")
	flag.StringVar(&o.fdtuiBin, "fdtui", "bin/fdtui", "fdtui binary")
	flag.StringVar(&o.k9sBin, "k9s", ".local/bin/k9s", "k9s binary")
	flag.StringVar(&o.floorBin, "floor", ".local/bench/bin/floor", "floor binary (hack/bench/floor)")
	flag.StringVar(&o.k9sDir, "k9s-dir", ".local/bench/k9s", "k9s configuration and state directory")
	flag.StringVar(&o.out, "out", ".local/bench/size.json", "raw results (JSON), rewritten after each repetition")
	flag.IntVar(&o.requested, "requested", 0, "bench pods asked of hack/bench/scale (for the report)")
	flag.IntVar(&o.width, "width", 200, "terminal columns")
	flag.IntVar(&o.height, "height", 50, "terminal rows")
	flag.IntVar(&o.rate, "churn-rate", 50, "pod updates per second during the churn window")
	flag.IntVar(&o.runs, "runs", 3, "interleaved repetitions")
	flag.DurationVar(&o.settle, "settle", 5*time.Second, "pause after the first full screen")
	flag.DurationVar(&o.idle, "idle", 30*time.Second, "idle window")
	flag.DurationVar(&o.churn, "churn", 30*time.Second, "churn window")
	flag.DurationVar(&o.timeout, "timeout", 5*time.Minute, "longest wait for a first full screen")
	flag.DurationVar(&o.gap, "gap", 3*time.Second, "pause between two programs, for the last one's exit to settle")
	flag.BoolVar(&o.skipK9s, "skip-k9s", false, "measure fdtui and the floors only")
	flag.BoolVar(&o.fleet, "fleet", false, "measure fdtui --fleet on a kubeconfig with a context per cluster instead (-idle before RSS)")
	flag.Parse()
	mode := run
	if o.fleet {
		mode = runFleet
	}
	if err := mode(o); err != nil {
		fmt.Fprintln(os.Stderr, "measure:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	cs, err := benchkube.Client(o.kubeconfig, 200)
	if err != nil {
		return err
	}
	size, churnPods, err := describe(context.Background(), cs, o)
	if err != nil {
		return err
	}
	logf("%d pods (%d bench), %d sites, %d nodes; load %s", size.Pods, size.BenchPods, size.Sites, size.Nodes, size.LoadAvg)
	apps := []app{fdtuiSites(o.fdtuiBin, o.kubeconfig), fdtuiPods(o.fdtuiBin, o.kubeconfig)}
	if !o.skipK9s {
		a, err := k9s(o.k9sBin, o.kubeconfig, o.k9sDir)
		if err != nil {
			return err
		}
		apps = append(apps, a)
	}
	term := terminal{socket: fmt.Sprintf("fdtui-bench-%d", os.Getpid()), width: o.width, height: o.height}
	if err := term.startServer(); err != nil {
		return err
	}
	defer term.stopServer()
	p := plan{cs: cs, term: term, size: size, settle: o.settle, idle: o.idle, churnFor: o.churn,
		churnRate: o.rate, churnPods: churnPods, timeout: o.timeout}
	for rep := range max(1, o.runs) {
		var r benchdata.Rep
		r.Informer = runFloor(o.floorBin, o.kubeconfig, "informer", p.floorWindows)
		logf("run %d: floor informer %.2f s (watch-list %v), RSS %.0f MiB, idle %.2f s CPU, churn %.2f s CPU %s", rep+1,
			r.Informer.Seconds, r.Informer.WatchList, r.Informer.RSS, r.Informer.IdleCPU, r.Informer.ChurnCPU, r.Informer.Err)
		time.Sleep(o.gap)
		r.List = runFloor(o.floorBin, o.kubeconfig, "list", nil)
		logf("run %d: floor LIST %.2f s %s", rep+1, r.List.Seconds, r.List.Err)
		for _, a := range apps {
			time.Sleep(o.gap)
			m := p.measure(a)
			logf("run %d: %s first full screen %.2f s, RSS %.0f MiB, idle %.2f s CPU, churn %.2f s CPU%s",
				rep+1, m.Name, m.FirstScreen, m.RSS, m.IdleCPU, m.ChurnCPU, errSuffix(m.Err))
			r.Programs = append(r.Programs, m)
		}
		size.Reps = append(size.Reps, r)
		if err := benchdata.Write(o.out, size); err != nil {
			return err
		}
	}
	logf("raw results in %s", o.out)
	return nil
}

func errSuffix(err string) string {
	if err == "" {
		return ""
	}
	return "; stopped: " + firstLine(err)
}

func firstLine(s string) string {
	for i := range len(s) {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "measure: "+format+"\n", args...)
}
