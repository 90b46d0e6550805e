package model

import (
	"strconv"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// chain builds a cert-manager chain the way cert-manager links it: a
// Certificate, its request <cert>-<rev> (annotations), an Order owned by
// the request and a Challenge owned by the Order.
type chain struct{ o CertObjects }

func newChain() *chain { return &chain{o: CertObjects{Watched: true}} }

func (c *chain) cert(name string, ready bool, notAfterDays float64, rev int, conds ...CMCondition) *chain {
	crt := &Certificate{ObjectMeta: metav1.ObjectMeta{Name: name}}
	crt.Spec.DNSNames = []string{"shop.acme.org"}
	crt.Spec.IssuerRef = IssuerRef{Name: "letsencrypt-prod", Kind: "ClusterIssuer"}
	status := "False"
	if ready {
		status = "True"
	}
	crt.Status.Conditions = append([]CMCondition{{Type: "Ready", Status: status, Reason: "Ready"}}, conds...)
	if notAfterDays != 0 {
		na := metav1.NewTime(now.Add(time.Duration(notAfterDays * 24 * float64(time.Hour))))
		crt.Status.NotAfter = &na
	}
	if rev > 0 {
		crt.Status.Revision = &rev
	}
	c.o.Certificates = append(c.o.Certificates, crt)
	return c
}

func (c *chain) request(cert string, rev int, reason, message string) *chain {
	cr := &CertificateRequest{ObjectMeta: metav1.ObjectMeta{Name: cert + "-" + itoa(rev), Annotations: map[string]string{
		AnnotationCertificateName: cert, AnnotationCertificateRevision: itoa(rev)}}}
	cr.Spec.IssuerRef = IssuerRef{Name: "letsencrypt-prod", Kind: "ClusterIssuer"}
	status := "False"
	if reason == "Issued" {
		status = "True"
	}
	cr.Status.Conditions = []CMCondition{{Type: "Ready", Status: status, Reason: reason, Message: message}}
	c.o.Requests = append(c.o.Requests, cr)
	return c
}

func (c *chain) order(request, state, reason string) *chain {
	o := &Order{ObjectMeta: metav1.ObjectMeta{Name: request + "-42",
		OwnerReferences: []metav1.OwnerReference{{Kind: "CertificateRequest", Name: request}}}}
	o.Status.State, o.Status.Reason = state, reason
	c.o.Orders = append(c.o.Orders, o)
	return c
}

func (c *chain) challenge(order, state, reason string) *chain {
	ch := &Challenge{ObjectMeta: metav1.ObjectMeta{Name: order + "-7",
		OwnerReferences: []metav1.OwnerReference{{Kind: "Order", Name: order}}}}
	ch.Spec.Type, ch.Spec.DNSName, ch.Spec.Token = "HTTP-01", "shop.acme.org", "tok3n"
	ch.Status.State, ch.Status.Reason, ch.Status.Presented, ch.Status.Processing = state, reason, true, true
	c.o.Challenges = append(c.o.Challenges, ch)
	return c
}

func itoa(i int) string { return strconv.Itoa(i) }

const (
	selfCheck404 = "Waiting for HTTP-01 challenge propagation: wrong status code '404', expected '200'"
	rateLimited  = "Failed to create Order: 429 urn:ietf:params:acme:error:rateLimited: too many certificates (5) already issued for this exact set of identifiers in the last 168h0m0s, retry after 2025-03-16 03:00:00 UTC: see https://letsencrypt.org/docs/rate-limits/#new-certificates-per-exact-set-of-identifiers"
	noIssuer     = `Referenced "ClusterIssuer" not found: clusterissuer.cert-manager.io "letsencrypt-prod" not found`
)

var issuingNew = CMCondition{Type: "Issuing", Status: "True", Reason: "DoesNotExist", Message: "Issuing certificate as Secret does not exist"}
var renewing = CMCondition{Type: "Issuing", Status: "True", Reason: "Renewing", Message: "Renewing certificate as renewal was scheduled at ..."}

func TestDeriveTLS(t *testing.T) {
	tests := []struct {
		name      string
		c         *chain
		phase     CertPhase
		days      int
		urgent    bool
		what      string // the failing step's words ("" = no step)
		challenge string
	}{
		{"issued, 61 days left", newChain().cert("shop-tls", true, 61.2, 1).request("shop-tls", 1, "Issued", ""),
			CertValid, 61, false, "", ""},
		{"issued, 10 days left: amber, not urgent", newChain().cert("shop-tls", true, 10.2, 1),
			CertValid, 10, false, "", ""},
		{"issued, 5 days left: urgent", newChain().cert("shop-tls", true, 5.2, 1),
			CertValid, 5, true, "", ""},
		{"6 days 14 hours: 7 days to the nearest day, not urgent", newChain().cert("shop-tls", true, 6.6, 1),
			CertValid, 7, false, "", ""},
		{"6 days 10 hours: 6 days, urgent", newChain().cert("shop-tls", true, 6.4, 1),
			CertValid, 6, true, "", ""},
		{"Ready but notAfter passed: expired", newChain().cert("shop-tls", true, -2, 1),
			CertExpired, -2, true, "", ""},
		{"challenge self-check 404 on first issuance",
			newChain().cert("shop-tls", false, 0, 0, issuingNew).
				request("shop-tls", 1, "Pending", `Waiting on certificate issuance from order ns/shop-tls-1-42: "pending"`).
				order("shop-tls-1", "pending", "").challenge("shop-tls-1-42", "pending", selfCheck404),
			CertFailing, 0, true, "challenge for shop.acme.org: HTTP-01 self-check got 404 from /.well-known/acme-challenge/tok3n", "shop-tls-1-42-7"},
		{"rate-limited order",
			newChain().cert("shop-tls", false, 0, 0, CMCondition{Type: "Issuing", Status: "False", Reason: "Failed", Message: "The certificate request has failed..."}).
				request("shop-tls", 1, "Failed", "Failed to wait for order resource...").order("shop-tls-1", "errored", rateLimited),
			CertFailing, 0, true, "order rate-limited by the ACME server until 2025-03-16 03:00:00 UTC", ""},
		{"issuer missing",
			newChain().cert("shop-tls", false, 0, 0, issuingNew).request("shop-tls", 1, "Pending", noIssuer),
			CertFailing, 0, true, "issuer letsencrypt-prod not found (ClusterIssuer)", ""},
		{"renewal failing, 60 days left: failing, not urgent",
			newChain().cert("shop-tls", true, 60.2, 1, renewing).request("shop-tls", 1, "Issued", "").
				request("shop-tls", 2, "Pending", noIssuer),
			CertFailing, 60, false, "issuer letsencrypt-prod not found (ClusterIssuer)", ""},
		{"renewal failing, 10 days left: urgent",
			newChain().cert("shop-tls", true, 10.2, 1, renewing).request("shop-tls", 2, "Pending", "x").
				order("shop-tls-2", "pending", "").challenge("shop-tls-2-42", "pending", selfCheck404),
			CertFailing, 10, true, "challenge for shop.acme.org: HTTP-01 self-check got 404 from /.well-known/acme-challenge/tok3n", "shop-tls-2-42-7"},
		{"order pending, challenge not yet checked: issuing",
			newChain().cert("shop-tls", false, 0, 0, issuingNew).request("shop-tls", 1, "Pending", "waiting").
				order("shop-tls-1", "pending", ""),
			CertIssuing, 0, false, "order pending, waiting for the ACME server", ""},
		{"the request of the certificate in use is not a failure",
			newChain().cert("shop-tls", true, 40.2, 2).request("shop-tls", 2, "Issued", ""),
			CertValid, 40, false, "", ""},
	}
	for _, tt := range tests {
		tls := DeriveTLS(tt.c.o, now)
		c, ok := tls.Worst()
		if !ok {
			t.Fatalf("%s: no certificate", tt.name)
		}
		what := ""
		if c.Step != nil {
			what = c.Step.What
			if c.Phase == CertFailing && c.Step.Fix == "" {
				t.Errorf("%s: failing step without a fix", tt.name)
			}
		}
		if c.Phase != tt.phase || what != tt.what || c.Urgent(now) != tt.urgent || c.Challenge != tt.challenge {
			t.Errorf("%s: phase %v step %q urgent %v challenge %q; want %v %q %v %q", tt.name, c.Phase, what, c.Urgent(now), c.Challenge,
				tt.phase, tt.what, tt.urgent, tt.challenge)
		}
		if c.HasCert() && c.DaysLeft(now) != tt.days {
			t.Errorf("%s: %d days left, want %d", tt.name, c.DaysLeft(now), tt.days)
		}
	}
}

func TestDeriveTLSWorstFirstAndUnwatched(t *testing.T) {
	c := newChain().cert("a-tls", true, 80.2, 1).cert("b-tls", true, -1, 1).cert("c-tls", true, 20.2, 1)
	tls := DeriveTLS(c.o, now)
	var names []string
	for _, x := range tls.Certs {
		names = append(names, x.Name)
	}
	if got := strings.Join(names, " "); got != "b-tls c-tls a-tls" {
		t.Errorf("order %q, want expired first, then by notAfter", got)
	}
	un := DeriveTLS(CertObjects{Note: "cert-manager is not installed"}, now)
	if un.Watched || un.Note == "" || un.Urgent(now) {
		t.Errorf("unwatched: %+v", un)
	}
}

func TestSortSitesCertificateRank(t *testing.T) {
	site := func(domain string, state SiteState, certDays float64) Site {
		s := Site{Domain: domain, State: state, Serving: true}
		if certDays != 0 {
			s.Certs = DeriveTLS(newChain().cert(domain, true, certDays, 1).o, now)
			s.certUrgent = s.Certs.Urgent(now)
		}
		return s
	}
	sites := []Site{
		site("a-healthy.org", SiteOK, 61.2),
		site("b-degraded.org", SiteDegraded, 0),
		site("c-expiring.org", SiteOK, 5.2),
		site("d-down.org", SiteDown, 0),
		site("e-stuck.org", SiteStuck, 0),
		site("f-expired-rolling.org", SiteRolling, -1),
	}
	SortSites(sites)
	var got []string
	for _, s := range sites {
		got = append(got, s.Domain)
	}
	want := "d-down.org e-stuck.org c-expiring.org f-expired-rolling.org b-degraded.org a-healthy.org"
	if strings.Join(got, " ") != want {
		t.Errorf("order\n got %s\nwant %s", strings.Join(got, " "), want)
	}
}

func TestCertChangesAt(t *testing.T) {
	day := 24 * time.Hour
	c := CertStatus{NotAfter: now.Add(61*day + 3*time.Hour)} // 61 days to the nearest day
	next := c.ChangesAt(now)
	if c.DaysLeft(next) != 60 || c.DaysLeft(next.Add(-time.Second)) != 61 || next.After(now.Add(day)) {
		t.Errorf("next change %v: days left %d there, %d a second before; want 60 and 61", next, c.DaysLeft(next), c.DaysLeft(next.Add(-time.Second)))
	}
	last := CertStatus{NotAfter: now.Add(5 * time.Hour)} // 0 days left: next is the expiry itself
	if got := last.ChangesAt(now); !got.Equal(last.NotAfter) {
		t.Errorf("last hours: next change %v, want notAfter %v", got, last.NotAfter)
	}
	if got := (CertStatus{NotAfter: now.Add(-time.Hour)}).ChangesAt(now); !got.IsZero() {
		t.Errorf("expired: next change %v, want none", got)
	}
}
