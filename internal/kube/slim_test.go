package kube

import (
	"reflect"
	"testing"
	"time"
	"unsafe"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

func fatPod(cpu string) *corev1.Pod {
	req := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu), corev1.ResourceMemory: resource.MustParse("128Mi")}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web-1", Namespace: "a", Labels: map[string]string{"app": "web"},
			Annotations:     map[string]string{"x": "y"},
			ManagedFields:   []metav1.ManagedFieldsEntry{{Manager: "kubectl"}},
			OwnerReferences: []metav1.OwnerReference{{Kind: "ReplicaSet", Name: "web-abc"}}},
		Spec: corev1.PodSpec{NodeName: "n1", ImagePullSecrets: []corev1.LocalObjectReference{{Name: "reg"}},
			Volumes: []corev1.Volume{{Name: "secrets"}},
			Containers: []corev1.Container{{Name: "web", Image: "reg/web:1", Env: []corev1.EnvVar{{Name: "A", Value: "b"}},
				Resources: corev1.ResourceRequirements{Requests: req, Limits: req}}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, PodIP: "10.0.0.1",
			Conditions:        []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}},
			ContainerStatuses: []corev1.ContainerStatus{{Name: "web", Ready: true, RestartCount: 2, ImageID: "sha256:x"}}},
	}
}

func TestCompactPodKeepsWhatTheViewsRead(t *testing.T) {
	sl := &slimmer{}
	out, _ := sl.slimObject(fatPod("100m"))
	p := out.(*corev1.Pod)
	c := p.Spec.Containers[0]
	switch {
	case p.Name != "web-1" || p.Namespace != "a" || len(p.OwnerReferences) != 1:
		t.Fatalf("identity lost: %+v", p.ObjectMeta)
	case p.Spec.NodeName != "n1" || len(p.Spec.ImagePullSecrets) != 1:
		t.Fatal("node or pull secrets lost")
	case c.Image != "reg/web:1" || c.Resources.Requests.Cpu().MilliValue() != 100:
		t.Fatalf("container lost: %+v", c)
	case p.Status.ContainerStatuses[0].RestartCount != 2 || p.Status.Conditions[0].Type != corev1.PodReady:
		t.Fatal("status lost")
	}
	if p.Labels != nil || p.Annotations != nil || p.ManagedFields != nil || p.Spec.Volumes != nil ||
		c.Env != nil || c.Resources.Limits != nil || p.Status.PodIP != "" || p.Status.ContainerStatuses[0].ImageID != "" {
		t.Fatalf("compact pod kept what nothing reads: %+v", p)
	}
}

func TestCompactPodKeepsOnlyAStatefulSetPodsRevision(t *testing.T) {
	sl := &slimmer{}
	sts := func(name, rev string) *corev1.Pod {
		p := fatPod("100m")
		p.Name = name
		p.Labels = map[string]string{"app": "memcache", appsv1.ControllerRevisionHashLabelKey: rev}
		p.OwnerReferences = []metav1.OwnerReference{{Kind: "StatefulSet", Name: "memcache", Controller: ptrTo(true)}}
		return p
	}
	a, _ := sl.slimObject(sts("memcache-0", "memcache-6c9f"))
	b, _ := sl.slimObject(sts("memcache-1", "memcache-6c9f"))
	pa, pb := a.(*corev1.Pod), b.(*corev1.Pod)
	if len(pa.Labels) != 1 || pa.Labels[appsv1.ControllerRevisionHashLabelKey] != "memcache-6c9f" {
		t.Fatalf("labels = %v, want the revision only", pa.Labels)
	}
	if reflect.ValueOf(pa.Labels).Pointer() != reflect.ValueOf(pb.Labels).Pointer() {
		t.Error("pods of one revision should share one label map")
	}
	// A DaemonSet's pods carry the same label; nothing reads it there.
	ds := sts("agent-x", "agent-1")
	ds.OwnerReferences[0].Kind = "DaemonSet"
	if out, _ := sl.slimObject(ds); out.(*corev1.Pod).Labels != nil {
		t.Error("a DaemonSet pod keeps no labels")
	}
}

func TestIdenticalRequestsShareOneMap(t *testing.T) {
	sl := &slimmer{}
	a, _ := sl.slimObject(fatPod("100m"))
	b, _ := sl.slimObject(fatPod("100m"))
	c, _ := sl.slimObject(fatPod("250m"))
	ra := a.(*corev1.Pod).Spec.Containers[0].Resources.Requests
	rb := b.(*corev1.Pod).Spec.Containers[0].Resources.Requests
	rc := c.(*corev1.Pod).Spec.Containers[0].Resources.Requests
	ra[corev1.ResourceName("probe")] = resource.Quantity{}
	defer delete(ra, "probe")
	if _, shared := rb["probe"]; !shared {
		t.Fatal("identical requests should share one map")
	}
	if _, shared := rc["probe"]; shared {
		t.Fatal("different requests must not share")
	}
}

func TestCompactReplicaSetKeepsRevisionAndImages(t *testing.T) {
	sl := &slimmer{}
	rs := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Name: "web-abc", Annotations: map[string]string{
		"deployment.kubernetes.io/revision": "4", "kubernetes.io/change-cause": "ci: deploy", "other": "x"}},
		Spec: appsv1.ReplicaSetSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			Containers: []corev1.Container{{Name: "web", Image: "reg/web:4", Env: []corev1.EnvVar{{Name: "A"}}}}}}}}
	out, _ := sl.slimObject(rs)
	got := out.(*appsv1.ReplicaSet)
	if got.Annotations["deployment.kubernetes.io/revision"] != "4" || got.Annotations["kubernetes.io/change-cause"] != "ci: deploy" ||
		len(got.Annotations) != 2 || got.Spec.Template.Spec.Containers[0].Image != "reg/web:4" || got.Spec.Template.Spec.Containers[0].Env != nil {
		t.Fatalf("compact ReplicaSet: %+v", got)
	}
}

func TestCompactPodKeepsTheConditionsRead(t *testing.T) {
	sl := &slimmer{}
	in := fatPod("100m")
	in.Status.Conditions = []corev1.PodCondition{
		{Type: corev1.PodInitialized, Status: corev1.ConditionTrue},
		{Type: corev1.PodReady, Status: corev1.ConditionFalse, Reason: "ContainersNotReady"},
		{Type: corev1.ContainersReady, Status: corev1.ConditionFalse},
		{Type: corev1.PodReadyToStartContainers, Status: corev1.ConditionTrue},
		{Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
		{Type: corev1.DisruptionTarget, Status: corev1.ConditionTrue, Reason: "EvictionByEvictionAPI"},
	}
	in.Spec.Containers = append(in.Spec.Containers, corev1.Container{Name: "varnish"}, corev1.Container{Name: "exporter"})
	out, _ := sl.slimObject(in)
	p := out.(*corev1.Pod)
	var got []corev1.PodConditionType
	for _, c := range p.Status.Conditions {
		got = append(got, c.Type)
	}
	want := []corev1.PodConditionType{corev1.PodInitialized, corev1.PodReady, corev1.PodScheduled, corev1.DisruptionTarget}
	if !reflect.DeepEqual(got, want) || p.Status.Conditions[1].Reason != "ContainersNotReady" {
		t.Fatalf("conditions %v (%+v), want %v", got, p.Status.Conditions, want)
	}
	if n := len(p.Spec.Containers); n != 3 || p.Spec.Containers[2].Name != "exporter" {
		t.Fatalf("a pod of 3 containers kept %d: %+v", n, p.Spec.Containers)
	}
	// A reader's append must not write into the box past its slice.
	st := append(p.Status.ContainerStatuses, corev1.ContainerStatus{Name: "x"})
	if &st[0] == &p.Status.ContainerStatuses[0] {
		t.Fatal("append wrote into the pod's backing array")
	}
}

// The box must stay in Go's 2,048-byte size class (see podBox).
func TestPodBoxFitsItsSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(podBox{}); n > 2048 {
		t.Fatalf("podBox is %d bytes, over the 2,048-byte size class", n)
	}
}

// Pods of one ReplicaSet share their compact containers and owner
// reference; a pod whose containers or owner differ gets its own.
func TestPodsOfOneReplicaSetShareContainersAndOwner(t *testing.T) {
	sl := &slimmer{}
	owner := func(name, uid string) []metav1.OwnerReference {
		return []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: name, UID: types.UID(uid), Controller: ptrTo(true)}}
	}
	pod := func(name, cpu string, owners []metav1.OwnerReference) *corev1.Pod {
		p := fatPod(cpu)
		p.Name, p.OwnerReferences = name, owners
		out, _ := sl.slimObject(p)
		return out.(*corev1.Pod)
	}
	a, b := pod("web-a", "100m", owner("web-1", "u-1")), pod("web-b", "100m", owner("web-1", "u-1"))
	if &a.Spec.Containers[0] != &b.Spec.Containers[0] || &a.OwnerReferences[0] != &b.OwnerReferences[0] {
		t.Fatal("two pods of one ReplicaSet do not share their containers and owner")
	}
	if len(a.Spec.Containers) != cap(a.Spec.Containers) {
		t.Fatal("a reader's append could write into the shared containers")
	}
	c := pod("web-c", "200m", owner("web-2", "u-2"))
	if &c.Spec.Containers[0] == &a.Spec.Containers[0] || &c.OwnerReferences[0] == &a.OwnerReferences[0] {
		t.Fatal("a pod of another ReplicaSet with other requests shares the first's")
	}
	if q := c.Spec.Containers[0].Resources.Requests[corev1.ResourceCPU]; q.String() != "200m" || c.OwnerReferences[0].Name != "web-2" {
		t.Fatalf("the second ReplicaSet's pod has requests %s and owner %s", q.String(), c.OwnerReferences[0].Name)
	}
	// A Job's pods (one run of a CronJob) get their own copy: the shared
	// copies would grow with every run.
	j1 := pod("cron-1", "100m", []metav1.OwnerReference{{APIVersion: "batch/v1", Kind: "Job", Name: "cron-1", UID: "j-1"}})
	j2 := pod("cron-1b", "100m", []metav1.OwnerReference{{APIVersion: "batch/v1", Kind: "Job", Name: "cron-1", UID: "j-1"}})
	if &j1.OwnerReferences[0] == &j2.OwnerReferences[0] || j1.OwnerReferences[0].Name != "cron-1" {
		t.Fatal("pods of a Job share a kept copy of its owner reference")
	}
	n := 0
	sl.owners.Range(func(_, _ any) bool { n++; return true })
	if n != 2 {
		t.Fatalf("%d shared owner references kept, want the two ReplicaSets'", n)
	}
	// Another flag is another owner reference.
	d := pod("web-d", "100m", []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: "web-1", UID: "u-1"}})
	if d.OwnerReferences[0].Controller != nil {
		t.Fatal("an owner reference without the controller flag took a shared one with it")
	}
}

func TestCompactMetaCopiesOwnersTimesAndStates(t *testing.T) {
	sl := &slimmer{}
	started := metav1.NewTime(time.Date(2026, 12, 5, 1, 0, 0, 0, time.UTC))
	for _, owners := range [][]metav1.OwnerReference{
		{{APIVersion: "apps/v1", Kind: "ReplicaSet", Name: "web-abc", UID: "u-1", Controller: ptrTo(true), BlockOwnerDeletion: ptrTo(false)}},
		{{Kind: "ReplicaSet", Name: "web-abc", UID: "u-1"}, {Kind: "Node", Name: "n1", UID: "u-2", Controller: ptrTo(false)}},
	} {
		in := fatPod("100m")
		in.UID, in.ResourceVersion, in.OwnerReferences = "pod-uid", "42", owners
		start := started
		in.Status.StartTime = &start
		in.Status.ContainerStatuses[0].State.Running = &corev1.ContainerStateRunning{StartedAt: started}
		want := in.DeepCopy()
		out, _ := sl.slimObject(in)
		p := out.(*corev1.Pod)
		if !reflect.DeepEqual(p.OwnerReferences, want.OwnerReferences) {
			t.Fatalf("owners %+v, want %+v", p.OwnerReferences, want.OwnerReferences)
		}
		if p.Name != "web-1" || p.UID != "pod-uid" || p.ResourceVersion != "42" || !p.Status.StartTime.Equal(&started) ||
			!p.Status.ContainerStatuses[0].State.Running.StartedAt.Equal(&started) {
			t.Fatalf("identity, start or state lost: %+v", p)
		}
		// The copies are the compact pod's own: the decoded pod's go.
		*in.Status.StartTime, *in.Status.ContainerStatuses[0].State.Running = metav1.Time{}, corev1.ContainerStateRunning{}
		for _, r := range in.OwnerReferences {
			if r.Controller != nil {
				*r.Controller = !*r.Controller
			}
		}
		if !reflect.DeepEqual(p.OwnerReferences, want.OwnerReferences) || !p.Status.StartTime.Equal(&started) ||
			!p.Status.ContainerStatuses[0].State.Running.StartedAt.Equal(&started) {
			t.Fatalf("the compact pod shares the decoded pod's memory: %+v", p)
		}
	}
}
