package edgeui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

func gatewayObj(kind, ns, name string, spec, status map[string]any) *unstructured.Unstructured {
	meta := map[string]any{"name": name}
	if ns != "" {
		meta["namespace"] = ns
	}
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "gateway.networking.k8s.io/v1", "kind": kind, "metadata": meta, "spec": spec, "status": status}}
}

func cond(t, status, reason string) map[string]any {
	return map[string]any{"type": t, "status": status, "reason": reason, "message": reason}
}

// TestSiteRouteSection: a site served by an Ingress of ingress-nginx's
// default class and by an HTTPRoute on a shared Gateway shows both routes
// on its page: the Ingress flagged retired with the hint to the accepted
// GatewayClass, the HTTPRoute Accepted with the Gateway Programmed.
func TestSiteRouteSection(t *testing.T) {
	site := uitest.Site{Domain: "www.example.com", State: uitest.Healthy, Age: 48 * time.Hour}
	ns := uitest.Namespace(site.Domain)
	d, static := uitest.Static(t, ui.Config{}, 120, 40, uitest.SiteObjects(site)...)

	ic := &networkingv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: "nginx",
		Annotations: map[string]string{networkingv1.AnnotationIsDefaultIngressClass: "true"}},
		Spec: networkingv1.IngressClassSpec{Controller: model.ControllerIngressNginx}}
	gvr := func(r string) schema.GroupVersionResource {
		return schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: r}
	}
	parent := map[string]any{"name": "public", "namespace": "gateway-system", "sectionName": "https"}
	objs := []runtime.Object{
		gatewayObj("GatewayClass", "", "cilium", map[string]any{"controllerName": "io.cilium/gateway-controller"},
			map[string]any{"conditions": []any{cond("Accepted", "True", "Accepted")}}),
		gatewayObj("HTTPRoute", ns, "web", map[string]any{"parentRefs": []any{parent}, "hostnames": []any{site.Domain}},
			map[string]any{"parents": []any{map[string]any{"parentRef": parent, "controllerName": "io.cilium/gateway-controller",
				"conditions": []any{cond("Accepted", "True", "Accepted"), cond("ResolvedRefs", "True", "ResolvedRefs")}}}}),
	}
	static.Cluster.Client = fake.NewClientset(ic)
	static.Cluster.Dynamic = dynamicfake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(), map[schema.GroupVersionResource]string{
		gvr("gatewayclasses"): "GatewayClassList", gvr("gateways"): "GatewayList", gvr("httproutes"): "HTTPRouteList",
	}, objs...)
	// Created through the client: the fake's tracker would file a Gateway
	// under "gatewaies" (it guesses plurals).
	gw := gatewayObj("Gateway", "gateway-system", "public", map[string]any{"gatewayClassName": "cilium"},
		map[string]any{"addresses": []any{map[string]any{"type": "IPAddress", "value": "203.0.113.9"}},
			"conditions": []any{cond("Accepted", "True", "Accepted"), cond("Programmed", "True", "Programmed")}})
	if _, err := static.Cluster.Dynamic.Resource(gvr("gateways")).Namespace("gateway-system").Create(context.Background(), gw, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	d.Keys("enter")
	d.WaitFor(t, 10*time.Second, "the route section", func(s string) bool {
		return strings.Contains(s, "Accepted · ResolvedRefs · Gateway Programmed 203.0.113.9") && strings.Contains(s, "retired in March 2026")
	})
	golden.RequireEqual(t, []byte(d.Screen()))
}
