package main

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/hack/bench/benchdata"
	"github.com/flightdeck/fdtui/hack/bench/benchkube"
)

// runFleet is the fleet mode (issue 17, -fleet): fdtui started on its
// fleet screen (--fleet) with a kubeconfig holding a context per cluster
// (hack/cluster.sh's .local/fleet.kubeconfig), -runs times one after the
// other. Each run: exec until the screen shows every string of
// fleetAwait (the fleet header's contract: "3/3 connected" and "3000
// sites"), then the idle window, then RSS. The raw runs go to -out as
// JSON (benchdata.Fleet, for hack/bench/report -fleet). A run that never
// reaches the full screen ends the benchmark with an error naming what it
// waited for (the later runs would wait the same -timeout in vain).
func runFleet(o options) error {
	ctx := context.Background()
	f, err := describeFleet(ctx, o)
	if err != nil {
		return err
	}
	a := fdtuiFleet(o.fdtuiBin, o.kubeconfig, f.Await)
	logf("fleet of %d clusters, %s; load %s", len(f.Clusters), a.awaiting, f.LoadAvg)
	term := terminal{socket: fmt.Sprintf("fdtui-bench-%d", os.Getpid()), width: o.width, height: o.height}
	if err := term.startServer(); err != nil {
		return err
	}
	defer term.stopServer()
	// A pane whose fdtui exited keeps its last screen (the error it
	// printed, "unknown flag: --fleet" from an fdtui without the fleet
	// screen) for the error message.
	if _, err := term.tmux("set-option", "-g", "remain-on-exit", "on"); err != nil {
		return err
	}
	p := plan{term: term, idle: o.idle, timeout: o.timeout}
	var failed error
	for rep := range max(1, o.runs) {
		if rep > 0 {
			time.Sleep(o.gap)
		}
		m := p.measure(a)
		logf("run %d: %s full fleet screen %.2f s, RSS %.0f MiB after %s idle%s",
			rep+1, m.Name, m.FirstScreen, m.RSS, o.idle, errSuffix(m.Err))
		f.Runs = append(f.Runs, m)
		if err := benchdata.WriteFleet(o.out, f); err != nil {
			return err
		}
		if m.Err != "" {
			failed = fmt.Errorf("run %d: %s", rep+1, m.Err)
			break
		}
	}
	logf("raw results in %s", o.out)
	return failed
}

// fdtuiFleet is fdtui on its fleet screen; full once the screen shows
// every string of await.
func fdtuiFleet(bin, kubeconfig string, await []string) app {
	quoted := make([]string, len(await))
	for i, s := range await {
		quoted[i] = strconv.Quote(s)
	}
	return app{
		name:     "fdtui-fleet",
		argv:     []string{bin, "--kubeconfig", kubeconfig, "--fleet"},
		env:      []string{"TERM=xterm-256color"},
		drawn:    fdtuiDrawn,
		awaiting: "the screen showing " + strings.Join(quoted, " and "),
		full: func(screen string, _ benchdata.Size) (int, int, bool) {
			return 0, 0, fleetFull(screen, await)
		},
	}
}

// fleetFull: the screen shows every string of await, each starting a word
// ("3000 sites" is not the end of "13000 sites").
func fleetFull(screen string, await []string) bool {
	for _, s := range await {
		if !regexp.MustCompile(`(^|[^0-9/])` + regexp.QuoteMeta(s)).MatchString(screen) {
			return false
		}
	}
	return true
}

// fleetAwait is what the fleet screen's header shows once every cluster
// is connected and every site counted.
func fleetAwait(clusters []benchdata.Cluster) []string {
	sites := 0
	for _, c := range clusters {
		sites += c.Sites
	}
	n := len(clusters)
	return []string{fmt.Sprintf("%d/%d connected", n, n), fmt.Sprintf("%d sites", sites)}
}

// describeFleet counts, per context, what the fleet screen must show: the
// sites are fdtui's own store's (see describe).
func describeFleet(ctx context.Context, o options) (benchdata.Fleet, error) {
	f := benchdata.Fleet{Start: time.Now(), LoadAvg: loadAvg(), Width: o.width, Height: o.height, Idle: o.idle.Seconds()}
	contexts, err := benchkube.Contexts(o.kubeconfig)
	if err != nil {
		return f, err
	}
	if len(contexts) == 0 {
		return f, fmt.Errorf("%s has no contexts (hack/cluster.sh up writes .local/fleet.kubeconfig)", o.kubeconfig)
	}
	for _, name := range contexts {
		c, err := describeCluster(ctx, o.kubeconfig, name)
		if err != nil {
			return f, fmt.Errorf("context %s: %w", name, err)
		}
		logf("context %s: %d sites, %d pods, %d nodes", name, c.Sites, c.Pods, c.Nodes)
		f.Clusters = append(f.Clusters, c)
	}
	f.Await = fleetAwait(f.Clusters)
	return f, nil
}

func describeCluster(ctx context.Context, kubeconfig, name string) (benchdata.Cluster, error) {
	c := benchdata.Cluster{Context: name}
	cs, err := benchkube.ContextClient(kubeconfig, name, 200)
	if err != nil {
		return c, err
	}
	if v, err := cs.Discovery().ServerVersion(); err == nil {
		c.Server = v.GitVersion
	}
	pods, err := listPods(ctx, cs)
	if err != nil {
		return c, err
	}
	nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
	if err != nil {
		return c, err
	}
	st, err := fdtuiStore(ctx, cs, pods)
	if err != nil {
		return c, err
	}
	c.Pods, c.Nodes, c.Sites = len(pods), len(nodes.Items), len(st.Sites())
	return c, nil
}
