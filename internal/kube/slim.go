package kube

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"sync"
	"unique"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// slimObject shrinks an object before it enters the informer cache. At
// 10,000 pods the cache is most of fdtui's memory, and most of a pod is
// what fdtui never reads (volumes, environment, probes, mounts, labels but
// a StatefulSet pod's revision).
// Pods and ReplicaSets are rebuilt as compact copies holding only what the
// tables, rollout state, diagnosis and capacity read, so the decoded
// original is freed whole. Deployments and StatefulSets keep the part of
// their pod template that the audit, the diagnosis and the site wizard's
// prefill read (compactWorkloadTemplate); probes, volumes, mounts,
// commands and the template's labels go. Views that show a whole object
// (describe, YAML) and every operation GET it fresh from the apiserver.
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
	// containers and owners share one compact copy of the containers
	// and owner references that pods have alike (see podBox); keys are
	// their content, values read-only like the rest.
	containers sync.Map // string -> []corev1.Container
	owners     sync.Map // string -> []metav1.OwnerReference
	// shared holds one copy of each distinct part of a workload's
	// template (env, node selector, security context, resources): a
	// thousand sites built by one blueprint have the same ones. Keys are
	// the part's kind and content; values are read-only like the rest.
	shared sync.Map // string -> any
}

func (sl *slimmer) slimObject(obj any) (any, error) {
	switch o := obj.(type) {
	case *corev1.Pod:
		return sl.compactPod(o), nil
	// The other kinds' compact copies replace the decoded object in place
	// (client-go's TransformFunc may mutate it: the reflector hands over
	// objects of their own, each allocated alone, ExtractListWithAlloc
	// for a LIST). A second object of the same type would fall in the
	// decoded one's size class, and the decoded ones, garbage, would
	// share each span with the kept copies, half and half: such spans
	// stay in use, and in RSS, after the first LISTs (a heap dump at
	// 10,000 pods found 2.1 MB of such holes among the CronJobs' 3.1 MB;
	// HeapInuse after a forced collection 103-107 → 101-103 MB,
	// 2026-12-05; most holes left are among pods' decoded garbage).
	case *appsv1.ReplicaSet:
		*o = sl.compactReplicaSet(o)
	case *appsv1.Deployment:
		*o = sl.compactDeployment(o)
	case *appsv1.StatefulSet:
		*o = sl.compactStatefulSet(o)
	case *corev1.Service:
		*o = compactService(o)
	case *corev1.PersistentVolumeClaim:
		*o = sl.compactPVC(o)
	case *batchv1.CronJob:
		*o = sl.compactCronJob(o)
	case *batchv1.Job:
		*o = compactJob(o)
	default:
		if m, err := meta.Accessor(obj); err == nil {
			m.SetManagedFields(nil)
			if a := m.GetAnnotations(); a != nil {
				delete(a, corev1.LastAppliedConfigAnnotation)
			}
		}
	}
	return obj, nil
}

// compactMeta keeps identity, times and owners; annotations only when
// asked for by key.
func compactMeta(m *metav1.ObjectMeta, keep ...string) metav1.ObjectMeta {
	return compactMetaInto(m, copyOwners(m.OwnerReferences), keep...)
}

// compactMetaInto is compactMeta with owners, compact already (a copy of
// m's, or one shared by a ReplicaSet's pods), as the owner references.
// Every string it keeps but the interned ones (name, UID,
// resourceVersion) is copied into one allocation. The decoder allocates
// each string alone, among the hundreds of strings of the object it
// decodes, which are garbage once compacted: six or more small live
// objects per cached object held whole spans of that garbage's size
// classes in use (HeapInuse 130 MB against 93 MB allocated at 10,000
// pods, MemStats 2026-12-05).
func compactMetaInto(m *metav1.ObjectMeta, owners []metav1.OwnerReference, keep ...string) metav1.ObjectMeta {
	var b strings.Builder
	b.Grow(len(m.Name) + len(m.UID) + len(m.ResourceVersion))
	b.WriteString(m.Name)
	b.WriteString(string(m.UID))
	b.WriteString(m.ResourceVersion)
	all := b.String()
	out := metav1.ObjectMeta{
		Namespace: intern(m.Namespace), Generation: m.Generation, CreationTimestamp: m.CreationTimestamp,
		DeletionTimestamp: m.DeletionTimestamp, DeletionGracePeriodSeconds: m.DeletionGracePeriodSeconds,
		Name: all[:len(m.Name)], UID: types.UID(all[len(m.Name) : len(m.Name)+len(m.UID)]),
		ResourceVersion: all[len(m.Name)+len(m.UID):],
		OwnerReferences: owners,
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

// copyOwners copies owner references into one slice, their flags into
// one array and their names and UIDs into one allocation (see
// compactMetaInto for why); nil for none.
func copyOwners(refs []metav1.OwnerReference) []metav1.OwnerReference {
	if len(refs) == 0 {
		return nil
	}
	n := 0
	for _, r := range refs {
		n += len(r.Name) + len(r.UID)
	}
	var b strings.Builder
	b.Grow(n)
	for _, r := range refs {
		b.WriteString(r.Name)
		b.WriteString(string(r.UID))
	}
	all := b.String()
	take := func(l int) string { s := all[:l]; all = all[l:]; return s }
	out, flags := make([]metav1.OwnerReference, len(refs)), make([]bool, 2*len(refs))
	for i, r := range refs {
		out[i] = metav1.OwnerReference{APIVersion: intern(r.APIVersion), Kind: intern(r.Kind),
			Name: take(len(r.Name)), UID: types.UID(take(len(r.UID))),
			Controller: copyFlag(r.Controller, &flags[2*i]), BlockOwnerDeletion: copyFlag(r.BlockOwnerDeletion, &flags[2*i+1])}
	}
	return out
}

// copyFlag returns dst holding *b, or nil when b is nil.
func copyFlag(b, dst *bool) *bool {
	if b == nil {
		return nil
	}
	*dst = *b
	return dst
}

// podBox is a compact pod and the backing arrays of its own slices
// (two container statuses, the kept conditions) in one allocation.
// Apart, they were several objects per pod in the same size classes as
// the decoded pod's, so the caches' pods and the LISTs' garbage shared
// spans, and spans half full of cached pods could not be returned to the
// OS after the first LISTs (HeapInuse 131 MB against 90 MB live at
// 10,000 pods). A pod with more containers gets a slice of its own for
// their statuses.
//
// The box also holds what the decoder allocated alone for a pod: its
// start time and its containers' running states (see compactMetaInto
// for why). What the pods of one ReplicaSet or StatefulSet revision have
// alike is not in the box but shared (sharedContainers, sharedOwners):
// their containers (names, images, requests) and their owner reference.
// The box then fits Go's 2,048-byte size class, down from 3,072 (8 MB
// less live heap at 10,000 pods). It holds three conditions: a pod
// carries four of the kept ones only while it is a disruption target,
// and then gets a slice of its own.
type podBox struct {
	pod        corev1.Pod
	statuses   [2]corev1.ContainerStatus
	conditions [3]corev1.PodCondition
	running    [2]corev1.ContainerStateRunning
	start      metav1.Time
}

func (sl *slimmer) compactPod(p *corev1.Pod) *corev1.Pod {
	s := &p.Status
	b := new(podBox)
	b.pod = corev1.Pod{
		TypeMeta:   p.TypeMeta,
		ObjectMeta: compactMetaInto(&p.ObjectMeta, sl.sharedOwners(p.OwnerReferences)),
		Spec: corev1.PodSpec{
			NodeName: intern(p.Spec.NodeName), ImagePullSecrets: p.Spec.ImagePullSecrets,
			Overhead: p.Spec.Overhead, Resources: p.Spec.Resources,
			Containers:     sl.sharedContainers(p.Spec.Containers),
			InitContainers: sl.sharedContainers(p.Spec.InitContainers),
		},
		Status: corev1.PodStatus{
			Phase: s.Phase, Reason: s.Reason, Message: s.Message, Conditions: compactConditions(b.conditions[:0], s.Conditions), StartTime: s.StartTime,
			ContainerStatuses: compactStatusesInto(b.statuses[:0], s.ContainerStatuses), InitContainerStatuses: compactStatuses(s.InitContainerStatuses),
		},
	}
	if s.StartTime != nil {
		b.start = *s.StartTime
		b.pod.Status.StartTime = &b.start
	}
	for i := range min(len(b.pod.Status.ContainerStatuses), len(b.running)) {
		st := &b.pod.Status.ContainerStatuses[i].State
		if st.Running != nil {
			b.running[i] = *st.Running
			st.Running = &b.running[i]
		}
	}
	b.pod.Labels = sl.podLabels(p)
	return &b.pod
}

// sharedContainers returns the one compact copy of a pod's containers
// (compactContainers, with requests) that sl keeps for their content:
// every pod of a ReplicaSet or StatefulSet revision has the same. The
// slice's length is its capacity, so a reader's append copies it.
func (sl *slimmer) sharedContainers(cs []corev1.Container) []corev1.Container {
	if len(cs) == 0 {
		return nil
	}
	var key strings.Builder
	key.Grow(128 * len(cs)) // one allocation for a usual container's key
	for _, c := range cs {
		for _, part := range []string{c.Name, c.Image, policyKey(c.RestartPolicy), requestsKey(c.Resources.Requests)} {
			key.WriteString(part)
			key.WriteByte(0)
		}
		key.WriteByte(1)
	}
	return kept(&sl.containers, key.String(), func() []corev1.Container { return sl.compactContainers(cs, true) })
}

// sharedOwners returns the one compact copy of a pod's owner reference
// that sl keeps for its content when the owner is a ReplicaSet or a
// StatefulSet: their pods all name it, with the same flags, and a new
// one comes only with a rollout (it stays for the connection's life,
// ~200 bytes). Other owners get a copy of their own: a Job lives for one
// run of its CronJob (every 15 minutes for a site's Drupal cron), and a
// copy kept per Job would grow for the whole session. Nil for none.
func (sl *slimmer) sharedOwners(refs []metav1.OwnerReference) []metav1.OwnerReference {
	if len(refs) != 1 || refs[0].Kind != "ReplicaSet" && refs[0].Kind != "StatefulSet" {
		return copyOwners(refs)
	}
	r := refs[0]
	key := strings.Join([]string{r.APIVersion, r.Kind, r.Name, string(r.UID), flagKey(r.Controller), flagKey(r.BlockOwnerDeletion)}, "\x00")
	return kept(&sl.owners, key, func() []metav1.OwnerReference { return copyOwners(refs) })
}

func policyKey(p *corev1.ContainerRestartPolicy) string {
	if p == nil {
		return "-"
	}
	return string(*p)
}

func flagKey(b *bool) string {
	switch {
	case b == nil:
		return "-"
	case *b:
		return "t"
	}
	return "f"
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
	return kept(&sl.revisions, rev, func() map[string]string { return map[string]string{appsv1.ControllerRevisionHashLabelKey: rev} })
}

func (sl *slimmer) compactReplicaSet(rs *appsv1.ReplicaSet) appsv1.ReplicaSet {
	t := &rs.Spec.Template.Spec
	return appsv1.ReplicaSet{
		TypeMeta:   rs.TypeMeta,
		ObjectMeta: compactMeta(&rs.ObjectMeta, RevisionAnnotation, ChangeCauseAnnotation),
		Spec: appsv1.ReplicaSetSpec{
			Replicas: rs.Spec.Replicas, MinReadySeconds: rs.Spec.MinReadySeconds, Selector: rs.Spec.Selector,
			Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				ImagePullSecrets: t.ImagePullSecrets,
				Containers:       sl.compactContainersInto(inPlace(t.Containers), t.Containers, false),
				InitContainers:   sl.compactContainersInto(inPlace(t.InitContainers), t.InitContainers, false),
			}},
		},
		Status: rs.Status,
	}
}

// compactDeployment keeps identity, the revision and change-cause
// annotations, the spec's rollout settings, status and a compact template
// (compactWorkloadTemplate). At 1,000 sites the full Deployments (probes,
// volumes, mounts of a Drupal web pod) were 13 MB of a 102 MB live heap.
func (sl *slimmer) compactDeployment(d *appsv1.Deployment) appsv1.Deployment {
	sp := &d.Spec
	return appsv1.Deployment{
		TypeMeta:   d.TypeMeta,
		ObjectMeta: compactMeta(&d.ObjectMeta, RevisionAnnotation, ChangeCauseAnnotation),
		Spec: appsv1.DeploymentSpec{
			Replicas: sp.Replicas, Selector: sp.Selector, Strategy: sp.Strategy, MinReadySeconds: sp.MinReadySeconds,
			RevisionHistoryLimit: sp.RevisionHistoryLimit, Paused: sp.Paused, ProgressDeadlineSeconds: sp.ProgressDeadlineSeconds,
			Template: sl.compactWorkloadTemplate(&sp.Template),
		},
		Status: d.Status,
	}
}

// compactStatefulSet is compactDeployment for a StatefulSet; its volume
// claim templates keep name, storage class and request (the wizard's
// prefill reads the database volume's size and class).
func (sl *slimmer) compactStatefulSet(st *appsv1.StatefulSet) appsv1.StatefulSet {
	sp := &st.Spec
	out := appsv1.StatefulSet{
		TypeMeta:   st.TypeMeta,
		ObjectMeta: compactMeta(&st.ObjectMeta, RevisionAnnotation, ChangeCauseAnnotation),
		Spec: appsv1.StatefulSetSpec{
			Replicas: sp.Replicas, Selector: sp.Selector, ServiceName: sp.ServiceName,
			PodManagementPolicy: sp.PodManagementPolicy, UpdateStrategy: sp.UpdateStrategy,
			RevisionHistoryLimit: sp.RevisionHistoryLimit, MinReadySeconds: sp.MinReadySeconds, Ordinals: sp.Ordinals,
			PersistentVolumeClaimRetentionPolicy: sp.PersistentVolumeClaimRetentionPolicy,
			Template:                             sl.compactWorkloadTemplate(&sp.Template),
		},
		Status: st.Status,
	}
	for _, c := range sp.VolumeClaimTemplates {
		out.Spec.VolumeClaimTemplates = append(out.Spec.VolumeClaimTemplates, corev1.PersistentVolumeClaim{
			ObjectMeta: metav1.ObjectMeta{Name: c.Name},
			Spec: corev1.PersistentVolumeClaimSpec{StorageClassName: c.Spec.StorageClassName, AccessModes: c.Spec.AccessModes,
				Resources: corev1.VolumeResourceRequirements{Requests: sl.internRequests(c.Spec.Resources.Requests),
					Limits: sl.internRequests(c.Spec.Resources.Limits)}},
		})
	}
	return out
}

// compactService keeps a Service's identity, type and cluster IP (None
// for the headless ones): only the names are read (the deletion page
// lists what goes), and 3,000 Services were 5.5 MB of the live heap.
func compactService(svc *corev1.Service) corev1.Service {
	return corev1.Service{TypeMeta: svc.TypeMeta, ObjectMeta: compactMeta(&svc.ObjectMeta),
		Spec: corev1.ServiceSpec{Type: svc.Spec.Type, ClusterIP: svc.Spec.ClusterIP}}
}

// compactPVC keeps a claim's identity, phase, volume and sizes: the
// sites count bound claims, the audit names unbound ones, and the delete
// page names the volume behind each (volume name, capacity). Its storage
// class and access modes are kept too, though no screen reads them. Every
// claim of a blueprint asks the same size, so the request and capacity
// maps are shared (internRequests); at 1,000 sites the decoded claims'
// resource maps and metadata were 4.5 MB of the live heap.
func (sl *slimmer) compactPVC(c *corev1.PersistentVolumeClaim) corev1.PersistentVolumeClaim {
	return corev1.PersistentVolumeClaim{TypeMeta: c.TypeMeta, ObjectMeta: compactMeta(&c.ObjectMeta),
		Spec: corev1.PersistentVolumeClaimSpec{VolumeName: c.Spec.VolumeName, StorageClassName: c.Spec.StorageClassName,
			AccessModes: c.Spec.AccessModes, Resources: corev1.VolumeResourceRequirements{Requests: sl.internRequests(c.Spec.Resources.Requests)}},
		Status: corev1.PersistentVolumeClaimStatus{Phase: c.Status.Phase, Capacity: sl.internRequests(c.Status.Capacity)}}
}

// compactWorkloadTemplate keeps what is read from a workload's pod
// template: the pool it is pinned to (nodeSelector; diagnosis, prefill),
// whether the pod and each container may run as root (runAsNonRoot and
// runAsUser, the audit's root rule), env and envFrom (its Secret rules),
// names, images, requests and limits (rollout image, audit, OOM
// diagnosis, prefill) and pull secrets. Parts equal across sites are
// shared (see slimmer.shared).
func (sl *slimmer) compactWorkloadTemplate(t *corev1.PodTemplateSpec) corev1.PodTemplateSpec {
	sp := &t.Spec
	out := corev1.PodTemplateSpec{Spec: corev1.PodSpec{
		ImagePullSecrets: sp.ImagePullSecrets,
		Containers:       sl.workloadContainers(sp.Containers), InitContainers: sl.workloadContainers(sp.InitContainers),
	}}
	if len(sp.NodeSelector) > 0 {
		out.Spec.NodeSelector = share(sl, "nodeSelector", sp.NodeSelector)
	}
	if c := sp.SecurityContext; c != nil {
		out.Spec.SecurityContext = share(sl, "podSecurityContext", &corev1.PodSecurityContext{RunAsNonRoot: c.RunAsNonRoot, RunAsUser: c.RunAsUser})
	}
	return out
}

func (sl *slimmer) workloadContainers(cs []corev1.Container) []corev1.Container {
	if len(cs) == 0 {
		return nil
	}
	out := inPlace(cs)
	for i, c := range cs {
		out[i] = corev1.Container{Name: c.Name, Image: unique.Make(c.Image).Value(), RestartPolicy: c.RestartPolicy,
			Resources: corev1.ResourceRequirements{Requests: sl.internRequests(c.Resources.Requests), Limits: sl.internRequests(c.Resources.Limits)}}
		if len(c.Env) > 0 {
			out[i].Env = share(sl, "env", c.Env)
		}
		if len(c.EnvFrom) > 0 {
			out[i].EnvFrom = share(sl, "envFrom", c.EnvFrom)
		}
		if sc := c.SecurityContext; sc != nil {
			out[i].SecurityContext = share(sl, "securityContext", &corev1.SecurityContext{RunAsNonRoot: sc.RunAsNonRoot, RunAsUser: sc.RunAsUser})
		}
	}
	return out
}

// inPlace is a decoded object's own slice as the backing array of its
// compact copy (see slimObject for why), its capacity cut to its length
// so that a reader's append copies it. Range loops that fill it read each
// element before they overwrite it.
func inPlace[T any](s []T) []T { return s[:len(s):len(s)] }

// share returns the one copy of v that sl keeps for its content (kind and
// its JSON), storing v if it is the first. v must not be modified after.
func share[T any](sl *slimmer, kind string, v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	return kept(&sl.shared, kind+"\x00"+string(b), func() T { return v })
}

// kept returns the value m holds for key, storing build's when it holds
// none: the one read-only copy of a part that cached objects share. build
// runs only for a key not seen yet (or by two callers racing for it; the
// first stored wins).
func kept[T any](m *sync.Map, key string, build func() T) T {
	if got, ok := m.Load(key); ok {
		return got.(T)
	}
	got, _ := m.LoadOrStore(key, build())
	return got.(T)
}

// compactContainers keeps names, images and (for pods) resource requests,
// which the capacity screen sums; limits are never shown.
func (sl *slimmer) compactContainers(cs []corev1.Container, requests bool) []corev1.Container {
	return sl.compactContainersInto(make([]corev1.Container, len(cs)), cs, requests)
}

// compactContainersInto is compactContainers writing into out (len(cs)
// elements; cs itself for a decoded object compacted in place).
func (sl *slimmer) compactContainersInto(out, cs []corev1.Container, requests bool) []corev1.Container {
	if len(cs) == 0 {
		return nil
	}
	for i, c := range cs {
		out[i] = corev1.Container{Name: intern(c.Name), Image: intern(c.Image), RestartPolicy: c.RestartPolicy}
		if requests {
			out[i].Resources.Requests = sl.internRequests(c.Resources.Requests)
		}
	}
	return out
}

func compactStatuses(ss []corev1.ContainerStatus) []corev1.ContainerStatus {
	return compactStatusesInto(nil, ss)
}

func compactStatusesInto(dst, ss []corev1.ContainerStatus) []corev1.ContainerStatus {
	if len(ss) == 0 {
		return nil
	}
	out := room(dst, len(ss))
	for i, s := range ss {
		out[i] = corev1.ContainerStatus{Name: intern(s.Name), Image: intern(s.Image), Ready: s.Ready, Started: s.Started,
			RestartCount: s.RestartCount, State: s.State, LastTerminationState: s.LastTerminationState}
	}
	return out
}

// room returns n elements of dst's backing array, or a new slice when it
// holds fewer. The length equals the capacity, so an append by a reader
// copies rather than writing past the slice into the box.
func room[T any](dst []T, n int) []T {
	if cap(dst) >= n {
		return dst[:n:n]
	}
	return make([]T, n)
}

// keptConditions are the pod conditions fdtui reads: Ready (READY,
// readiness outages), PodScheduled (Pending's reason: Unschedulable,
// SchedulingGated), Initialized (init containers) and DisruptionTarget
// (evictions). ContainersReady and PodReadyToStartContainers repeat
// what Ready and the container states say; at 10,000 pods they were
// 20,000 conditions in the cache.
var keptConditions = [...]corev1.PodConditionType{corev1.PodReady, corev1.PodScheduled, corev1.PodInitialized, corev1.DisruptionTarget}

func compactConditions(dst, cs []corev1.PodCondition) []corev1.PodCondition {
	n := 0
	for _, c := range cs {
		if slices.Contains(keptConditions[:], c.Type) {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := room(dst, n)[:0]
	for _, c := range cs {
		if slices.Contains(keptConditions[:], c.Type) {
			c.Type, c.Status, c.Reason = corev1.PodConditionType(intern(string(c.Type))), corev1.ConditionStatus(intern(string(c.Status))), intern(c.Reason)
			out = append(out, c)
		}
	}
	return out
}

// intern returns the one copy of s the process keeps (package unique):
// the protobuf decoder allocates every string of every object anew, and
// names of nodes, namespaces, images, containers and condition words
// repeat across thousands of pods.
func intern(s string) string {
	if s == "" {
		return s
	}
	return unique.Make(s).Value()
}

// requestsKey is a resource list's content as a string, the same for
// equal lists ("cpu=100m,memory=128Mi"; "" for none).
func requestsKey(r corev1.ResourceList) string {
	if len(r) == 0 {
		return ""
	}
	keys := make([]string, 0, len(r))
	for name, q := range r {
		keys = append(keys, string(name)+"="+q.String())
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

// nameOnly keeps a metadata-only object's identity and nothing else.
func nameOnly(obj any) (any, error) {
	if m, ok := obj.(*metav1.PartialObjectMetadata); ok {
		*m = metav1.PartialObjectMetadata{TypeMeta: m.TypeMeta, ObjectMeta: compactMeta(&m.ObjectMeta)}
		return m, nil
	}
	return obj, nil
}

func (sl *slimmer) internRequests(r corev1.ResourceList) corev1.ResourceList {
	if len(r) == 0 {
		return nil
	}
	return kept(&sl.requests, requestsKey(r), func() corev1.ResourceList { return r })
}
