// Package common holds what every page shares: styles, size, the active
// cluster connection, the messages pages exchange with the app, and the
// Page contract (soft-serve's Common + Component pattern).
package common

import (
	"context"
	"time"

	"k8s.io/client-go/rest"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// Common is shared by the app and its pages. The app owns it; pages read it.
type Common struct {
	Styles *styles.Styles
	Width  int
	Height int
	Conn   *Conn
	// Kubeconfig resolves contexts for the clusters page and :ctx.
	Kubeconfig *kube.Kubeconfig
	Options    Options
	// Now is the clock (fixed in golden tests).
	Now func() time.Time
	// Probe asks an apiserver its version (the clusters screen's
	// reachability check); tests give a fake.
	Probe func(ctx context.Context, cfg *rest.Config) (string, error)
	// LibraryOutput returns the last line something other than fdtui
	// wrote to stderr (a credential plugin explaining its failure; main
	// sends it to the log file, never the screen), or "". Nil in tests.
	LibraryOutput func() string
	// pageIDs numbers the pages opened (NewOwner).
	pageIDs PageID
}

// Options are user settings that pages honour.
type Options struct {
	ReadOnly         bool
	MetricsInterval  time.Duration
	LogLines         int
	ProgressDeadline int32
	// ActionTimeout bounds each operation an action runs (default 30 s).
	ActionTimeout time.Duration
	// BatchWindow is how long the informer feed gathers changes after the
	// first one arrives (default 100 ms), so a burst is one frame.
	BatchWindow time.Duration
	// PingInterval is how often a connection's /readyz is checked (default
	// 20 s): a watch on a frozen apiserver hangs for minutes silently.
	PingInterval time.Duration
}

// Conn is one connected cluster and its derived view-models.
type Conn struct {
	ID      int
	Context string
	Server  string
	Version string
	Cluster *kube.Cluster
	Store   *store.Store
	// Access answers "may I?" (SelfSubjectAccessReview, cached); nil on a
	// static test cluster, where everything is allowed.
	Access *kube.Access
	ctx    context.Context
	cancel context.CancelFunc
}

// NewConn wraps a connected cluster.
func NewConn(id int, contextName, server, version string, c *kube.Cluster) *Conn {
	ctx, cancel := context.WithCancel(context.Background())
	conn := &Conn{ID: id, Context: contextName, Server: server, Version: version, Cluster: c,
		Store: store.New(c.Listers), ctx: ctx, cancel: cancel}
	if c.Client != nil {
		conn.Access = kube.NewAccess(c.Client)
	}
	return conn
}

// Ctx is cancelled when the connection closes.
func (c *Conn) Ctx() context.Context { return c.ctx }

// Close stops the informers and every command waiting on them.
func (c *Conn) Close() {
	c.cancel()
	c.Cluster.Stop()
}
