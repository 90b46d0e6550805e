package blueprint

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

func gatewaySpec(ref GatewayRef, timeout int32) SiteSpec {
	s := minimalSpec()
	s.Route, s.Gateway, s.TimeoutSeconds = RouteGateway, ref, timeout
	return s
}

// The HTTPRoute (and the site's own Gateway) as exported, for both ways
// of attaching: a Gateway the site makes, and an existing shared one.
func TestBuildGatewayGolden(t *testing.T) {
	tests := []struct {
		name string
		spec SiteSpec
	}{
		{"own_gateway", gatewaySpec(GatewayRef{Class: "cilium"}, 0)},
		{"shared_gateway", gatewaySpec(GatewayRef{Namespace: "gateway-system", Name: "public", Section: "https-wildcard"}, 120)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs, err := Build(tt.spec, fixedSecrets())
			if err != nil {
				t.Fatal(err)
			}
			var route []*unstructured.Unstructured
			for _, o := range objs {
				switch o.GetKind() {
				case "Ingress":
					t.Errorf("a Gateway API site got an Ingress")
				case "Gateway", "HTTPRoute":
					route = append(route, o)
				}
			}
			out, err := ExportYAML(route, false)
			if err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, out)
		})
	}
}

// Which annotations an Ingress gets, by its class's controller, and what
// the wizard is told cannot be carried.
func TestIngressAnnotationRules(t *testing.T) {
	tests := []struct {
		name, class, controller string
		timeout                 int32
		wantAnnotations         []string
		wantNotes               int
	}{
		{"ingress-nginx class", "nginx", ControllerIngressNginx, 0,
			[]string{annotationClusterIssuer, annotationBodySize}, 0},
		{"ingress-nginx with timeout", "public", ControllerIngressNginx, 90,
			[]string{annotationClusterIssuer, annotationBodySize, annotationReadTimeout, annotationSendTimeout}, 0},
		{"unknown controller, class nginx", "nginx", "", 0,
			[]string{annotationClusterIssuer, annotationBodySize}, 0},
		{"unknown controller, other class", "traefik", "", 0,
			[]string{annotationClusterIssuer}, 1},
		{"traefik with timeout", "traefik", "traefik.io/ingress-controller", 60,
			[]string{annotationClusterIssuer}, 2},
		{"class named nginx served by another controller", "nginx", "haproxy.org/ingress-controller", 0,
			[]string{annotationClusterIssuer}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := minimalSpec()
			s.IngressClass, s.IngressController, s.TimeoutSeconds = tt.class, tt.controller, tt.timeout
			objs, err := Build(s, fixedSecrets())
			if err != nil {
				t.Fatal(err)
			}
			ing := objs[len(objs)-1]
			if ing.GetKind() != "Ingress" {
				t.Fatalf("last object is %s, want the Ingress", ing.GetKind())
			}
			var got []string
			for k := range ing.GetAnnotations() {
				got = append(got, k)
			}
			slices.Sort(got)
			want := slices.Clone(tt.wantAnnotations)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("annotations %v, want %v", got, want)
			}
			if tt.timeout > 0 && slices.Contains(want, annotationReadTimeout) && ing.GetAnnotations()[annotationReadTimeout] != "90" {
				t.Errorf("read timeout %q", ing.GetAnnotations()[annotationReadTimeout])
			}
			if notes := s.EdgeNotes(); len(notes) != tt.wantNotes {
				t.Errorf("notes %q, want %d", notes, tt.wantNotes)
			}
		})
	}
}

func TestGatewaySiteStatesUploadSizeUnsupported(t *testing.T) {
	notes := gatewaySpec(GatewayRef{Class: "cilium"}, 30).EdgeNotes()
	if len(notes) != 1 || !strings.Contains(notes[0], "not part of the Gateway API") {
		t.Errorf("notes %q", notes)
	}
}

func TestRouteValidation(t *testing.T) {
	bad := []SiteSpec{
		gatewaySpec(GatewayRef{}, 0),                  // neither a Gateway nor a class
		gatewaySpec(GatewayRef{Name: "Public_GW"}, 0), // not a DNS name
		gatewaySpec(GatewayRef{Class: "cilium"}, -1),  // negative timeout
		func() SiteSpec { s := minimalSpec(); s.Route = "loadbalancer"; return s }(),
	}
	for i, s := range bad {
		if err := s.Validate(); err == nil {
			t.Errorf("%d: %+v validated", i, s.Gateway)
		}
	}
	if err := gatewaySpec(GatewayRef{Name: "public", Namespace: "gateway-system", Section: "https"}, 60).Validate(); err != nil {
		t.Errorf("valid gateway spec: %v", err)
	}
}
