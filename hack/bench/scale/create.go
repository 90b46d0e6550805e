package main

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/hack/bench/fleet"
)

// createSites builds the planned sites with a pool of workers, and tops up
// the events of complete ones. It stops at the first error.
func createSites(ctx context.Context, cs kubernetes.Interface, w work, nodes []string, workers int) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan job)
	var sitesDone, podsMade atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				n, err := j.run(ctx, cs, w.perSite, nodes)
				podsMade.Add(int64(n))
				sitesDone.Add(1)
				if err != nil {
					cancel(err)
				}
			}
		}()
	}
	stopProgress := progress(&sitesDone, &podsMade, len(w.create)+len(w.events))
	feed(ctx, jobs, w)
	close(jobs)
	wg.Wait()
	stopProgress()
	return context.Cause(ctx)
}

type job struct {
	site       int
	eventsOnly bool
}

func feed(ctx context.Context, jobs chan<- job, w work) {
	all := make([]job, 0, len(w.create)+len(w.events))
	for _, i := range w.create {
		all = append(all, job{site: i})
	}
	for _, i := range w.events {
		all = append(all, job{site: i, eventsOnly: true})
	}
	for _, j := range all {
		select {
		case jobs <- j:
		case <-ctx.Done():
			return
		}
	}
}

// run builds one site; its pods go round the bench nodes, each site
// starting where the previous one ended.
func (j job) run(ctx context.Context, cs kubernetes.Interface, perSite int, nodes []string) (int, error) {
	site, err := fleet.NewSite(j.site, perSite)
	if err != nil {
		return 0, err
	}
	first := j.site * perSite
	b := &builder{cs: cs, site: site, node: func(k int) string { return nodes[(first+k)%len(nodes)] }}
	if j.eventsOnly {
		return 0, b.events(ctx)
	}
	err = b.build(ctx)
	return b.pods, err
}

// progress prints a line every five seconds until stopped.
func progress(sites, pods *atomic.Int64, total int) func() {
	start := time.Now()
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(5 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				secs := time.Since(start).Seconds()
				logf("%d/%d sites, %d pods (%.0f pods/s)", sites.Load(), total, pods.Load(), float64(pods.Load())/secs)
			}
		}
	}()
	return func() { close(done) }
}
