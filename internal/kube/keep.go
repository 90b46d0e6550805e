package kube

import (
	"context"
	"fmt"
	"time"

	"k8s.io/client-go/rest"
)

// Dialer gives a cluster's client config and when it must be fetched
// again because its credentials expire (zero: never, e.g. a kubeconfig
// context whose exec plugin renews its own).
type Dialer func(ctx context.Context) (cfg *rest.Config, renewAt time.Time, err error)

// Keeper keeps several clusters connected at once (fdtui watch, the
// fleet screen): at most Limit connecting at a time, each connect and
// first sync within Timeout, a cluster that fails retried with
// exponential back-off from RetryBase up to RetryMax, on its own.
type Keeper struct {
	Limit                        int
	Timeout, RetryBase, RetryMax time.Duration
	// Scope gives the namespaces to watch on a cluster (Kubeconfig.Scope:
	// -n, or a user confined to one namespace); nil watches them all.
	Scope func(ctx context.Context, name string, cfg *rest.Config) []string
	// Lean connects with Options.Lean (only what a site's row needs).
	Lean bool
	sem  chan struct{}
}

// NewKeeper fills k's zero fields with the defaults (4 at once, 30 s,
// back-off 5 s to 5 min) and returns it ready to use.
func NewKeeper(k Keeper) *Keeper {
	if k.Limit <= 0 {
		k.Limit = 4
	}
	if k.Timeout <= 0 {
		k.Timeout = 30 * time.Second
	}
	if k.RetryBase <= 0 {
		k.RetryBase = 5 * time.Second
	}
	if k.RetryMax <= 0 {
		k.RetryMax = 5 * time.Minute
	}
	k.sem = make(chan struct{}, k.Limit)
	return &k
}

// Connect dials one cluster and waits for its caches, holding one of
// the Limit connect slots; renewAt is the dialer's. The error says why a
// cluster is not connected (the dialer's, or the caches not synced
// within Timeout with the last error the apiserver gave).
func (k *Keeper) Connect(ctx context.Context, name string, dial Dialer) (c *Cluster, renewAt time.Time, err error) {
	select {
	case k.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, renewAt, ctx.Err()
	}
	defer func() { <-k.sem }()
	cfg, renewAt, err := dial(ctx)
	if err != nil {
		return nil, renewAt, err
	}
	sctx, cancel := context.WithTimeout(ctx, k.Timeout)
	defer cancel()
	// One cheap request first (with the scope's, at once): a dead
	// apiserver or refused credentials (401) fail now with the
	// apiserver's answer, not after Timeout of informers retrying.
	var scope func(context.Context) []string
	if k.Scope != nil {
		scope = func(ctx context.Context) []string { return k.Scope(ctx, name, cfg) }
	}
	_, ns, err := VersionAndScope(sctx, cfg, k.Timeout, scope)
	if err != nil {
		return nil, renewAt, err
	}
	c, err = Connect(name, cfg, Options{Namespaces: ns, Lean: k.Lean})
	if err != nil {
		return nil, renewAt, err
	}
	if !c.WaitForSync(sctx) {
		h := c.Health()
		c.Stop()
		if ctx.Err() != nil {
			return nil, renewAt, ctx.Err()
		}
		why := h.LastError
		if why == "" {
			why = "no answer"
		}
		return nil, renewAt, fmt.Errorf("caches not synced within %s: %s", k.Timeout, why)
	}
	return c, renewAt, nil
}

// Keep connects a cluster, runs it, and reconnects when run returns,
// until ctx ends. run gets a context that also ends at renewAt, when
// the credentials must be fetched again (renewable then says so); it
// returns to drop the connection (a 401, a dead apiserver). failed is
// told each connect that failed, before the back-off wait.
func (k *Keeper) Keep(ctx context.Context, name string, dial Dialer, run func(ctx context.Context, c *Cluster, renewable bool), failed func(err error)) {
	wait := k.RetryBase
	for ctx.Err() == nil {
		c, renewAt, err := k.Connect(ctx, name, dial)
		if err == nil {
			wait = k.RetryBase
			rctx, cancel := ctx, context.CancelFunc(func() {})
			if !renewAt.IsZero() {
				rctx, cancel = context.WithDeadline(ctx, renewAt)
			}
			run(rctx, c, !renewAt.IsZero())
			cancel()
			c.Stop()
			continue
		}
		if ctx.Err() != nil {
			return
		}
		failed(err)
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, k.RetryMax)
	}
}
