// Package fleet keeps many clusters connected at once, lean (only what a
// site's row needs), and gives their sites as one list: the fleet
// screen's data. No Bubble Tea: the UI reads Snapshot when Changed fires.
package fleet

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// States of a cluster in the fleet.
const (
	StateConnecting   = "connecting"
	StateConnected    = "connected"
	StateUnreachable  = "unreachable"
	StateUnauthorized = "unauthorized"
	StateForbidden    = "forbidden"
)

// Tuning.
const (
	// coalesce gathers a burst of informer events into one publish.
	coalesce = 200 * time.Millisecond
	// ping: a watch on a frozen apiserver hangs without an error; one
	// /readyz per interval notices (kube.Cluster.Ping).
	ping = 20 * time.Second
)

// Cluster is one member's state at a moment.
type Cluster struct {
	Name  string
	State string // StateConnecting, ...
	// Why says what is wrong when State is not connected: the
	// apiserver's own error.
	Why string
	// Since is when State last changed.
	Since time.Time
	// Sites are the cluster's sites in triage order (model.SortSites).
	Sites []model.Site
	// Nodes and NodesReady count the cluster's nodes (0/0 for a user who
	// may not list them).
	Nodes, NodesReady int
	// Namespaces is what the connection watches (none: every namespace).
	Namespaces []string
	// Seen: the cluster has been connected at least once, so Sites are
	// what it last showed (kept while it is unreachable).
	Seen bool
}

// Snapshot is every member, by name.
type Snapshot struct {
	Clusters []Cluster
	// Gen grows with every change (a screen redraws only when it did).
	Gen uint64
}

// Member is a cluster to keep: its name (a kubeconfig context) and how
// to reach it.
type Member struct {
	Name string
	Dial kube.Dialer
}

// Fleet keeps its members connected. Make it with New; every goroutine
// it starts runs under the context given to New and ends with Close.
type Fleet struct {
	keep    *kube.Keeper
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	changed chan struct{}

	mu      sync.Mutex
	members map[string]*member
	gen     uint64
}

type member struct {
	cancel context.CancelFunc
	state  Cluster
}

// New returns a fleet whose connections follow keep (bounded connects,
// timeouts, back-off; keep.Lean should be set). It connects nothing until
// Set names the members.
func New(ctx context.Context, keep *kube.Keeper) *Fleet {
	ctx, cancel := context.WithCancel(ctx)
	return &Fleet{keep: keep, ctx: ctx, cancel: cancel, changed: make(chan struct{}, 1), members: map[string]*member{}}
}

// Changed receives (coalesced) after the snapshot changed.
func (f *Fleet) Changed() <-chan struct{} { return f.changed }

// Done is closed when the fleet is closed.
func (f *Fleet) Done() <-chan struct{} { return f.ctx.Done() }

// Set makes ms the members: new ones start connecting, those no longer
// named are disconnected and dropped.
func (f *Fleet) Set(ms []Member) {
	f.mu.Lock()
	defer f.mu.Unlock()
	want := map[string]bool{}
	for _, m := range ms {
		want[m.Name] = true
		if _, ok := f.members[m.Name]; ok {
			continue
		}
		ctx, cancel := context.WithCancel(f.ctx)
		f.members[m.Name] = &member{cancel: cancel, state: Cluster{Name: m.Name, State: StateConnecting, Since: time.Now()}}
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			f.keep.Keep(ctx, m.Name, m.Dial, func(ctx context.Context, c *kube.Cluster, _ bool) {
				f.watch(ctx, m.Name, c)
			}, func(err error) { f.failed(m.Name, err) })
		}()
	}
	for name, m := range f.members {
		if !want[name] {
			m.cancel()
			delete(f.members, name)
		}
	}
	f.bump()
}

// Close disconnects every member and waits for their goroutines.
func (f *Fleet) Close() {
	f.cancel()
	f.wg.Wait()
}

// Snapshot is every member's state, sorted by name.
func (f *Fleet) Snapshot() Snapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := Snapshot{Gen: f.gen, Clusters: make([]Cluster, 0, len(f.members))}
	for _, m := range f.members {
		s.Clusters = append(s.Clusters, m.state)
	}
	sort.Slice(s.Clusters, func(i, j int) bool { return s.Clusters[i].Name < s.Clusters[j].Name })
	return s
}

// watch follows one connected cluster until ctx ends: every batch of
// changes re-derives the touched sites and publishes them.
func (f *Fleet) watch(ctx context.Context, name string, c *kube.Cluster) {
	st := store.New(c.Listers)
	st.Resync()
	f.publish(name, c, st)
	nextPing := time.Now().Add(ping)
	for {
		due := nextPing
		if t := st.NextChange(); !t.IsZero() && t.Before(due) {
			due = t
		}
		b, err := c.Changes.Gather(ctx, due, coalesce)
		if ctx.Err() != nil {
			return
		}
		if err == nil {
			st.Apply(b)
		}
		now := time.Now()
		st.Reevaluate(now)
		if !nextPing.After(now) {
			_ = c.Ping(ctx, 5*time.Second)
			nextPing = now.Add(ping)
		}
		f.publish(name, c, st)
	}
}

// publish records what the store holds now.
func (f *Fleet) publish(name string, c *kube.Cluster, st *store.Store) {
	sum := st.Summary()
	// A copy: the store reuses its list, and readers are on other goroutines.
	sites := append([]model.Site(nil), st.Sites()...)
	cl := Cluster{Name: name, State: StateConnected, Sites: sites, Nodes: sum.Nodes, NodesReady: sum.NodesReady,
		Namespaces: c.Namespaces, Seen: true}
	h := c.Health()
	switch {
	case h.Unauthorized:
		cl.State, cl.Why = StateUnauthorized, "the apiserver refused the credentials (401 Unauthorized)"
	case h.Credentials != "":
		cl.State, cl.Why = StateUnauthorized, h.Credentials
	case h.Failing:
		cl.State, cl.Why = StateUnreachable, h.LastError
	default:
		if why := forbidden(c, h.Forbidden); why != "" {
			cl.State, cl.Why = StateForbidden, why
		}
	}
	f.update(name, func(old *Cluster) {
		if old.State != cl.State {
			cl.Since = time.Now()
		} else {
			cl.Since = old.Since
		}
		*old = cl
	})
}

// forbidden says why RBAC leaves the cluster's sites unknown ("": it
// does not): listing the kinds a site's state needs is refused.
func forbidden(c *kube.Cluster, kinds []kube.Kind) string {
	var names []string
	for _, k := range kinds {
		switch k {
		case kube.KindDeployment, kube.KindPod, kube.KindNamespace: // a site's state needs them
			names = append(names, string(k))
		}
	}
	if len(names) == 0 {
		return ""
	}
	who := c.User
	if who == "" {
		who = "this user"
	}
	where := "cluster-wide"
	if len(c.Namespaces) > 0 {
		where = "in " + strings.Join(c.Namespaces, ", ")
	}
	return fmt.Sprintf("RBAC: %s may not list %s %s", who, strings.Join(names, ", "), where)
}

// failed records a connect that failed; what the cluster last showed is
// kept (marked by its state) until it answers again.
func (f *Fleet) failed(name string, err error) {
	state, why := Classify(err)
	f.update(name, func(old *Cluster) {
		if old.State != state {
			old.Since = time.Now()
		}
		old.State, old.Why = state, why
	})
}

// Classify names the state a failed connect leaves a cluster in: 401 is
// unauthorized (credentials refused or expired), 403 forbidden (RBAC),
// anything else unreachable; why is the error's text.
func Classify(err error) (state, why string) {
	var se *apierrors.StatusError
	switch {
	case apierrors.IsUnauthorized(err):
		return StateUnauthorized, "the apiserver refused the credentials (401 Unauthorized)"
	case apierrors.IsForbidden(err) && errors.As(err, &se):
		return StateForbidden, se.ErrStatus.Message
	case apierrors.IsForbidden(err):
		return StateForbidden, err.Error()
	}
	return StateUnreachable, err.Error()
}

// update changes one member's state under the lock and says so.
func (f *Fleet) update(name string, change func(*Cluster)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	m, ok := f.members[name]
	if !ok {
		return // dropped meanwhile
	}
	change(&m.state)
	f.bump()
}

// bump counts a change and wakes the reader without ever blocking.
func (f *Fleet) bump() {
	f.gen++
	select {
	case f.changed <- struct{}{}:
	default:
	}
}
