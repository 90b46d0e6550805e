package main

import (
	"context"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"

	"github.com/flightdeck/fdtui/internal/certsim"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/testenv"
)

// The demo has a site whose certificate expires in 5 days and one whose
// renewal's challenge fails; --no-break renews both.
func TestDemoCertificates(t *testing.T) {
	var soon, failing []string
	for _, d := range demoSites {
		switch c := (&seeder{breaking: true}).cert(d); {
		case c.Scenario == certsim.Issued && c.Days == 5:
			soon = append(soon, d.Domain)
		case c.Scenario == certsim.Challenge404:
			failing = append(failing, d.Domain)
		}
		if c := (&seeder{}).cert(d); c.Scenario != certsim.Issued || (c.Days != 0 && c.Days < 14) {
			t.Errorf("--no-break: %s gets %+v, want a healthy certificate", d.Domain, c)
		}
	}
	if len(soon) != 1 || len(failing) != 1 {
		t.Errorf("expiring in 5 days: %v, failing challenge: %v; want one each", soon, failing)
	}
}

// The seed's chains, made in a test namespace, get the status the demo
// promises from the cluster's stages.
func TestApplyCertLive(t *testing.T) {
	cfg, cs := testenv.Clients(t)
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := &seeder{cs: cs, dyn: dyn}
	ctx := context.Background()
	soon, failing := testenv.Namespace(t, cs), testenv.Namespace(t, cs)
	if err := s.applyCert(ctx, soon, "soon.example.org", certDef{Scenario: certsim.Issued, Days: 5}); err != nil {
		t.Fatal(err)
	}
	if err := s.applyCert(ctx, failing, "failing.example.org", certDef{Scenario: certsim.Challenge404, Days: 12}); err != nil {
		t.Fatal(err)
	}
	crt := waitStatus(t, dyn, kube.KindCertificate, soon, blueprint.TLSSecretName(soon), "notAfter")
	notAfter, _ := time.Parse(time.RFC3339, crt)
	if left := time.Until(notAfter); left < 4*24*time.Hour || left > 5*24*time.Hour {
		t.Errorf("notAfter %s: %s left, want 5 days", crt, left)
	}
	chs, err := dyn.Resource(kube.CertGVR(kube.KindChallenge)).Namespace(failing).List(ctx, metav1.ListOptions{})
	if err != nil || len(chs.Items) != 1 {
		t.Fatalf("challenges: %v %v", chs, err)
	}
	reason := waitStatus(t, dyn, kube.KindChallenge, failing, chs.Items[0].GetName(), "reason")
	if reason != "Waiting for HTTP-01 challenge propagation: wrong status code '404', expected '200'" {
		t.Errorf("challenge reason %q", reason)
	}
}

func waitStatus(t *testing.T, dyn dynamic.Interface, k kube.Kind, ns, name, field string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		u, err := dyn.Resource(kube.CertGVR(k)).Namespace(ns).Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if v, _, _ := unstructured.NestedString(u.Object, "status", field); v != "" {
			return v
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("%s %s/%s: no status.%s after 20s (are the cert-manager stages applied?)", k, ns, name, field)
	return ""
}
