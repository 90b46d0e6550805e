package kube

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Kubeconfig resolves kubeconfig contexts the way kubectl does: the
// --kubeconfig flag, else $KUBECONFIG (a list of files merged), else
// ~/.kube/config; --context and -n/--namespace override the current ones.
type Kubeconfig struct {
	Flags *genericclioptions.ConfigFlags
	// namespaces are the -n values (several for a user who may read a few
	// namespaces: -n a,b or -n a -n b); none = the flags' namespace.
	namespaces []string
}

// NewKubeconfig wraps kubectl-compatible flags (cli-runtime's ConfigFlags)
// and the namespaces given with -n, if the caller parsed -n itself (it
// takes several; ConfigFlags' takes one).
func NewKubeconfig(flags *genericclioptions.ConfigFlags, namespaces ...string) *Kubeconfig {
	return &Kubeconfig{Flags: flags, namespaces: SplitNamespaces(namespaces)}
}

// SplitNamespaces turns -n values ("a,b", "c") into distinct namespace
// names, in the order given.
func SplitNamespaces(values []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range values {
		for _, ns := range strings.Split(v, ",") {
			if ns = strings.TrimSpace(ns); ns != "" && !seen[ns] {
				seen[ns] = true
				out = append(out, ns)
			}
		}
	}
	return out
}

// ContextInfo describes one kubeconfig context.
type ContextInfo struct {
	Name, Cluster, User, Server, Namespace string
	Current                                bool
}

// Contexts lists every context of the merged kubeconfig, sorted by name.
func (k *Kubeconfig) Contexts() ([]ContextInfo, error) {
	raw, err := k.Flags.ToRawKubeConfigLoader().RawConfig()
	if err != nil {
		return nil, fmt.Errorf("reading kubeconfig: %w", err)
	}
	current := raw.CurrentContext
	if k.Flags.Context != nil && *k.Flags.Context != "" {
		current = *k.Flags.Context
	}
	out := make([]ContextInfo, 0, len(raw.Contexts))
	for name, c := range raw.Contexts {
		info := ContextInfo{Name: name, Cluster: c.Cluster, User: c.AuthInfo, Namespace: c.Namespace, Current: name == current}
		if cl, ok := raw.Clusters[c.Cluster]; ok {
			info.Server = cl.Server
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// CurrentContext is the context fdtui starts on: --context, else the
// kubeconfig's current-context.
func (k *Kubeconfig) CurrentContext() (string, error) {
	if k.Flags.Context != nil && *k.Flags.Context != "" {
		return *k.Flags.Context, nil
	}
	raw, err := k.Flags.ToRawKubeConfigLoader().RawConfig()
	if err != nil {
		return "", fmt.Errorf("reading kubeconfig: %w", err)
	}
	if raw.CurrentContext == "" {
		return "", fmt.Errorf("kubeconfig has no current context; pass --context")
	}
	return raw.CurrentContext, nil
}

// Namespaces are the namespaces fdtui was told to restrict itself to
// with -n. None means all (or whatever Scope finds the user may read).
func (k *Kubeconfig) Namespaces() []string {
	if len(k.namespaces) > 0 {
		return k.namespaces
	}
	if k.Flags.Namespace != nil {
		return SplitNamespaces([]string{*k.Flags.Namespace})
	}
	return nil
}

// Scope is the namespaces fdtui watches on contextName: -n if given; else
// every namespace (nil) when the user may list pods cluster-wide; else the
// context's own namespace (a user bound to one namespace, as kubectl's
// default namespace works for them). An answer that cannot be had keeps
// the cluster-wide scope (the health line then says what is forbidden).
func (k *Kubeconfig) Scope(ctx context.Context, contextName string, cfg *rest.Config) []string {
	if ns := k.Namespaces(); len(ns) > 0 {
		return ns
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return nil
	}
	if ok, _, err := NewAccess(cs).Can(ctx, "list", "", "pods", "", ""); err != nil || ok {
		return nil
	}
	ctxs, err := k.Contexts()
	if err != nil {
		return nil
	}
	for _, c := range ctxs {
		if c.Name == contextName && c.Namespace != "" {
			return []string{c.Namespace}
		}
	}
	return nil
}

// RESTConfig builds a client config for the named context. The context the
// user started on keeps every flag given (--server, --token, --user...);
// those flags describe that context and must not leak into another one.
func (k *Kubeconfig) RESTConfig(contextName string) (*rest.Config, error) {
	if cur, err := k.CurrentContext(); err == nil && cur == contextName {
		cfg, err := k.Flags.ToRESTConfig()
		if err != nil {
			return nil, fmt.Errorf("context %q: %w", contextName, err)
		}
		return tune(cfg), nil
	}
	rules, ok := k.Flags.ToRawKubeConfigLoader().ConfigAccess().(*clientcmd.ClientConfigLoadingRules)
	if !ok {
		rules = clientcmd.NewDefaultClientConfigLoadingRules()
	}
	overrides := &clientcmd.ConfigOverrides{CurrentContext: contextName}
	cfg, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides).ClientConfig()
	if err != nil {
		return nil, fmt.Errorf("context %q: %w", contextName, err)
	}
	return tune(cfg), nil
}

// tune raises client-go's conservative client-side rate limit (5 QPS) that
// would otherwise throttle the first LISTs and every action burst.
func tune(cfg *rest.Config) *rest.Config {
	cfg = rest.CopyConfig(cfg)
	cfg.QPS, cfg.Burst = 50, 100
	cfg.UserAgent = "fdtui"
	return cfg
}
