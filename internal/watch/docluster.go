package watch

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"k8s.io/client-go/rest"

	"github.com/flightdeck/fdtui/internal/cloud/do"
)

// DOClusters is the part of the DigitalOcean API the watcher uses
// (*do.Client has it; cmd/fdtui makes it the way the TUI does).
type DOClusters interface {
	ListClusters(ctx context.Context) ([]do.Cluster, error)
	Credentials(ctx context.Context, id string) (do.Credentials, error)
}

// DigitalOcean timing.
const (
	// doRelist: clusters created or deleted in the account are picked
	// up or dropped within this.
	doRelist = 5 * time.Minute
	// renewMargin is how long before DigitalOcean credentials expire
	// they are fetched again (a third of their life when that is
	// shorter).
	renewMargin = 10 * time.Minute
	// minLife is the shortest a connection lives before renewing.
	minLife = 5 * time.Second
	// DOStatusName is the DigitalOcean account's entry among the
	// clusters' statuses (/healthz, --once): "unreachable" while the API
	// cannot list the clusters.
	DOStatusName = "digitalocean"
)

// doWatched is one DigitalOcean cluster being watched.
type doWatched struct {
	id     string
	cancel context.CancelFunc
	done   chan struct{}
}

// runDO lists the account's clusters every DORelist and watches each
// running one (running, degraded or upgrading: its apiserver answers)
// as do-<region>-<name>, as doctl names its context, unless a watched
// kubeconfig context already is that cluster. A listing that fails is
// reported on its own and retried with back-off; the clusters already
// watched go on.
func (e *Engine) runDO(ctx context.Context) {
	e.addStatus(DOStatusName)
	watched := map[string]*doWatched{}
	defer func() {
		for name, w := range watched {
			w.cancel()
			<-w.done
			e.dropStatus(name)
		}
	}()
	skipped := map[string]bool{} // logged once
	wait := e.opt.RetryBase
	for {
		next := e.opt.DORelist
		clusters, err := e.opt.DO.ListClusters(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			e.updateStatus(DOStatusName, "unreachable", err.Error(), 0)
			e.logf("digitalocean: cannot list the account's clusters (retrying in %s): %v", wait, err)
			next, wait = wait, min(2*wait, e.opt.DORelist)
		default:
			if e.updateStatus(DOStatusName, "connected", "", 0) {
				e.logf("digitalocean: listed %d cluster(s)", len(clusters))
			}
			wait = e.opt.RetryBase
			e.reconcileDO(ctx, e.wantedDO(clusters, skipped), watched)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(next):
		}
	}
}

// wantedDO are the clusters to watch by name.
func (e *Engine) wantedDO(clusters []do.Cluster, skipped map[string]bool) map[string]do.Cluster {
	servers := e.contextServers()
	want := map[string]do.Cluster{}
	for _, c := range clusters {
		switch c.Status {
		case "running", "degraded", "upgrading":
		default:
			continue
		}
		name := do.ContextName(c.Region, c.Name)
		as, ok := servers[name]
		if !ok && c.Endpoint != "" {
			as, ok = servers[normalServer(c.Endpoint)]
		}
		if ok {
			if !skipped[name] {
				skipped[name] = true
				e.logf("cluster %s: already watched as kubeconfig context %s", name, as)
			}
			continue
		}
		want[name] = c
	}
	return want
}

// contextServers maps each watched kubeconfig context's name and its
// apiserver URL to the context's name.
func (e *Engine) contextServers() map[string]string {
	out := map[string]string{}
	infos, _ := e.kc.Contexts()
	server := map[string]string{}
	for _, c := range infos {
		server[c.Name] = c.Server
	}
	for _, name := range e.opt.Contexts {
		out[name] = name
		if s := server[name]; s != "" {
			out[normalServer(s)] = name
		}
	}
	return out
}

func normalServer(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "/")
}

// reconcileDO starts watching the wanted clusters not watched yet and
// stops those gone from the listing (deleted, or no longer running).
func (e *Engine) reconcileDO(ctx context.Context, want map[string]do.Cluster, watched map[string]*doWatched) {
	for _, name := range sortedKeys(watched) {
		w := watched[name]
		if c, ok := want[name]; ok && c.ID == w.id {
			continue
		}
		w.cancel()
		<-w.done
		delete(watched, name)
		e.dropStatus(name)
		e.logf("cluster %s: no longer a running cluster of the DigitalOcean account; not watched any more", name)
	}
	for _, name := range sortedKeys(want) {
		if _, ok := watched[name]; ok {
			continue
		}
		c := want[name]
		wctx, cancel := context.WithCancel(ctx)
		w := &doWatched{id: c.ID, cancel: cancel, done: make(chan struct{})}
		watched[name] = w
		e.addStatus(name)
		e.logf("cluster %s: a DigitalOcean cluster; watching it", name)
		go func() {
			defer close(w.done)
			e.runCluster(wctx, name, e.doDialer(name, c.ID))
		}()
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// doDialer fetches the cluster's credentials from the API on every
// connect: they stay in memory (never written to disk or logged), and
// the connection is renewed renewMargin before they expire. When the API
// fails at a renewal, the credentials still valid are used again and the
// renewal retried within a minute, so an API outage does not cost a
// working cluster before its credentials really expire.
func (e *Engine) doDialer(name, id string) dialer {
	var last do.Credentials
	return func(ctx context.Context) (*rest.Config, time.Time, error) {
		now := time.Now()
		cr, err := e.opt.DO.Credentials(ctx, id)
		switch {
		case err != nil && last.ExpiresAt.After(now.Add(2*minLife)):
			retry := later(now.Add(min(last.ExpiresAt.Sub(now)/2, time.Minute)), now.Add(minLife))
			e.logf("cluster %s: cannot renew the DigitalOcean credentials (valid until %s; retrying at %s): %v", name,
				last.ExpiresAt.UTC().Format(time.RFC3339), retry.UTC().Format(time.RFC3339), err)
			return credentialsConfig(last), retry, nil
		case err != nil:
			return nil, time.Time{}, fmt.Errorf("DigitalOcean credentials: %w", err)
		case !last.ExpiresAt.IsZero():
			e.logf("cluster %s: new credentials from DigitalOcean, valid until %s", name, cr.ExpiresAt.UTC().Format(time.RFC3339))
		}
		last = cr
		return credentialsConfig(cr), renewAt(cr.ExpiresAt, now), nil
	}
}

// renewAt is when credentials expiring at expires are fetched again:
// renewMargin before, or a third of their remaining life before when
// that is shorter, but not within minLife (a clock skewed past the
// expiry must not spin); zero when they do not expire.
func renewAt(expires, now time.Time) time.Time {
	if expires.IsZero() {
		return time.Time{}
	}
	at := expires.Add(-min(renewMargin, expires.Sub(now)/3))
	return later(at, now.Add(minLife))
}

// credentialsConfig is a client config from DigitalOcean's credentials:
// DOKS's bearer token, or the client certificate a stand-in may give.
func credentialsConfig(cr do.Credentials) *rest.Config {
	return &rest.Config{
		Host:        cr.Server,
		BearerToken: cr.Token,
		TLSClientConfig: rest.TLSClientConfig{
			CAData: cr.CA, CertData: cr.ClientCertificate, KeyData: cr.ClientKey,
		},
		QPS: 50, Burst: 100, UserAgent: "fdtui-watch",
	}
}
