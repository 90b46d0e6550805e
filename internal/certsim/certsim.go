// Package certsim makes the cert-manager objects of one certificate's
// issuance (Certificate, CertificateRequest, Order, Challenge) the way
// cert-manager names and links them, annotated for the local cluster's
// kwok stages (hack/localcluster/stages/cert-manager.yaml), which then
// write the status cert-manager would. No cert-manager controller runs
// locally: the demo seed and the tests stand in for its ingress-shim and
// controllers. Nothing here is used against a real cluster.
package certsim

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"hash/adler32"
	"strconv"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
)

// Scenarios: the values of AnnotationSimulate the stages know.
const (
	Issued        = "issued"         // Ready, notAfter 90 days out (or Days)
	ExpiredReady  = "expired-ready"  // Ready, notAfter 2 days ago (or Days)
	Challenge404  = "challenge-404"  // the HTTP-01 self-check gets 404
	RateLimited   = "rate-limited"   // the ACME server refuses the order (429)
	IssuerMissing = "issuer-missing" // the ClusterIssuer does not exist
)

// Annotations the stages read.
const (
	AnnotationSimulate = "fdtui.dev/simulate-tls"
	AnnotationDays     = "fdtui.dev/simulate-tls-days"
)

// Chain is one certificate's issuance to simulate.
type Chain struct {
	Namespace string
	// Name is the Certificate's name; ingress-shim names it after the
	// Ingress's TLS secretName, as SecretName is.
	Name, SecretName string
	DNSNames         []string
	// ClusterIssuer is the issuer named by the Ingress's
	// cert-manager.io/cluster-issuer annotation.
	ClusterIssuer string
	Scenario      string
	// Days, when set, puts notAfter that many days out; on a failing
	// scenario it makes the chain a renewal of a certificate that is
	// still Ready (its new request is revision 2).
	Days *int
}

// Create makes the chain's objects, each owned by the one before it.
// Objects of the same names left by an earlier run are deleted first, so
// the stages write a fresh status (times from now).
func Create(ctx context.Context, dyn dynamic.Interface, c Chain) error {
	if err := Delete(ctx, dyn, c); err != nil {
		return err
	}
	csr, err := newCSR(c.DNSNames)
	if err != nil {
		return err
	}
	ann := map[string]string{AnnotationSimulate: c.Scenario}
	if c.Days != nil {
		ann[AnnotationDays] = strconv.Itoa(*c.Days)
	}
	issuer := map[string]any{"name": c.ClusterIssuer, "kind": "ClusterIssuer", "group": "cert-manager.io"}
	crt := object("cert-manager.io/v1", "Certificate", c.Namespace, c.Name, ann, map[string]any{
		"secretName": c.SecretName, "dnsNames": strs(c.DNSNames), "issuerRef": issuer,
	})
	made, err := create(ctx, dyn, kube.KindCertificate, crt)
	if err != nil {
		return err
	}
	rev := requestRevision(c)
	crName := c.Name + "-" + strconv.Itoa(rev)
	crAnn := copyMap(ann)
	crAnn[model.AnnotationCertificateName] = c.Name
	crAnn[model.AnnotationCertificateRevision] = strconv.Itoa(rev)
	crAnn["cert-manager.io/private-key-secret-name"] = c.SecretName + "-" + randomHex(3)
	cr := object("cert-manager.io/v1", "CertificateRequest", c.Namespace, crName, crAnn, map[string]any{
		"request": csr, "issuerRef": issuer, "usages": []any{"digital signature", "key encipherment"},
	})
	if made, err = createOwned(ctx, dyn, kube.KindCertificateRequest, cr, made); err != nil || c.Scenario == IssuerMissing {
		return err // an issuer that does not exist never gets an Order
	}
	order := object("acme.cert-manager.io/v1", "Order", c.Namespace, OrderName(crName), copyMap(ann), map[string]any{
		"request": csr, "issuerRef": issuer, "dnsNames": strs(c.DNSNames),
	})
	if made, err = createOwned(ctx, dyn, kube.KindOrder, order, made); err != nil || c.Scenario == RateLimited {
		return err // a refused order has no authorizations, so no challenges
	}
	for i, dns := range c.DNSNames {
		token := randomHex(16)
		ch := object("acme.cert-manager.io/v1", "Challenge", c.Namespace, fmt.Sprintf("%s-%d", made.GetName(), 1000+i), copyMap(ann), map[string]any{
			"type": "HTTP-01", "dnsName": dns, "token": token, "key": token + "." + randomHex(8),
			"url":              "https://acme-v02.api.letsencrypt.org/acme/chall/1234567/" + token[:10],
			"authorizationURL": "https://acme-v02.api.letsencrypt.org/acme/authz/1234567/" + token[10:],
			"solver":           map[string]any{"http01": map[string]any{"ingress": map[string]any{}}},
			"issuerRef":        issuer,
		})
		if _, err := createOwned(ctx, dyn, kube.KindChallenge, ch, made); err != nil {
			return err
		}
	}
	return nil
}

// OrderName is cert-manager's Order name for a request: the request's
// name and a hash (adler32 here, which the stages can compute too).
func OrderName(request string) string {
	return request + "-" + strconv.FormatUint(uint64(adler32.Checksum([]byte(request))), 10)
}

// Delete removes the chain's Certificate and every request, order and
// challenge of it (by cert-manager's naming); missing ones are fine.
func Delete(ctx context.Context, dyn dynamic.Interface, c Chain) error {
	for _, rev := range []int{1, 2} {
		crName := c.Name + "-" + strconv.Itoa(rev)
		order := OrderName(crName)
		chs, err := dyn.Resource(kube.CertGVR(kube.KindChallenge)).Namespace(c.Namespace).List(ctx, metav1.ListOptions{})
		if err != nil {
			return fmt.Errorf("list challenges: %w", err)
		}
		for _, ch := range chs.Items {
			for _, ref := range ch.GetOwnerReferences() {
				if ref.Kind == "Order" && ref.Name == order {
					if err := del(ctx, dyn, kube.KindChallenge, c.Namespace, ch.GetName()); err != nil {
						return err
					}
				}
			}
		}
		if err := del(ctx, dyn, kube.KindOrder, c.Namespace, order); err != nil {
			return err
		}
		if err := del(ctx, dyn, kube.KindCertificateRequest, c.Namespace, crName); err != nil {
			return err
		}
	}
	return del(ctx, dyn, kube.KindCertificate, c.Namespace, c.Name)
}

func requestRevision(c Chain) int {
	if c.Days != nil && c.Scenario != Issued && c.Scenario != ExpiredReady {
		return 2
	}
	return 1
}

func object(apiVersion, kind, ns, name string, ann map[string]string, spec map[string]any) *unstructured.Unstructured {
	u := &unstructured.Unstructured{Object: map[string]any{"apiVersion": apiVersion, "kind": kind, "spec": spec}}
	u.SetNamespace(ns)
	u.SetName(name)
	u.SetAnnotations(ann)
	return u
}

func create(ctx context.Context, dyn dynamic.Interface, k kube.Kind, u *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	made, err := dyn.Resource(kube.CertGVR(k)).Namespace(u.GetNamespace()).Create(ctx, u, metav1.CreateOptions{})
	if err != nil {
		return nil, fmt.Errorf("create %s %s/%s: %w", u.GetKind(), u.GetNamespace(), u.GetName(), err)
	}
	return made, nil
}

// createOwned creates u owned (controller) by owner, as cert-manager's
// controllers do.
func createOwned(ctx context.Context, dyn dynamic.Interface, k kube.Kind, u, owner *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	yes := true
	u.SetOwnerReferences([]metav1.OwnerReference{{
		APIVersion: owner.GetAPIVersion(), Kind: owner.GetKind(), Name: owner.GetName(), UID: owner.GetUID(),
		Controller: &yes, BlockOwnerDeletion: &yes,
	}})
	return create(ctx, dyn, k, u)
}

func del(ctx context.Context, dyn dynamic.Interface, k kube.Kind, ns, name string) error {
	err := dyn.Resource(kube.CertGVR(k)).Namespace(ns).Delete(ctx, name, metav1.DeleteOptions{})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("delete %s %s/%s: %w", k, ns, name, err)
	}
	return nil
}

// newCSR is a PEM certificate request for names with a throwaway key
// (the field is required; nothing signs it), base64 as the API wants.
func newCSR(names []string) (string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", err
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject: pkix.Name{CommonName: names[0]}, DNSNames: names}, key)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der})), nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func strs(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+3)
	for k, v := range m {
		out[k] = v
	}
	return out
}
