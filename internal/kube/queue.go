package kube

import (
	"context"
	"sync"
	"time"
)

// Kind names the kind of object a Change is about.
type Kind string

// The kinds fdtui watches. KindConnection is not an object: it says the
// connection state of the cluster changed.
const (
	KindNamespace   Kind = "namespaces"
	KindPod         Kind = "pods"
	KindDeployment  Kind = "deployments"
	KindReplicaSet  Kind = "replicasets"
	KindStatefulSet Kind = "statefulsets"
	KindService     Kind = "services"
	KindIngress     Kind = "ingresses"
	KindPVC         Kind = "persistentvolumeclaims"
	KindEvent       Kind = "events"
	KindNode        Kind = "nodes"
	KindSecret      Kind = "secrets"
	KindCronJob     Kind = "cronjobs"
	KindJob         Kind = "jobs"
	KindConnection  Kind = "connection"
)

// Change says that one object changed (was added, updated or deleted); the
// reader looks the object up in a lister to learn which.
type Change struct {
	Kind      Kind
	Namespace string
	Name      string
}

// Batch is what a reader gets from the queue: the distinct changes since the
// last batch. Resync is true when the queue overflowed and dropped keys: the
// reader must then re-derive everything.
type Batch struct {
	Changes []Change
	Resync  bool
}

// Queue is a bounded, coalescing queue of changed object keys. Informer
// handlers call Add, which never blocks: several changes to one object
// become one entry, and past the bound the queue forgets the keys and asks
// for a full resync instead of growing. One reader calls Next.
type Queue struct {
	mu       sync.Mutex
	pending  map[Change]struct{}
	overflow bool
	max      int
	notify   chan struct{}
}

// NewQueue returns a queue that holds at most max distinct keys.
func NewQueue(max int) *Queue {
	return &Queue{pending: make(map[Change]struct{}), max: max, notify: make(chan struct{}, 1)}
}

// Add records a change. It is safe to call from any goroutine and returns at once.
func (q *Queue) Add(c Change) {
	q.mu.Lock()
	switch {
	case q.overflow:
	case len(q.pending) >= q.max:
		q.overflow = true
		q.reset()
	default:
		q.pending[c] = struct{}{}
	}
	q.mu.Unlock()
	select {
	case q.notify <- struct{}{}:
	default:
	}
}

// shrinkAfter is the count of pending changes above which emptying the
// queue drops its map instead of clearing it: a cleared Go map keeps its
// tables, and the first LISTs hold every object pending at once (1.6 MB
// kept for the session at 10,000 pods, heap profile 2026-12-05).
const shrinkAfter = 1024

// reset empties the pending set; q.mu is held.
func (q *Queue) reset() {
	if len(q.pending) > shrinkAfter {
		q.pending = make(map[Change]struct{})
		return
	}
	clear(q.pending)
}

// Next blocks until at least one change is pending, then waits window more so
// that a burst arrives as one batch, and returns everything pending.
func (q *Queue) Next(ctx context.Context, window time.Duration) (Batch, error) {
	return q.NextOrQuiet(ctx, window, 0, nil)
}

// NextOrQuiet is Next that calls onQuiet, on the waiting goroutine, each
// time quiet passes without a change (quiet 0 or a nil onQuiet: never):
// after quiet, 2×quiet, and so on for as long as the wait lasts. The wait
// goes on after it; no change is lost to it.
func (q *Queue) NextOrQuiet(ctx context.Context, window, quiet time.Duration, onQuiet func()) (Batch, error) {
	var quietC <-chan time.Time // nil: never fires
	if quiet > 0 && onQuiet != nil {
		t := time.NewTicker(quiet)
		defer t.Stop()
		quietC = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return Batch{}, ctx.Err()
		case <-q.notify:
			return q.gather(ctx, window)
		case <-quietC:
			onQuiet()
		}
	}
}

// gather waits window after a notification, so that a burst arrives as
// one batch, and drains everything pending.
func (q *Queue) gather(ctx context.Context, window time.Duration) (Batch, error) {
	if window > 0 {
		t := time.NewTimer(window)
		select {
		case <-ctx.Done():
			t.Stop()
			return Batch{}, ctx.Err()
		case <-t.C:
		}
	}
	return q.drain(), nil
}

func (q *Queue) drain() Batch {
	q.mu.Lock()
	defer q.mu.Unlock()
	b := Batch{Resync: q.overflow, Changes: make([]Change, 0, len(q.pending))}
	for c := range q.pending {
		b.Changes = append(b.Changes, c)
	}
	q.reset()
	q.overflow = false
	// A notification may have arrived for changes drained here; the reader
	// would then wake to an empty batch. Harmless, and cheaper than
	// tracking it.
	return b
}

// Len reports how many distinct changes are pending.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.pending)
}

// Gather waits until due for a first change, then window more so that a
// burst arrives as one batch, and returns everything pending. The
// deadline applies to the wait only: a due that fell inside the window
// would leave the changes it woke for pending until the next event. On
// reaching due with nothing pending it returns context.DeadlineExceeded.
func (q *Queue) Gather(ctx context.Context, due time.Time, window time.Duration) (Batch, error) {
	wctx, cancel := context.WithDeadline(ctx, due)
	b, err := q.Next(wctx, 0)
	cancel()
	if err != nil {
		return b, err
	}
	select {
	case <-ctx.Done():
		return b, ctx.Err()
	case <-time.After(window):
	}
	if q.Len() > 0 {
		more := q.drain()
		b.Changes, b.Resync = append(b.Changes, more.Changes...), b.Resync || more.Resync
	}
	return b, nil
}
