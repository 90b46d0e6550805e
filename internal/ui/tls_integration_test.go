package ui_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/certsim"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/testenv"
)

// tlsSite is one site of the certificate tests: a Flight Deck namespace
// with a short domain of its own (the sites table shows it whole) and the
// cert-manager chain the ingress-shim and cert-manager would have made,
// its status written by the local cluster's kwok stages.
type tlsSite struct {
	ns, domain string
}

func newTLSSite(t *testing.T, cs kubernetes.Interface, dyn dynamic.Interface, label, scenario string, days *int) tlsSite {
	t.Helper()
	ns := testenv.Namespace(t, cs)
	s := tlsSite{ns: ns, domain: label + "-" + ns[len(ns)-6:] + ".org"}
	patch := fmt.Sprintf(`{"metadata":{"labels":{"app.kubernetes.io/part-of":"flightdeck"},"annotations":{"flightdeck.dev/domain":%q}}}`, s.domain)
	if _, err := cs.CoreV1().Namespaces().Patch(context.Background(), ns, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	err := certsim.Create(context.Background(), dyn, certsim.Chain{Namespace: ns, Name: ns + "-tls", SecretName: ns + "-tls",
		DNSNames: []string{s.domain}, ClusterIssuer: "letsencrypt-prod", Scenario: scenario, Days: days})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func dynClient(t *testing.T) dynamic.Interface {
	t.Helper()
	cfg, _ := testenv.Clients(t)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return dyn
}

// rowIndex is the line of the site's row on the screen (-1: not shown).
func rowIndex(screen, domain string) int {
	for i, l := range strings.Split(screen, "\n") {
		if first, _, _ := strings.Cut(strings.TrimSpace(l), " "); first == domain {
			return i
		}
	}
	return -1
}

// Each certificate state, on the sites screen (TLS column, ranking) and on
// the site screen (the TLS line, the failing step in cert-manager's words,
// its fix); the failing challenge's details; renew now.
func TestLiveTLSCertificateStates(t *testing.T) {
	d := liveApp(t)
	_, cs := testenv.Clients(t)
	dyn := dynClient(t)
	days := func(n int) *int { return &n }
	healthy := newTLSSite(t, cs, dyn, "ok", certsim.Issued, days(61))
	fresh := newTLSSite(t, cs, dyn, "new", certsim.Issued, nil)
	soon := newTLSSite(t, cs, dyn, "soon", certsim.Issued, days(5))
	expired := newTLSSite(t, cs, dyn, "gone", certsim.ExpiredReady, nil)
	challenge := newTLSSite(t, cs, dyn, "c404", certsim.Challenge404, nil)
	limited := newTLSSite(t, cs, dyn, "limit", certsim.RateLimited, nil)
	noIssuer := newTLSSite(t, cs, dyn, "noiss", certsim.IssuerMissing, nil)
	renewing := newTLSSite(t, cs, dyn, "renew", certsim.Challenge404, days(40))

	// Sites screen, narrowed to this test's sites.
	d.Keys("/")
	d.Type(healthy.ns[:len(healthy.ns)-7])
	d.Keys("enter")
	want := map[tlsSite]string{healthy: "61d", fresh: "90d", soon: "5d", expired: "expired", challenge: "FAILING",
		limited: "FAILING", noIssuer: "FAILING", renewing: "FAILING"}
	d.WaitFor(t, 30*time.Second, "every site's TLS column", func(s string) bool {
		for site, cell := range want {
			// The TLS column: after AGE, before AUDIT and STORAGE.
			if !strings.Contains(siteRow(s, site.domain), " "+cell+" ") {
				return false
			}
		}
		return true
	})
	s := d.Screen()
	t.Logf("sites:\n%s", s)
	// Expired, expiring in 5 days and failing without a certificate rank
	// above the healthy sites; a failing renewal with 40 days left does not.
	for _, urgent := range []tlsSite{soon, expired, challenge, limited, noIssuer} {
		for _, calm := range []tlsSite{healthy, fresh, renewing} {
			if rowIndex(s, urgent.domain) > rowIndex(s, calm.domain) {
				t.Errorf("%s ranks below %s", urgent.domain, calm.domain)
			}
		}
	}

	// Site screen: the TLS line and the one failing step.
	for _, tc := range []struct {
		site  tlsSite
		words []string
	}{
		{healthy, []string{"61d left", "notAfter", "renews", "ClusterIssuer letsencrypt-prod"}},
		{soon, []string{"5d left"}},
		{expired, []string{"EXPIRED", "cert-manager still says Ready"}},
		{challenge, []string{"FAILING challenge for " + challenge.domain + ": HTTP-01 self-check got 404 from /.well-known/acme-challenge/",
			"Waiting for HTTP-01 challenge propagation: wrong status code '404', expected '200'", "c shows the challenge"}},
		{limited, []string{"FAILING order rate-limited by the ACME server until 20", "UTC", "do not delete and re-create the"}},
		{noIssuer, []string{"FAILING issuer letsencrypt-prod not found (ClusterIssuer)", "create the ClusterIssuer letsencrypt-prod"}},
		{renewing, []string{"FAILING challenge for", "40d left"}},
	} {
		openSite(d, tc.site.ns)
		d.WaitFor(t, 10*time.Second, tc.site.domain+"'s TLS line", func(s string) bool {
			for _, w := range tc.words {
				if !strings.Contains(s, w) {
					return false
				}
			}
			return true
		})
		t.Logf("%s:\n%s", tc.site.domain, d.Screen())
		d.Keys("esc")
	}

	// The failing challenge's details.
	openSite(d, challenge.ns)
	d.WaitFor(t, 10*time.Second, "the TLS line", func(s string) bool { return strings.Contains(s, "FAILING challenge") })
	d.Keys("c")
	d.WaitFor(t, 10*time.Second, "the challenge's details", func(s string) bool {
		return strings.Contains(s, "checked at   http://"+challenge.domain+"/.well-known/acme-challenge/") &&
			strings.Contains(s, "state        pending") && strings.Contains(s, "presented    true") &&
			strings.Contains(s, "processing   true") && strings.Contains(s, "wrong status code '404'") &&
			strings.Contains(s, "certificate  "+challenge.ns+"-tls") && strings.Contains(s, "order        "+certsim.OrderName(challenge.ns+"-tls-1"))
	})
	t.Logf("challenge:\n%s", d.Screen())
	d.Keys("esc", "esc")

	// Renew now: confirmed first, then the Issuing condition cmctl renew sets.
	openSite(d, healthy.ns)
	d.WaitFor(t, 10*time.Second, "the TLS line", func(s string) bool { return strings.Contains(s, "61d left") })
	d.Keys("R")
	d.WaitFor(t, 5*time.Second, "the confirmation", func(s string) bool {
		return strings.Contains(s, "Renew certificate "+healthy.ns+"-tls now") && strings.Contains(s, "ManuallyTriggered")
	})
	if c := issuing(t, dyn, healthy.ns); c != nil {
		t.Fatalf("Issuing set before the confirmation: %v", c)
	}
	d.Keys("y")
	var cond map[string]any
	poll(t, 15*time.Second, "the Issuing condition", func() (bool, error) {
		cond = issuing(t, dyn, healthy.ns)
		return cond != nil, nil
	})
	if cond["status"] != "True" || cond["reason"] != "ManuallyTriggered" || cond["message"] != "Certificate re-issuance manually triggered" {
		t.Errorf("Issuing condition %v, want True ManuallyTriggered as cmctl renew", cond)
	}
	d.WaitFor(t, 10*time.Second, "the result", func(s string) bool {
		return strings.Contains(s, "Manually triggered issuance of Certificate")
	})
}

// issuing is the site Certificate's Issuing condition (nil when none).
func issuing(t *testing.T, dyn dynamic.Interface, ns string) map[string]any {
	t.Helper()
	crt, err := dyn.Resource(kube.CertGVR(kube.KindCertificate)).Namespace(ns).Get(context.Background(), ns+"-tls", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	conds, _, _ := unstructured.NestedSlice(crt.Object, "status", "conditions")
	for _, c := range conds {
		if m, ok := c.(map[string]any); ok && m["type"] == "Issuing" {
			return m
		}
	}
	return nil
}
