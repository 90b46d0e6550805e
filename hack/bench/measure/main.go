// Command measure runs fdtui and k9s side by side on the scaled local
// cluster (issue 7) and writes the comparison: time to the first full
// screen, memory, CPU while idle and under pod churn, filter latency, next
// to the floor (a bare client-go LIST of all pods). It expects
// hack/bench/scale to have run; hack/bench.sh does both.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/pager"

	"github.com/flightdeck/fdtui/hack/bench/benchkube"
	"github.com/flightdeck/fdtui/hack/bench/fleet"
)

type options struct {
	kubeconfig, fdtuiBin, k9sBin, floorBin, k9sDir string
	out, goBench, fdtuiVersion, k9sVersion         string
	width, height, rate, floorRuns                 int
	settle, idle, churn, timeout                   time.Duration
	skipK9s                                        bool
}

func main() {
	var o options
	flag.StringVar(&o.kubeconfig, "kubeconfig", ".local/kubeconfig", "kubeconfig of the scaled cluster")
	flag.StringVar(&o.fdtuiBin, "fdtui", "bin/fdtui", "fdtui binary")
	flag.StringVar(&o.k9sBin, "k9s", ".local/bin/k9s", "k9s binary")
	flag.StringVar(&o.floorBin, "floor", ".local/bench/bin/floor", "floor binary (hack/bench/floor)")
	flag.StringVar(&o.k9sDir, "k9s-dir", ".local/bench/k9s", "k9s configuration and state directory")
	flag.StringVar(&o.out, "out", "bench-results.md", "Markdown results file")
	flag.StringVar(&o.goBench, "go-bench", "", "output of go test -bench -benchmem to include")
	flag.StringVar(&o.fdtuiVersion, "fdtui-version", "dev", "fdtui version for the report")
	flag.StringVar(&o.k9sVersion, "k9s-version", "v0.50.16", "k9s version for the report")
	flag.IntVar(&o.width, "width", 200, "terminal columns")
	flag.IntVar(&o.height, "height", 50, "terminal rows")
	flag.IntVar(&o.rate, "churn-rate", 50, "pod updates per second during the churn window")
	flag.IntVar(&o.floorRuns, "floor-runs", 3, "floor runs (the median counts)")
	flag.DurationVar(&o.settle, "settle", 5*time.Second, "pause after the first full screen")
	flag.DurationVar(&o.idle, "idle", 30*time.Second, "idle window")
	flag.DurationVar(&o.churn, "churn", 30*time.Second, "churn window")
	flag.DurationVar(&o.timeout, "timeout", 5*time.Minute, "longest wait for a screen")
	flag.BoolVar(&o.skipK9s, "skip-k9s", false, "measure fdtui only")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "measure:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	cs, err := benchkube.Client(o.kubeconfig, 200)
	if err != nil {
		return err
	}
	ctx := context.Background()
	s, churnPods, err := describe(ctx, cs, o)
	if err != nil {
		return err
	}
	logf("%d pods (%d bench) on %d nodes; floor...", s.Pods, s.BenchPods, s.Nodes)
	floor, err := runFloor(o)
	if err != nil {
		return err
	}
	logf("floor: %s (LIST %s)", secs(floor.Wall), secs(floor.List))
	term := terminal{socket: fmt.Sprintf("fdtui-bench-%d", os.Getpid()), width: o.width, height: o.height}
	if err := term.startServer(); err != nil {
		return err
	}
	defer term.stopServer()
	p := plan{cs: cs, term: term, want: s.BenchPods, settle: o.settle, idle: o.idle, churnFor: o.churn,
		churnRate: o.rate, churnPods: churnPods, filterText: s.FilterText, filterWant: s.FilterMatches, timeout: o.timeout}
	fd := p.measure(fdtui(o.fdtuiBin, o.kubeconfig))
	logf("fdtui: first screen %s, err %v", secs(fd.FirstScreen), fd.Err)
	var k9 result
	if !o.skipK9s {
		a, err := k9s(o.k9sBin, o.kubeconfig, o.k9sDir)
		if err != nil {
			return err
		}
		k9 = p.measure(a)
		logf("k9s: first screen %s, err %v", secs(k9.FirstScreen), k9.Err)
	}
	goBench, err := readGoBench(o.goBench)
	if err != nil {
		return err
	}
	md := report(s, floor, fd, k9, goBench)
	fmt.Println(md)
	return os.WriteFile(o.out, []byte(md), 0o644)
}

// describe counts what the run sees and picks the pods to churn and the
// filter text: the namespace of a bench site in the middle of the list.
func describe(ctx context.Context, cs kubernetes.Interface, o options) (setup, []types.NamespacedName, error) {
	s := setup{Date: time.Now(), Width: o.width, Height: o.height, FdtuiVersion: o.fdtuiVersion, K9sVersion: o.k9sVersion,
		Idle: o.idle, Churn: o.churn, ChurnRate: o.rate}
	var bench []types.NamespacedName
	perNamespace := map[string]int{}
	sites := map[string]bool{}
	p := pager.New(func(ctx context.Context, opts metav1.ListOptions) (runtime.Object, error) {
		return cs.CoreV1().Pods("").List(ctx, opts)
	})
	err := p.EachListItem(ctx, metav1.ListOptions{}, func(obj runtime.Object) error {
		pod := obj.(*corev1.Pod)
		s.Pods++
		perNamespace[pod.Namespace]++
		if pod.Labels[fleet.LabelBench] == "true" {
			bench = append(bench, types.NamespacedName{Namespace: pod.Namespace, Name: pod.Name})
			sites[pod.Namespace] = true
		}
		return nil
	})
	if err != nil {
		return s, nil, err
	}
	if len(bench) == 0 {
		return s, nil, fmt.Errorf("no bench pods: run hack/bench/scale first")
	}
	nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return s, nil, err
	}
	sort.Slice(bench, func(i, j int) bool { return bench[i].String() < bench[j].String() })
	s.BenchPods, s.Nodes, s.BenchSites = len(bench), len(nodes.Items), len(sites)
	s.FilterText = bench[len(bench)/2].Namespace
	for ns, n := range perNamespace {
		if strings.Contains(ns, s.FilterText) {
			s.FilterMatches += n
		}
	}
	return s, bench, nil
}

// runFloor times the floor program from exec to exit, floorRuns times.
func runFloor(o options) (floorResult, error) {
	var runs []floorResult
	for range max(1, o.floorRuns) {
		start := time.Now()
		out, err := exec.Command(o.floorBin, "--kubeconfig", o.kubeconfig).Output()
		wall := time.Since(start)
		if err != nil {
			return floorResult{}, fmt.Errorf("floor: %w", err)
		}
		var r struct {
			Pods        int     `json:"pods"`
			ListSeconds float64 `json:"list_seconds"`
		}
		if err := json.Unmarshal(out, &r); err != nil {
			return floorResult{}, fmt.Errorf("floor output %q: %w", out, err)
		}
		runs = append(runs, floorResult{Wall: wall, List: time.Duration(r.ListSeconds * float64(time.Second)), Pods: r.Pods})
	}
	slices.SortFunc(runs, func(a, b floorResult) int { return int(a.Wall - b.Wall) })
	return runs[len(runs)/2], nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "measure: "+format+"\n", args...)
}
