// Package common holds what every page shares: styles, size, the active
// cluster connection, the messages pages exchange with the app, and the
// Page contract (soft-serve's Common + Component pattern).
package common

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

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
}

// Options are user settings that pages honour.
type Options struct {
	ReadOnly         bool
	MetricsInterval  time.Duration
	LogLines         int
	ProgressDeadline int32
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

// Page is one screen. Update returns the page itself (pointer pages).
type Page interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Page, tea.Cmd)
	View() string
	SetSize(width, height int)
	// Title is the breadcrumb name, e.g. "Sites" or "www-example-com".
	Title() string
	help.KeyMap
	// Refresh tells the page the store changed.
	Refresh(d store.Dirty)
}

// Filterable pages take the / filter.
type Filterable interface {
	SetFilter(f string)
	Filter() string
}

// Capturing pages (forms, confirmations, log search) take every key; the
// app's global keys then do not apply except ctrl+c.
type Capturing interface {
	Capturing() bool
}

// Closer pages hold resources (a log stream) the app releases when the
// page leaves the stack.
type Closer interface {
	Close()
}

// UsesMetrics pages want metrics.k8s.io polled while they are shown.
type UsesMetrics interface {
	SetUsage(u Usage)
}
