package uitest

import (
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
)

// certChain is a site's cert-manager objects as cert-manager v1.21 leaves
// them: issued days before Now with daysLeft to go, and, when renewal404,
// a renewal whose HTTP-01 self-check gets 404 (request revision 2, its
// Order pending, the Challenge presented and failing).
func certChain(ns, domain string, daysLeft int, renewal404 bool) []runtime.Object {
	day := 24 * time.Hour
	notAfter := Now().Add(time.Duration(daysLeft) * day)
	ts := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	name := ns + "-tls"
	issuer := map[string]any{"name": "letsencrypt-prod", "kind": "ClusterIssuer", "group": "cert-manager.io"}
	conds := []any{map[string]any{"type": "Ready", "status": "True", "reason": "Ready",
		"message": "Certificate is up to date and has not expired", "lastTransitionTime": ts(notAfter.Add(-90 * day))}}
	if renewal404 {
		conds = append(conds, map[string]any{"type": "Issuing", "status": "True", "reason": "Renewing",
			"message":            "Renewing certificate as renewal was scheduled at " + notAfter.Add(-30*day).UTC().Format("2006-01-02 15:04:05 -0700 MST"),
			"lastTransitionTime": ts(notAfter.Add(-30 * day))})
	}
	crt := cmObject("cert-manager.io/v1", "Certificate", ns, name, nil,
		map[string]any{"secretName": name, "dnsNames": []any{domain}, "issuerRef": issuer},
		map[string]any{"conditions": conds, "notBefore": ts(notAfter.Add(-90 * day)), "notAfter": ts(notAfter),
			"renewalTime": ts(notAfter.Add(-30 * day)), "revision": int64(1)})
	if !renewal404 {
		return []runtime.Object{crt}
	}
	cr := cmObject("cert-manager.io/v1", "CertificateRequest", ns, name+"-2",
		map[string]string{"cert-manager.io/certificate-name": name, "cert-manager.io/certificate-revision": "2"},
		map[string]any{"issuerRef": issuer},
		map[string]any{"conditions": []any{map[string]any{"type": "Ready", "status": "False", "reason": "Pending",
			"message": `Waiting on certificate issuance from order ` + ns + `/` + name + `-2-2734201447: "pending"`}}})
	order := cmObject("acme.cert-manager.io/v1", "Order", ns, name+"-2-2734201447", nil,
		map[string]any{"issuerRef": issuer, "dnsNames": []any{domain}}, map[string]any{"state": "pending"})
	order.Object["metadata"].(map[string]any)["ownerReferences"] = []any{map[string]any{
		"apiVersion": "cert-manager.io/v1", "kind": "CertificateRequest", "name": name + "-2", "uid": "cr-uid"}}
	ch := cmObject("acme.cert-manager.io/v1", "Challenge", ns, name+"-2-2734201447-1000", nil,
		map[string]any{"type": "HTTP-01", "dnsName": domain, "token": "Xq3vY9kLm2Tn8RbWc5Hd", "issuerRef": issuer,
			"url": "https://acme-v02.api.letsencrypt.org/acme/chall/1234567/Xq3vY9kL"},
		map[string]any{"presented": true, "processing": true, "state": "pending",
			"reason": "Waiting for HTTP-01 challenge propagation: wrong status code '404', expected '200'"})
	ch.Object["metadata"].(map[string]any)["ownerReferences"] = []any{map[string]any{
		"apiVersion": "acme.cert-manager.io/v1", "kind": "Order", "name": name + "-2-2734201447", "uid": "order-uid"}}
	return []runtime.Object{crt, cr, order, ch}
}

func cmObject(apiVersion, kind, ns, name string, ann map[string]string, spec, status map[string]any) *unstructured.Unstructured {
	u := &unstructured.Unstructured{Object: map[string]any{"apiVersion": apiVersion, "kind": kind, "spec": spec, "status": status}}
	u.SetNamespace(ns)
	u.SetName(name)
	if ann != nil {
		u.SetAnnotations(ann)
	}
	return u
}
