package fleet

import (
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
)

// Settled returns the whole fleet as the cluster shows it once every pod
// is Ready and the controllers have written their status: nodes, then each
// site's objects, pods and events. For static clusters in Go benchmarks
// (kube.NewStatic); PodDisruptionBudgets are left out, which fdtui does
// not watch.
func Settled(sites, podsPerSite, nodes int, now time.Time) ([]runtime.Object, error) {
	objs := make([]runtime.Object, 0, nodes+sites*(podsPerSite*2+16))
	for i := range nodes {
		objs = append(objs, settledNode(i, now))
	}
	next := 0
	node := func(int) string { next++; return NodeName(next % nodes) }
	for i := range sites {
		s, err := NewSite(i, podsPerSite)
		if err != nil {
			return nil, err
		}
		objs = append(objs, s.settled(node, now.Add(-time.Duration(i%400+1)*24*time.Hour), now)...)
	}
	return objs, nil
}

func (s Site) settled(node NodeOf, created, now time.Time) []runtime.Object {
	objs := []runtime.Object{s.Namespace}
	for _, o := range s.Others {
		if _, pdb := o.(*policyv1.PodDisruptionBudget); !pdb {
			objs = append(objs, o)
		}
	}
	s.Web.Spec.Paused = false
	rs := s.WebReplicaSet(uid(s.Web))
	rs.UID = uid(rs)
	pods := s.WebPods(rs, node)
	settleDeployment(s.Web, rs)
	objs = append(objs, s.Web, rs)
	for _, ss := range []*appsv1.StatefulSet{s.MySQL, s.Memcache} {
		ss.UID = uid(ss)
		settleStatefulSet(ss)
		for _, c := range s.Claims(ss) {
			c.Status.Phase = corev1.ClaimBound
			objs = append(objs, c)
		}
		objs = append(objs, ss)
		pods = append(pods, s.StatefulPods(ss, node)...)
	}
	for _, o := range objs {
		m := o.(metav1.Object)
		m.SetCreationTimestamp(metav1.NewTime(created))
		if m.GetUID() == "" {
			m.SetUID(uid(m))
		}
	}
	for k, p := range pods {
		p.UID = uid(p)
		settlePod(p, created.Add(time.Duration(k)*time.Minute))
		objs = append(objs, p)
	}
	for _, e := range Events(pods[0], now.Add(-time.Minute)) {
		objs = append(objs, e)
	}
	return objs
}

func uid(o metav1.Object) types.UID {
	return types.UID(fmt.Sprintf("%s/%s/%T", o.GetNamespace(), o.GetName(), o))
}

func settleDeployment(d *appsv1.Deployment, rs *appsv1.ReplicaSet) {
	n := *d.Spec.Replicas
	d.UID, d.Generation = uid(d), 1
	d.Annotations = map[string]string{annotationRevision: "1"}
	at := metav1.NewTime(time.Now().Add(-time.Hour))
	d.Status = appsv1.DeploymentStatus{ObservedGeneration: 1, Replicas: n, UpdatedReplicas: n, ReadyReplicas: n,
		AvailableReplicas: n, Conditions: []appsv1.DeploymentCondition{
			{Type: appsv1.DeploymentAvailable, Status: corev1.ConditionTrue, Reason: "MinimumReplicasAvailable",
				LastUpdateTime: at, LastTransitionTime: at},
			{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionTrue, Reason: "NewReplicaSetAvailable",
				Message: fmt.Sprintf("ReplicaSet %q has successfully progressed.", rs.Name), LastUpdateTime: at, LastTransitionTime: at},
		}}
	rs.Generation = 1
	rs.Status = appsv1.ReplicaSetStatus{Replicas: n, FullyLabeledReplicas: n, ReadyReplicas: n, AvailableReplicas: n, ObservedGeneration: 1}
}

func settleStatefulSet(ss *appsv1.StatefulSet) {
	n := *ss.Spec.Replicas
	ss.Generation = 1
	ss.Status = appsv1.StatefulSetStatus{ObservedGeneration: 1, Replicas: n, ReadyReplicas: n, CurrentReplicas: n,
		UpdatedReplicas: n, AvailableReplicas: n}
}

// settlePod gives a pod the status kwok's pod-ready stage writes.
func settlePod(p *corev1.Pod, started time.Time) {
	at := metav1.NewTime(started)
	p.CreationTimestamp = at
	p.Status = corev1.PodStatus{Phase: corev1.PodRunning, HostIP: "127.0.0.1", PodIP: "10.244.0.1", StartTime: &at,
		QOSClass: corev1.PodQOSBurstable}
	for _, t := range []corev1.PodConditionType{corev1.PodScheduled, corev1.PodInitialized, corev1.ContainersReady, corev1.PodReady} {
		p.Status.Conditions = append(p.Status.Conditions, corev1.PodCondition{Type: t, Status: corev1.ConditionTrue, LastTransitionTime: at})
	}
	for _, c := range p.Spec.Containers {
		p.Status.ContainerStatuses = append(p.Status.ContainerStatuses, corev1.ContainerStatus{
			Name: c.Name, Image: c.Image, ImageID: "docker-pullable://" + c.Image, Ready: true, Started: new(bool),
			ContainerID: "containerd://" + hash7(p.Name+c.Name),
			State:       corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: at}},
		})
	}
}

func settledNode(i int, now time.Time) *corev1.Node {
	n := NewNode(i)
	n.CreationTimestamp = metav1.NewTime(now.Add(-90 * 24 * time.Hour))
	n.Status.Conditions = []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}
	return n
}
