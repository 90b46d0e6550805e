package kube

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/metadata/metadatainformer"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	metricsclient "k8s.io/metrics/pkg/client/clientset/versioned"
)

// Options tune a connection.
type Options struct {
	// Namespaces restricts the informers to these namespaces (none = all):
	// -n, or a user who may only read some namespaces.
	Namespaces []string
	// QueueSize bounds the change queue (distinct keys); past it the
	// reader is told to resync everything.
	QueueSize int
	// Lean watches only what a site's row needs (the fleet screen):
	// no Events, Services or Secrets, whose listers stay empty. A site's
	// state is derived from its workloads, pods, ingresses, claims and
	// certificates alone; only a rollout held by a volume the kubelet
	// cannot mount (told by events) shows as rolling rather than stuck.
	Lean bool
}

// Cluster is one connected cluster: clients, a shared informer factory
// whose handlers feed a coalescing change queue, listers for reads, and the
// connection state. Several may be connected at once.
type Cluster struct {
	Name string // kubeconfig context (or DO cluster) name
	// Namespaces is what the informers watch: none = every namespace.
	Namespaces []string
	Config     *rest.Config
	// User is who the apiserver says we are (a SelfSubjectReview at
	// connect, as kubectl auth whoami asks), for "forbidden for USER"; ""
	// when it would not say.
	User    string
	Client  kubernetes.Interface
	Dynamic dynamic.Interface
	Metrics metricsclient.Interface
	Changes *Queue
	Listers Listers

	// cacheClient is Client with the informers' decoding filter
	// (wire.go).
	cacheClient kubernetes.Interface
	lean        bool
	scopes      []scope
	synced      []cache.InformerSynced
	cancel      context.CancelFunc
	health      *Health
	stopOnce    sync.Once
	mapperOnce  sync.Once
	mapper      meta.RESTMapper
}

// scope is the informers of one watched namespace ("" = all of them).
type scope struct {
	namespace   string
	factory     informers.SharedInformerFactory
	metaFactory metadatainformer.SharedInformerFactory
	// certFactory informs on the cert-manager kinds certKinds.
	certFactory dynamicinformer.DynamicSharedInformerFactory
	// scopeRights are the optional kinds watched here (askPreflight).
	scopeRights
}

// Watches reports whether the informers hold namespace ns.
func (c *Cluster) Watches(ns string) bool {
	if len(c.Namespaces) == 0 {
		return true
	}
	for _, n := range c.Namespaces {
		if n == ns {
			return true
		}
	}
	return false
}

// mayList asks (SelfSubjectAccessReview) whether this user may list
// resource (of API group, none for the core group) in namespace ("" =
// cluster-wide); an unanswered question
// counts as yes, so the watch then reports what is really refused.
func (c *Cluster) mayList(namespace, resource string, group ...string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ok, _, err := NewAccess(c.Client).Can(ctx, "list", strings.Join(group, ""), resource, "", namespace)
	return err != nil || ok
}

// Mapper is the cluster's discovery-backed REST mapper (for server-side
// apply), made on first use and kept with the connection: discovery costs
// a few requests, and a closed connection takes its mapper with it.
func (c *Cluster) Mapper() meta.RESTMapper {
	c.mapperOnce.Do(func() { c.mapper = NewMapper(c.Client.Discovery()) })
	return c.mapper
}

// Connect creates clients and starts informers for cfg. It returns at once:
// informers list and watch in the background; WaitForSync or Synced tell
// when the caches are full. The returned Cluster must be Stopped.
func Connect(name string, cfg *rest.Config, opt Options) (*Cluster, error) {
	if opt.QueueSize == 0 {
		opt.QueueSize = 50000
	}
	c := &Cluster{Name: name, Namespaces: opt.Namespaces, Changes: NewQueue(opt.QueueSize), lean: opt.Lean}
	c.health = newHealth(c.Changes)
	// Every client of this connection reports its requests' outcomes to
	// the connection state (see observer).
	cfg = rest.CopyConfig(cfg)
	cfg.Wrap(func(rt http.RoundTripper) http.RoundTripper { return observer{health: c.health, next: rt} })
	c.Config = cfg
	pcfg := protobuf(cfg)
	cs, err := kubernetes.NewForConfig(pcfg)
	if err != nil {
		return nil, fmt.Errorf("kubernetes client: %w", err)
	}
	c.Client = cs
	if c.cacheClient, err = newCacheClientset(pcfg, cs); err != nil {
		return nil, err
	}
	if c.Dynamic, err = dynamic.NewForConfig(cfg); err != nil {
		return nil, fmt.Errorf("dynamic client: %w", err)
	}
	if c.Metrics, err = metricsclient.NewForConfig(cfg); err != nil {
		return nil, fmt.Errorf("metrics client: %w", err)
	}
	meta, err := metadata.NewForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("metadata client: %w", err)
	}
	namespaces := opt.Namespaces
	if len(namespaces) == 0 {
		namespaces = []string{""}
	}
	pf := c.askPreflight(namespaces)
	c.User = pf.user
	for i, ns := range namespaces {
		sc, err := c.newScope(ns, meta, pf.scopes[i])
		if err != nil {
			return nil, err
		}
		sc.certFactory = newCertFactory(c.Dynamic, ns)
		c.scopes = append(c.scopes, sc)
	}
	if err := c.register(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	c.cancel = cancel
	for _, sc := range c.scopes {
		sc.factory.Start(ctx.Done())
		sc.metaFactory.Start(ctx.Done())
		sc.certFactory.Start(ctx.Done())
	}
	return c, nil
}

// whoAmI asks the apiserver the user's name (kubectl auth whoami).
func whoAmI(cs kubernetes.Interface) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	r, err := cs.AuthenticationV1().SelfSubjectReviews().Create(ctx, &authenticationv1.SelfSubjectReview{}, metav1.CreateOptions{})
	if err != nil {
		return ""
	}
	return r.Status.UserInfo.Username
}

// newScope makes the informer factories of one namespace ("" = all),
// given what RBAC lets the user list there (askPreflight).
func (c *Cluster) newScope(ns string, meta metadata.Interface, rights scopeRights) (scope, error) {
	sc := scope{namespace: ns,
		factory: informers.NewSharedInformerFactoryWithOptions(c.cacheClient, 0,
			informers.WithNamespace(ns), informers.WithTransform((&slimmer{}).slimObject)),
		metaFactory: metadatainformer.NewFilteredSharedInformerFactory(meta, 0, ns, nil),
		scopeRights: rights,
	}
	// Secrets' names are only a help (the audit, the pull-secret check): a
	// viewer may not list them (ClusterRole view), and a forbidden watch
	// would be retried all session. Asked first (askPreflight); not
	// allowed means not watched, and the status bar still says they cannot
	// be seen. A lean connection needs no names.
	if c.lean {
		return sc, nil
	}
	if !sc.watchSecrets {
		c.health.markForbidden(KindSecret)
		return sc, nil
	}
	// Watched for their names only: drop the rest of their metadata
	// (annotations can hold a last-applied copy of the values).
	err := sc.metaFactory.ForResource(secretsGVR).Informer().SetTransform(nameOnly)
	return sc, err
}

// protobuf asks the apiserver for Kubernetes' protobuf encoding, which
// the typed clients decode several times faster, and with less garbage,
// than JSON: it matters most for the first LIST of 10,000 pods.
func protobuf(cfg *rest.Config) *rest.Config {
	cfg = rest.CopyConfig(cfg)
	cfg.AcceptContentTypes = "application/vnd.kubernetes.protobuf,application/json"
	cfg.ContentType = "application/vnd.kubernetes.protobuf"
	return cfg
}

var secretsGVR = schema.GroupVersionResource{Version: "v1", Resource: "secrets"}

// Synced reports whether every informer has listed once.
func (c *Cluster) Synced() bool {
	for _, s := range c.synced {
		if !s() {
			return false
		}
	}
	return true
}

// WaitForSync blocks until the caches are full or ctx ends. It looks
// every 5 ms: cache.WaitForCacheSync polls every 100 ms, which added up to
// a tenth of a second to the first full screen (the bench's informer
// floor stops the moment HasSynced turns true).
func (c *Cluster) WaitForSync(ctx context.Context) bool {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !c.Synced() {
		select {
		case <-ctx.Done():
			return false
		case <-tick.C:
		}
	}
	return true
}

// Health reports the connection state.
func (c *Cluster) Health() HealthState { return c.health.State() }

// Stop tears the informers down; the Cluster must not be used afterwards.
func (c *Cluster) Stop() {
	c.stopOnce.Do(func() {
		c.cancel()
		for _, sc := range c.scopes { // none for a Static cluster
			sc.factory.Shutdown()
			sc.metaFactory.Shutdown()
			sc.certFactory.Shutdown()
		}
	})
}

// ServerVersion asks the apiserver its version, with a timeout.
func ServerVersion(ctx context.Context, cfg *rest.Config, timeout time.Duration) (string, error) {
	cfg = rest.CopyConfig(cfg)
	cfg.Timeout = timeout
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return "", err
	}
	v, err := cs.Discovery().ServerVersion()
	if err != nil {
		return "", err
	}
	return v.GitVersion, nil
}

// VersionAndScope asks the apiserver's version (ServerVersion: a dead
// apiserver or refused credentials fail here, with its answer) and, when
// scope is not nil, the namespaces to watch, at once: two round trips
// that do not depend on each other, before a connection's first LIST.
// The version's error is returned; scope decides its own answer.
func VersionAndScope(ctx context.Context, cfg *rest.Config, timeout time.Duration, scope func(context.Context) []string) (version string, namespaces []string, err error) {
	var wg sync.WaitGroup
	if scope != nil {
		wg.Go(func() { namespaces = scope(ctx) })
	}
	version, err = ServerVersion(ctx, cfg, timeout)
	wg.Wait()
	return version, namespaces, err
}
