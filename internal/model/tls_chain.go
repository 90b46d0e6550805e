package model

import (
	"fmt"
	"regexp"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The walk down cert-manager's chain of one Certificate: its current
// CertificateRequest, that request's Order, the Order's Challenges, and
// the words for the step that failed.

// chainStep follows the Certificate's current CertificateRequest down to
// its Challenges and names the first step that failed (failing true) or,
// failing that, the step in progress. cert-manager's terms: a
// CertificateRequest is Pending or Failed, an Order and a Challenge have a
// state (pending, valid, invalid, errored, expired).
func chainStep(c *Certificate, o CertObjects) (*CertStep, bool) {
	cr := currentRequest(c, o.Requests)
	if cr == nil {
		return nil, false
	}
	ready := cmCondition(cr.Status.Conditions, "Ready")
	if ready != nil && ready.Status == "True" {
		return nil, false // issued: the Certificate's own conditions tell the rest
	}
	if ready != nil && ready.Reason == "Pending" {
		if m := issuerNotFound.FindStringSubmatch(ready.Message); m != nil {
			name := cr.Spec.IssuerRef.Name
			return &CertStep{Kind: "CertificateRequest", Name: cr.Name,
				What:   fmt.Sprintf("issuer %s not found (%s)", name, m[1]),
				Reason: ready.Message,
				Fix: fmt.Sprintf("create the %s %s, or name an existing one in the Ingress's cert-manager.io/cluster-issuer annotation (kubectl get clusterissuers,issuers -A)",
					m[1], name)}, true
		}
	}
	order := orderOf(o.Orders, cr.Name)
	if order != nil {
		if step, failing := orderStep(order, o.Challenges); step != nil {
			return step, failing
		}
	}
	if ready != nil && (ready.Reason == "Failed" || ready.Reason == "Denied") {
		return &CertStep{Kind: "CertificateRequest", Name: cr.Name,
			What: "certificate request " + cr.Name + " " + strings.ToLower(ready.Reason), Reason: ready.Message,
			Fix: "fix the cause in the message, then renew now (R)"}, true
	}
	if ready != nil {
		return &CertStep{Kind: "CertificateRequest", Name: cr.Name, What: "waiting: " + ready.Message, Reason: ready.Message}, false
	}
	return nil, false
}

var (
	issuerNotFound = regexp.MustCompile(`^Referenced "([A-Za-z]+)" not found`)
	retryAfter     = regexp.MustCompile(`retry after ([0-9-]+ [0-9:]+ UTC)`)
	wrongStatus    = regexp.MustCompile(`wrong status code '(\d+)'`)
)

func orderStep(order *Order, challenges []*Challenge) (*CertStep, bool) {
	switch order.Status.State {
	case "errored", "invalid", "expired":
		if strings.Contains(order.Status.Reason, "rateLimited") {
			until := "later"
			if m := retryAfter.FindStringSubmatch(order.Status.Reason); m != nil {
				until = m[1]
			}
			return &CertStep{Kind: "Order", Name: order.Name,
				What:   "order rate-limited by the ACME server until " + until,
				Reason: order.Status.Reason,
				Fix: "wait until then: every new order counts against the limit (Let's Encrypt: 5 per exact set of names a week), so do not " +
					"delete and re-create the Certificate; test with a staging issuer"}, true
		}
		if ch := failingChallenge(order, challenges); ch != nil {
			return challengeStep(ch), true
		}
		return &CertStep{Kind: "Order", Name: order.Name, What: "order " + order.Status.State + ": " + order.Status.Reason,
			Reason: order.Status.Reason, Fix: "fix the cause in the reason, then renew now (R) for a new order"}, true
	}
	if ch := failingChallenge(order, challenges); ch != nil {
		return challengeStep(ch), true
	}
	if order.Status.State != "valid" {
		return &CertStep{Kind: "Order", Name: order.Name, What: "order " + orDefault(order.Status.State, "created") + ", waiting for the ACME server"}, false
	}
	return nil, false
}

// failingChallenge is the order's first challenge that failed: invalid or
// errored, or pending with a self-check error (cert-manager retries those,
// but they do not fix themselves).
func failingChallenge(order *Order, challenges []*Challenge) *Challenge {
	var out *Challenge
	for _, ch := range challenges {
		if ch == nil || !chainOwned(ch.OwnerReferences, ch.Name, "Order", order.Name) {
			continue
		}
		failed := ch.Status.State == "invalid" || ch.Status.State == "errored" ||
			(ch.Status.Reason != "" && strings.HasPrefix(ch.Status.Reason, "Waiting for ") && strings.Contains(ch.Status.Reason, "propagation: "))
		if failed && (out == nil || ch.Name < out.Name) {
			out = ch
		}
	}
	return out
}

func challengeStep(ch *Challenge) *CertStep {
	path := "/.well-known/acme-challenge/" + ch.Spec.Token
	s := &CertStep{Kind: "Challenge", Name: ch.Name, Reason: ch.Status.Reason}
	if m := wrongStatus.FindStringSubmatch(ch.Status.Reason); m != nil && ch.Spec.Type == "HTTP-01" {
		s.What = fmt.Sprintf("challenge for %s: HTTP-01 self-check got %s from %s", ch.Spec.DNSName, m[1], path)
		s.Fix = fmt.Sprintf("http://%s%s must reach cert-manager's solver: point %s's DNS at this cluster's load balancer, "+
			"and check that the Ingress's class is served and no other Ingress takes that path", ch.Spec.DNSName, path, ch.Spec.DNSName)
		return s
	}
	s.What = fmt.Sprintf("challenge for %s: %s %s", ch.Spec.DNSName, ch.Spec.Type, orDefault(ch.Status.Reason, ch.Status.State))
	s.Fix = "see the challenge's details (c); renew now (R) once the cause is fixed"
	return s
}

// currentRequest is the CertificateRequest of the issuance under way
// (revision status.revision+1, as cert-manager's issuing controller looks
// it up), else the newest of the Certificate's requests.
func currentRequest(c *Certificate, crs []*CertificateRequest) *CertificateRequest {
	next := "1"
	if c.Status.Revision != nil {
		next = fmt.Sprint(*c.Status.Revision + 1)
	}
	var newest *CertificateRequest
	for _, cr := range crs {
		if cr == nil || !(cr.Annotations[AnnotationCertificateName] == c.Name || chainOwned(cr.OwnerReferences, cr.Name, "Certificate", c.Name)) {
			continue
		}
		if cr.Annotations[AnnotationCertificateRevision] == next {
			return cr
		}
		if newest == nil || cr.CreationTimestamp.After(newest.CreationTimestamp.Time) {
			newest = cr
		}
	}
	if c.Status.Revision != nil && newest != nil && newest.Annotations[AnnotationCertificateRevision] == fmt.Sprint(*c.Status.Revision) {
		return nil // the request of the certificate in use: nothing under way
	}
	return newest
}

// orderOf is the request's Order.
func orderOf(orders []*Order, request string) *Order {
	for _, o := range orders {
		if o != nil && chainOwned(o.OwnerReferences, o.Name, "CertificateRequest", request) {
			return o
		}
	}
	return nil
}

// chainOwned: an owner reference to kind/name, or (objects made without
// one) the cert-manager naming "<owner>-<hash>".
func chainOwned(refs []metav1.OwnerReference, self, kind, name string) bool {
	for _, r := range refs {
		if r.Kind == kind && r.Name == name {
			return true
		}
	}
	return len(refs) == 0 && strings.HasPrefix(self, name+"-") && !strings.Contains(strings.TrimPrefix(self, name+"-"), "-")
}
