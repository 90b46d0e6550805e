package kube

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/dynamic"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// csrPEM is a certificate request (base64 of its PEM, as the API takes
// spec.request); a placeholder is enough: nothing signs it locally.
const csrPEM = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlJQi0tLS0tRU5EIENFUlRJRklDQVRFIFJFUVVFU1QtLS0tLQo="

func createCM(t *testing.T, dyn dynamic.Interface, k Kind, ns, name string, spec map[string]any) {
	t.Helper()
	gvr := CertGVR(k)
	kind := map[Kind]string{KindCertificate: "Certificate", KindCertificateRequest: "CertificateRequest", KindOrder: "Order"}[k]
	u := &unstructured.Unstructured{Object: map[string]any{"apiVersion": gvr.Group + "/v1", "kind": kind, "spec": spec}}
	u.SetName(name)
	u.SetAnnotations(map[string]string{"fdtui.dev/simulate-tls": "issued"})
	if _, err := dyn.Resource(gvr).Namespace(ns).Create(context.Background(), u, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// fdtui never reads a TLS Secret's private key: Secrets are watched
// through the metadata API only (names, no data), the typed factory never
// starts a Secret informer, and the cert-manager caches hold no CSR and
// no issued certificate.
func TestCertInformersHoldNoSecretData(t *testing.T) {
	cfg, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := context.Background()
	sec := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "shop-tls", Namespace: ns}, Type: corev1.SecretTypeOpaque,
		Data: map[string][]byte{"tls.crt": []byte("CERT"), "tls.key": []byte("PRIVATE KEY")}}
	if _, err := cs.CoreV1().Secrets(ns).Create(ctx, sec, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	issuer := map[string]any{"name": "letsencrypt-prod", "kind": "ClusterIssuer"}
	createCM(t, dyn, KindCertificate, ns, "shop-tls", map[string]any{"secretName": "shop-tls", "dnsNames": []any{"shop.example.org"}, "issuerRef": issuer})
	createCM(t, dyn, KindCertificateRequest, ns, "shop-tls-1", map[string]any{"request": csrPEM, "issuerRef": issuer})
	createCM(t, dyn, KindOrder, ns, "shop-tls-1-1", map[string]any{"request": csrPEM, "issuerRef": issuer, "dnsNames": []any{"shop.example.org"}})

	c, err := Connect("test", cfg, Options{Namespaces: []string{ns}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if !c.WaitForSync(wctx) {
		t.Fatal("caches did not sync")
	}
	if !c.Listers.Certs.Watched() || c.Listers.Certs.Note != "" {
		t.Fatalf("cert-manager kinds not all watched: %q", c.Listers.Certs.Note)
	}
	for _, sc := range c.scopes {
		if _, ok := sc.factory.WaitForCacheSync(wctx.Done())[reflect.TypeOf(&corev1.Secret{})]; ok {
			t.Error("a typed Secret informer (with data) was started")
		}
	}
	secrets, err := c.Listers.Secrets.ByNamespace(ns).List(labels.Everything())
	if err != nil || len(secrets) == 0 {
		t.Fatalf("secrets %v, %v", secrets, err)
	}
	for _, s := range secrets {
		if _, ok := s.(*metav1.PartialObjectMetadata); !ok {
			t.Errorf("Secret cached as %T, want metadata only", s)
		}
	}
	for _, l := range []struct {
		name string
		get  func() ([]any, error)
	}{
		{"certificaterequests", func() ([]any, error) { return list(c.Listers.Certs.Requests.ByNamespace(ns).List(labels.Everything())) }},
		{"orders", func() ([]any, error) { return list(c.Listers.Certs.Orders.ByNamespace(ns).List(labels.Everything())) }},
	} {
		objs, err := l.get()
		if err != nil || len(objs) != 1 {
			t.Fatalf("%s: %v, %v", l.name, objs, err)
		}
		u := objs[0].(*unstructured.Unstructured)
		if _, found, _ := unstructured.NestedFieldNoCopy(u.Object, "spec", "request"); found {
			t.Errorf("%s: spec.request (the CSR) kept in the cache", l.name)
		}
		if u.GetManagedFields() != nil {
			t.Errorf("%s: managed fields kept", l.name)
		}
	}
}

func list[T any](objs []T, err error) ([]any, error) {
	out := make([]any, len(objs))
	for i, o := range objs {
		out[i] = o
	}
	return out, err
}

// A user whose role does not cover cert-manager's kinds (ClusterRole view
// without cert-manager's aggregated roles) gets no forbidden watch: the
// kinds are left out, with a note the TLS line shows.
func TestCertInformersDegradeWithoutRBAC(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	path := testenv.ViewerKubeconfig(t, admin, cs, ns)
	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = &path
	rc, err := NewKubeconfig(flags).RESTConfig("viewer")
	if err != nil {
		t.Fatal(err)
	}
	testenv.UntilAllowed(t, cs, "system:serviceaccount:"+ns+":viewer", "list", "pods", ns)
	c, err := Connect("viewer", rc, Options{Namespaces: []string{ns}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Stop)
	if c.Listers.Certs.Watched() {
		t.Fatal("certificates watched although the viewer may not list them")
	}
	if !strings.Contains(c.Listers.Certs.Note, "may not list") || !strings.Contains(c.Listers.Certs.Note, "certificates.cert-manager.io") {
		t.Errorf("note %q", c.Listers.Certs.Note)
	}
}
