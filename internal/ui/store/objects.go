package store

import (
	"sort"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/flightdeck/fdtui/internal/model"
)

// Objects gathers one namespace's objects from the listers (no events).
// Lister reads use the namespace index: the cost is that namespace's size.
func (s *Store) Objects(ns string) model.NamespaceObjects {
	all := labels.Everything()
	o := model.NamespaceObjects{}
	o.Namespace, _ = s.L.Namespaces.Get(ns)
	o.Deployments, _ = s.L.Deployments.Deployments(ns).List(all)
	o.ReplicaSets, _ = s.L.ReplicaSets.ReplicaSets(ns).List(all)
	o.StatefulSets, _ = s.L.StatefulSets.StatefulSets(ns).List(all)
	o.Pods, _ = s.L.Pods.Pods(ns).List(all)
	o.Services, _ = s.L.Services.Services(ns).List(all)
	o.Ingresses, _ = s.L.Ingresses.Ingresses(ns).List(all)
	o.PVCs, _ = s.L.PVCs.PersistentVolumeClaims(ns).List(all)
	if secrets, err := s.L.Secrets.ByNamespace(ns).List(all); err == nil {
		// Non-nil even when empty: nil tells the model "unknown" (RBAC).
		o.SecretNames = make([]string, 0, len(secrets))
		for _, obj := range secrets {
			if m, ok := obj.(interface{ GetName() string }); ok {
				o.SecretNames = append(o.SecretNames, m.GetName())
			}
		}
		sort.Strings(o.SecretNames)
	}
	return o
}

// ObjectsWithEvents is Objects plus the namespace's events.
func (s *Store) ObjectsWithEvents(ns string) model.NamespaceObjects {
	o := s.Objects(ns)
	o.Events, _ = s.L.Events.Events(ns).List(labels.Everything())
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
	sort.SliceStable(evs, func(i, j int) bool { return EventTime(evs[i]).After(EventTime(evs[j])) })
	return evs
}
