package model

import (
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestEventTime(t *testing.T) {
	at := func(d time.Duration) metav1.MicroTime { return metav1.NewMicroTime(now.Add(-d)) }
	tests := []struct {
		name string
		e    corev1.Event
		want time.Time
	}{
		{"core/v1 event: lastTimestamp", corev1.Event{LastTimestamp: ago(time.Minute), FirstTimestamp: ago(time.Hour)}, now.Add(-time.Minute)},
		// The scheduler writes events.k8s.io/v1 events: eventTime and series.
		{"events.k8s.io series", corev1.Event{EventTime: at(time.Hour), Series: &corev1.EventSeries{LastObservedTime: at(2 * time.Minute)}}, now.Add(-2 * time.Minute)},
		{"events.k8s.io single", corev1.Event{EventTime: at(3 * time.Minute)}, now.Add(-3 * time.Minute)},
		{"only firstTimestamp", corev1.Event{FirstTimestamp: ago(4 * time.Minute)}, now.Add(-4 * time.Minute)},
		{"only creation", corev1.Event{ObjectMeta: metav1.ObjectMeta{CreationTimestamp: ago(5 * time.Minute)}}, now.Add(-5 * time.Minute)},
	}
	for _, tt := range tests {
		if got := eventTime(&tt.e); !got.Equal(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSchedulingHint(t *testing.T) {
	tests := map[string]string{
		"0/4 nodes are available: 4 Insufficient cpu.":                                  "add a node",
		"0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: db}.":     "tolerations",
		"0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.": "nodeSelector",
		`0/3 nodes are available: persistentvolumeclaim "files" not found.`:             "PersistentVolumeClaims",
		"0/3 nodes are available: 3 node(s) had volume node affinity conflict.":         "PersistentVolumeClaims",
		"something new the scheduler says":                                              "",
	}
	for msg, want := range tests {
		got := schedulingHint(msg)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("schedulingHint(%q) = %q, want it to mention %q", msg, got, want)
		}
	}
}

func TestDiagnoseReplicaFailureCondition(t *testing.T) {
	s := midRollout(nil, 0)
	s.new.Spec.Replicas = ptr(int32(1))
	s.d.Status.Conditions = append(s.d.Status.Conditions, appsv1.DeploymentCondition{
		Type: appsv1.DeploymentReplicaFailure, Status: corev1.ConditionTrue, Reason: "FailedCreate",
		Message: `pods "web-rs5-abcde" is forbidden: violates PodSecurity "restricted:latest"`})
	got := Diagnose(s.d, s.rss, s.pods, nil, nil, now)
	want := `New pods cannot be created: pods "web-rs5-abcde" is forbidden: violates PodSecurity "restricted:latest"`
	if got.Cause != CauseFailedCreate || got.Verdict != want {
		t.Errorf("got %d %q", got.Cause, got.Verdict)
	}
}
