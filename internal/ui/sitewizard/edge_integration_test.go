package sitewizard_test

import (
	"context"
	"strings"
	"testing"
	"time"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/testenv"
)

// The local cluster's kwok stages (hack/localcluster/stages/gateway-api.yaml)
// accept GatewayClasses of this controller, program every Gateway and
// accept HTTPRoutes, as a Gateway API implementation would.
const kwokGatewayController = "kwok.x-k8s.io/gateway"

var gatewayClassGVR = schema.GroupVersionResource{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gatewayclasses"}

// testGatewayClass makes a GatewayClass of the kwok stand-in, removed at
// the end: cluster-scoped, so uniquely named.
func testGatewayClass(t *testing.T, name string) {
	t.Helper()
	cfg, _ := testenv.Clients(t)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	gc := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass",
		"metadata": map[string]any{"name": name, "labels": map[string]any{"fdtui.dev/test": "true"}},
		"spec":     map[string]any{"controllerName": kwokGatewayController},
	}}
	if _, err := dyn.Resource(gatewayClassGVR).Create(context.Background(), gc, metav1.CreateOptions{}); err != nil {
		t.Fatalf("creating GatewayClass %s (Gateway API CRDs installed? hack/cluster.sh up): %v", name, err)
	}
	t.Cleanup(func() { _ = dyn.Resource(gatewayClassGVR).Delete(context.Background(), name, metav1.DeleteOptions{}) })
}

func testIngressClass(t *testing.T, cs kubernetes.Interface, name, controller string) {
	t.Helper()
	ic := &networkingv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"fdtui.dev/test": "true"}},
		Spec: networkingv1.IngressClassSpec{Controller: controller}}
	if _, err := cs.NetworkingV1().IngressClasses().Create(context.Background(), ic, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cs.NetworkingV1().IngressClasses().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
}

// selectOption moves a select down until the option containing want is
// under the cursor ("> "), then takes it.
func selectOption(h *harness, want string) {
	h.t.Helper()
	for i := 0; i < 40 && !strings.Contains(cursorLine(h.Screen()), want); i++ {
		h.Keys("down")
	}
	if !strings.Contains(cursorLine(h.Screen()), want) {
		h.t.Fatalf("cannot select %q:\n%s", want, h.Screen())
	}
	h.Keys("enter")
}

func cursorLine(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "> ") {
			return l
		}
	}
	return ""
}

// openSite goes from wherever the wizard left to the site's page.
func openSite(h *harness, ns string) {
	h.Keys("esc", "/")
	h.Type(ns)
	h.Keys("enter", "enter")
	h.UntilShows(10*time.Second, "route")
}

// TestLiveWizardHTTPRouteSite makes a Gateway API site through the wizard
// (its own Gateway of a GatewayClass the kwok stand-in accepts), sees the
// HTTPRoute Accepted on the site screen, and re-runs the update wizard:
// the HTTPRoute and the Gateway are read back, everything unchanged.
func TestLiveWizardHTTPRouteSite(t *testing.T) {
	h, cs := liveApp(t, nil)
	site := newLiveSite(t, cs)
	class := "fdtui-test-" + site.ns
	testGatewayClass(t, class)

	startWizard(h, site.domain, false)
	h.Paste(site.image)
	h.Keys("enter", "enter", "enter") // image, existing pull secret, its name
	fillDatabaseToEdge(h, true)
	selectOption(h, "Gateway API (HTTPRoute)")
	h.UntilShows(5*time.Second, "Step 7 of 8 · Edge · Gateway API")
	selectOption(h, "a new Gateway for this site")
	h.Keys("ctrl+u")
	h.Type("90")
	h.Keys("enter") // request timeout
	h.UntilShows(5*time.Second, "Edge · the site's own Gateway")
	selectOption(h, class)
	h.UntilShows(60*time.Second, "objects:")
	plan := h.Screen()
	for _, want := range []string{"15 objects: 15 create", "create    Gateway               web", "create    HTTPRoute             web",
		"upload size 128m: not part of the Gateway API, not applied"} {
		if !strings.Contains(plan, want) {
			t.Errorf("plan lacks %q:\n%s", want, plan)
		}
	}
	if strings.Contains(plan, "Ingress ") {
		t.Errorf("a Gateway API site plans an Ingress:\n%s", plan)
	}
	h.Keys("enter")
	h.UntilShows(liveTimeout, "applied 15 objects")

	openSite(h, site.ns)
	h.UntilShows(30*time.Second, "HTTPRoute web · Gateway "+site.ns+"/web listener https",
		"Accepted · ResolvedRefs · Gateway Programmed 127.0.0.1")

	// U: nothing edited plans every object unchanged.
	h.Keys("U")
	h.UntilShows(20*time.Second, "Step 2 of 8")
	h.Keys("enter", "enter", "enter") // image, registry login: existing, my-registry-key
	h.Keys("enter", "enter")          // mysql image, volume (class is fixed)
	h.Keys("enter")                   // memcache
	h.Keys(acceptObjectStore...)
	h.Keys(acceptPlacement...)
	h.UntilShows(5*time.Second, "Step 7 of 8 · Edge")
	h.Keys("enter") // Gateway API, prefilled
	h.UntilShows(5*time.Second, "Edge · Gateway API", "> 90")
	h.Keys("enter", "enter") // the site's own Gateway, 90 s
	h.Keys("enter")          // its class
	h.UntilShows(60*time.Second, "objects:")
	if !strings.Contains(h.Screen(), "15 objects: 0 create · 0 change · 15 unchanged") {
		t.Fatalf("an update of the HTTPRoute site with nothing edited plans changes:\n%s", h.Screen())
	}
}

// TestLiveWizardIngressSiteRetiredAndMissingClass makes an Ingress site
// through the wizard on a class served by ingress-nginx: the site screen
// flags the retired controller with the migration hint; once the class is
// deleted, it says nothing serves the Ingress.
func TestLiveWizardIngressSiteRetiredAndMissingClass(t *testing.T) {
	h, cs := liveApp(t, nil)
	site := newLiveSite(t, cs)
	class := "fdtui-test-" + site.ns
	testIngressClass(t, cs, class, model.ControllerIngressNginx)

	startWizard(h, site.domain, false)
	h.Paste(site.image)
	h.Keys("enter", "enter", "enter")
	fillDatabaseToEdge(h, true)
	selectOption(h, "Ingress")
	h.UntilShows(5*time.Second, "Step 7 of 8 · Edge · Ingress")
	selectOption(h, class+"  (k8s.io/ingress-nginx, retired March 2026)")
	h.Keys("enter") // upload size 128m
	h.Keys("ctrl+u")
	h.Type("120")
	h.Keys("enter") // timeout
	h.UntilShows(60*time.Second, "objects:")
	if !strings.Contains(h.Screen(), "14 objects: 14 create") || !strings.Contains(h.Screen(), "create    Ingress               web") {
		t.Fatalf("plan:\n%s", h.Screen())
	}
	h.Keys("enter")
	h.UntilShows(liveTimeout, "applied 14 objects")
	ing, err := cs.NetworkingV1().Ingresses(site.ns).Get(context.Background(), "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a := ing.Annotations; a["nginx.ingress.kubernetes.io/proxy-body-size"] != "128m" || a["nginx.ingress.kubernetes.io/proxy-read-timeout"] != "120" {
		t.Errorf("an ingress-nginx class's Ingress lacks its annotations: %v", a)
	}

	openSite(h, site.ns)
	h.UntilShows(30*time.Second, "Ingress web · class "+class, "ingress-nginx was retired in March 2026", "→ ", "Gateway API")

	if err := cs.NetworkingV1().IngressClasses().Delete(context.Background(), class, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	h.UntilShows(30*time.Second, "IngressClass "+class+" not found: nothing serves this Ingress")
}
