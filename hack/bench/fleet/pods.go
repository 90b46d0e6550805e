package fleet

import (
	"fmt"
	"maps"
	"strconv"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Labels and annotations the workload controllers put on what they create;
// the generator writes them the same way.
const (
	labelTemplateHash   = "pod-template-hash"
	labelStatefulPod    = "statefulset.kubernetes.io/pod-name"
	labelPodIndex       = "apps.kubernetes.io/pod-index"
	labelRevisionHash   = "controller-revision-hash"
	annotationRevision  = "deployment.kubernetes.io/revision"
	annotationDesired   = "deployment.kubernetes.io/desired-replicas"
	annotationMaxSurged = "deployment.kubernetes.io/max-replicas"
)

// NodeOf places a site's k-th pod on a node.
type NodeOf func(k int) string

// WebReplicaSet is the web Deployment's current ReplicaSet, as the
// Deployment controller would have made it, owned by the Deployment uid.
func (s Site) WebReplicaSet(deployment types.UID) *appsv1.ReplicaSet {
	d := s.Web
	hash := templateHash(s.Name())
	tmpl := *d.Spec.Template.DeepCopy()
	tmpl.Labels[labelTemplateHash] = hash
	sel := d.Spec.Selector.DeepCopy()
	sel.MatchLabels[labelTemplateHash] = hash
	replicas := *d.Spec.Replicas
	labels := maps.Clone(tmpl.Labels)
	maps.Copy(labels, BenchLabels())
	return &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{
			Name: d.Name + "-" + hash, Namespace: d.Namespace, Labels: labels,
			Annotations: map[string]string{annotationRevision: "1",
				annotationDesired: strconv.Itoa(int(replicas)), annotationMaxSurged: strconv.Itoa(int(replicas) + 1)},
			OwnerReferences: []metav1.OwnerReference{owner("Deployment", d.Name, deployment)},
		},
		Spec: appsv1.ReplicaSetSpec{Replicas: &replicas, MinReadySeconds: d.Spec.MinReadySeconds, Selector: sel, Template: tmpl},
	}
}

// WebPodName is the name of the web ReplicaSet's k-th pod.
func (s Site) WebPodName(k int) string {
	return s.Web.Name + "-" + templateHash(s.Name()) + "-" + podSuffix(s.Name(), k)
}

// WebPods are the ReplicaSet's pods.
func (s Site) WebPods(rs *appsv1.ReplicaSet, node NodeOf) []*corev1.Pod {
	pods := make([]*corev1.Pod, 0, *rs.Spec.Replicas)
	for k := range int(*rs.Spec.Replicas) {
		p := podFrom(rs.Spec.Template, rs.Namespace, s.WebPodName(k), node(k))
		p.OwnerReferences = []metav1.OwnerReference{owner("ReplicaSet", rs.Name, rs.UID)}
		pods = append(pods, p)
	}
	return pods
}

// StatefulPods are a StatefulSet's pods (name-0, name-1, ...) with the
// identity, labels and claim volumes the StatefulSet controller gives them.
func (s Site) StatefulPods(ss *appsv1.StatefulSet, node NodeOf) []*corev1.Pod {
	pods := make([]*corev1.Pod, 0, *ss.Spec.Replicas)
	for k := range int(*ss.Spec.Replicas) {
		name := fmt.Sprintf("%s-%d", ss.Name, k)
		p := podFrom(ss.Spec.Template, ss.Namespace, name, node(k))
		p.Labels[labelStatefulPod] = name
		p.Labels[labelPodIndex] = strconv.Itoa(k)
		p.Labels[labelRevisionHash] = ss.Name + "-" + hash7(ss.Namespace + ss.Name)[:6] + "c4"
		p.Spec.Hostname, p.Spec.Subdomain = name, ss.Spec.ServiceName
		for _, claim := range ss.Spec.VolumeClaimTemplates {
			p.Spec.Volumes = append(p.Spec.Volumes, corev1.Volume{Name: claim.Name, VolumeSource: corev1.VolumeSource{
				PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: claim.Name + "-" + name}}})
		}
		p.OwnerReferences = []metav1.OwnerReference{owner("StatefulSet", ss.Name, ss.UID)}
		pods = append(pods, p)
	}
	return pods
}

// Claims are the PersistentVolumeClaims of a StatefulSet's pods, each
// pre-bound to its volume (see Volume). Unbound claims would have the
// volume controller retry, and update an event, every 15 s: steady churn
// that would spoil the idle measurements.
func (s Site) Claims(ss *appsv1.StatefulSet) []*corev1.PersistentVolumeClaim {
	var out []*corev1.PersistentVolumeClaim
	for k := range int(*ss.Spec.Replicas) {
		for _, t := range ss.Spec.VolumeClaimTemplates {
			c := &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{
				Name: fmt.Sprintf("%s-%s-%d", t.Name, ss.Name, k), Namespace: ss.Namespace,
				Labels: maps.Clone(ss.Spec.Selector.MatchLabels)}, Spec: *t.Spec.DeepCopy()}
			maps.Copy(c.Labels, BenchLabels())
			noClass := ""
			c.Spec.StorageClassName, c.Spec.VolumeName = &noClass, volumeName(c)
			out = append(out, c)
		}
	}
	return out
}

// Volume is the PersistentVolume bound to claim c. kwok never mounts it.
func Volume(c *corev1.PersistentVolumeClaim) *corev1.PersistentVolume {
	return &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: volumeName(c), Labels: BenchLabels()},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: c.Spec.Resources.Requests[corev1.ResourceStorage]},
			AccessModes:                   c.Spec.AccessModes,
			PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimRetain,
			PersistentVolumeSource:        corev1.PersistentVolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/mnt/bench/" + c.Namespace}},
			ClaimRef: &corev1.ObjectReference{Kind: "PersistentVolumeClaim", APIVersion: "v1",
				Namespace: c.Namespace, Name: c.Name},
		},
	}
}

func volumeName(c *corev1.PersistentVolumeClaim) string {
	return "bench-" + hash7(c.Namespace+"/"+c.Name) + "-" + c.Name
}

// Events are a few of what the scheduler and kubelet say about a new pod.
func Events(p *corev1.Pod, now time.Time) []*corev1.Event {
	ev := func(reason, source, msg string) *corev1.Event {
		return &corev1.Event{
			ObjectMeta: metav1.ObjectMeta{Name: p.Name + "." + hash7(p.Name + reason)[:6] + "f0a1b2c3", Namespace: p.Namespace,
				Labels: BenchLabels()},
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", APIVersion: "v1", Namespace: p.Namespace, Name: p.Name, UID: p.UID},
			Reason:         reason, Message: msg, Type: corev1.EventTypeNormal, Count: 1,
			Source:         corev1.EventSource{Component: source},
			FirstTimestamp: metav1.NewTime(now), LastTimestamp: metav1.NewTime(now),
		}
	}
	return []*corev1.Event{
		ev("Scheduled", "default-scheduler", fmt.Sprintf("Successfully assigned %s/%s to %s", p.Namespace, p.Name, p.Spec.NodeName)),
		ev("Pulled", "kubelet", fmt.Sprintf("Container image %q already present on machine", p.Spec.Containers[0].Image)),
	}
}

// podFrom makes a pod from a template: the generator's pods drop the guard
// priority class (see GuardPriorityClass) and skip the scheduler.
func podFrom(t corev1.PodTemplateSpec, ns, name, node string) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: *t.ObjectMeta.DeepCopy(), Spec: *t.Spec.DeepCopy()}
	p.Name, p.Namespace = name, ns
	if p.Labels == nil {
		p.Labels = map[string]string{}
	}
	maps.Copy(p.Labels, BenchLabels())
	p.Spec.PriorityClassName = ""
	p.Spec.NodeName = node
	return p
}

func owner(kind, name string, uid types.UID) metav1.OwnerReference {
	yes := true
	return metav1.OwnerReference{APIVersion: "apps/v1", Kind: kind, Name: name, UID: uid, Controller: &yes, BlockOwnerDeletion: &yes}
}
