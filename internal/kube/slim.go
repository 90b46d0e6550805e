package kube

import (
	"sort"
	"strings"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// slimObject shrinks an object before it enters the informer cache. At
// 10,000 pods the cache is most of fdtui's memory, and most of a pod is
// what fdtui never reads (volumes, environment, probes, mounts, labels but
// a StatefulSet pod's revision).
// Pods and ReplicaSets are rebuilt as compact copies holding only what the
// tables, rollout state, diagnosis and capacity read, so the decoded
// original is freed whole. Deployments and StatefulSets keep their full
// templates: the audit reads them. Views that show a whole object
// (describe, YAML) GET it fresh from the apiserver.
// slimmer compacts one connection's cache objects; its pool of shared
// request maps lives and dies with the connection.
type slimmer struct {
	// requests shares one map per distinct set of requests: thousands of
	// pods of one Deployment ask the same "100m, 128Mi", and a map per
	// container was a seventh of the cache. The maps are never modified
	// (cache objects are read-only), so sharing them is safe.
	requests sync.Map // string -> corev1.ResourceList
	// revisions shares one label map per StatefulSet revision (see
	// podLabels), read-only like the request maps.
	revisions sync.Map // string -> map[string]string
}

func (sl *slimmer) slimObject(obj any) (any, error) {
	switch o := obj.(type) {
	case *corev1.Pod:
		return sl.compactPod(o), nil
	case *appsv1.ReplicaSet:
		return sl.compactReplicaSet(o), nil
	}
	if m, err := meta.Accessor(obj); err == nil {
		m.SetManagedFields(nil)
		if a := m.GetAnnotations(); a != nil {
			delete(a, corev1.LastAppliedConfigAnnotation)
		}
	}
	return obj, nil
}

// compactMeta keeps identity, times and owners; annotations only when
// asked for by key.
func compactMeta(m *metav1.ObjectMeta, keep ...string) metav1.ObjectMeta {
	out := metav1.ObjectMeta{
		Name: m.Name, Namespace: m.Namespace, UID: m.UID, ResourceVersion: m.ResourceVersion,
		Generation: m.Generation, CreationTimestamp: m.CreationTimestamp, DeletionTimestamp: m.DeletionTimestamp,
		DeletionGracePeriodSeconds: m.DeletionGracePeriodSeconds, OwnerReferences: m.OwnerReferences,
	}
	for _, k := range keep {
		if v, ok := m.Annotations[k]; ok {
			if out.Annotations == nil {
				out.Annotations = make(map[string]string, len(keep))
			}
			out.Annotations[k] = v
		}
	}
	return out
}

func (sl *slimmer) compactPod(p *corev1.Pod) *corev1.Pod {
	s := &p.Status
	out := &corev1.Pod{
		TypeMeta:   p.TypeMeta,
		ObjectMeta: compactMeta(&p.ObjectMeta),
		Spec: corev1.PodSpec{
			NodeName: p.Spec.NodeName, ImagePullSecrets: p.Spec.ImagePullSecrets,
			Overhead: p.Spec.Overhead, Resources: p.Spec.Resources,
			Containers: sl.compactContainers(p.Spec.Containers, true), InitContainers: sl.compactContainers(p.Spec.InitContainers, true),
		},
		Status: corev1.PodStatus{
			Phase: s.Phase, Reason: s.Reason, Message: s.Message, Conditions: s.Conditions, StartTime: s.StartTime,
			ContainerStatuses: compactStatuses(s.ContainerStatuses), InitContainerStatuses: compactStatuses(s.InitContainerStatuses),
		},
	}
	out.Labels = sl.podLabels(p)
	return out
}

// podLabels keeps one label, and only on a StatefulSet's pods: its
// controller-revision-hash, which says whether mysql-0 runs the revision
// its StatefulSet wants (a rolling update stuck on an unready pod left on
// a reverted revision). Pods of one revision share one map; every other
// pod keeps no labels at all.
func (sl *slimmer) podLabels(p *corev1.Pod) map[string]string {
	ref := metav1.GetControllerOf(p)
	rev, ok := p.Labels[appsv1.ControllerRevisionHashLabelKey]
	if ref == nil || ref.Kind != "StatefulSet" || !ok {
		return nil
	}
	if shared, ok := sl.revisions.Load(rev); ok {
		return shared.(map[string]string)
	}
	shared, _ := sl.revisions.LoadOrStore(rev, map[string]string{appsv1.ControllerRevisionHashLabelKey: rev})
	return shared.(map[string]string)
}

func (sl *slimmer) compactReplicaSet(rs *appsv1.ReplicaSet) *appsv1.ReplicaSet {
	t := &rs.Spec.Template.Spec
	return &appsv1.ReplicaSet{
		TypeMeta:   rs.TypeMeta,
		ObjectMeta: compactMeta(&rs.ObjectMeta, "deployment.kubernetes.io/revision", "kubernetes.io/change-cause"),
		Spec: appsv1.ReplicaSetSpec{
			Replicas: rs.Spec.Replicas, MinReadySeconds: rs.Spec.MinReadySeconds, Selector: rs.Spec.Selector,
			Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				ImagePullSecrets: t.ImagePullSecrets,
				Containers:       sl.compactContainers(t.Containers, false), InitContainers: sl.compactContainers(t.InitContainers, false),
			}},
		},
		Status: rs.Status,
	}
}

// compactContainers keeps names, images and (for pods) resource requests,
// which the capacity screen sums; limits are never shown.
func (sl *slimmer) compactContainers(cs []corev1.Container, requests bool) []corev1.Container {
	if len(cs) == 0 {
		return nil
	}
	out := make([]corev1.Container, len(cs))
	for i, c := range cs {
		out[i] = corev1.Container{Name: c.Name, Image: c.Image, RestartPolicy: c.RestartPolicy}
		if requests {
			out[i].Resources.Requests = sl.internRequests(c.Resources.Requests)
		}
	}
	return out
}

func compactStatuses(ss []corev1.ContainerStatus) []corev1.ContainerStatus {
	if len(ss) == 0 {
		return nil
	}
	out := make([]corev1.ContainerStatus, len(ss))
	for i, s := range ss {
		out[i] = corev1.ContainerStatus{Name: s.Name, Image: s.Image, Ready: s.Ready, Started: s.Started,
			RestartCount: s.RestartCount, State: s.State, LastTerminationState: s.LastTerminationState}
	}
	return out
}

// nameOnly keeps a metadata-only object's identity and nothing else.
func nameOnly(obj any) (any, error) {
	if m, ok := obj.(*metav1.PartialObjectMetadata); ok {
		return &metav1.PartialObjectMetadata{TypeMeta: m.TypeMeta, ObjectMeta: compactMeta(&m.ObjectMeta)}, nil
	}
	return obj, nil
}

func (sl *slimmer) internRequests(r corev1.ResourceList) corev1.ResourceList {
	if len(r) == 0 {
		return nil
	}
	keys := make([]string, 0, len(r))
	for name, q := range r {
		keys = append(keys, string(name)+"="+q.String())
	}
	sort.Strings(keys)
	key := strings.Join(keys, ",")
	if shared, ok := sl.requests.Load(key); ok {
		return shared.(corev1.ResourceList)
	}
	shared, _ := sl.requests.LoadOrStore(key, r)
	return shared.(corev1.ResourceList)
}
