package kube

import (
	"context"
	"fmt"
	"sort"

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
}

// NewKubeconfig wraps kubectl-compatible flags (cli-runtime's ConfigFlags).
func NewKubeconfig(flags *genericclioptions.ConfigFlags) *Kubeconfig {
	return &Kubeconfig{Flags: flags}
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

// Namespace is the namespace fdtui should restrict itself to: -n, else the
// context's namespace only when -n was given explicitly. Empty means all.
func (k *Kubeconfig) Namespace() string {
	if k.Flags.Namespace != nil {
		return *k.Flags.Namespace
	}
	return ""
}

// Scope is the namespace fdtui watches on contextName: -n if given; else
// every namespace when the user may list pods cluster-wide; else the
// context's own namespace (a user bound to one namespace, as kubectl's
// default namespace works for them). An answer that cannot be had keeps
// the cluster-wide scope (the health line then says what is forbidden).
func (k *Kubeconfig) Scope(ctx context.Context, contextName string, cfg *rest.Config) string {
	if ns := k.Namespace(); ns != "" {
		return ns
	}
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return ""
	}
	if ok, _, err := NewAccess(cs).Can(ctx, "list", "", "pods", "", ""); err != nil || ok {
		return ""
	}
	ctxs, err := k.Contexts()
	if err != nil {
		return ""
	}
	for _, c := range ctxs {
		if c.Name == contextName {
			return c.Namespace
		}
	}
	return ""
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
