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
// is complete when its namespace carries fleet.AnnotationSitePods.
func plan(ctx context.Context, cs kubernetes.Interface, sites, perSite int) (work, error) {
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
	for i := range sites {
		ns, err := blueprint.NamespaceFor(fleet.Domain(i))
		if err != nil {
			return work{}, err
		}
		switch pods := done[ns]; {
		case pods == "":
			w.create = append(w.create, i)
		case pods != strconv.Itoa(perSite):
			return work{}, fmt.Errorf("site %s was made with %s pods, not %d: run with --cleanup first", ns, pods, perSite)
		case !withEvents[ns]:
			w.events = append(w.events, i)
		}
	}
	return w, nil
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
