package kube

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func opsAt(minutes int) metav1.Time {
	return metav1.NewTime(opsT0.Add(time.Duration(minutes) * time.Minute))
}

// webPod is a pod of rs on node web-38c21 whose containers are running
// and ready; opts break it.
func webPod(rs *appsv1.ReplicaSet, opts ...func(*corev1.Pod)) *corev1.Pod {
	started := opsAt(1)
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Name: rs.Name + "-q7w2x", Namespace: rs.Namespace,
			OwnerReferences: []metav1.OwnerReference{{Kind: "ReplicaSet", Name: rs.Name, Controller: new(true)}},
		},
		Spec: rs.Spec.Template.Spec,
		Status: corev1.PodStatus{
			Phase: corev1.PodRunning, PodIP: "10.244.1.17", StartTime: &started, QOSClass: corev1.PodQOSBurstable,
			Conditions: []corev1.PodCondition{
				{Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
				{Type: corev1.PodReady, Status: corev1.ConditionTrue},
			},
		},
	}
	p.Spec.NodeName = "web-38c21"
	for _, c := range p.Spec.Containers {
		p.Status.ContainerStatuses = append(p.Status.ContainerStatuses, corev1.ContainerStatus{
			Name: c.Name, Image: c.Image, Ready: true,
			State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: opsAt(2)}},
		})
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

func containerStatusOf(p *corev1.Pod, name string) *corev1.ContainerStatus {
	for i := range p.Status.ContainerStatuses {
		if p.Status.ContainerStatuses[i].Name == name {
			return &p.Status.ContainerStatuses[i]
		}
	}
	panic("no container " + name)
}

func crashLooping(p *corev1.Pod) {
	st := containerStatusOf(p, "web")
	st.Ready, st.RestartCount = false, 4
	st.State = corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{
		Reason: "CrashLoopBackOff", Message: "back-off 1m20s restarting failed container=web",
	}}
	st.LastTerminationState = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
		Reason: "Error", ExitCode: 255, StartedAt: opsAt(5), FinishedAt: opsAt(6),
	}}
	p.Status.Conditions[1] = corev1.PodCondition{Type: corev1.PodReady, Status: corev1.ConditionFalse,
		Reason: "ContainersNotReady", Message: "containers with unready status: [web]"}
}

func stuckTerminating(p *corev1.Pod) {
	ts := opsAt(30)
	p.DeletionTimestamp, p.DeletionGracePeriodSeconds = &ts, new(int64(30))
}

func oomKilled(p *corev1.Pod) {
	st := containerStatusOf(p, "varnish")
	st.State = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
		Reason: "OOMKilled", ExitCode: 137, Signal: 9, StartedAt: opsAt(2), FinishedAt: opsAt(9),
	}}
}

// render is the lines as text: "  Label: Value" with "!" for Warn.
func render(lines []DescribeLine) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		mark := " "
		if l.Warn {
			mark = "!"
		}
		out[i] = fmt.Sprintf("%s%s%s: %s", mark, strings.Repeat("  ", l.Depth), l.Label, l.Value)
	}
	return out
}

func TestDescribePodHealthy(t *testing.T) {
	d := opsDeployment(1, goodImage)
	got := render(DescribePod(webPod(opsReplicaSet(d, 1, goodImage, 3))))
	want := []string{
		" Name: web-h1x9z-q7w2x",
		" Namespace: example-com",
		" Node: web-38c21",
		" Status: Running",
		" Started: 2025-03-01T12:01:00Z",
		" IP: 10.244.1.17",
		" Controlled By: ReplicaSet/web-h1x9z",
		" QoS Class: Burstable",
		" Container: varnish",
		"   Image: registry.example.com/varnish:6.6",
		"   Ports: 6081/TCP (http)",
		"   State: Running since 2025-03-01T12:02:00Z",
		"   Ready: true",
		"   Restart Count: 0",
		" Container: web",
		"   Image: " + goodImage,
		"   Ports: 80/TCP",
		"   State: Running since 2025-03-01T12:02:00Z",
		"   Ready: true",
		"   Restart Count: 0",
		"   Requests: cpu 250m, memory 256Mi",
		" Conditions: ",
		"   PodScheduled: True",
		"   Ready: True",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDescribePodProblems(t *testing.T) {
	rs := opsReplicaSet(opsDeployment(1, goodImage), 1, goodImage, 3)
	tests := []struct {
		name string
		pod  *corev1.Pod
		want []string // lines that must appear, in order
	}{
		{"crash loop", webPod(rs, crashLooping), []string{
			"!  State: Waiting: CrashLoopBackOff: back-off 1m20s restarting failed container=web",
			"!  Last State: Terminated: Error, exit code 255, 2025-03-01T12:05:00Z -> 2025-03-01T12:06:00Z",
			"!  Ready: false",
			"!  Restart Count: 4",
			"!  Ready: False (ContainersNotReady: containers with unready status: [web])",
		}},
		{"stuck terminating", webPod(rs, stuckTerminating), []string{
			"!Status: Terminating since 2025-03-01T12:30:00Z (grace period 30s)",
		}},
		{"OOM killed", webPod(rs, oomKilled), []string{
			"!  State: Terminated: OOMKilled, exit code 137, signal 9, 2025-03-01T12:02:00Z -> 2025-03-01T12:09:00Z",
		}},
		{"not created yet", webPod(rs, func(p *corev1.Pod) { p.Status.ContainerStatuses = nil; p.Status.Phase = corev1.PodPending }), []string{
			" Status: Pending", "   State: not created yet",
		}},
		{"evicted", webPod(rs, func(p *corev1.Pod) {
			p.Status.Phase, p.Status.Reason, p.Status.Message = corev1.PodFailed, "Evicted", "The node was low on resource: memory."
		}), []string{
			"!Status: Failed", " Reason: Evicted: The node was low on resource: memory.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(DescribePod(tt.pod))
			if !containsInOrder(got, tt.want) {
				t.Errorf("want in order\n%s\ngot\n%s", strings.Join(tt.want, "\n"), strings.Join(got, "\n"))
			}
		})
	}
}

func containsInOrder(lines, want []string) bool {
	i := 0
	for _, l := range lines {
		if i < len(want) && l == want[i] {
			i++
		}
	}
	return i == len(want)
}

func TestDescribeDeploymentStuckRollout(t *testing.T) {
	d, _ := stuckRollout()
	d.Status = appsv1.DeploymentStatus{
		Replicas: 4, UpdatedReplicas: 1, ReadyReplicas: 3, AvailableReplicas: 3, UnavailableReplicas: 1,
		Conditions: []appsv1.DeploymentCondition{
			{Type: appsv1.DeploymentAvailable, Status: corev1.ConditionTrue, Reason: "MinimumReplicasAvailable"},
			{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionFalse, Reason: "ProgressDeadlineExceeded",
				Message: `ReplicaSet "web-h2x9z" has timed out progressing.`},
		},
	}
	stranger := opsReplicaSet(opsDeployment(9, "x"), 9, "x", 1)
	stranger.OwnerReferences[0].UID = "someone-else"
	rss := []*appsv1.ReplicaSet{opsReplicaSet(d, 1, goodImage, 3), opsReplicaSet(d, 2, brokenImage, 1), stranger}
	rss[1].Status.ReadyReplicas = 0

	got := render(DescribeDeployment(d, rss))
	want := []string{
		" Name: web",
		" Namespace: example-com",
		" Revision: 2",
		" Change Cause: fdtui: web image -> " + brokenImage,
		" Selector: app=web",
		" Replicas: 3 desired | 1 updated | 4 total | 3 available | 1 unavailable",
		" Strategy: RollingUpdate (maxSurge 1, maxUnavailable 0)",
		" Min Ready: 5s",
		" Progress Deadline: 600s",
		" Container: varnish",
		"   Image: registry.example.com/varnish:6.6",
		" Container: web",
		"   Image: " + brokenImage,
		" Conditions: ",
		"   Available: True (MinimumReplicasAvailable)",
		`!  Progressing: False (ProgressDeadlineExceeded: ReplicaSet "web-h2x9z" has timed out progressing.)`,
		" ReplicaSets: ",
		"   revision 2: web-h2x9z 0/1 ready, registry.example.com/varnish:6.6, " + brokenImage + " (current) — fdtui: web image -> " + brokenImage,
		"   revision 1: web-h1x9z 3/3 ready, registry.example.com/varnish:6.6, " + goodImage + " — fdtui: web image -> " + goodImage,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDescribeDeploymentPaused(t *testing.T) {
	d := opsDeployment(1, goodImage)
	d.Spec.Paused = true
	if got := render(DescribeDeployment(d, nil)); !slices.Contains(got, "!Paused: true (rollouts wait until resumed)") {
		t.Errorf("no paused line:\n%s", strings.Join(got, "\n"))
	}
}
