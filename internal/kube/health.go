package kube

import (
	"context"
	"sort"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/client-go/tools/cache"
)

// HealthState is a snapshot of a cluster connection's state.
type HealthState struct {
	// Failing is set while watches fail (network down, apiserver gone);
	// FailingSince says since when. Cleared by the next successful event.
	Failing      bool
	FailingSince time.Time
	// Unauthorized is set when the apiserver answered 401: credentials
	// expired or were revoked (DigitalOcean kubeconfigs expire).
	Unauthorized bool
	// Forbidden lists the kinds RBAC does not let us list or watch.
	Forbidden []Kind
	LastError string
	LastErrAt time.Time
}

// Health tracks watch errors reported by the informers' reflectors.
type Health struct {
	mu        sync.Mutex
	state     HealthState
	forbidden map[Kind]bool
	changes   *Queue
}

func newHealth(q *Queue) *Health {
	return &Health{forbidden: map[Kind]bool{}, changes: q}
}

// State returns a copy of the current state.
func (h *Health) State() HealthState {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.state
	s.Forbidden = nil
	for k := range h.forbidden {
		s.Forbidden = append(s.Forbidden, k)
	}
	sort.Slice(s.Forbidden, func(i, j int) bool { return s.Forbidden[i] < s.Forbidden[j] })
	return s
}

func (h *Health) watchError(kind Kind) cache.WatchErrorHandlerWithContext {
	return func(ctx context.Context, r *cache.Reflector, err error) {
		// Keep client-go's own logging and backoff behaviour.
		cache.DefaultWatchErrorHandler(ctx, r, err)
		h.mu.Lock()
		now := time.Now()
		switch {
		case apierrors.IsForbidden(err):
			h.forbidden[kind] = true
		case apierrors.IsUnauthorized(err):
			h.state.Unauthorized = true
			fallthrough
		default:
			if !h.state.Failing {
				h.state.Failing, h.state.FailingSince = true, now
			}
		}
		h.state.LastError, h.state.LastErrAt = err.Error(), now
		h.mu.Unlock()
		h.changes.Add(Change{Kind: KindConnection})
	}
}

// markForbidden records a kind RBAC forbids before any watch asks.
func (h *Health) markForbidden(kind Kind) {
	h.mu.Lock()
	h.forbidden[kind] = true
	h.mu.Unlock()
}

// sawEvent clears the failing state: an informer delivered an object, so
// the apiserver answers again.
func (h *Health) sawEvent() {
	h.mu.Lock()
	recovered := h.state.Failing || h.state.Unauthorized
	h.state.Failing, h.state.Unauthorized = false, false
	h.mu.Unlock()
	if recovered {
		h.changes.Add(Change{Kind: KindConnection})
	}
}

// syncedOrForbidden treats a kind RBAC forbids as synced, so that waiting
// for the caches ends and the rest of the screen works.
func (h *Health) syncedOrForbidden(kind Kind, synced cache.InformerSynced) cache.InformerSynced {
	return func() bool {
		if synced() {
			return true
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.forbidden[kind]
	}
}

// Ping asks the apiserver /readyz. Watches on a connection whose server
// stopped answering (a partition, a frozen apiserver) can hang for minutes
// without an error; a periodic ping notices within one interval.
func (c *Cluster) Ping(ctx context.Context, timeout time.Duration) error {
	if c.Client == nil {
		return nil // a static test cluster
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err := c.Client.Discovery().RESTClient().Get().AbsPath("/readyz").Do(ctx).Error()
	c.health.pinged(err)
	return err
}

// pinged records a ping's result: a failure marks the connection failing,
// a success after failures clears it.
func (h *Health) pinged(err error) {
	h.mu.Lock()
	changed := false
	now := time.Now()
	switch {
	case err != nil:
		if !h.state.Failing {
			h.state.Failing, h.state.FailingSince = true, now
		}
		changed = true // redraw "reconnecting since …" once per ping
		h.state.LastError, h.state.LastErrAt = "apiserver not answering: "+err.Error(), now
	case h.state.Failing:
		h.state.Failing, changed = false, true
	}
	h.mu.Unlock()
	if changed {
		h.changes.Add(Change{Kind: KindConnection})
	}
}
