package store

import (
	"sort"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
)

// kindBit is a set of object kinds of one namespace that changed since
// they were last read from the listers.
type kindBit uint16

const (
	bitNamespace kindBit = 1 << iota
	bitDeployments
	bitReplicaSets
	bitStatefulSets
	bitPods
	bitServices
	bitIngresses
	bitPVCs
	bitSecrets
	bitCerts // cert-manager's Certificates and their chain, read together
	bitCronJobs
	bitJobs
	allKinds kindBit = 1<<iota - 1
)

var bitOf = map[kube.Kind]kindBit{
	kube.KindNamespace: bitNamespace, kube.KindDeployment: bitDeployments, kube.KindReplicaSet: bitReplicaSets,
	kube.KindStatefulSet: bitStatefulSets, kube.KindPod: bitPods, kube.KindService: bitServices,
	kube.KindIngress: bitIngresses, kube.KindPVC: bitPVCs, kube.KindSecret: bitSecrets,
	kube.KindCertificate: bitCerts, kube.KindCertificateRequest: bitCerts, kube.KindOrder: bitCerts,
	kube.KindChallenge: bitCerts, kube.KindCronJob: bitCronJobs, kube.KindJob: bitJobs,
}

// nsObjects caches one namespace's objects: a change to one kind re-reads
// that kind only, instead of nine listers per pod update.
type nsObjects struct {
	o     model.NamespaceObjects
	stale kindBit
	// gen counts the reloads: a cache derived from o (the audit) is
	// current while gen is unchanged.
	gen uint64
}

func (s *Store) markStale(ns string, k kube.Kind) {
	if e, ok := s.objs[ns]; ok {
		e.stale |= bitOf[k]
	}
}

// Objects returns one namespace's objects (no events), fresh from the
// listers for every kind that changed. The slices are shared: read only.
func (s *Store) Objects(ns string) model.NamespaceObjects {
	o, _ := s.ObjectsGen(ns)
	return o
}

// ObjectsGen is Objects and its generation, which changes whenever one of
// the namespace's objects (other than pods) did: caches of what is
// derived from them key on it.
func (s *Store) ObjectsGen(ns string) (model.NamespaceObjects, uint64) {
	e, ok := s.objs[ns]
	if !ok {
		e = &nsObjects{stale: allKinds}
		s.objs[ns] = e
	}
	if e.stale != 0 {
		if e.stale&^bitPods != 0 {
			e.gen++
		}
		s.load(ns, e)
	}
	return e.o, e.gen
}

// load re-reads the stale kinds. Lister reads use the namespace index: the
// cost is that namespace's size.
func (s *Store) load(ns string, e *nsObjects) {
	all, o, st := labels.Everything(), &e.o, e.stale
	e.stale = 0
	if st&bitNamespace != 0 {
		o.Namespace, _ = s.L.Namespaces.Get(ns)
	}
	if st&bitDeployments != 0 {
		o.Deployments, _ = s.L.Deployments.Deployments(ns).List(all)
	}
	if st&bitReplicaSets != 0 {
		o.ReplicaSets, _ = s.L.ReplicaSets.ReplicaSets(ns).List(all)
	}
	if st&bitStatefulSets != 0 {
		o.StatefulSets, _ = s.L.StatefulSets.StatefulSets(ns).List(all)
	}
	if st&bitPods != 0 {
		o.Pods, _ = s.L.Pods.Pods(ns).List(all)
	}
	if st&bitServices != 0 {
		o.Services, _ = s.L.Services.Services(ns).List(all)
	}
	if st&bitIngresses != 0 {
		o.Ingresses, _ = s.L.Ingresses.Ingresses(ns).List(all)
	}
	if st&bitPVCs != 0 {
		o.PVCs, _ = s.L.PVCs.PersistentVolumeClaims(ns).List(all)
	}
	if st&bitSecrets != 0 {
		o.SecretNames = s.secretNames(ns)
	}
	if st&bitCerts != 0 {
		o.Certs = certObjects(s.L.Certs, ns)
	}
	if st&bitCronJobs != 0 && s.L.CronJobs != nil {
		o.CronJobs, _ = s.L.CronJobs.CronJobs(ns).List(all)
	}
	if st&bitJobs != 0 && s.L.Jobs != nil {
		o.Jobs, _ = s.L.Jobs.Jobs(ns).List(all)
	}
}

// secretNames lists the namespace's Secret names; nil (unknown) when the
// user may not list Secrets, empty (known: none) otherwise.
func (s *Store) secretNames(ns string) []string {
	if s.L.Secrets == nil {
		return nil // not watched (RBAC): unknown, so nothing is called missing
	}
	secrets, err := s.L.Secrets.ByNamespace(ns).List(labels.Everything())
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(secrets))
	for _, obj := range secrets {
		if m, ok := obj.(interface{ GetName() string }); ok {
			names = append(names, m.GetName())
		}
	}
	sort.Strings(names)
	return names
}

// ObjectsWithEvents is Objects plus the namespace's events and the
// cluster's nodes (none for a user confined to a namespace): what a
// diagnosis reads beyond the site's own objects (a pending pod's pool).
func (s *Store) ObjectsWithEvents(ns string) model.NamespaceObjects {
	o := s.Objects(ns)
	o.Events, _ = s.L.Events.Events(ns).List(labels.Everything())
	o.Nodes = s.Nodes()
	return o
}

// Events lists events, newest first, of one namespace or all ("").
func (s *Store) Events(ns string) []*corev1.Event {
	var evs []*corev1.Event
	if ns == "" {
		evs, _ = s.L.Events.List(labels.Everything())
	} else {
		evs, _ = s.L.Events.Events(ns).List(labels.Everything())
	}
	sort.SliceStable(evs, func(i, j int) bool { return model.EventTime(evs[i]).After(model.EventTime(evs[j])) })
	return evs
}
