package actions

import (
	"context"
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// TestLiveReadinessEdge runs :readiness's check on the local cluster: its
// GatewayClass local-gateway is Accepted by the kwok stand-in (a
// maintained way in, named in the hint), and an Ingress of a class that
// does not exist is listed as served by nothing.
func TestLiveReadinessEdge(t *testing.T) {
	cfg, cs := testenv.Clients(t)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ns := testenv.Namespace(t, cs)
	missing := "fdtui-test-missing-" + ns
	ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: networkingv1.IngressSpec{
		IngressClassName: &missing,
		DefaultBackend:   &networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}}},
	}}
	if _, err := cs.NetworkingV1().Ingresses(ns).Create(context.Background(), ing, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	checks := Readiness(context.Background(), cs, dyn)
	byName := map[string]Check{}
	for _, c := range checks {
		byName[c.Name] = c
	}
	if e := byName["edge"]; !e.OK || !strings.Contains(e.Detail, "GatewayClass local-gateway (kwok.x-k8s.io/gateway, Accepted=True)") {
		t.Errorf("edge = %+v (hack/cluster.sh up applies hack/localcluster/edge)", e)
	}
	want := ns + "/web: IngressClass " + missing + " not found: nothing serves this Ingress"
	if r := byName["Ingress routes"]; r.OK || !strings.Contains(r.Fix, want) {
		t.Errorf("Ingress routes = %+v\nwant %q", r, want)
	}
}
