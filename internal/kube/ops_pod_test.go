package kube

import (
	"context"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

func TestDeletePodGracePeriod(t *testing.T) {
	tests := []struct {
		force     bool
		wantGrace *int64
	}{
		{force: false, wantGrace: nil}, // the pod's own terminationGracePeriodSeconds
		{force: true, wantGrace: new(int64(0))},
	}
	for _, tt := range tests {
		pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-h1x9z-abcde", Namespace: opsNS}}
		cs := fake.NewClientset(pod)
		if err := DeletePod(context.Background(), cs, opsNS, pod.Name, tt.force); err != nil {
			t.Fatal(err)
		}
		var got *metav1.DeleteOptions
		for _, a := range cs.Actions() {
			if d, ok := a.(k8stesting.DeleteAction); ok {
				opts := d.GetDeleteOptions()
				got = &opts
			}
		}
		if got == nil {
			t.Fatal("no delete sent")
		}
		switch {
		case tt.wantGrace == nil && got.GracePeriodSeconds != nil,
			tt.wantGrace != nil && (got.GracePeriodSeconds == nil || *got.GracePeriodSeconds != *tt.wantGrace):
			t.Errorf("force=%v: grace %v, want %v", tt.force, got.GracePeriodSeconds, tt.wantGrace)
		}
	}
}

func TestDeletePodMissing(t *testing.T) {
	err := DeletePod(context.Background(), fake.NewClientset(), opsNS, "gone", true)
	if err == nil || !strings.Contains(err.Error(), "force delete pod example-com/gone") {
		t.Fatalf("err %v", err)
	}
}
