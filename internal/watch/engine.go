package watch

import (
	"context"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"

	"k8s.io/client-go/rest"

	"github.com/flightdeck/fdtui/internal/kube"
)

// Engine tuning.
const (
	// coalesceWindow gathers a burst of informer events into one batch:
	// short, so a page goes out within a second of the condition flip.
	coalesceWindow = 100 * time.Millisecond
	// pingInterval: a watch on a frozen apiserver hangs without an error
	// (see kube.Cluster.Ping); a ping notices within one interval.
	pingInterval = 20 * time.Second
	// keepResolved is how long a resolved incident is remembered.
	keepResolved = 7 * 24 * time.Hour
)

// Options configure an engine (the command's flags, resolved).
type Options struct {
	Contexts []string // kubeconfig contexts to watch
	// InCluster is the name of the pod's own cluster when there is no
	// kubeconfig (its ServiceAccount's credentials are used).
	InCluster      string
	Targets        []Target      // where notifications go
	Early          time.Duration // --early: 0 = page at the progress deadline only
	Repeat         time.Duration // --repeat: re-send a firing incident after this
	StateDir       string        // incidents.json lives here
	ConnectTimeout time.Duration // per cluster: connect and first sync
	ConnectLimit   int           // clusters connecting at once
	RetryBase      time.Duration // first wait before reconnecting a dead cluster
	Send           SendOptions
	// DO, when set, is the DigitalOcean account whose running clusters
	// are watched too (--all-do-clusters), named do-<region>-<name>.
	DO DOClusters
	// DORelist is how often the account's clusters are listed again
	// (new ones watched, deleted ones dropped); zero: doRelist.
	DORelist time.Duration
}

// ClusterStatus is one cluster's connection as /healthz and the report
// show it.
type ClusterStatus struct {
	Name  string    `json:"name"`
	State string    `json:"state"` // connecting | connected | unreachable
	Error string    `json:"error,omitempty"`
	Since time.Time `json:"since"`
	Sites int       `json:"sites"`
}

// Engine watches clusters and pages. Make it with NewEngine; Run owns
// every goroutine it starts under the ctx it is given.
type Engine struct {
	opt  Options
	kc   *kube.Kubeconfig
	keep *kube.Keeper
	logw io.Writer

	mu     sync.Mutex // guards book, status and log writes
	book   *Book
	status map[string]*ClusterStatus
	send   *sender
	now    func() time.Time
}

// NewEngine loads the state and returns an engine; log lines (fdtui's
// own: clusters connecting or failing, notifications sent) go to logw.
func NewEngine(kc *kube.Kubeconfig, opt Options, logw io.Writer) (*Engine, error) {
	keep := kube.NewKeeper(kube.Keeper{Limit: opt.ConnectLimit, Timeout: opt.ConnectTimeout, RetryBase: opt.RetryBase, Scope: kc.Scope})
	opt.ConnectLimit, opt.ConnectTimeout, opt.RetryBase = keep.Limit, keep.Timeout, keep.RetryBase
	if opt.DORelist <= 0 {
		opt.DORelist = doRelist
	}
	incidents, err := loadState(opt.StateDir)
	if err != nil {
		return nil, err
	}
	e := &Engine{opt: opt, kc: kc, keep: keep, logw: logw,
		book: NewBook(incidents, opt.Repeat), status: map[string]*ClusterStatus{}, now: time.Now}
	for _, name := range opt.Contexts {
		e.status[name] = &ClusterStatus{Name: name, State: "connecting", Since: e.now()}
	}
	return e, nil
}

// logf writes one of fdtui's own log lines, timestamped.
func (e *Engine) logf(format string, args ...any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	fmt.Fprintf(e.logw, "%s %s\n", time.Now().UTC().Format(time.RFC3339), fmt.Sprintf(format, args...))
}

// Run watches every cluster until ctx ends; each cluster connects, fails
// and retries on its own.
func (e *Engine) Run(ctx context.Context) error {
	e.send = startSender(ctx, e.opt.Targets, e.opt.Send, e.logf)
	var wg sync.WaitGroup
	for _, name := range e.opt.Contexts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.runCluster(ctx, name, e.contextDialer(name))
		}()
	}
	if e.opt.DO != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.runDO(ctx)
		}()
	}
	wg.Wait()
	e.send.wait()
	return nil
}

// Statuses are the clusters' connection states, by name.
func (e *Engine) Statuses() []ClusterStatus {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]ClusterStatus, 0, len(e.status))
	for _, s := range e.status {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// OpenIncidents are the firing incidents.
func (e *Engine) OpenIncidents() []Incident {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.book.Open()
}

// setStatus records a cluster's state and logs a change of it. A
// cluster no longer watched (dropStatus) is not recorded again.
func (e *Engine) setStatus(name, state, errText string, sites int) {
	if !e.updateStatus(name, state, errText, sites) {
		return
	}
	switch state {
	case "connected":
		e.logf("cluster %s: connected, %d site(s)", name, sites)
	case "unreachable":
		e.logf("cluster %s: unreachable: %s", name, errText)
	}
}

// updateStatus records a state and says whether it changed.
func (e *Engine) updateStatus(name, state, errText string, sites int) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.status[name]
	if s == nil {
		return false
	}
	// Only a change of state is logged and restarts Since: a dead
	// cluster's error text varies from one retry to the next.
	changed := s.State != state
	if changed {
		s.Since = e.now()
	}
	s.State, s.Error, s.Sites = state, errText, sites
	return changed
}

// addStatus starts reporting a cluster watched from now on (a
// DigitalOcean cluster found by a listing).
func (e *Engine) addStatus(name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.status[name] == nil {
		e.status[name] = &ClusterStatus{Name: name, State: "connecting", Since: e.now()}
	}
}

// dropStatus stops reporting a cluster no longer watched.
func (e *Engine) dropStatus(name string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.status, name)
}

// dialer is a cluster's way in (kube.Dialer).
type dialer = kube.Dialer

// contextDialer reads a kubeconfig context (its exec plugin, if any,
// renews its own credentials).
func (e *Engine) contextDialer(name string) dialer {
	return func(context.Context) (*rest.Config, time.Time, error) {
		cfg, err := e.restConfig(name)
		return cfg, time.Time{}, err
	}
}

// connect dials one cluster and waits for its caches, at most
// ConnectLimit at a time and ConnectTimeout each (kube.Keeper.Connect).
func (e *Engine) connect(ctx context.Context, name string, dial dialer) (*kube.Cluster, time.Time, error) {
	return e.keep.Connect(ctx, name, dial)
}

// runCluster connects, watches, and on failure reconnects with
// exponential back-off, until ctx ends (kube.Keeper.Keep). Credentials
// that expire (a DigitalOcean cluster's) are fetched again by
// reconnecting before renewAt, or as soon as the apiserver answers 401
// Unauthorized; the book keeps the incidents across, so a reconnect
// pages nothing twice.
func (e *Engine) runCluster(ctx context.Context, name string, dial dialer) {
	e.keep.Keep(ctx, name, dial, func(ctx context.Context, c *kube.Cluster, renewable bool) {
		w := newClusterWatch(e, c)
		w.renewable = renewable
		w.run(ctx)
	}, func(err error) { e.setStatus(name, "unreachable", err.Error(), 0) })
}

// observe folds a finding into the book under the lock, saves the state
// when it changed and returns the notifications to send. The state is
// saved before anything is sent: a crash between the two loses one page
// rather than sending two.
func (e *Engine) observe(cluster string, f Finding, gone bool, now time.Time, cause func() string) []Incident {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := e.book.Observe(cluster, f, gone, now, cause)
	if len(out) > 0 {
		e.book.Prune(now.Add(-keepResolved))
		if err := saveState(e.opt.StateDir, e.book.All()); err != nil {
			fmt.Fprintf(e.logw, "%s %v\n", now.UTC().Format(time.RFC3339), err)
		}
	}
	return out
}

// nextRepeat is when cluster's earliest open incident is due again.
func (e *Engine) nextRepeat(cluster string) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.book.NextRepeat(cluster)
}

// notify logs a decided notification and queues it for every target.
func (e *Engine) notify(n Notification) {
	if n.Status == StatusFiring {
		e.logf("FIRING %s on %s, revision %d: %s", n.Site, n.Cluster, n.Revision, n.Cause)
	} else {
		e.logf("RESOLVED %s on %s, revision %d: %s", n.Site, n.Cluster, n.Revision, n.Resolution)
	}
	e.send.send(n)
}

// restConfig is the context's client config; the in-cluster name without
// a kubeconfig uses the pod's ServiceAccount.
func (e *Engine) restConfig(name string) (*rest.Config, error) {
	if all, err := e.kc.Contexts(); err == nil && len(all) == 0 && name == e.opt.InCluster {
		cfg, err := rest.InClusterConfig()
		if err != nil {
			return nil, err
		}
		cfg.QPS, cfg.Burst, cfg.UserAgent = 50, 100, "fdtui-watch"
		return cfg, nil
	}
	return e.kc.RESTConfig(name)
}
