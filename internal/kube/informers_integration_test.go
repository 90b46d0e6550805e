package kube

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// Confined to a namespace (-n), fdtui must not list or watch cluster-scoped
// kinds: a user who may only read one namespace would get forbidden
// watches retried all session (issue 12). Their listers are empty.
func TestNamespaceModeWatchesNoClusterScopedKinds(t *testing.T) {
	cfg, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	c, err := Connect("test", cfg, Options{Namespace: ns})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	started := c.factory.WaitForCacheSync(ctx.Done())
	for _, kind := range []reflect.Type{reflect.TypeOf(&corev1.Namespace{}), reflect.TypeOf(&corev1.Node{})} {
		if _, ok := started[kind]; ok {
			t.Errorf("%v informer started in namespace mode", kind)
		}
	}
	if _, ok := started[reflect.TypeOf(&corev1.Pod{})]; !ok {
		t.Error("the pod informer did not start")
	}
	if nodes, err := c.Listers.Nodes.List(labels.Everything()); err != nil || len(nodes) != 0 {
		t.Errorf("nodes lister: %d nodes, %v; want an empty lister", len(nodes), err)
	}
}
