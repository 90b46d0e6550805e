package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/hack/bench/fleet"
)

// churn updates rate pods per second, going round the given pods, until
// ctx ends: each update is a merge patch of one annotation, which both
// dashboards receive as a pod update from their watch. It returns how many
// patches succeeded (a slow apiserver may fall behind the rate).
func churn(ctx context.Context, cs kubernetes.Interface, pods []types.NamespacedName, rate int) int {
	var done atomic.Int64
	work := make(chan types.NamespacedName, rate)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				patch := fmt.Sprintf(`{"metadata":{"annotations":{%q:%q}}}`, fleet.AnnotationChurn, time.Now().Format(time.RFC3339Nano))
				_, err := cs.CoreV1().Pods(p.Namespace).Patch(ctx, p.Name, types.MergePatchType, []byte(patch), metav1.PatchOptions{})
				if err == nil {
					done.Add(1)
				}
			}
		}()
	}
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			close(work)
			wg.Wait()
			return int(done.Load())
		case <-tick.C:
			select {
			case work <- pods[i%len(pods)]:
			default: // the apiserver is behind; skip rather than pile up
			}
		}
	}
}
