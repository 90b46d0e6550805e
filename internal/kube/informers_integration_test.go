package kube

import (
	"context"
	"reflect"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// Confined to namespaces (-n a,b), fdtui must not list or watch
// cluster-scoped kinds: a user who may only read some namespaces would get
// forbidden watches retried all session (issue 12). Their listers are
// empty; the namespaced listers read every watched namespace as one.
func TestNamespaceModeWatchesNoClusterScopedKinds(t *testing.T) {
	cfg, cs := testenv.Clients(t)
	a, b := testenv.Namespace(t, cs), testenv.Namespace(t, cs)
	for _, ns := range []string{a, b} {
		cm := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "mysql", Namespace: ns},
			Spec: corev1.ServiceSpec{ClusterIP: "None", Ports: []corev1.ServicePort{{Port: 3306}}}}
		if _, err := cs.CoreV1().Services(ns).Create(context.Background(), cm, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := Connect("test", cfg, Options{Namespaces: []string{a, b}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if len(c.scopes) != 2 {
		t.Fatalf("%d informer scopes, want one per namespace", len(c.scopes))
	}
	for _, sc := range c.scopes {
		started := sc.factory.WaitForCacheSync(ctx.Done())
		for _, kind := range []reflect.Type{reflect.TypeOf(&corev1.Namespace{}), reflect.TypeOf(&corev1.Node{})} {
			if _, ok := started[kind]; ok {
				t.Errorf("%v informer started in namespace mode", kind)
			}
		}
		if _, ok := started[reflect.TypeOf(&corev1.Pod{})]; !ok {
			t.Error("the pod informer did not start")
		}
	}
	if nodes, err := c.Listers.Nodes.List(labels.Everything()); err != nil || len(nodes) != 0 {
		t.Errorf("nodes lister: %d nodes, %v; want an empty lister", len(nodes), err)
	}
	if svcs, err := c.Listers.Services.List(labels.Everything()); err != nil || len(svcs) != 2 {
		t.Errorf("services of both namespaces: %d, %v; want 2", len(svcs), err)
	}
	for _, ns := range []string{a, b} {
		if _, err := c.Listers.Services.Services(ns).Get("mysql"); err != nil {
			t.Errorf("service %s/mysql: %v", ns, err)
		}
	}
	if !c.Watches(a) || !c.Watches(b) || c.Watches("kube-system") {
		t.Errorf("Watches: %v %v %v, want true true false", c.Watches(a), c.Watches(b), c.Watches("kube-system"))
	}
}
