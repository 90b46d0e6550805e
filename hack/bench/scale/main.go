// Command scale grows the local cluster to the benchmark's size (issue 7):
// 50 kwok nodes, 1,000 Flight Deck site namespaces made by the real
// blueprint, 10,000 pods owned by their ReplicaSets and StatefulSets, and
// a few events per site. It reuses what an earlier run created (everything
// is labelled fdtui.dev/bench=true) and --cleanup removes it all.
//
// The pods come from this program, not from the controllers (which the
// local cluster runs at 20 requests/s, i.e. ten minutes for 10,000 pods):
// see fleet.GuardPriorityClass for how the controllers are kept from
// making pods of their own while still owning and counting these.
//
//	go run ./hack/bench/scale --kubeconfig .local/kubeconfig [--nodes 50 --namespaces 1000 --pods 10000]
//	go run ./hack/bench/scale --kubeconfig .local/kubeconfig --cleanup
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/hack/bench/benchkube"
)

type options struct {
	kubeconfig         string
	nodes, sites, pods int
	workers            int
	qps                float64
	cleanup, noWait    bool
	exact              bool
	readyTimeout       time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.kubeconfig, "kubeconfig", ".local/kubeconfig", "kubeconfig of the local cluster")
	flag.IntVar(&o.nodes, "nodes", 50, "nodes the cluster should have (bench nodes make up the difference)")
	flag.IntVar(&o.sites, "namespaces", 1000, "site namespaces")
	flag.IntVar(&o.pods, "pods", 10000, "pods in all (an equal share per site)")
	flag.IntVar(&o.workers, "workers", 24, "sites created at once")
	flag.Float64Var(&o.qps, "qps", 400, "client requests per second")
	flag.BoolVar(&o.cleanup, "cleanup", false, "remove every bench object instead")
	flag.BoolVar(&o.noWait, "no-wait", false, "do not wait for the pods to be Ready")
	flag.BoolVar(&o.exact, "exact", false, "fail if the cluster holds more bench sites than --namespaces")
	flag.DurationVar(&o.readyTimeout, "ready-timeout", 3*time.Minute, "give up when the Ready pods and available Deployments did not change for this long")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	cs, err := benchkube.Client(o.kubeconfig, float32(o.qps))
	if err != nil {
		return err
	}
	if o.cleanup {
		return cleanup(ctx, cs, o.workers)
	}
	if o.sites < 1 || o.pods < o.sites {
		return fmt.Errorf("need at least one site and one pod per site (got %d sites, %d pods)", o.sites, o.pods)
	}
	return scale(ctx, cs, o)
}

func scale(ctx context.Context, cs kubernetes.Interface, o options) error {
	start := time.Now()
	nodes, err := ensureNodes(ctx, cs, o.nodes)
	if err != nil {
		return err
	}
	perSite := o.pods / o.sites
	todo, err := plan(ctx, cs, o.sites, perSite, o.exact)
	if err != nil {
		return err
	}
	logf("%d bench nodes; %d sites of %d pods wanted, %d to create", len(nodes), o.sites, perSite, len(todo.create))
	if err := createSites(ctx, cs, todo, nodes, o.workers); err != nil {
		return err
	}
	logf("created in %s", time.Since(start).Round(time.Second))
	if o.noWait {
		return nil
	}
	return waitSettled(ctx, cs, o.sites*perSite, o.readyTimeout)
}

func logf(format string, args ...any) {
	fmt.Printf("scale: "+format+"\n", args...)
}
