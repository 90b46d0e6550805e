package watch

import (
	"context"
	"fmt"
	"time"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// clusterWatch is one connected cluster: its store (the TUI's own,
// re-deriving only the sites a batch touched) and the --early checks
// waiting for their moment. One goroutine owns it.
type clusterWatch struct {
	e     *Engine
	c     *kube.Cluster
	st    *store.Store
	early map[string]time.Time // namespace -> when --early fires if still failing
	// renewable: the credentials came from DigitalOcean, so a 401 ends
	// run and runCluster reconnects with new ones.
	renewable bool
}

func newClusterWatch(e *Engine, c *kube.Cluster) *clusterWatch {
	return &clusterWatch{e: e, c: c, st: store.New(c.Listers), early: map[string]time.Time{}}
}

// run reacts to informer events until ctx ends: each batch from the
// coalescing queue re-derives the touched sites and evaluates them.
// Timers only for what changes with time alone: a pending --early check,
// a --repeat, a pod row's time-based judgement, the health ping.
func (w *clusterWatch) run(ctx context.Context) {
	w.st.Resync()
	w.evaluate(ctx, w.allNamespaces())
	w.reportHealth()
	nextPing := time.Now().Add(pingInterval)
	for {
		b, err := w.next(ctx, w.nextDue(nextPing))
		if ctx.Err() != nil {
			return
		}
		now := time.Now()
		touched := map[string]bool{}
		if err == nil {
			d := w.st.Apply(b)
			if b.Resync {
				touched = w.allNamespaces()
			}
			for ns := range d.Namespaces {
				touched[ns] = true
			}
			if d.Connection {
				w.reportHealth()
			}
		}
		for ns := range w.st.Reevaluate(now).Namespaces {
			touched[ns] = true
		}
		for ns, at := range w.early {
			if !at.After(now) {
				touched[ns] = true
			}
		}
		if !w.e.nextRepeat(w.c.Name).After(now) {
			for _, in := range w.e.OpenIncidents() {
				if in.Cluster == w.c.Name {
					touched[in.Namespace] = true
				}
			}
		}
		if !nextPing.After(now) {
			_ = w.c.Ping(ctx, 5*time.Second)
			nextPing = now.Add(pingInterval)
			w.reportHealth()
		}
		w.evaluate(ctx, touched)
		if w.renewable && w.c.Health().Unauthorized {
			w.e.logf("cluster %s: credentials rejected (401 Unauthorized); fetching new ones from DigitalOcean", w.c.Name)
			return
		}
	}
}

// next waits for a batch of changes until due, then gathers what
// arrives within coalesceWindow (kube.Queue.Gather).
func (w *clusterWatch) next(ctx context.Context, due time.Time) (kube.Batch, error) {
	return w.c.Changes.Gather(ctx, due, coalesceWindow)
}

// nextDue is the earliest moment something changes with time alone.
func (w *clusterWatch) nextDue(nextPing time.Time) time.Time {
	due := nextPing
	consider := func(t time.Time) {
		if !t.IsZero() && t.Before(due) {
			due = t
		}
	}
	consider(w.st.NextChange())
	consider(w.e.nextRepeat(w.c.Name))
	for _, t := range w.early {
		consider(t)
	}
	// Never spin: something due in the past that evaluation did not
	// clear (an open incident not stuck this moment) waits a little.
	return later(due, time.Now().Add(500*time.Millisecond))
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// allNamespaces are the sites' namespaces plus those of this cluster's
// open incidents (a site deleted while the watcher was down resolves).
func (w *clusterWatch) allNamespaces() map[string]bool {
	out := map[string]bool{}
	for _, s := range w.st.Sites() {
		out[s.Namespace] = true
	}
	for _, in := range w.e.OpenIncidents() {
		if in.Cluster == w.c.Name {
			out[in.Namespace] = true
		}
	}
	return out
}

// reportHealth turns the connection's health into the cluster's status.
func (w *clusterWatch) reportHealth() {
	h := w.c.Health()
	switch {
	case h.Failing || h.Unauthorized || h.Credentials != "":
		why := h.LastError
		if h.Credentials != "" {
			why = h.Credentials
		}
		w.e.setStatus(w.c.Name, "unreachable", why, len(w.st.Sites()))
	default:
		w.e.setStatus(w.c.Name, "connected", "", len(w.st.Sites()))
	}
}

// evaluate judges the touched namespaces and hands what changed to the
// book; notifications go to the sender without waiting for delivery.
func (w *clusterWatch) evaluate(ctx context.Context, namespaces map[string]bool) {
	now := time.Now()
	for ns := range namespaces {
		site, ok := w.st.Site(ns)
		var f Finding
		if ok {
			f = Evaluate(site, w.st.Objects(ns), w.e.opt.Early, now)
		}
		f.Namespace = ns
		if f.DueAt.IsZero() {
			delete(w.early, ns)
		} else {
			w.early[ns] = f.DueAt
		}
		var diag *model.Diagnosis
		cause := func() string {
			if diag == nil {
				d := model.DiagnoseWeb(w.st.ObjectsWithEvents(ns), now)
				diag = &d
			}
			return diag.Verdict
		}
		for _, in := range w.e.observe(w.c.Name, f, !ok, now, cause) {
			w.e.notify(w.notification(ctx, in, site, diag))
		}
	}
}

// notification completes an incident with the site's diagnosis, the
// failing pod's last log lines and the fix.
func (w *clusterWatch) notification(ctx context.Context, in Incident, site model.Site, diag *model.Diagnosis) Notification {
	n := Notification{Incident: in, Summary: site.Reason(), Fix: fixCommand(in.Cluster, in.Namespace)}
	if n.Summary == "" {
		n.Summary = fmt.Sprintf("the rollout of revision %d is stuck", in.Revision)
	}
	if in.Status != StatusFiring || diag == nil {
		return n
	}
	n.Evidence, n.Hint, n.Serving = diag.Evidence, diag.Hint, diag.ServingLine
	if len(diag.StuckPods) > 0 {
		n.Pod = diag.StuckPods[0]
		pod, err := w.st.L.Pods.Pods(in.Namespace).Get(n.Pod)
		if err == nil {
			n.Logs = lastLogLines(ctx, w.c.Client, pod)
		}
	}
	return n
}
