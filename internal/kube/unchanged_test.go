package kube

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

func TestUnchanged(t *testing.T) {
	pod := func(rv string, ready corev1.ConditionStatus) *corev1.Pod {
		return &corev1.Pod{
			ObjectMeta: metav1.ObjectMeta{Name: "web-1", Namespace: "a", ResourceVersion: rv},
			Status:     corev1.PodStatus{Phase: corev1.PodRunning, Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: ready}}},
		}
	}
	u := func(rv string) *unstructured.Unstructured {
		o := &unstructured.Unstructured{Object: map[string]any{}}
		o.SetResourceVersion(rv)
		return o
	}
	old := pod("1", corev1.ConditionTrue)
	for _, c := range []struct {
		name     string
		old, cur any
		want     bool
	}{
		{"only the version moved", old, pod("2", corev1.ConditionTrue), true},
		{"readiness changed", old, pod("2", corev1.ConditionFalse), false},
		{"a resync: same version", old, pod("1", corev1.ConditionTrue), true},
		{"unstructured are never compared", u("1"), u("2"), false},
		{"different types", old, &corev1.Service{}, false},
	} {
		if got := unchanged(c.old, c.cur); got != c.want {
			t.Errorf("%s: unchanged = %v, want %v", c.name, got, c.want)
		}
	}
	if old.ResourceVersion != "1" {
		t.Errorf("the old object was written: resourceVersion %q", old.ResourceVersion)
	}
}
