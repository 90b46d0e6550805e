package kube

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	appslisters "k8s.io/client-go/listers/apps/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	networkinglisters "k8s.io/client-go/listers/networking/v1"
	"k8s.io/client-go/tools/cache"
)

// A connection watching several namespaces (-n a,b: a user who may read
// two client sites) has one informer factory per namespace, since a user
// without cluster-wide rights cannot watch across namespaces. spread reads
// them as one lister: List gathers all, a namespace goes to its own.
type spread[L any] struct {
	namespaces []string
	listers    []L
}

// pick is the lister holding namespace ns; any other holds nothing of ns.
func (s spread[L]) pick(ns string) L {
	for i, n := range s.namespaces {
		if n == ns {
			return s.listers[i]
		}
	}
	return s.listers[0]
}

func listAll[L, T any](s spread[L], list func(L) ([]T, error)) ([]T, error) {
	var out []T
	for _, l := range s.listers {
		items, err := list(l)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}

type podsSpread struct{ spread[corelisters.PodLister] }

func (s podsSpread) List(sel labels.Selector) ([]*corev1.Pod, error) {
	return listAll(s.spread, func(l corelisters.PodLister) ([]*corev1.Pod, error) { return l.List(sel) })
}
func (s podsSpread) Pods(ns string) corelisters.PodNamespaceLister { return s.pick(ns).Pods(ns) }

type deploymentsSpread struct {
	spread[appslisters.DeploymentLister]
}

func (s deploymentsSpread) List(sel labels.Selector) ([]*appsv1.Deployment, error) {
	return listAll(s.spread, func(l appslisters.DeploymentLister) ([]*appsv1.Deployment, error) { return l.List(sel) })
}
func (s deploymentsSpread) Deployments(ns string) appslisters.DeploymentNamespaceLister {
	return s.pick(ns).Deployments(ns)
}

type replicaSetsSpread struct {
	spread[appslisters.ReplicaSetLister]
}

func (s replicaSetsSpread) List(sel labels.Selector) ([]*appsv1.ReplicaSet, error) {
	return listAll(s.spread, func(l appslisters.ReplicaSetLister) ([]*appsv1.ReplicaSet, error) { return l.List(sel) })
}
func (s replicaSetsSpread) ReplicaSets(ns string) appslisters.ReplicaSetNamespaceLister {
	return s.pick(ns).ReplicaSets(ns)
}
func (s replicaSetsSpread) GetPodReplicaSets(p *corev1.Pod) ([]*appsv1.ReplicaSet, error) {
	return s.pick(p.Namespace).GetPodReplicaSets(p)
}

type statefulSetsSpread struct {
	spread[appslisters.StatefulSetLister]
}

func (s statefulSetsSpread) List(sel labels.Selector) ([]*appsv1.StatefulSet, error) {
	return listAll(s.spread, func(l appslisters.StatefulSetLister) ([]*appsv1.StatefulSet, error) { return l.List(sel) })
}
func (s statefulSetsSpread) StatefulSets(ns string) appslisters.StatefulSetNamespaceLister {
	return s.pick(ns).StatefulSets(ns)
}
func (s statefulSetsSpread) GetPodStatefulSets(p *corev1.Pod) ([]*appsv1.StatefulSet, error) {
	return s.pick(p.Namespace).GetPodStatefulSets(p)
}

type servicesSpread struct {
	spread[corelisters.ServiceLister]
}

func (s servicesSpread) List(sel labels.Selector) ([]*corev1.Service, error) {
	return listAll(s.spread, func(l corelisters.ServiceLister) ([]*corev1.Service, error) { return l.List(sel) })
}
func (s servicesSpread) Services(ns string) corelisters.ServiceNamespaceLister {
	return s.pick(ns).Services(ns)
}

type ingressesSpread struct {
	spread[networkinglisters.IngressLister]
}

func (s ingressesSpread) List(sel labels.Selector) ([]*networkingv1.Ingress, error) {
	return listAll(s.spread, func(l networkinglisters.IngressLister) ([]*networkingv1.Ingress, error) { return l.List(sel) })
}
func (s ingressesSpread) Ingresses(ns string) networkinglisters.IngressNamespaceLister {
	return s.pick(ns).Ingresses(ns)
}

type pvcsSpread struct {
	spread[corelisters.PersistentVolumeClaimLister]
}

func (s pvcsSpread) List(sel labels.Selector) ([]*corev1.PersistentVolumeClaim, error) {
	return listAll(s.spread, func(l corelisters.PersistentVolumeClaimLister) ([]*corev1.PersistentVolumeClaim, error) {
		return l.List(sel)
	})
}
func (s pvcsSpread) PersistentVolumeClaims(ns string) corelisters.PersistentVolumeClaimNamespaceLister {
	return s.pick(ns).PersistentVolumeClaims(ns)
}

type eventsSpread struct {
	spread[corelisters.EventLister]
}

func (s eventsSpread) List(sel labels.Selector) ([]*corev1.Event, error) {
	return listAll(s.spread, func(l corelisters.EventLister) ([]*corev1.Event, error) { return l.List(sel) })
}
func (s eventsSpread) Events(ns string) corelisters.EventNamespaceLister {
	return s.pick(ns).Events(ns)
}

type genericSpread struct{ spread[cache.GenericLister] }

func (s genericSpread) List(sel labels.Selector) ([]runtime.Object, error) {
	return listAll(s.spread, func(l cache.GenericLister) ([]runtime.Object, error) { return l.List(sel) })
}
func (s genericSpread) Get(name string) (runtime.Object, error) { return s.listers[0].Get(name) }
func (s genericSpread) ByNamespace(ns string) cache.GenericNamespaceLister {
	return s.pick(ns).ByNamespace(ns)
}
