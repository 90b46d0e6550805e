package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

const pollEvery = 500 * time.Millisecond

// waitReady polls until every site has its web pods ready and its
// StatefulSets ready, or the timeout passes; it returns the sites still
// not ready, each with why. Ready, not available: a site with a long
// minReadySeconds is serving long before its pods count as available.
func waitReady(ctx context.Context, cs kubernetes.Interface, sites []siteDef, timeout time.Duration) []string {
	deadline := time.Now().Add(timeout)
	for {
		var pending []string
		for _, d := range sites {
			if why := notReady(ctx, cs, d.namespace()); why != "" {
				pending = append(pending, d.Domain+": "+why)
			}
		}
		if len(pending) == 0 || time.Now().After(deadline) || ctx.Err() != nil {
			return pending
		}
		time.Sleep(pollEvery)
	}
}

// notReady says what is not ready yet in namespace ns ("" when all is).
func notReady(ctx context.Context, cs kubernetes.Interface, ns string) string {
	var why []string
	d, err := cs.AppsV1().Deployments(ns).Get(ctx, blueprint.ComponentWeb, metav1.GetOptions{})
	switch {
	case err != nil:
		why = append(why, err.Error())
	case d.Status.ObservedGeneration < d.Generation || d.Status.ReadyReplicas < replicas(d.Spec.Replicas):
		why = append(why, fmt.Sprintf("web %d/%d ready", d.Status.ReadyReplicas, replicas(d.Spec.Replicas)))
	}
	for _, name := range []string{blueprint.ComponentMySQL, blueprint.ComponentMemcache} {
		s, err := cs.AppsV1().StatefulSets(ns).Get(ctx, name, metav1.GetOptions{})
		switch {
		case err != nil:
			why = append(why, err.Error())
		case s.Status.ObservedGeneration < s.Generation || s.Status.ReadyReplicas < replicas(s.Spec.Replicas) ||
			s.Status.UpdatedReplicas < replicas(s.Spec.Replicas):
			why = append(why, fmt.Sprintf("%s %d/%d ready", name, s.Status.ReadyReplicas, replicas(s.Spec.Replicas)))
		}
	}
	return strings.Join(why, ", ")
}

func replicas(n *int32) int32 {
	if n == nil {
		return 1
	}
	return *n
}
