package kube

import (
	"maps"
	"reflect"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// unchanged reports whether an update changed nothing fdtui keeps: the
// cached copies (after the compacting transform, slim.go) are equal but
// for the resourceVersion. An annotation or label fdtui drops, or a
// managedFields entry, bumps the resourceVersion of a pod without
// changing a cell on any screen; passing such updates on cost a site's
// re-derivation and a frame each (make bench's churn is 50 of them a
// second). Only typed objects are compared: a shallow copy of an
// Unstructured would share its map, and setting the version on it would
// write into the cache.
func unchanged(old, cur any) bool {
	switch n := cur.(type) {
	case *unstructured.Unstructured:
		return false
	case *corev1.Pod:
		if o, ok := old.(*corev1.Pod); ok {
			return samePod(o, n)
		}
	}
	o, n := reflect.ValueOf(old), reflect.ValueOf(cur)
	if o.Kind() != reflect.Pointer || o.Type() != n.Type() || o.IsNil() || n.IsNil() || o.Elem().Kind() != reflect.Struct {
		return false
	}
	nm, err := meta.Accessor(cur)
	if err != nil {
		return false
	}
	// A shallow copy of the old object with the new version: the cache's
	// objects are never written.
	c := reflect.New(o.Elem().Type())
	c.Elem().Set(o.Elem())
	cm, err := meta.Accessor(c.Interface())
	if err != nil {
		return false
	}
	cm.SetResourceVersion(nm.GetResourceVersion())
	// reflect.DeepEqual, not equality.Semantic: this runs for every
	// update, and the semantic one (a custom function looked up per
	// field) was a sixth of fdtui's CPU under 50 pod updates a second.
	// Where the two differ (a Quantity with its string cached, a time in
	// another location) an update counts as a change: one refresh more.
	return reflect.DeepEqual(c.Interface(), cur)
}

// samePod is unchanged for the compact pods compactPod keeps, compared
// field by field: pods are the kind that changes most (make bench's
// churn is 50 updates a second), and reflect.DeepEqual over a copy of
// the whole Pod walked the dozens of fields a compact pod never sets,
// 10 µs a pod warm (BenchmarkUnchangedPod, 1.4 µs now) and a seventh of fdtui's CPU
// under churn (CPU profile, 2026-12-05). Only fields compactPod keeps
// are compared; TestSamePodSeesEveryFieldACompactPodKeeps changes each
// field of compact copies of randomly filled pods in turn and checks
// that samePod sees it.
func samePod(o, n *corev1.Pod) bool {
	os, ns := &o.Spec, &n.Spec
	return o.TypeMeta == n.TypeMeta && sameMeta(&o.ObjectMeta, &n.ObjectMeta) &&
		os.NodeName == ns.NodeName && slices.Equal(os.ImagePullSecrets, ns.ImagePullSecrets) &&
		sameQuantities(os.Overhead, ns.Overhead) && reflect.DeepEqual(os.Resources, ns.Resources) &&
		sameEach(os.Containers, ns.Containers, sameContainer) &&
		sameEach(os.InitContainers, ns.InitContainers, sameContainer) &&
		samePodStatus(&o.Status, &n.Status)
}

// sameMeta compares all that compactMeta keeps but the resourceVersion.
func sameMeta(o, n *metav1.ObjectMeta) bool {
	return o.Name == n.Name && o.Namespace == n.Namespace && o.UID == n.UID && o.Generation == n.Generation &&
		o.CreationTimestamp.Equal(&n.CreationTimestamp) && o.DeletionTimestamp.Equal(n.DeletionTimestamp) &&
		samePtr(o.DeletionGracePeriodSeconds, n.DeletionGracePeriodSeconds) &&
		maps.Equal(o.Labels, n.Labels) && maps.Equal(o.Annotations, n.Annotations) &&
		sameEach(o.OwnerReferences, n.OwnerReferences, func(a, b *metav1.OwnerReference) bool {
			return a.APIVersion == b.APIVersion && a.Kind == b.Kind && a.Name == b.Name && a.UID == b.UID &&
				samePtr(a.Controller, b.Controller) && samePtr(a.BlockOwnerDeletion, b.BlockOwnerDeletion)
		})
}

func sameContainer(a, b *corev1.Container) bool {
	return a.Name == b.Name && a.Image == b.Image && samePtr(a.RestartPolicy, b.RestartPolicy) &&
		sameQuantities(a.Resources.Requests, b.Resources.Requests)
}

func samePodStatus(o, n *corev1.PodStatus) bool {
	return o.Phase == n.Phase && o.Reason == n.Reason && o.Message == n.Message && o.StartTime.Equal(n.StartTime) &&
		sameEach(o.Conditions, n.Conditions, func(a, b *corev1.PodCondition) bool {
			return a.Type == b.Type && a.Status == b.Status && a.Reason == b.Reason && a.Message == b.Message &&
				a.ObservedGeneration == b.ObservedGeneration &&
				a.LastProbeTime.Equal(&b.LastProbeTime) && a.LastTransitionTime.Equal(&b.LastTransitionTime)
		}) &&
		sameEach(o.ContainerStatuses, n.ContainerStatuses, sameContainerStatus) &&
		sameEach(o.InitContainerStatuses, n.InitContainerStatuses, sameContainerStatus)
}

func sameContainerStatus(a, b *corev1.ContainerStatus) bool {
	return a.Name == b.Name && a.Image == b.Image && a.Ready == b.Ready && samePtr(a.Started, b.Started) &&
		a.RestartCount == b.RestartCount && sameState(&a.State, &b.State) &&
		sameState(&a.LastTerminationState, &b.LastTerminationState)
}

func sameState(a, b *corev1.ContainerState) bool {
	return samePtr(a.Waiting, b.Waiting) &&
		sameVia(a.Running, b.Running, func(x, y *corev1.ContainerStateRunning) bool { return x.StartedAt.Equal(&y.StartedAt) }) &&
		sameVia(a.Terminated, b.Terminated, func(x, y *corev1.ContainerStateTerminated) bool {
			return x.ExitCode == y.ExitCode && x.Signal == y.Signal && x.Reason == y.Reason && x.Message == y.Message &&
				x.ContainerID == y.ContainerID && x.StartedAt.Equal(&y.StartedAt) && x.FinishedAt.Equal(&y.FinishedAt)
		})
}

// sameQuantities compares resource lists by amount (the cache's request
// maps are shared, so most are the same map).
func sameQuantities(a, b corev1.ResourceList) bool {
	return maps.EqualFunc(a, b, func(x, y resource.Quantity) bool { return x.Cmp(y) == 0 })
}

// sameEach compares two slices element by element, in place.
func sameEach[T any](a, b []T, eq func(x, y *T) bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !eq(&a[i], &b[i]) {
			return false
		}
	}
	return true
}

// samePtr compares what two pointers point at (both nil: same).
func samePtr[T comparable](a, b *T) bool {
	return sameVia(a, b, func(x, y *T) bool { return *x == *y })
}

func sameVia[T any](a, b *T, eq func(x, y *T) bool) bool {
	return a == b || a != nil && b != nil && eq(a, b)
}
