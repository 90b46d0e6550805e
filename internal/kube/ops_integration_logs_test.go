package kube

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// TestOpsStreamLogs reads a container's logs through the apiserver. kwok
// serves them only when the apiserver can reach its kubelet endpoint and
// a ClusterLogs object says what to serve; without that the apiserver
// answers with an error, which StreamLogs must pass on in words that name
// the pod and container.
func TestOpsStreamLogs(t *testing.T) {
	t.Parallel()
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := itContext(t, time.Minute)

	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-logs", Namespace: ns}, Spec: opsTemplate(goodImage).Spec}
	if _, err := cs.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	itPoll(ctx, t, "pod Ready", func(ctx context.Context) (bool, error) {
		p, err := cs.CoreV1().Pods(ns).Get(ctx, pod.Name, metav1.GetOptions{})
		return err == nil && isReady(p), nil
	})

	r, err := StreamLogs(ctx, cs, ns, pod.Name, "web", LogOptions{TailLines: 20})
	if err != nil {
		wantPrefix := "logs of " + ns + "/web-logs container web: "
		if !strings.HasPrefix(err.Error(), wantPrefix) {
			t.Errorf("error %q does not start with %q", err, wantPrefix)
		}
		t.Fatalf("the local cluster serves no container logs (kwok maps them to hack/localcluster/logs): %v", err)
	}
	defer r.Close()
	b := NewLogBuffer(100)
	if _, err := b.ReadFrom(r); err != nil {
		t.Fatalf("reading logs: %v", err)
	}
	t.Logf("%d log lines, first: %q", b.Len(), texts(b.Lines(0, 1)))

	// A followed stream ends when its context does.
	followCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	fr, err := StreamLogs(followCtx, cs, ns, pod.Name, "web", LogOptions{Follow: true, TailLines: 5})
	if err != nil {
		t.Fatalf("follow: %v", err)
	}
	defer fr.Close()
	start := time.Now()
	_, _ = NewLogBuffer(100).ReadFrom(fr)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("followed stream outlived its context by %s", d)
	}
}
