package sitewizard

import (
	"errors"
	"strings"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

func TestHostMatches(t *testing.T) {
	for _, tt := range []struct {
		listener, host string
		want           bool
	}{
		{"shop.acme.org", "shop.acme.org", true},
		{"*.acme.org", "shop.acme.org", true},
		{"*.acme.org", "a.b.acme.org", true},
		{"*.acme.org", "acme.org", false},
		{"blog.acme.org", "shop.acme.org", false},
	} {
		if got := hostMatches(tt.listener, tt.host); got != tt.want {
			t.Errorf("hostMatches(%q, %q) = %v", tt.listener, tt.host, got)
		}
	}
}

// The review's words on the route: what a shared Gateway still needs,
// the old Ingress left by a move, and an unreadable edge.
func TestEdgeNotes(t *testing.T) {
	spec := blueprint.SiteSpec{Domain: "shop.acme.org", Route: blueprint.RouteGateway,
		Gateway: blueprint.GatewayRef{Namespace: "gateway-system", Name: "public", Section: "https"}}
	f := &facts{edge: EdgeFacts{Edge: model.Edge{GatewayAPI: true, Gateways: []model.GatewayInfo{{Namespace: "gateway-system", Name: "public",
		Listeners: []model.ListenerInfo{{Name: "https", Protocol: "HTTPS", Hostname: "*.kittens.io"}}}}}}}
	o := model.NamespaceObjects{Ingresses: []*networkingv1.Ingress{{ObjectMeta: metav1.ObjectMeta{Namespace: "shop-acme-org", Name: "web"}}}}
	got := strings.Join(edgeNotes(spec, o, f), "\n")
	for _, want := range []string{
		"upload size 128m: not part of the Gateway API",
		"Ingress web stays and keeps serving: delete it (kubectl -n shop-acme-org delete ingress web)",
		"Gateway gateway-system/public has no cert-manager.io/cluster-issuer annotation",
		"listener https serves *.kittens.io, not shop.acme.org: the route will not be Accepted (NoMatchingListenerHostname)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("notes lack %q:\n%s", want, got)
		}
	}
	spec.Gateway.Name = "gone"
	f.edgeErr = errors.New("connection refused")
	got = strings.Join(edgeNotes(spec, model.NamespaceObjects{}, f), "\n")
	for _, want := range []string{"Gateway gateway-system/gone not found", "could not read the cluster's edge (connection refused)"} {
		if !strings.Contains(got, want) {
			t.Errorf("notes lack %q:\n%s", want, got)
		}
	}
}
