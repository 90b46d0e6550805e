package watch

import (
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/flightdeck/fdtui/internal/model"
)

var t0 = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// rollout is a web Deployment rolling from revision 1 (good) to 2
// (image), one replica, its new pod in waitingReason ("" = running,
// not yet ready: merely starting), created podAge ago.
func rollout(image, waitingReason string, podAge time.Duration, opts ...func(*appsv1.Deployment)) model.NamespaceObjects {
	one := int32(1)
	ctl := true
	d := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Namespace: "www", Name: "web", UID: "d", Generation: 2,
			Annotations: map[string]string{model.AnnotationRevision: "2"}},
		Spec: appsv1.DeploymentSpec{Replicas: &one, Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			Containers: []corev1.Container{{Name: "web", Image: image}}}}},
		Status: appsv1.DeploymentStatus{ObservedGeneration: 2, Replicas: 2, UpdatedReplicas: 1, ReadyReplicas: 1, AvailableReplicas: 1,
			Conditions: []appsv1.DeploymentCondition{{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionTrue,
				Reason: "ReplicaSetUpdated", LastUpdateTime: metav1.NewTime(t0.Add(-podAge)), LastTransitionTime: metav1.NewTime(t0.Add(-time.Hour))}}},
	}
	for _, o := range opts {
		o(d)
	}
	rs := func(rev, img string, avail int32, age time.Duration) *appsv1.ReplicaSet {
		return &appsv1.ReplicaSet{
			ObjectMeta: metav1.ObjectMeta{Namespace: "www", Name: "web-" + rev, UID: types.UID("rs-" + rev),
				CreationTimestamp: metav1.NewTime(t0.Add(-age)), Annotations: map[string]string{model.AnnotationRevision: rev},
				OwnerReferences: []metav1.OwnerReference{{Kind: "Deployment", Name: "web", UID: "d", Controller: &ctl}}},
			Spec:   appsv1.ReplicaSetSpec{Replicas: &one, Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: img}}}}},
			Status: appsv1.ReplicaSetStatus{Replicas: 1, AvailableReplicas: avail, ReadyReplicas: avail},
		}
	}
	oldRS, newRS := rs("1", "registry.example.com/web:4f9c2e1", 1, time.Hour), rs("2", image, 0, podAge)
	state := corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	if waitingReason != "" {
		state = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: waitingReason}}
	}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Namespace: "www", Name: "web-2-abc", UID: "p", CreationTimestamp: metav1.NewTime(t0.Add(-podAge)),
			OwnerReferences: []metav1.OwnerReference{{Kind: "ReplicaSet", Name: newRS.Name, UID: newRS.UID, Controller: &ctl}}},
		Spec: newRS.Spec.Template.Spec,
		Status: corev1.PodStatus{Phase: corev1.PodPending, ContainerStatuses: []corev1.ContainerStatus{{Name: "web", Image: image, State: state}},
			Conditions: []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionTrue}, {Type: corev1.PodReady, Status: corev1.ConditionFalse}}},
	}
	return model.NamespaceObjects{Namespace: &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "www"}},
		Deployments: []*appsv1.Deployment{d}, ReplicaSets: []*appsv1.ReplicaSet{oldRS, newRS}, Pods: []*corev1.Pod{pod}}
}

func deadlinePassed(d *appsv1.Deployment) {
	d.Status.Conditions[0] = appsv1.DeploymentCondition{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionFalse,
		Reason: reasonDeadline, Message: `ReplicaSet "web-2" has timed out progressing.`, LastUpdateTime: metav1.NewTime(t0.Add(-3 * time.Second)), LastTransitionTime: metav1.NewTime(t0.Add(-3 * time.Second))}
}

func evaluate(o model.NamespaceObjects, early time.Duration) Finding {
	return Evaluate(model.DeriveSite(o, t0), o, early, t0)
}

func TestEvaluate(t *testing.T) {
	broken := "registry.example.com/web:broken-1a2b3c4"
	// A healthy rollout: the new pod starting is not a failure, whatever --early.
	if f := evaluate(rollout("registry.example.com/web:5e6f7a8", "", 30*time.Second), time.Second); f.Stuck || !f.DueAt.IsZero() || !f.InProgress {
		t.Errorf("healthy rollout: %+v", f)
	}
	// New pods failing: nothing without --early; pending before N; firing after.
	if f := evaluate(rollout(broken, "ImagePullBackOff", 30*time.Second), 0); f.Stuck || !f.DueAt.IsZero() {
		t.Errorf("failing pod, no --early: %+v", f)
	}
	if f := evaluate(rollout(broken, "ImagePullBackOff", 30*time.Second), time.Minute); f.Stuck || !f.DueAt.Equal(t0.Add(30*time.Second)) {
		t.Errorf("failing 30s, --early 1m: %+v, want due in 30s", f)
	}
	f := evaluate(rollout(broken, "ImagePullBackOff", 30*time.Second), 10*time.Second)
	if !f.Stuck || !f.Early || f.Diagnosis.Cause != model.CauseImagePull || f.Revision != 2 {
		t.Errorf("failing 30s, --early 10s: %+v", f)
	}
	// The deadline: stuck, since the condition's flip, the pull named as the cause.
	f = evaluate(rollout(broken, "ImagePullBackOff", time.Minute, deadlinePassed), 0)
	if !f.Stuck || f.Early || !f.Since.Equal(t0.Add(-3*time.Second)) || f.Diagnosis.Cause != model.CauseImagePull {
		t.Errorf("deadline exceeded: %+v", f)
	}
	// Expected states never page.
	pausedSpec := func(d *appsv1.Deployment) { d.Spec.Paused = true }
	if f := evaluate(rollout(broken, "ImagePullBackOff", time.Minute, deadlinePassed, pausedSpec), time.Second); f.Stuck || f.Expected != "paused" {
		t.Errorf("paused: %+v", f)
	}
	zero := func(d *appsv1.Deployment) { d.Spec.Replicas = new(int32) }
	if f := evaluate(rollout(broken, "ImagePullBackOff", time.Minute, deadlinePassed, zero), time.Second); f.Stuck || f.Expected != "scaled to 0" {
		t.Errorf("scaled to 0: %+v", f)
	}
	// Right after a rollback: the controller has made the old ReplicaSet
	// revision 3 and observed the spec, but the condition still names
	// revision 2's ReplicaSet.
	o := rollout(broken, "ImagePullBackOff", time.Minute, deadlinePassed)
	o.ReplicaSets[0].Annotations[model.AnnotationRevision] = "3"
	o.Deployments[0].Annotations[model.AnnotationRevision] = "3"
	if f := evaluate(o, 0); f.Stuck {
		t.Errorf("the rollback's first moment paged: %+v", f)
	}
	// A deadline passed on a spec the controller has not seen yet (an
	// undo just made) is about the old spec.
	behind := func(d *appsv1.Deployment) { d.Generation = 3 }
	if f := evaluate(rollout(broken, "ImagePullBackOff", time.Minute, deadlinePassed, behind), 0); f.Stuck {
		t.Errorf("deadline of an older generation: %+v", f)
	}
}
