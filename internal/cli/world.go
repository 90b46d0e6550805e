package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// World is one cluster's state, read once: the same store the TUI
// derives its sites from, over full informer caches.
type World struct {
	// Context is the kubeconfig context the state came from.
	Context string
	Store   *store.Store
	// Client changes the world (nil in golden tests, which change nothing).
	Client kubernetes.Interface
	// Now is the clock the state is judged by (ages, "stuck for").
	Now func() time.Time
	// Close stops the informers.
	Close func()
	// Forbidden are the kinds RBAC did not let us list (their part of
	// the state is missing); Namespaces the namespaces read (none: all).
	Forbidden  []string
	Namespaces []string
	// User is who the apiserver says we are ("" when it would not say).
	User string
	// Changes are the informers' changes since the sync (nil without a
	// live connection): --wait folds them into Store, as the TUI does.
	Changes *kube.Queue
}

// Connect reads the current context's state as the TUI does on start
// (kubeconfig and flags like kubectl, the namespaces the user may read,
// kube.Connect) and waits until every informer has listed once, at most
// timeout. Errors say which cluster did not answer or what did not load.
func Connect(ctx context.Context, g *Globals, timeout time.Duration) (*World, error) {
	kc := kube.NewKubeconfig(g.Kube, g.Namespaces...)
	name, err := kc.CurrentContext()
	if err != nil {
		return nil, err
	}
	cfg, err := kc.RESTConfig(name)
	if err != nil {
		return nil, err
	}
	_, scope, err := kube.VersionAndScope(ctx, cfg, min(timeout, 10*time.Second), func(ctx context.Context) []string {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		return kc.Scope(ctx, name, cfg)
	})
	if err != nil {
		return nil, fmt.Errorf("cluster %s (%s) is not reachable: %w", name, cfg.Host, err)
	}
	cl, err := kube.Connect(name, cfg, kube.Options{Namespaces: scope})
	if err != nil {
		return nil, err
	}
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if !cl.WaitForSync(wctx) {
		h := cl.Health()
		cl.Stop()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		why := ""
		if h.LastError != "" {
			why = " (last error: " + h.LastError + ")"
		}
		return nil, fmt.Errorf("cluster %s: its state did not load within %s%s; a larger --timeout may help on a big cluster", name, timeout, why)
	}
	st := store.New(cl.Listers)
	st.Resync()
	w := &World{Context: name, Store: st, Client: cl.Client, Now: time.Now, Close: cl.Stop, Namespaces: scope, User: cl.User, Changes: cl.Changes}
	for _, k := range cl.Health().Forbidden {
		w.Forbidden = append(w.Forbidden, string(k))
	}
	return w, nil
}

// Site finds a site by namespace, domain or ingress host (case does not
// matter for names of hosts). The error says how to list the sites.
func (w *World) Site(name string) (model.Site, error) {
	sites := w.Store.Sites()
	for _, s := range sites {
		if s.Namespace == name || strings.EqualFold(s.Domain, name) {
			return s, nil
		}
	}
	for _, s := range sites {
		for _, h := range s.Hosts {
			if strings.EqualFold(h, name) {
				return s, nil
			}
		}
	}
	return model.Site{}, fmt.Errorf("no site %q in context %s: SITE is a site's domain or namespace (`fdtui sites` lists them)", name, w.Context)
}

func userOr(w *World) string {
	if w.User != "" {
		return w.User
	}
	return "this user"
}

// load is env.Load with the flags' timeout, closed by the caller.
func (env *Env) load(ctx context.Context, timeout time.Duration) (*World, error) {
	w, err := env.Load(ctx, env.Globals, timeout)
	if err != nil {
		return nil, err
	}
	if w.Now == nil {
		w.Now = time.Now
	}
	if w.Close == nil {
		w.Close = func() {}
	}
	// A script must not read "no sites" as "no trouble" when it could
	// not see: say what was not visible (the TUI's status bar does).
	if len(w.Forbidden) > 0 {
		where := "cluster-wide"
		if len(w.Namespaces) > 0 {
			where = "in namespace " + strings.Join(w.Namespaces, ", ")
		}
		fmt.Fprintf(env.Err, "fdtui: warning: RBAC forbids listing %s %s as %s in context %s: what they would show is missing\n",
			strings.Join(w.Forbidden, ", "), where, userOr(w), w.Context)
	}
	return w, nil
}
