package model

// Small builders for realistic Flight Deck objects. Each returns a healthy
// object; options bend it into the failure under test.

import (
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
)

const siteNS = "example-com"

// now is 3 a.m., when these things happen.
var now = time.Date(2025, 3, 14, 3, 0, 0, 0, time.UTC)

func ago(d time.Duration) metav1.Time { return metav1.NewTime(now.Add(-d)) }
func agoPtr(d time.Duration) *metav1.Time {
	t := ago(d)
	return &t
}
func ptr[T any](v T) *T { return &v }

func requests(cpu, mem string) corev1.ResourceRequirements {
	return corev1.ResourceRequirements{Requests: corev1.ResourceList{
		corev1.ResourceCPU:    resource.MustParse(cpu),
		corev1.ResourceMemory: resource.MustParse(mem),
	}}
}

// webPodSpec is the Flight Deck web pod: varnish in front of apache/mod_php,
// non-root, credentials mounted as files.
func webPodSpec(image string) corev1.PodSpec {
	return corev1.PodSpec{
		SecurityContext: &corev1.PodSecurityContext{RunAsNonRoot: ptr(true), RunAsUser: ptr(int64(1000)), FSGroup: ptr(int64(1000))},
		Containers: []corev1.Container{
			{Name: "varnish", Image: "varnish:7.4", Resources: requests("100m", "128Mi"),
				Ports: []corev1.ContainerPort{{ContainerPort: 6081}}},
			{Name: "web", Image: image, Resources: requests("250m", "512Mi"),
				Ports:        []corev1.ContainerPort{{ContainerPort: 80}},
				Env:          []corev1.EnvVar{{Name: "MYSQL_PASS_FILE", Value: "/secrets/mysql-pass"}},
				VolumeMounts: []corev1.VolumeMount{{Name: "secrets", MountPath: "/secrets", ReadOnly: true}}},
		},
		Volumes: []corev1.Volume{{Name: "secrets", VolumeSource: corev1.VolumeSource{
			Secret: &corev1.SecretVolumeSource{SecretName: "web-secrets"}}}},
	}
}

type deployOpt func(*appsv1.Deployment)

// webDeployment is a web Deployment whose rollout of revision rev (image)
// is complete.
func webDeployment(rev int64, image string, opts ...deployOpt) *appsv1.Deployment {
	d := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{
			Namespace: siteNS, Name: "web", UID: "uid-deploy-web", Generation: 7,
			CreationTimestamp: ago(30 * 24 * time.Hour),
			Annotations:       map[string]string{AnnotationRevision: fmt.Sprint(rev)},
		},
		Spec: appsv1.DeploymentSpec{
			Replicas:                ptr(int32(3)),
			MinReadySeconds:         5,
			ProgressDeadlineSeconds: ptr(int32(600)),
			Strategy: appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType,
				RollingUpdate: &appsv1.RollingUpdateDeployment{
					MaxSurge: ptr(intstr.FromInt32(1)), MaxUnavailable: ptr(intstr.FromInt32(0))}},
			Template: corev1.PodTemplateSpec{Spec: webPodSpec(image)},
		},
		Status: appsv1.DeploymentStatus{
			ObservedGeneration: 7, Replicas: 3, UpdatedReplicas: 3, ReadyReplicas: 3, AvailableReplicas: 3,
			Conditions: []appsv1.DeploymentCondition{
				{Type: appsv1.DeploymentAvailable, Status: corev1.ConditionTrue, Reason: "MinimumReplicasAvailable"},
				progressingCondition(corev1.ConditionTrue, reasonNewRSAvailable, 2*time.Hour),
			},
		},
	}
	for _, o := range opts {
		o(d)
	}
	return d
}

func progressingCondition(status corev1.ConditionStatus, reason string, since time.Duration) appsv1.DeploymentCondition {
	return appsv1.DeploymentCondition{Type: appsv1.DeploymentProgressing, Status: status, Reason: reason,
		LastUpdateTime: ago(since), LastTransitionTime: ago(since)}
}

// rolling sets the status of a rollout in progress.
func rolling(total, updated, ready, available int32) deployOpt {
	return func(d *appsv1.Deployment) {
		d.Status.Replicas, d.Status.UpdatedReplicas = total, updated
		d.Status.ReadyReplicas, d.Status.AvailableReplicas = ready, available
		d.Status.Conditions[1] = progressingCondition(corev1.ConditionTrue, "ReplicaSetUpdated", time.Minute)
	}
}

func deadlineExceededSince(since time.Duration) deployOpt {
	return func(d *appsv1.Deployment) {
		c := progressingCondition(corev1.ConditionFalse, reasonDeadlineExceeded, since)
		c.Message = `ReplicaSet "web-rs5" has timed out progressing.`
		d.Status.Conditions[1] = c
	}
}

func paused(d *appsv1.Deployment) {
	d.Spec.Paused = true
	d.Status.Conditions[1] = progressingCondition(corev1.ConditionUnknown, reasonPaused, 10*time.Minute)
}

type rsOpt func(*appsv1.ReplicaSet)

// replicaSet is the ReplicaSet of d's revision rev running image.
func replicaSet(d *appsv1.Deployment, rev int64, image string, replicas, available int32, opts ...rsOpt) *appsv1.ReplicaSet {
	name := fmt.Sprintf("web-rs%d", rev)
	rs := &appsv1.ReplicaSet{
		ObjectMeta: metav1.ObjectMeta{
			Namespace: d.Namespace, Name: name, UID: types.UID("uid-" + name),
			CreationTimestamp: ago(time.Duration(10-rev) * time.Hour),
			Annotations: map[string]string{AnnotationRevision: fmt.Sprint(rev),
				AnnotationChangeCause: fmt.Sprintf("deploy %s", ImageTag(image))},
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment",
				Name: d.Name, UID: d.UID, Controller: ptr(true)}},
		},
		Spec: appsv1.ReplicaSetSpec{Replicas: ptr(replicas), Template: corev1.PodTemplateSpec{Spec: webPodSpec(image)}},
		Status: appsv1.ReplicaSetStatus{Replicas: replicas, ReadyReplicas: available,
			AvailableReplicas: available},
	}
	for _, o := range opts {
		o(rs)
	}
	return rs
}

func createdAgo(d time.Duration) rsOpt {
	return func(rs *appsv1.ReplicaSet) { rs.CreationTimestamp = ago(d) }
}

type podOpt func(*corev1.Pod)

// runningPod is a ready pod of rs, started 10 minutes ago.
func runningPod(rs *appsv1.ReplicaSet, suffix string, opts ...podOpt) *corev1.Pod {
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Namespace: rs.Namespace, Name: rs.Name + "-" + suffix, UID: types.UID("uid-pod-" + suffix),
			CreationTimestamp: ago(10 * time.Minute),
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet",
				Name: rs.Name, UID: rs.UID, Controller: ptr(true)}},
		},
		Spec: *rs.Spec.Template.Spec.DeepCopy(),
		Status: corev1.PodStatus{
			Phase: corev1.PodRunning,
			Conditions: []corev1.PodCondition{
				{Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
				{Type: corev1.PodInitialized, Status: corev1.ConditionTrue},
				{Type: corev1.ContainersReady, Status: corev1.ConditionTrue},
				{Type: corev1.PodReady, Status: corev1.ConditionTrue},
			},
		},
	}
	p.Spec.NodeName = "pool-a-1"
	for _, c := range p.Spec.Containers {
		p.Status.ContainerStatuses = append(p.Status.ContainerStatuses, corev1.ContainerStatus{
			Name: c.Name, Image: c.Image, Ready: true, Started: ptr(true),
			State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: ago(9 * time.Minute)}},
		})
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

func setPodCondition(p *corev1.Pod, t corev1.PodConditionType, s corev1.ConditionStatus, reason, msg string) {
	for i := range p.Status.Conditions {
		if p.Status.Conditions[i].Type == t {
			p.Status.Conditions[i].Status, p.Status.Conditions[i].Reason, p.Status.Conditions[i].Message = s, reason, msg
			return
		}
	}
	p.Status.Conditions = append(p.Status.Conditions, corev1.PodCondition{Type: t, Status: s, Reason: reason, Message: msg})
}

func markNotReady(p *corev1.Pod) {
	setPodCondition(p, corev1.ContainersReady, corev1.ConditionFalse, "ContainersNotReady", "")
	setPodCondition(p, corev1.PodReady, corev1.ConditionFalse, "ContainersNotReady", "")
}

func containerStatus(p *corev1.Pod, name string) *corev1.ContainerStatus {
	for i := range p.Status.ContainerStatuses {
		if p.Status.ContainerStatuses[i].Name == name {
			return &p.Status.ContainerStatuses[i]
		}
	}
	panic("no container " + name)
}

// waiting puts container name in a waiting state with reason.
func waiting(name, reason, msg string) podOpt {
	return func(p *corev1.Pod) {
		cs := containerStatus(p, name)
		cs.Ready, cs.Started = false, ptr(false)
		cs.State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: reason, Message: msg}}
		markNotReady(p)
	}
}

// crashLooping: container name has restarted n times, last exit code.
func crashLooping(name string, restarts int32, exitCode int32, reason string) podOpt {
	return func(p *corev1.Pod) {
		waiting(name, "CrashLoopBackOff", "back-off 5m0s restarting failed container")(p)
		cs := containerStatus(p, name)
		cs.RestartCount = restarts
		cs.LastTerminationState = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
			ExitCode: exitCode, Reason: reason, FinishedAt: ago(30 * time.Second)}}
	}
}

func terminated(name, reason string, exitCode int32) podOpt {
	return func(p *corev1.Pod) {
		cs := containerStatus(p, name)
		cs.Ready = false
		cs.State = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: reason, ExitCode: exitCode}}
		markNotReady(p)
	}
}

// runningNotReady: every container runs but name's readiness probe fails.
func runningNotReady(name string) podOpt {
	return func(p *corev1.Pod) {
		containerStatus(p, name).Ready = false
		markNotReady(p)
	}
}

func unschedulable(msg string) podOpt {
	return func(p *corev1.Pod) {
		p.Spec.NodeName = ""
		p.Status = corev1.PodStatus{Phase: corev1.PodPending, Conditions: []corev1.PodCondition{
			{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: ReasonUnschedulable, Message: msg}}}
	}
}

// creating is a freshly scheduled pod whose containers are being created.
func creating(p *corev1.Pod) {
	p.CreationTimestamp = ago(5 * time.Second)
	p.Status.Phase = corev1.PodPending
	for i := range p.Status.ContainerStatuses {
		cs := &p.Status.ContainerStatuses[i]
		cs.Ready, cs.Started = false, ptr(false)
		cs.State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}}
	}
	markNotReady(p)
}

// deleting marks a pod deleted `since` ago with a 30s grace period.
func deleting(since time.Duration) podOpt {
	return func(p *corev1.Pod) {
		p.DeletionGracePeriodSeconds = ptr(int64(30))
		p.DeletionTimestamp = agoPtr(since - 30*time.Second)
	}
}

func createdPodAgo(d time.Duration) podOpt {
	return func(p *corev1.Pod) { p.CreationTimestamp = ago(d) }
}

func withRestarts(name string, n int32) podOpt {
	return func(p *corev1.Pod) { containerStatus(p, name).RestartCount = n }
}

// lastRestart says the container last restarted ago before now.
func lastRestart(name string, ago time.Duration) podOpt {
	return func(p *corev1.Pod) {
		containerStatus(p, name).LastTerminationState.Terminated = &corev1.ContainerStateTerminated{
			ExitCode: 1, Reason: "Error", FinishedAt: metav1.NewTime(now.Add(-ago))}
	}
}

// event is a Warning (or Normal) event about a pod or other object.
func event(kind, name, reason, msg string, age time.Duration) *corev1.Event {
	typ := corev1.EventTypeWarning
	if reason == "Scheduled" || reason == "Pulling" || reason == "Started" || reason == "ScalingReplicaSet" {
		typ = corev1.EventTypeNormal
	}
	return &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{Namespace: siteNS, Name: name + "." + reason},
		InvolvedObject: corev1.ObjectReference{Kind: kind, Namespace: siteNS, Name: name},
		Reason:         reason, Message: msg, Type: typ, Count: 3,
		FirstTimestamp: ago(age + time.Minute), LastTimestamp: ago(age),
	}
}

// --- site-level objects ---

func siteNamespace() *corev1.Namespace {
	return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name: siteNS, CreationTimestamp: ago(60 * 24 * time.Hour),
		Labels:      map[string]string{LabelPartOf: PartOfFlightDeck},
		Annotations: map[string]string{AnnotationDomain: "example.com"},
	}}
}

func statefulSet(name, image string, replicas, ready int32) *appsv1.StatefulSet {
	return &appsv1.StatefulSet{
		ObjectMeta: metav1.ObjectMeta{Namespace: siteNS, Name: name},
		Spec: appsv1.StatefulSetSpec{Replicas: ptr(replicas), Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			SecurityContext: &corev1.PodSecurityContext{RunAsUser: ptr(int64(999))},
			Containers:      []corev1.Container{{Name: name, Image: image, Resources: requests("100m", "256Mi")}},
		}}},
		Status: appsv1.StatefulSetStatus{Replicas: replicas, ReadyReplicas: ready},
	}
}

func ingress(name string, tls bool, hosts ...string) *networkingv1.Ingress {
	ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: siteNS, Name: name}}
	for _, h := range hosts {
		ing.Spec.Rules = append(ing.Spec.Rules, networkingv1.IngressRule{Host: h})
	}
	if tls {
		ing.Spec.TLS = []networkingv1.IngressTLS{{Hosts: hosts, SecretName: name + "-tls"}}
	}
	return ing
}

func pvc(name string, phase corev1.PersistentVolumeClaimPhase) *corev1.PersistentVolumeClaim {
	return &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Namespace: siteNS, Name: name},
		Status: corev1.PersistentVolumeClaimStatus{Phase: phase}}
}

// healthySite is a complete Flight Deck site at revision 4 that passes
// every audit rule.
func healthySite() NamespaceObjects {
	d := webDeployment(4, "example/web:abc1234")
	rs3 := replicaSet(d, 3, "example/web:0ff1ce0", 0, 0)
	rs4 := replicaSet(d, 4, "example/web:abc1234", 3, 3)
	return NamespaceObjects{
		Namespace:    siteNamespace(),
		Deployments:  []*appsv1.Deployment{d},
		ReplicaSets:  []*appsv1.ReplicaSet{rs3, rs4},
		StatefulSets: []*appsv1.StatefulSet{statefulSet("mysql", "mariadb:10.11", 1, 1), statefulSet("memcache", "memcached:1.6-alpine", 3, 3)},
		Pods:         []*corev1.Pod{runningPod(rs4, "aaaaa"), runningPod(rs4, "bbbbb"), runningPod(rs4, "ccccc")},
		Ingresses:    []*networkingv1.Ingress{ingress("web", true, "example.com", "www.example.com")},
		PVCs:         []*corev1.PersistentVolumeClaim{pvc("data-mysql-0", corev1.ClaimBound), pvc("files", corev1.ClaimBound)},
		SecretNames:  []string{"web-secrets", "web-tls", "mysql"},
	}
}

// evictedLikeKubelet is what the kubelet writes when it evicts a pod under
// memory pressure (shared case 01).
func evictedLikeKubelet(p *corev1.Pod) {
	msg := "The node was low on resource: memory. Threshold quantity: 100Mi, available: 63412Ki."
	p.Status = corev1.PodStatus{Phase: corev1.PodFailed, Reason: "Evicted", Message: msg,
		Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionFalse, Reason: "PodFailed"},
			{Type: corev1.PodInitialized, Status: corev1.ConditionTrue}},
		ContainerStatuses: []corev1.ContainerStatus{
			{Name: "varnish", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "Error"}}},
			{Name: "web", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "ContainerStatusUnknown"}}},
		}}
}
