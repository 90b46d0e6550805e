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
// the measurements start on a quiet cluster. It gives up only when
// nothing moved for stall: how fast kwok makes pods Ready depends on the
// machine (40 pods/s on a quiet 2-core machine, 3-16 under load), so a
// fixed bound failed a 10,000-pod run that was still progressing. Any
// change counts as movement, not only a new high: with every pod Ready
// the Deployment controller, behind on 1,000 Deployments, reported 986
// to 995 of them available for minutes before all 1,000 (2026-12-03),
// and a high-water mark gave up on it.
func waitSettled(ctx context.Context, cs kubernetes.Interface, pods int, stall time.Duration) error {
	sel := fleet.LabelBench + "=true"
	last, lastAt := -1, time.Now()
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
		if state := n.Ready*(total+1) + avail; state != last {
			last, lastAt = state, time.Now()
		} else if time.Since(lastAt) > stall {
			return fmt.Errorf("not settled: the Ready pods and available Deployments did not change for %s", stall)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
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
