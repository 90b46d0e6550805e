package uitest

import (
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
)

type failure func(p *corev1.Pod) []runtime.Object

// webLabels select the web pods (the objects are valid for a real
// apiserver: the fleet tests write them to one).
var webLabels = map[string]string{"app.kubernetes.io/component": "web"}

// rollout builds the web Deployment at revision rev, its current
// ReplicaSet with `updated` pods (`ready` of them ready, the rest failing
// with fail), and — when prevImage is set — the previous ReplicaSet
// holding the pods that still serve.
func rollout(ns string, rev int64, image, prevImage string, updated, ready, desired int32, fail failure) []runtime.Object {
	d := &appsv1.Deployment{ObjectMeta: meta(ns, "web"), Spec: appsv1.DeploymentSpec{
		Replicas: ptr(desired), MinReadySeconds: 5, ProgressDeadlineSeconds: ptr(int32(300)),
		Strategy: appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType,
			RollingUpdate: &appsv1.RollingUpdateDeployment{MaxSurge: ptr(intstr.FromInt32(1)), MaxUnavailable: ptr(intstr.FromInt32(0))}},
		Selector: &metav1.LabelSelector{MatchLabels: webLabels},
		Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: webLabels}, Spec: podSpec(image)},
	}}
	d.Annotations = map[string]string{"deployment.kubernetes.io/revision": fmt.Sprint(rev)}
	d.Generation = 9
	oldReady := int32(0)
	if prevImage != "" {
		oldReady = desired - ready
		if fail != nil {
			oldReady = desired
		}
	}
	d.Status = appsv1.DeploymentStatus{ObservedGeneration: 9, Replicas: updated + oldReady, UpdatedReplicas: updated,
		ReadyReplicas: ready + oldReady, AvailableReplicas: ready + oldReady, UnavailableReplicas: updated - ready,
		Conditions: conditions(prevImage != "", fail != nil)}
	objs := []runtime.Object{d}
	objs = append(objs, replicaSet(d, rev, image, updated, ready, fail)...)
	if prevImage != "" {
		objs = append(objs, replicaSet(d, rev-1, prevImage, oldReady, oldReady, nil)...)
	}
	return objs
}

func conditions(rolling, stuck bool) []appsv1.DeploymentCondition {
	avail := appsv1.DeploymentCondition{Type: appsv1.DeploymentAvailable, Status: corev1.ConditionTrue,
		Reason: "MinimumReplicasAvailable", LastUpdateTime: ago(time.Hour), LastTransitionTime: ago(time.Hour)}
	prog := appsv1.DeploymentCondition{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionTrue,
		Reason: "NewReplicaSetAvailable", LastUpdateTime: ago(time.Hour), LastTransitionTime: ago(time.Hour)}
	switch {
	case stuck:
		prog.Status, prog.Reason = corev1.ConditionFalse, "ProgressDeadlineExceeded"
		prog.Message = `ReplicaSet "web-5" has timed out progressing.`
		prog.LastUpdateTime, prog.LastTransitionTime = ago(3*time.Minute), ago(3*time.Minute)
	case rolling:
		prog.Reason, prog.Message = "ReplicaSetUpdated", `ReplicaSet "web-6" is progressing.`
		prog.LastUpdateTime = ago(20 * time.Second)
	}
	return []appsv1.DeploymentCondition{avail, prog}
}

func replicaSet(d *appsv1.Deployment, rev int64, image string, pods, ready int32, fail failure) []runtime.Object {
	name := fmt.Sprintf("web-%07x", rev*0x1f3a9+0x5c0ffee)
	hash := map[string]string{"app.kubernetes.io/component": "web", "pod-template-hash": name[len("web-"):]}
	rs := &appsv1.ReplicaSet{ObjectMeta: meta(d.Namespace, name), Spec: appsv1.ReplicaSetSpec{
		Replicas: ptr(pods), Selector: &metav1.LabelSelector{MatchLabels: hash},
		Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: hash}, Spec: podSpec(image)}},
		Status: appsv1.ReplicaSetStatus{Replicas: pods, ReadyReplicas: ready, AvailableReplicas: ready}}
	rs.CreationTimestamp = ago(time.Duration(10-rev) * 24 * time.Hour)
	rs.Labels = hash // the Deployment controller copies them there
	rs.Annotations = map[string]string{"deployment.kubernetes.io/revision": fmt.Sprint(rev)}
	rs.OwnerReferences = []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: "web", UID: d.UID, Controller: ptr(true)}}
	objs := []runtime.Object{rs}
	for i := int32(0); i < pods; i++ {
		p := pod(rs, i, image)
		if i >= ready && fail != nil {
			objs = append(objs, fail(p)...)
		}
		objs = append(objs, p)
	}
	return objs
}

var suffixes = []string{"x7k2p", "m4n8q", "c9d3w", "t2v6b", "h5j1r"}

func pod(rs *appsv1.ReplicaSet, i int32, image string) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: meta(rs.Namespace, rs.Name+"-"+suffixes[i%5]), Spec: podSpec(image)}
	p.CreationTimestamp = ago(time.Duration(i+1) * 47 * time.Minute)
	p.Labels = rs.Spec.Template.Labels
	p.OwnerReferences = []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: rs.Name, UID: rs.UID, Controller: ptr(true)}}
	p.Spec.NodeName = fmt.Sprintf("pool-web-%d", i%3+1)
	p.Status = corev1.PodStatus{Phase: corev1.PodRunning, Conditions: []corev1.PodCondition{
		{Type: corev1.PodReady, Status: corev1.ConditionTrue}, {Type: corev1.PodScheduled, Status: corev1.ConditionTrue}},
		ContainerStatuses: []corev1.ContainerStatus{
			{Name: "varnish", Ready: true, Image: "varnish:7.6", State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}},
			{Name: "web", Ready: true, Image: image, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}},
		}}
	return p
}

func imagePullBackOff(p *corev1.Pod) []runtime.Object {
	p.CreationTimestamp = ago(8 * time.Minute)
	p.Status.Phase = corev1.PodPending
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionFalse}}
	web := &p.Status.ContainerStatuses[1]
	web.Ready, web.State = false, corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff",
		Message: "Back-off pulling image \"" + p.Spec.Containers[1].Image + "\""}}
	return []runtime.Object{
		event(p, "Failed", "Failed to pull image \""+p.Spec.Containers[1].Image+"\": not found", 12, 40*time.Second),
		event(p, "BackOff", "Back-off pulling image \""+p.Spec.Containers[1].Image+"\"", 30, 10*time.Second),
	}
}

func crashLoopBackOff(p *corev1.Pod) []runtime.Object {
	p.CreationTimestamp = ago(6 * time.Minute)
	p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionFalse}}
	web := &p.Status.ContainerStatuses[1]
	web.Ready, web.RestartCount = false, 7
	web.State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff",
		Message: "back-off 5m0s restarting failed container=web"}}
	web.LastTerminationState = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 1, Reason: "Error",
		FinishedAt: ago(50 * time.Second)}}
	return []runtime.Object{event(p, "BackOff", "Back-off restarting failed container web in pod "+p.Name, 24, 15*time.Second)}
}

func event(p *corev1.Pod, reason, msg string, count int32, last time.Duration) *corev1.Event {
	e := &corev1.Event{ObjectMeta: meta(p.Namespace, p.Name+"."+reason), Type: corev1.EventTypeWarning,
		Reason: reason, Message: msg, Count: count, LastTimestamp: ago(last), FirstTimestamp: ago(8 * time.Minute),
		InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: p.Namespace, Name: p.Name, UID: p.UID}}
	return e
}
