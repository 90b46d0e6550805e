package model

import (
	"fmt"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// withInit adds a regular init container (the mysql-style chown step) in
// the given state.
func withInit(state corev1.ContainerState, restarts int32) podOpt {
	return func(p *corev1.Pod) {
		p.Spec.InitContainers = []corev1.Container{{Name: "chown", Image: "busybox:1.36"}}
		p.Status.InitContainerStatuses = []corev1.ContainerStatus{{Name: "chown", State: state, RestartCount: restarts}}
		if state.Terminated == nil || state.Terminated.ExitCode != 0 {
			setPodCondition(p, corev1.PodInitialized, corev1.ConditionFalse, "ContainersNotInitialized", "")
			p.Status.Phase = corev1.PodPending
			for i := range p.Status.ContainerStatuses {
				p.Status.ContainerStatuses[i] = corev1.ContainerStatus{Name: p.Status.ContainerStatuses[i].Name,
					State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "PodInitializing"}}}
			}
			markNotReady(p)
		}
	}
}

func withSidecar(p *corev1.Pod) {
	always := corev1.ContainerRestartPolicyAlways
	p.Spec.InitContainers = []corev1.Container{{Name: "log-shipper", Image: "fluent-bit:3", RestartPolicy: &always}}
	p.Status.InitContainerStatuses = []corev1.ContainerStatus{{Name: "log-shipper", Ready: true, Started: ptr(true),
		State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}}}
}

func succeededJob(p *corev1.Pod) {
	p.Status.Phase = corev1.PodSucceeded
	p.Status.ContainerStatuses = p.Status.ContainerStatuses[:1]
	p.Spec.Containers = p.Spec.Containers[:1]
	p.Status.ContainerStatuses[0].Ready = false
	p.Status.ContainerStatuses[0].State = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed"}}
	markNotReady(p)
}

func TestDerivePodStatus(t *testing.T) {
	running := corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}
	tests := []struct {
		name        string
		opts        []podOpt
		wantStatus  string
		wantReady   string // "ready/total"
		wantProblem bool
	}{
		{"running", nil, "Running", "2/2", false},
		{"container creating", []podOpt{creating}, "ContainerCreating", "0/2", false},
		{"image pull back-off", []podOpt{waiting("web", "ImagePullBackOff", "")}, "ImagePullBackOff", "1/2", true},
		{"err image pull", []podOpt{waiting("web", "ErrImagePull", "")}, "ErrImagePull", "1/2", true},
		{"invalid image name", []podOpt{waiting("web", "InvalidImageName", "")}, "InvalidImageName", "1/2", true},
		{"crash loop", []podOpt{crashLooping("web", 7, 1, "Error")}, "CrashLoopBackOff", "1/2", true},
		{"config error", []podOpt{waiting("web", "CreateContainerConfigError", `secret "web-secrets" not found`)},
			"CreateContainerConfigError", "1/2", true},
		{"terminated with error", []podOpt{terminated("web", "Error", 1)}, "Error", "1/2", true},
		{"OOM killed", []podOpt{terminated("web", "OOMKilled", 137)}, "OOMKilled", "1/2", true},
		{"killed by signal, no reason", []podOpt{terminated("web", "", 137), func(p *corev1.Pod) {
			containerStatus(p, "web").State.Terminated.Signal = 9
		}}, "Signal:9", "1/2", false},
		{"completed job", []podOpt{succeededJob}, "Completed", "0/1", false},
		{"init container running", []podOpt{withInit(running, 0)}, "Init:0/1", "0/2", false},
		{"init container crash loop", []podOpt{withInit(corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff"}}, 4)},
			"Init:CrashLoopBackOff", "0/2", true},
		{"init container failed", []podOpt{withInit(corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Error", ExitCode: 1}}, 0)},
			"Init:Error", "0/2", true},
		{"init container exit code", []podOpt{withInit(corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 2}}, 0)},
			"Init:ExitCode:2", "0/2", false},
		{"init done", []podOpt{withInit(corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed"}}, 0)},
			"Running", "2/2", false},
		{"sidecar counts as a container", []podOpt{withSidecar}, "Running", "3/3", false},
		{"unschedulable shows Pending", []podOpt{unschedulable("0/4 nodes are available: 4 Insufficient memory.")}, "Pending", "0/2", true},
		{"scheduling gated", []podOpt{func(p *corev1.Pod) {
			p.Status = corev1.PodStatus{Phase: corev1.PodPending, Conditions: []corev1.PodCondition{{Type: corev1.PodScheduled,
				Status: corev1.ConditionFalse, Reason: corev1.PodReasonSchedulingGated}}}
		}}, "SchedulingGated", "0/2", false},
		{"terminating within grace", []podOpt{deleting(10 * time.Second)}, "Terminating", "2/2", false},
		{"terminating long past grace", []podOpt{deleting(5 * time.Minute)}, "Terminating", "2/2", true},
		{"node lost", []podOpt{deleting(10 * time.Second), func(p *corev1.Pod) { p.Status.Reason = nodeLostReason }}, "Unknown", "2/2", true},
		{"evicted", []podOpt{func(p *corev1.Pod) {
			p.Status = corev1.PodStatus{Phase: corev1.PodFailed, Reason: "Evicted", Message: "The node was low on resource: memory."}
		}}, "Evicted", "0/2", true},
		// shared case 01: the kubelet's statuses of an evicted pod; kubectl
		// 1.36 prints "Error" (kubernetes#105467), fdtui the reason.
		{"evicted with terminated containers", []podOpt{evictedLikeKubelet}, "Evicted", "0/2", true},
		{"running but readiness failing", []podOpt{runningNotReady("web")}, "Running", "1/2", false},
		{"restarts climbing while running", []podOpt{withRestarts("web", 3)}, "Running", "2/2", true},
		{"two restarts are fine", []podOpt{withRestarts("web", 2)}, "Running", "2/2", false},
		{"old restarts of a ready pod are history", []podOpt{withRestarts("web", 5), lastRestart("web", 2*24*time.Hour)}, "Running", "2/2", false},
		{"recent restarts of a ready pod", []podOpt{withRestarts("web", 5), lastRestart("web", 5*time.Minute)}, "Running", "2/2", true},
		{"completed container next to a running one", []podOpt{terminated("varnish", "Completed", 0)}, "NotReady", "1/2", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := webDeployment(4, "example/web:abc1234")
			rs := replicaSet(d, 4, "example/web:abc1234", 3, 3)
			row := DerivePod(runningPod(rs, "aaaaa", tt.opts...), RevisionsByReplicaSet([]*appsv1.ReplicaSet{rs}), now)
			ready := fmt.Sprintf("%d/%d", row.ReadyContainers, row.Containers)
			if row.Status != tt.wantStatus || ready != tt.wantReady || row.Problem != tt.wantProblem {
				t.Errorf("got %s %s problem=%v; want %s %s problem=%v",
					row.Status, ready, row.Problem, tt.wantStatus, tt.wantReady, tt.wantProblem)
			}
		})
	}
}

func TestDerivePodColumns(t *testing.T) {
	d := webDeployment(4, "example/web:abc1234")
	rs := replicaSet(d, 4, "example/web:abc1234", 3, 3)
	p := runningPod(rs, "aaaaa", withRestarts("varnish", 1), withRestarts("web", 1))
	row := DerivePod(p, map[string]string{"web-rs4": "4"}, now)
	want := PodRow{Namespace: siteNS, Name: "web-rs4-aaaaa", ReadyContainers: 2, Containers: 2,
		Status: "Running", Restarts: 2, Node: "pool-a-1", Created: now.Add(-10 * time.Minute),
		ImageTag: "abc1234", Revision: "4", Owner: "ReplicaSet/web-rs4"}
	if row != want {
		t.Errorf("got  %+v\nwant %+v", row, want)
	}

	bare := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "debug"},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "sh", Image: "busybox"}}}}
	if row := DerivePod(bare, nil, now); row.Revision != "" || row.ImageTag != "latest" {
		t.Errorf("bare pod: revision %q tag %q", row.Revision, row.ImageTag)
	}
}

func TestFormatAge(t *testing.T) {
	tests := map[time.Duration]string{
		45 * time.Second:               "45s",
		90 * time.Second:               "90s",
		3*time.Minute + 12*time.Second: "3m12s",
		42 * time.Minute:               "42m",
		5 * time.Hour:                  "5h",
		12 * 24 * time.Hour:            "12d",
	}
	for d, want := range tests {
		if got := FormatAge(d); got != want {
			t.Errorf("FormatAge(%v) = %q, want %q", d, got, want)
		}
	}
}

// Which container's logs explain a pod, and whether it has a previous
// instance (issue 11, kind 4: init containers are first-class).
func TestTroubledContainer(t *testing.T) {
	d := webDeployment(4, "example/web:abc1234")
	rs := replicaSet(d, 4, "example/web:abc1234", 3, 3)
	tests := []struct {
		name     string
		opts     []podOpt
		want     string
		previous bool
	}{
		{"healthy: the main container", nil, "web", false},
		{"init container OOM-looping", []podOpt{initCrashLooping("drush-deploy", 4, 137, "OOMKilled")}, "drush-deploy", true},
		{"varnish crash-looping", []podOpt{crashLooping("varnish", 5, 1, "Error")}, "varnish", true},
		{"web restarted long ago", []podOpt{withRestarts("web", 2), lastRestart("web", 48*time.Hour)}, "web", true},
		{"image not pulled yet", []podOpt{waiting("web", "ImagePullBackOff", "")}, "web", false},
		{"drush deploy running for the first time (Init:0/1)", []podOpt{initCrashLooping("drush-deploy", 0, 0, ""), func(p *corev1.Pod) {
			s := &p.Status.InitContainerStatuses[0]
			s.State, s.LastTerminationState = corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}, corev1.ContainerState{}
		}}, "drush-deploy", false},
	}
	for _, tt := range tests {
		p := runningPod(rs, "aaaaa", tt.opts...)
		if got := TroubledContainer(p); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
		if got := HasPreviousInstance(p, tt.want); got != tt.previous {
			t.Errorf("%s: previous instance %v, want %v", tt.name, got, tt.previous)
		}
	}
}

// kubectl sums init containers' restarts only up to the one the pod waits
// on: a later init container's count from a previous sandbox (the kubelet
// re-runs them all) is not shown (printers.go:966-1011, found by the
// differential test against kubectl, issue 11).
func TestRestartsStopAtTheUnfinishedInitContainer(t *testing.T) {
	now := time.Now()
	done := metav1.NewTime(now.Add(-15 * time.Minute))
	p := &corev1.Pod{
		Spec: corev1.PodSpec{
			InitContainers: []corev1.Container{{Name: "migrate"}, {Name: "warm"}},
			Containers:     []corev1.Container{{Name: "web"}},
		},
		Status: corev1.PodStatus{
			Phase: corev1.PodRunning,
			InitContainerStatuses: []corev1.ContainerStatus{
				{Name: "migrate", RestartCount: 1, State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}},
				{Name: "warm", RestartCount: 2,
					State:                corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{Reason: "Completed"}},
					LastTerminationState: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 1, FinishedAt: done}}},
			},
			ContainerStatuses: []corev1.ContainerStatus{{Name: "web",
				State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "PodInitializing"}}}},
		},
	}
	row := DerivePod(p, nil, now)
	if row.Status != "Init:0/2" || row.Restarts != 1 || !row.LastRestart.IsZero() {
		t.Errorf("got %s, %d restarts, last %v; want Init:0/2, 1 restart, no time (like kubectl)", row.Status, row.Restarts, row.LastRestart)
	}
}
