package ui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

// watch is the re-armed command at the heart of the data path: it blocks
// until the connection's queue holds a change, gathers a window's worth,
// and returns them as one message. The app re-arms it after each batch.
func (a *App) watch(conn *common.Conn) tea.Cmd {
	q, ctx, id, window := conn.Cluster.Changes, conn.Ctx(), conn.ID, a.c.Options.BatchWindow
	quiet := a.mem.whenGrown // hands idle memory back once the caches are full (releaser)
	return func() tea.Msg {
		b, err := q.NextOrQuiet(ctx, window, idleQuiet, quiet)
		if err != nil {
			return nil // connection closed
		}
		return common.KubeBatchMsg{ConnID: id, Batch: b}
	}
}

func (a *App) waitSynced(conn *common.Conn) tea.Cmd {
	cl, ctx, id := conn.Cluster, conn.Ctx(), conn.ID
	return func() tea.Msg {
		if !cl.WaitForSync(ctx) {
			return nil
		}
		return common.SyncedMsg{ConnID: id}
	}
}

func (a *App) current(id int) bool { return a.c.Conn != nil && a.c.Conn.ID == id }

func (a *App) onBatch(msg common.KubeBatchMsg) tea.Cmd {
	if !a.current(msg.ConnID) {
		return nil // a batch from a connection we already closed
	}
	rearm := a.watch(a.c.Conn)
	if !a.synced {
		return tea.Batch(rearm, a.onLoadingBatch())
	}
	d := a.c.Conn.Store.Apply(msg.Batch)
	if !d.Any() {
		return rearm
	}
	a.top().Refresh(d)
	return tea.Batch(rearm, a.toAll(common.DataChangedMsg{Dirty: d}), a.scheduleTimed())
}

// --- time-based judgements: one timer, for the earliest ---

// timedMsg says the earliest time-based judgement (a pod stuck
// Terminating) is due on connection connID.
type timedMsg struct {
	connID int
	at     time.Time
}

// scheduleTimed arms one timer for the store's earliest time-based
// change, unless one is already armed for that moment or earlier: an idle
// screen still tells the truth when a deadline passes, and draws nothing
// otherwise.
func (a *App) scheduleTimed() tea.Cmd {
	if a.c.Conn == nil {
		return nil
	}
	next := a.c.Conn.Store.NextChange()
	if next.IsZero() || (!a.timedAt.IsZero() && !next.Before(a.timedAt)) {
		return nil
	}
	a.timedAt = next
	id := a.c.Conn.ID
	return tea.Tick(max(0, next.Sub(a.c.Now())), func(time.Time) tea.Msg { return timedMsg{connID: id, at: next} })
}

func (a *App) onTimed(msg timedMsg) tea.Cmd {
	if !a.current(msg.connID) || !msg.at.Equal(a.timedAt) {
		return nil // superseded by an earlier timer, or another cluster
	}
	a.timedAt = time.Time{}
	d := a.c.Conn.Store.Reevaluate(a.c.Now())
	if d.Any() {
		a.top().Refresh(d)
	}
	return tea.Batch(a.toAll(common.DataChangedMsg{Dirty: d}), a.scheduleTimed())
}

func (a *App) onSynced(msg common.SyncedMsg) tea.Cmd {
	if !a.current(msg.ConnID) {
		return nil
	}
	a.synced = true
	a.top().Refresh(a.c.Conn.Store.Resync())
	return tea.Batch(a.mem.atSync, a.scheduleTimed())
}

// --- metrics: polled only while a page that shows usage is on top ---

type pollMsg struct{ gen int }

func (a *App) startPolling() tea.Cmd {
	a.pollGen++
	if _, ok := a.top().(common.UsesMetrics); !ok || a.c.Conn == nil {
		return nil
	}
	gen := a.pollGen
	return func() tea.Msg { return pollMsg{gen: gen} }
}

func (a *App) onPoll(msg pollMsg) tea.Cmd {
	if msg.gen != a.pollGen || a.c.Conn == nil {
		return nil
	}
	cl, id, ctx := a.c.Conn.Cluster, a.c.Conn.ID, a.c.Conn.Ctx()
	return func() tea.Msg {
		items, err := cl.NodeMetrics(ctx, 10*time.Second)
		u := common.Usage{Err: err, Nodes: map[string]model.Usage{}}
		for _, m := range items {
			u.Nodes[m.Name] = model.Usage{CPU: m.Usage.Cpu().MilliValue(), Mem: m.Usage.Memory().Value()}
		}
		return common.UsageMsg{ConnID: id, Usage: u}
	}
}

func (a *App) onUsage(msg common.UsageMsg) tea.Cmd {
	if !a.current(msg.ConnID) {
		return nil
	}
	p, ok := a.top().(common.UsesMetrics)
	if !ok {
		return nil
	}
	p.SetUsage(msg.Usage)
	interval := a.c.Options.MetricsInterval
	if errors.Is(msg.Usage.Err, kube.ErrNoMetrics) {
		// No metrics-server: ask rarely, so installing one is noticed
		// without an error loop.
		interval = 4 * interval
	}
	gen := a.pollGen
	return tea.Tick(interval, func(time.Time) tea.Msg { return pollMsg{gen: gen} })
}

// --- connecting and switching clusters ---

// connectedMsg says a connection is ready; then, when set, is the route
// to open on it (the site a :ns jump asked for).
type connectedMsg struct {
	conn        *common.Conn
	then, under *common.Route
}
type connectFailedMsg struct{ err error }

func (a *App) connect(contextName string) tea.Cmd {
	return a.connectScoped(contextName, nil, common.ConnectMsg{})
}

// connectThen connects to msg.Context and opens msg.Then there. On the
// cluster already connected, a Then only opens (the fleet's enter);
// without one it connects again (fresh credentials).
func (a *App) connectThen(msg common.ConnectMsg) tea.Cmd {
	if msg.Then == nil || a.c.Conn == nil || a.c.Conn.Context != msg.Context {
		return a.connectScoped(msg.Context, nil, msg)
	}
	return a.openThen(msg.Then, msg.Under)
}

// openThen opens then (nil: the sites) over under, or over the sites
// when under is nil, so esc goes back where the user came from.
func (a *App) openThen(then, under *common.Route) tea.Cmd {
	sites := common.Route{Kind: common.RouteSites}
	if under == nil {
		under = &sites
	}
	open := a.replace(a.f.page(*under))
	if then == nil {
		then = &sites
	}
	if then.Kind == under.Kind {
		return open
	}
	return tea.Batch(open, a.push(a.f.page(*then)))
}

// connectScoped connects to a context watching namespaces only (none =
// the scope Dial decides) and then opens where msg says (its Then over
// its Under; by default the sites).
func (a *App) connectScoped(contextName string, namespaces []string, msg common.ConnectMsg) tea.Cmd {
	if a.connecting != "" {
		return nil
	}
	a.connecting = contextName
	kc, id := a.c.Kubeconfig, a.nextID
	a.nextID++
	return func() tea.Msg {
		conn, err := dial(kc, contextName, id, namespaces)
		if err != nil {
			return connectFailedMsg{err: err}
		}
		return connectedMsg{conn: conn, then: msg.Then, under: msg.Under}
	}
}

// Dial connects to a kubeconfig context: it checks the apiserver answers
// (so a dead cluster fails fast with a clear error) and starts informers.
func Dial(kc *kube.Kubeconfig, contextName string, id int) (*common.Conn, error) {
	return dial(kc, contextName, id, nil)
}

// dial is Dial with the namespaces to watch given (none = the scope the
// user's rights, -n and the context decide).
func dial(kc *kube.Kubeconfig, contextName string, id int, namespaces []string) (*common.Conn, error) {
	cfg, err := kc.RESTConfig(contextName)
	if err != nil {
		return nil, err
	}
	var scopeOf func(context.Context) []string
	if len(namespaces) == 0 {
		scopeOf = func(ctx context.Context) []string {
			ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			return kc.Scope(ctx, contextName, cfg)
		}
	}
	version, scope, err := kube.VersionAndScope(context.Background(), cfg, 5*time.Second, scopeOf)
	if err != nil {
		return nil, &UnreachableError{Context: contextName, Server: cfg.Host, Err: err}
	}
	if scopeOf == nil {
		scope = namespaces
	}
	cl, err := kube.Connect(contextName, cfg, kube.Options{Namespaces: scope})
	if err != nil {
		return nil, err
	}
	return common.NewConn(id, contextName, cfg.Host, version, cl), nil
}

// UnreachableError says a cluster's apiserver did not answer.
type UnreachableError struct {
	Context, Server string
	Err             error
}

func (e *UnreachableError) Error() string {
	return "cluster " + e.Context + " (" + e.Server + ") is not reachable: " + e.Err.Error()
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// onConnected switches to the new cluster and tears the old one down.
func (a *App) onConnected(msg connectedMsg) tea.Cmd {
	a.connecting = ""
	if a.c.Conn != nil {
		a.c.Conn.Close()
	}
	a.closeAll() // the old connection's pages go with it
	a.c.Conn, a.synced, a.timedAt = msg.conn, false, time.Time{}
	a.startLoading(msg.conn.ID)
	return tea.Batch(a.openThen(msg.then, msg.under), a.watch(msg.conn), a.waitSynced(msg.conn), a.f.onConnect(msg.conn),
		a.schedulePing(msg.conn),
		a.showToast(common.ToastMsg{Text: "connected to " + msg.conn.Context + " (" + msg.conn.Version + ")"}))
}

// --- liveness: a cheap /readyz every PingInterval while connected ---

// The connection is checked every Options.PingInterval. A hung watch does
// not error for minutes; one small request per interval is the price of a
// status bar that tells the truth.

type pingMsg struct{ connID int }

func (a *App) schedulePing(conn *common.Conn) tea.Cmd {
	id := conn.ID
	return tea.Tick(a.c.Options.PingInterval, func(time.Time) tea.Msg { return pingMsg{connID: id} })
}

// onPing runs one ping off the UI goroutine; its result reaches the app
// through the change queue (a connection change), like a watch error.
func (a *App) onPing(msg pingMsg) tea.Cmd {
	if !a.current(msg.connID) {
		return nil // the connection was closed: stop pinging it
	}
	cl, ctx := a.c.Conn.Cluster, a.c.Conn.Ctx()
	ping := func() tea.Msg {
		_ = cl.Ping(ctx, 5*time.Second)
		return nil
	}
	return tea.Batch(ping, a.schedulePing(a.c.Conn))
}
