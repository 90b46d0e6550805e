package kube

import (
	"fmt"

	"k8s.io/apimachinery/pkg/api/meta"
	appslisters "k8s.io/client-go/listers/apps/v1"
	batchlisters "k8s.io/client-go/listers/batch/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	networkinglisters "k8s.io/client-go/listers/networking/v1"
	"k8s.io/client-go/tools/cache"
)

// Listers read the informer caches. Objects they return are shared with the
// cache: never modify them.
type Listers struct {
	Namespaces   corelisters.NamespaceLister
	Pods         corelisters.PodLister
	Deployments  appslisters.DeploymentLister
	ReplicaSets  appslisters.ReplicaSetLister
	StatefulSets appslisters.StatefulSetLister
	Services     corelisters.ServiceLister
	Ingresses    networkinglisters.IngressLister
	PVCs         corelisters.PersistentVolumeClaimLister
	Events       corelisters.EventLister
	Nodes        corelisters.NodeLister
	// Secrets holds metadata only (names, labels): fdtui never caches a
	// Secret's values. Nil when RBAC forbids listing them: their names
	// are then unknown, not none.
	Secrets cache.GenericLister
	// Certs read cert-manager's Certificates and their chain, when
	// installed and allowed (nil listers otherwise).
	Certs CertListers
	// CronJobs and Jobs of every namespace (Drupal cron, backups): empty
	// on a lean connection, or when RBAC forbids listing them (the
	// connection state then names them).
	CronJobs batchlisters.CronJobLister
	Jobs     batchlisters.JobLister
}

// emptyIndexer backs the listers of kinds that are not watched.
func emptyIndexer() cache.Indexer {
	return cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
}

// informer is the part of cache.SharedIndexInformer register needs.
type informer interface {
	AddEventHandler(cache.ResourceEventHandler) (cache.ResourceEventHandlerRegistration, error)
	SetWatchErrorHandlerWithContext(cache.WatchErrorHandlerWithContext) error
	HasSynced() bool
}

// register registers every watched kind's informer in each scope, with
// the handlers that feed the change queue and the connection state, and
// builds the listers: a scope's own, or a spread over several.
func (c *Cluster) register() error {
	per := make([]Listers, len(c.scopes))
	for i, sc := range c.scopes {
		l, err := c.registerScope(sc)
		if err != nil {
			return err
		}
		per[i] = l
	}
	if len(per) == 1 {
		c.Listers = per[0]
		return nil
	}
	c.Listers = spreadListers(c.Namespaces, per)
	return nil
}

func (c *Cluster) registerScope(sc scope) (Listers, error) {
	f := sc.factory
	core, apps, net := f.Core().V1(), f.Apps().V1(), f.Networking().V1()
	var secretsLister cache.GenericLister // nil: not watched, names unknown
	if sc.watchSecrets {
		secretsLister = sc.metaFactory.ForResource(secretsGVR).Lister()
	}
	// A Lister() call registers its informer with the factory, which then
	// lists and watches it: a user confined to namespaces (-n) cannot
	// list cluster-scoped kinds, so they get empty listers instead of
	// forbidden watches retried all session.
	namespaces := corelisters.NewNamespaceLister(emptyIndexer())
	nodes := corelisters.NewNodeLister(emptyIndexer())
	if sc.namespace == "" {
		namespaces, nodes = core.Namespaces().Lister(), core.Nodes().Lister()
	}
	listers := Listers{
		Namespaces:   namespaces,
		Pods:         core.Pods().Lister(),
		Deployments:  apps.Deployments().Lister(),
		ReplicaSets:  apps.ReplicaSets().Lister(),
		StatefulSets: apps.StatefulSets().Lister(),
		Ingresses:    net.Ingresses().Lister(),
		PVCs:         core.PersistentVolumeClaims().Lister(),
		Nodes:        nodes,
		Secrets:      secretsLister,
	}
	all := map[Kind]informer{
		KindPod:         core.Pods().Informer(),
		KindDeployment:  apps.Deployments().Informer(),
		KindReplicaSet:  apps.ReplicaSets().Informer(),
		KindStatefulSet: apps.StatefulSets().Informer(),
		KindIngress:     net.Ingresses().Informer(),
		KindPVC:         core.PersistentVolumeClaims().Informer(),
	}
	if c.lean {
		// Not watched: empty listers (Options.Lean says what that costs).
		listers.Services = corelisters.NewServiceLister(emptyIndexer())
		listers.Events = corelisters.NewEventLister(emptyIndexer())
	} else {
		listers.Services, listers.Events = core.Services().Lister(), core.Events().Lister()
		all[KindService] = core.Services().Informer()
		all[KindEvent] = core.Events().Informer()
	}
	listers.CronJobs, listers.Jobs = c.registerBatch(sc, all)
	if sc.watchSecrets {
		all[KindSecret] = sc.metaFactory.ForResource(secretsGVR).Informer()
	}
	if sc.namespace == "" {
		// Cluster-scoped kinds cannot be watched by a user confined to a
		// namespace; the namespace list is then just the one namespace.
		all[KindNamespace] = core.Namespaces().Informer()
		all[KindNode] = core.Nodes().Informer()
	}
	certs, err := registerCerts(sc, all)
	if err != nil {
		return Listers{}, err
	}
	listers.Certs = certs
	for kind, inf := range all {
		if _, err := inf.AddEventHandler(c.feed(kind)); err != nil {
			return Listers{}, fmt.Errorf("%s informer: %w", kind, err)
		}
		if err := inf.SetWatchErrorHandlerWithContext(c.health.watchError(kind)); err != nil {
			return Listers{}, fmt.Errorf("%s informer: %w", kind, err)
		}
		c.synced = append(c.synced, c.health.syncedOrForbidden(kind, inf.HasSynced))
	}
	return listers, nil
}

// spreadListers reads the scopes of several namespaces as one. Secrets
// are known only if every scope may list them.
func spreadListers(namespaces []string, per []Listers) Listers {
	pods := podsSpread{spread[corelisters.PodLister]{namespaces: namespaces}}
	deps := deploymentsSpread{spread[appslisters.DeploymentLister]{namespaces: namespaces}}
	rss := replicaSetsSpread{spread[appslisters.ReplicaSetLister]{namespaces: namespaces}}
	sts := statefulSetsSpread{spread[appslisters.StatefulSetLister]{namespaces: namespaces}}
	svcs := servicesSpread{spread[corelisters.ServiceLister]{namespaces: namespaces}}
	ings := ingressesSpread{spread[networkinglisters.IngressLister]{namespaces: namespaces}}
	pvcs := pvcsSpread{spread[corelisters.PersistentVolumeClaimLister]{namespaces: namespaces}}
	cjs := cronJobsSpread{spread[batchlisters.CronJobLister]{namespaces: namespaces}}
	jobs := jobsSpread{spread[batchlisters.JobLister]{namespaces: namespaces}}
	evs := eventsSpread{spread[corelisters.EventLister]{namespaces: namespaces}}
	secrets := genericSpread{spread[cache.GenericLister]{namespaces: namespaces}}
	allSecrets := true
	for _, l := range per {
		pods.listers = append(pods.listers, l.Pods)
		deps.listers = append(deps.listers, l.Deployments)
		rss.listers = append(rss.listers, l.ReplicaSets)
		sts.listers = append(sts.listers, l.StatefulSets)
		svcs.listers = append(svcs.listers, l.Services)
		ings.listers = append(ings.listers, l.Ingresses)
		pvcs.listers = append(pvcs.listers, l.PVCs)
		cjs.listers = append(cjs.listers, l.CronJobs)
		jobs.listers = append(jobs.listers, l.Jobs)
		evs.listers = append(evs.listers, l.Events)
		secrets.listers = append(secrets.listers, l.Secrets)
		allSecrets = allSecrets && l.Secrets != nil
	}
	certs := spreadCerts(namespaces, per)
	out := Listers{
		Certs:      certs,
		Namespaces: per[0].Namespaces, Nodes: per[0].Nodes, // empty: confined
		Pods: pods, Deployments: deps, ReplicaSets: rss, StatefulSets: sts, Services: svcs,
		Ingresses: ings, PVCs: pvcs, Events: evs, CronJobs: cjs, Jobs: jobs,
	}
	if allSecrets {
		out.Secrets = secrets
	}
	return out
}

// feed turns informer notifications into queue entries. It only records
// the object's key: it never blocks and never holds the object.
func (c *Cluster) feed(kind Kind) cache.ResourceEventHandler {
	push := func(obj any) {
		if d, ok := obj.(cache.DeletedFinalStateUnknown); ok {
			obj = d.Obj
		}
		m, err := meta.Accessor(obj)
		if err != nil {
			return
		}
		c.Changes.Add(Change{Kind: kind, Namespace: m.GetNamespace(), Name: m.GetName()})
		c.health.sawEvent()
	}
	return cache.ResourceEventHandlerFuncs{
		AddFunc: push,
		UpdateFunc: func(old, obj any) {
			if unchanged(old, obj) {
				c.health.sawEvent() // the watch is alive all the same
				return
			}
			push(obj)
		},
		DeleteFunc: push,
	}
}

// spreadCerts reads several scopes' cert-manager caches as one; a kind is
// read only if every scope watches it.
func spreadCerts(namespaces []string, per []Listers) CertListers {
	pick := func(get func(CertListers) cache.GenericLister) cache.GenericLister {
		g := genericSpread{spread[cache.GenericLister]{namespaces: namespaces}}
		for _, l := range per {
			if get(l.Certs) == nil {
				return nil
			}
			g.listers = append(g.listers, get(l.Certs))
		}
		return g
	}
	out := CertListers{
		Certificates: pick(func(l CertListers) cache.GenericLister { return l.Certificates }),
		Requests:     pick(func(l CertListers) cache.GenericLister { return l.Requests }),
		Orders:       pick(func(l CertListers) cache.GenericLister { return l.Orders }),
		Challenges:   pick(func(l CertListers) cache.GenericLister { return l.Challenges }),
	}
	for _, l := range per {
		if l.Certs.Note != "" {
			out.Note = l.Certs.Note
			break
		}
	}
	return out
}
