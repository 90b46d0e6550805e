package model

import (
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestForwardPod(t *testing.T) {
	base := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	pod := func(name string, age time.Duration, ready, deleting bool, phase corev1.PodPhase) *corev1.Pod {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, CreationTimestamp: metav1.NewTime(base.Add(-age))}}
		p.Status.Phase = phase
		st := corev1.ConditionFalse
		if ready {
			st = corev1.ConditionTrue
		}
		p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: st}}
		if deleting {
			p.DeletionTimestamp = &metav1.Time{Time: base}
		}
		return p
	}
	run := corev1.PodRunning
	old := pod("web-a", time.Hour, true, false, run)
	newer := pod("web-b", time.Minute, true, false, run)
	twin := pod("web-c", time.Minute, true, false, run)
	starting := pod("web-d", time.Second, false, false, run)
	leaving := pod("web-e", 2*time.Hour, true, true, run)
	done := pod("web-f", time.Second, true, false, corev1.PodSucceeded)
	cases := []struct {
		name    string
		current string
		pods    []*corev1.Pod
		want    string
		gone    string
	}{
		{"the pod in use stays while Ready, even when newer ones exist", "web-a", []*corev1.Pod{newer, old}, "web-a", "is not Ready"},
		{"first pick: the newest Ready pod", "", []*corev1.Pod{old, newer, starting}, "web-b", "is gone"},
		{"a tie on age goes by name", "", []*corev1.Pod{twin, newer}, "web-b", "is gone"},
		{"a deleted pod is replaced by the newest Ready one", "web-x", []*corev1.Pod{old, newer}, "web-b", "is gone"},
		{"a terminating pod is left", "web-e", []*corev1.Pod{leaving, old}, "web-a", "is terminating"},
		{"a pod no longer Ready is left", "web-d", []*corev1.Pod{starting, old}, "web-a", "is not Ready"},
		{"a finished pod does not serve", "", []*corev1.Pod{done}, "", "is gone"},
		{"none Ready: none", "web-e", []*corev1.Pod{leaving, starting}, "", "is terminating"},
		{"no pods: none", "web-a", nil, "", "is gone"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ForwardPod(tc.current, tc.pods); got != tc.want {
				t.Errorf("ForwardPod(%q) = %q, want %q", tc.current, got, tc.want)
			}
			if got := ForwardPodGone(tc.current, tc.pods); got != tc.gone {
				t.Errorf("ForwardPodGone(%q) = %q, want %q", tc.current, got, tc.gone)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0.0s", 420 * time.Millisecond: "0.4s", 2149 * time.Millisecond: "2.1s", 59940 * time.Millisecond: "59.9s",
		65 * time.Second: "65s", 3*time.Minute + 12*time.Second: "3m12s", 5 * time.Hour: "5h",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%s) = %q, want %q", d, got, want)
		}
	}
}
