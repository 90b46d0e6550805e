package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	corev1 "k8s.io/api/core/v1"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/hack/bench/fleet"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// work is what a run has to do: sites to create (or finish), and complete
// sites whose events expired (the apiserver keeps events for an hour).
type work struct {
	perSite int
	create  []int
	events  []int
}

// plan compares the wanted sites with the bench namespaces present. A site
// is complete when its namespace carries fleet.AnnotationSitePods. With
// exact, bench sites beyond the wanted ones are an error: a benchmark at
// 1,000 pods must not run on 10,000.
func plan(ctx context.Context, cs kubernetes.Interface, sites, perSite int, exact bool) (work, error) {
	nss, err := benchNamespaces(ctx, cs)
	if err != nil {
		return work{}, err
	}
	done := map[string]string{}
	for _, ns := range nss.Items {
		done[ns.Name] = ns.Annotations[fleet.AnnotationSitePods]
	}
	withEvents, err := namespacesWithEvents(ctx, cs)
	if err != nil {
		return work{}, err
	}
	w := work{perSite: perSite}
	wanted := map[string]bool{}
	for i := range sites {
		ns, err := blueprint.NamespaceFor(fleet.Domain(i))
		if err != nil {
			return work{}, err
		}
		wanted[ns] = true
		switch pods := done[ns]; {
		case pods == "":
			w.create = append(w.create, i)
		case pods != strconv.Itoa(perSite):
			return work{}, fmt.Errorf("site %s was made with %s pods, not %d: run with --cleanup first", ns, pods, perSite)
		case !withEvents[ns]:
			w.events = append(w.events, i)
		}
	}
	if extra := len(done) - countIn(done, wanted); exact && extra > 0 {
		// Deleting them is no quick fix: the namespace controller empties
		// each namespace at 20 requests/s, hours for thousands.
		return work{}, fmt.Errorf("the cluster holds %d bench sites beyond the %d wanted: measure sizes from small to large, "+
			"or start from a fresh cluster (hack/cluster.sh down, then make bench)", extra, sites)
	}
	return w, nil
}

func countIn(m map[string]string, set map[string]bool) int {
	n := 0
	for k := range m {
		if set[k] {
			n++
		}
	}
	return n
}

// benchNamespaces lists the bench namespaces once none is being deleted
// (a --cleanup leaves the namespace controller minutes of work, and a
// terminating namespace refuses new objects).
func benchNamespaces(ctx context.Context, cs kubernetes.Interface) (*corev1.NamespaceList, error) {
	sel := metav1.ListOptions{LabelSelector: fleet.LabelBench + "=true"}
	for {
		nss, err := cs.CoreV1().Namespaces().List(ctx, sel)
		if err != nil {
			return nil, fmt.Errorf("listing bench namespaces: %w", err)
		}
		terminating := 0
		for _, ns := range nss.Items {
			if ns.DeletionTimestamp != nil {
				terminating++
			}
		}
		if terminating == 0 {
			return nss, nil
		}
		logf("waiting for %d bench namespaces being deleted", terminating)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(5 * time.Second):
		}
	}
}

func namespacesWithEvents(ctx context.Context, cs kubernetes.Interface) (map[string]bool, error) {
	evs, err := cs.CoreV1().Events("").List(ctx, metav1.ListOptions{LabelSelector: fleet.LabelBench + "=true"})
	if err != nil {
		return nil, fmt.Errorf("listing bench events: %w", err)
	}
	out := map[string]bool{}
	for _, e := range evs.Items {
		out[e.Namespace] = true
	}
	return out, nil
}
