package kube

import (
	"context"
	"net/http"
	"path/filepath"
	"sort"
	"strings"
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
	// Credentials is set while client-go cannot get credentials (an exec
	// plugin such as doctl or aws failing): client-go's error, which names
	// the plugin and its exit code. Cleared by the next answered request.
	Credentials string
	// Forbidden lists the kinds RBAC does not let us list or watch.
	// A kind leaves the list when a list or watch of it succeeds (a role
	// granted meanwhile).
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
		if apierrors.IsForbidden(err) {
			h.forbidden[kind] = true
			h.state.LastError, h.state.LastErrAt = err.Error(), time.Now()
		} else {
			h.failedLocked(err)
		}
		h.mu.Unlock()
		h.changes.Add(Change{Kind: KindConnection})
	}
}

// failedLocked records an error that means the apiserver cannot be used:
// a 401, a credential plugin's failure, or anything else (the connection
// is failing). h.mu is held.
func (h *Health) failedLocked(err error) {
	now := time.Now()
	msg := err.Error()
	switch {
	case apierrors.IsUnauthorized(err):
		h.state.Unauthorized = true
	case strings.Contains(msg, credentialsErrorPrefix):
		h.state.Credentials = shortExecutable(msg[strings.Index(msg, credentialsErrorPrefix)+len(credentialsErrorPrefix):])
	}
	if !h.state.Failing {
		h.state.Failing, h.state.FailingSince = true, now
	}
	h.state.LastError, h.state.LastErrAt = msg, now
}

// credentialsErrorPrefix starts every error client-go's exec credential
// plugin support returns (plugin/pkg/client/auth/exec/exec.go).
const credentialsErrorPrefix = "getting credentials: "

// shortExecutable names a plugin by its file name ("exec: executable
// doctl failed with exit code 1"): the full path rarely fits a status bar.
func shortExecutable(msg string) string {
	const word = "executable "
	i := strings.Index(msg, word)
	if i < 0 {
		return msg
	}
	rest := msg[i+len(word):]
	path, after, _ := strings.Cut(rest, " ")
	return msg[:i+len(word)] + filepath.Base(path) + " " + after
}

// answered records that the apiserver answered a request with status:
// the connection works (a 401 aside), and a list or watch of a kind that
// succeeded means that kind is no longer forbidden.
func (h *Health) answered(status int, kind Kind) {
	h.mu.Lock()
	changed := false
	if status == http.StatusUnauthorized {
		if !h.state.Unauthorized {
			h.state.Unauthorized, changed = true, true
			h.state.LastError, h.state.LastErrAt = "the apiserver answered 401 Unauthorized", time.Now()
		}
	} else if h.state.Failing || h.state.Unauthorized || h.state.Credentials != "" {
		h.state.Failing, h.state.Unauthorized, h.state.Credentials = false, false, ""
		changed = true
	}
	if status/100 == 2 && kind != "" && h.forbidden[kind] {
		delete(h.forbidden, kind)
		changed = true
	}
	h.mu.Unlock()
	if changed {
		h.changes.Add(Change{Kind: KindConnection})
	}
}

// unreachable records a request that got no answer at all (connection
// refused or reset, TLS or DNS failure, a credential plugin's error): the
// connection is failing from that moment. client-go's reflectors retry a
// refused watch with backoff without telling their error handler
// (reflector.go isWatchErrorRetriable), so without this a killed apiserver
// would only be noticed by the next ping.
func (h *Health) unreachable(err error) {
	h.mu.Lock()
	h.failedLocked(err)
	h.mu.Unlock()
	h.changes.Add(Change{Kind: KindConnection})
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
	case apierrors.IsForbidden(err):
		// Some clusters do not grant /readyz to every user: a 403 is an
		// answer, so the apiserver is up.
		changed = h.state.Failing
		h.state.Failing = false
	case apierrors.IsUnauthorized(err), err != nil && strings.Contains(err.Error(), credentialsErrorPrefix):
		changed = true
		h.failedLocked(err)
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
