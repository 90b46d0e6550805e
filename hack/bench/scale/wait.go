package main

import (
	"context"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/hack/bench/benchkube"
	"github.com/flightdeck/fdtui/hack/bench/fleet"
)

// waitSettled waits until kwok made every bench pod Ready and the
// Deployment controller reports every web Deployment available, so that
// the measurements start on a quiet cluster.
func waitSettled(ctx context.Context, cs kubernetes.Interface, pods int, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	sel := fleet.LabelBench + "=true"
	for {
		n, err := benchkube.CountPods(ctx, cs, sel)
		if err != nil {
			return fmt.Errorf("counting bench pods: %w", err)
		}
		avail, total, err := deploymentsAvailable(ctx, cs, sel)
		if err != nil {
			return err
		}
		logf("%d/%d pods Ready, %d/%d web Deployments available", n.Ready, pods, avail, total)
		if n.Ready >= pods && avail == total {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("not settled after %s (kwok makes ~40 pods/s Ready on 2 cores)", timeout)
		case <-time.After(10 * time.Second):
		}
	}
}

func deploymentsAvailable(ctx context.Context, cs kubernetes.Interface, sel string) (avail, total int, err error) {
	ds, err := cs.AppsV1().Deployments("").List(ctx, metav1.ListOptions{LabelSelector: sel})
	if err != nil {
		return 0, 0, fmt.Errorf("listing bench deployments: %w", err)
	}
	for _, d := range ds.Items {
		s := d.Status
		if !d.Spec.Paused && s.ObservedGeneration >= d.Generation && s.AvailableReplicas == *d.Spec.Replicas &&
			s.UpdatedReplicas == *d.Spec.Replicas {
			avail++
		}
	}
	return avail, len(ds.Items), nil
}
