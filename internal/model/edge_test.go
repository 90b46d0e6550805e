package model

import (
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func edgeIngress(class string, ip string) *networkingv1.Ingress {
	ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "web"}}
	if class != "" {
		ing.Spec.IngressClassName = &class
	}
	if ip != "" {
		ing.Status.LoadBalancer.Ingress = []networkingv1.IngressLoadBalancerIngress{{IP: ip}}
	}
	return ing
}

var accepted = &Condition{Type: "Accepted", Status: "True", Reason: "Accepted"}

func TestIngressLine(t *testing.T) {
	withGateway := Edge{IngressClassesKnown: true, GatewayAPI: true,
		IngressClasses: []IngressClassInfo{{Name: "nginx", Controller: ControllerIngressNginx}},
		GatewayClasses: []GatewayClassInfo{{Name: "cilium", Controller: "io.cilium/gateway-controller", Accepted: accepted}}}
	maintained := Edge{IngressClassesKnown: true,
		IngressClasses: []IngressClassInfo{{Name: "nginx", Controller: ControllerIngressNginx}, {Name: "traefik", Controller: "traefik.io/ingress-controller", Default: true}}}
	tests := []struct {
		name      string
		ing       *networkingv1.Ingress
		edge      Edge
		tone      EdgeTone
		state     string
		fix, text string
	}{
		{"retired controller, hint to the GatewayClass", edgeIngress("nginx", "203.0.113.7"), withGateway, EdgeWarn,
			"controller k8s.io/ingress-nginx: ingress-nginx was retired in March 2026", "Gateway API (U: route Gateway API, GatewayClass cilium)",
			"Ingress web · class nginx · address 203.0.113.7"},
		{"retired controller, hint to a maintained class", edgeIngress("nginx", ""), maintained, EdgeWarn,
			"retired in March 2026", "IngressClass traefik (traefik.io/ingress-controller)", "address —"},
		{"missing class", edgeIngress("nginx-internal", ""), withGateway, EdgeBad,
			"IngressClass nginx-internal not found: nothing serves this Ingress", "GatewayClass cilium", "class nginx-internal"},
		{"maintained class, serving", edgeIngress("traefik", "203.0.113.8"), maintained, EdgeOK,
			"controller traefik.io/ingress-controller · serving", "", ""},
		{"maintained class, no address yet", edgeIngress("traefik", ""), maintained, EdgePending, "no address yet", "", ""},
		{"no class: the default class serves it", edgeIngress("", "203.0.113.8"), maintained, EdgeOK, "traefik.io/ingress-controller", "", "class traefik (cluster default)"},
		{"no class, no default", edgeIngress("", ""), withGateway, EdgeBad, "no class and no default IngressClass", "spec.ingressClassName", ""},
		{"classes unreadable", edgeIngress("nginx", ""), Edge{}, EdgePending, "not readable", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := IngressLine(tt.ing, tt.edge)
			if l.Tone != tt.tone || !strings.Contains(l.State, tt.state) || !strings.Contains(l.Fix, tt.fix) || !strings.Contains(l.Text, tt.text) {
				t.Errorf("got %+v\nwant tone %d, state ~%q, fix ~%q, text ~%q", l, tt.tone, tt.state, tt.fix, tt.text)
			}
		})
	}
}

func TestHTTPRouteLines(t *testing.T) {
	gw := GatewayInfo{Namespace: "gateway-system", Name: "public", Class: "cilium", Addresses: []string{"203.0.113.9"},
		Programmed: &Condition{Type: "Programmed", Status: "True"}}
	edge := Edge{GatewayAPI: true, Gateways: []GatewayInfo{gw}}
	parent := ParentRef{Namespace: "gateway-system", Name: "public", Section: "https"}
	route := func(st ...RouteParentStatus) HTTPRouteInfo {
		return HTTPRouteInfo{Namespace: "shop", Name: "web", Parents: []ParentRef{parent}, Status: st}
	}
	resolved := &Condition{Type: "ResolvedRefs", Status: "True", Reason: "ResolvedRefs"}
	tests := []struct {
		name  string
		r     HTTPRouteInfo
		edge  Edge
		tone  EdgeTone
		state string
	}{
		{"accepted and programmed", route(RouteParentStatus{Parent: parent, Accepted: accepted, ResolvedRefs: resolved}), edge, EdgeOK,
			"Accepted · ResolvedRefs · Gateway Programmed 203.0.113.9"},
		{"not answered yet", route(), edge, EdgePending, "not accepted yet"},
		{"gateway missing", route(), Edge{GatewayAPI: true}, EdgeBad, "Gateway gateway-system/public not found"},
		{"refused by the listener", route(RouteParentStatus{Parent: parent,
			Accepted:     &Condition{Type: "Accepted", Status: "False", Reason: "NotAllowedByListeners", Message: "no"},
			ResolvedRefs: resolved}), edge, EdgeBad, "Accepted=False NotAllowedByListeners"},
		{"backend missing", route(RouteParentStatus{Parent: parent, Accepted: accepted,
			ResolvedRefs: &Condition{Type: "ResolvedRefs", Status: "False", Reason: "BackendNotFound", Message: "service web not found"}}), edge, EdgeBad,
			"ResolvedRefs=False BackendNotFound"},
		{"gateway not programmed", route(RouteParentStatus{Parent: parent, Accepted: accepted, ResolvedRefs: resolved}),
			Edge{GatewayAPI: true, Gateways: []GatewayInfo{{Namespace: "gateway-system", Name: "public",
				Programmed: &Condition{Status: "False", Reason: "Pending"}}}}, EdgePending, "Gateway Programmed=False Pending"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := HTTPRouteLines(tt.r, tt.edge)
			if len(lines) != 1 {
				t.Fatalf("%d lines", len(lines))
			}
			l := lines[0]
			if l.Tone != tt.tone || !strings.Contains(l.State, tt.state) || !strings.Contains(l.Text, "Gateway gateway-system/public listener https") {
				t.Errorf("got %+v, want tone %d state ~%q", l, tt.tone, tt.state)
			}
		})
	}
	if l := HTTPRouteLines(HTTPRouteInfo{Name: "web"}, edge); l[0].Tone != EdgeBad {
		t.Errorf("a route without parents: %+v", l)
	}
}

func TestEdgeFindingsAndSummary(t *testing.T) {
	e := Edge{IngressClassesKnown: true, GatewayAPI: true,
		IngressClasses: []IngressClassInfo{{Name: "nginx", Controller: ControllerIngressNginx}},
		GatewayClasses: []GatewayClassInfo{{Name: "cilium", Controller: "io.cilium/gateway-controller", Accepted: accepted},
			{Name: "other", Controller: "example.com/gw"}}}
	ok := edgeIngress("nginx", "")
	ok.Namespace, ok.Spec.IngressClassName = "a", nil
	ok.Annotations = map[string]string{"kubernetes.io/ingress.class": "missing"}
	ings := []*networkingv1.Ingress{edgeIngress("nginx", ""), ok}
	f := EdgeFindings(ings, e)
	if len(f) != 2 || f[0].Namespace != "a" || !strings.Contains(f[0].Line.State, "IngressClass missing not found") || f[1].Line.Tone != EdgeWarn {
		t.Errorf("findings %+v", f)
	}
	want := "IngressClass nginx (k8s.io/ingress-nginx, retired), GatewayClass cilium (io.cilium/gateway-controller, Accepted=True), GatewayClass other (example.com/gw, not accepted yet)"
	if got := EdgeSummary(e); got != want {
		t.Errorf("summary\n got %s\nwant %s", got, want)
	}
	if got := EdgeSummary(Edge{}); got != "no IngressClass and no GatewayClass" {
		t.Error(got)
	}
}
