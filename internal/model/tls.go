package model

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// cert-manager's annotations on the objects of a chain
// (pkg/apis/certmanager/v1/types.go).
const (
	AnnotationCertificateName     = "cert-manager.io/certificate-name"
	AnnotationCertificateRevision = "cert-manager.io/certificate-revision"
)

// TLS thresholds in days: the TLS column turns amber below CertWarnDays
// and red below CertUrgentDays, where a site also ranks above healthy
// ones (Let's Encrypt certificates live 90 days and cert-manager renews
// 30 days before the end: a certificate under 14 days has failed to renew
// for two weeks).
const (
	CertWarnDays   = 14
	CertUrgentDays = 7
)

// CertPhase is a Certificate's state as the TLS column shows it.
type CertPhase int

const (
	CertValid   CertPhase = iota // issued, notAfter ahead, nothing failing
	CertIssuing                  // a (re)issuance in progress, nothing failed yet
	CertFailing                  // a step of the issuance failed (Step says which)
	CertExpired                  // notAfter has passed, whatever Ready says
)

// CertStep is the one failing (or pending) step of a Certificate's
// issuance, in plain words: What names it ("challenge for shop.acme.org:
// HTTP-01 self-check got 404 from /.well-known/acme-challenge/…"), Reason
// is cert-manager's own message, Fix what a human does about it.
type CertStep struct {
	Kind, Name string // the object that says so: Challenge, Order, CertificateRequest, Certificate
	What       string
	Reason     string
	Fix        string
}

// CertStatus is one Certificate judged: expiry from status.notAfter (the
// issued certificate's own), never from Ready alone.
type CertStatus struct {
	Name     string
	DNSNames []string
	Issuer   string // "ClusterIssuer letsencrypt-prod"
	Phase    CertPhase
	// Ready is the Ready condition as cert-manager wrote it.
	Ready bool
	// NotAfter and RenewalTime are zero when the Certificate has no
	// issued certificate yet.
	NotAfter, RenewalTime time.Time
	// Step is the failing step (Phase CertFailing) or the one in progress
	// (CertIssuing); nil otherwise.
	Step *CertStep
	// Challenge is the failing Challenge's name ("" when none).
	Challenge string
}

// HasCert reports whether an issued certificate exists (notAfter known).
func (c CertStatus) HasCert() bool { return !c.NotAfter.IsZero() }

// DaysLeft is days until notAfter, to the nearest day (a certificate
// issued for 90 days shows 90 the day it is issued, not 89; negative once
// long expired). The TLS column, its colours and Urgent all use it.
func (c CertStatus) DaysLeft(now time.Time) int {
	return int(math.Floor((c.NotAfter.Sub(now).Hours() + 12) / 24))
}

// Urgent: expired, or under CertUrgentDays days left, or failing with no
// certificate or one under CertWarnDays days left. Such a site ranks
// above healthy sites (model.SortSites).
func (c CertStatus) Urgent(now time.Time) bool {
	switch {
	case c.Phase == CertExpired:
		return true
	case c.HasCert() && c.DaysLeft(now) < CertUrgentDays:
		return true
	case c.Phase == CertFailing:
		return !c.HasCert() || c.DaysLeft(now) < CertWarnDays
	}
	return false
}

// ChangesAt is the next moment this certificate's judgement changes with
// time alone: its days left drop by one (DaysLeft's rounding), or it
// expires. Zero when it has no certificate or has expired.
func (c CertStatus) ChangesAt(now time.Time) time.Time {
	if !c.HasCert() || !now.Before(c.NotAfter) {
		return time.Time{}
	}
	d := c.DaysLeft(now)
	// Just past the boundary: exactly on it, DaysLeft's floor still
	// gives d.
	next := c.NotAfter.Add(-time.Duration(24*d-12)*time.Hour + time.Millisecond)
	if !next.After(now) || next.After(c.NotAfter) {
		next = c.NotAfter
	}
	return next
}

// SiteTLS is a site's certificates, worst first (expired, failing,
// issuing, then by notAfter). Watched false: cert-manager's objects are
// not read (Note says why).
type SiteTLS struct {
	Watched bool
	Note    string
	Certs   []CertStatus
}

// Worst is the certificate the TLS column shows.
func (t SiteTLS) Worst() (CertStatus, bool) {
	if len(t.Certs) == 0 {
		return CertStatus{}, false
	}
	return t.Certs[0], true
}

// Word is what the sites screen's TLS column and `fdtui sites` show: the
// worst certificate's days left ("61d", from notAfter), "expired",
// "FAILING" (a step of the issuance failed), "ISSUING" (a first
// certificate on its way), "—" (no Certificate) or "?" (cert-manager's
// objects not read).
func (t SiteTLS) Word(now time.Time) string {
	c, ok := t.Worst()
	switch {
	case !t.Watched:
		return "?"
	case !ok:
		return "—"
	}
	return c.Word(now)
}

// Word is one certificate's word (see SiteTLS.Word).
func (c CertStatus) Word(now time.Time) string {
	switch {
	case c.Phase == CertExpired:
		return "expired"
	case c.Phase == CertFailing:
		return "FAILING"
	case c.Phase == CertIssuing && !c.HasCert():
		return "ISSUING"
	}
	return fmt.Sprintf("%dd", c.DaysLeft(now))
}

// Urgent reports whether the worst certificate is urgent (CertStatus.Urgent).
func (t SiteTLS) Urgent(now time.Time) bool {
	c, ok := t.Worst()
	return ok && c.Urgent(now)
}

// ChangesAt is the earliest ChangesAt of the site's certificates (zero:
// none changes with time alone).
func (t SiteTLS) ChangesAt(now time.Time) time.Time {
	var next time.Time
	for _, c := range t.Certs {
		if at := c.ChangesAt(now); !at.IsZero() && (next.IsZero() || at.Before(next)) {
			next = at
		}
	}
	return next
}

// DeriveTLS judges each Certificate of a namespace with its chain (the
// current CertificateRequest, its Order and the Order's Challenges).
func DeriveTLS(o CertObjects, now time.Time) SiteTLS {
	if !o.Watched {
		return SiteTLS{Note: o.Note}
	}
	t := SiteTLS{Watched: true}
	for _, c := range o.Certificates {
		if c != nil {
			t.Certs = append(t.Certs, deriveCert(c, o, now))
		}
	}
	sort.SliceStable(t.Certs, func(i, j int) bool {
		a, b := t.Certs[i], t.Certs[j]
		if pa, pb := phaseRank(a.Phase), phaseRank(b.Phase); pa != pb {
			return pa < pb
		}
		if a.HasCert() != b.HasCert() {
			return !a.HasCert()
		}
		if !a.NotAfter.Equal(b.NotAfter) {
			return a.NotAfter.Before(b.NotAfter)
		}
		return a.Name < b.Name
	})
	return t
}

func phaseRank(p CertPhase) int {
	switch p {
	case CertExpired:
		return 0
	case CertFailing:
		return 1
	case CertIssuing:
		return 2
	}
	return 3
}

func deriveCert(c *Certificate, o CertObjects, now time.Time) CertStatus {
	s := CertStatus{Name: c.Name, DNSNames: c.Spec.DNSNames, Issuer: issuerText(c.Spec.IssuerRef)}
	ready := cmCondition(c.Status.Conditions, "Ready")
	issuing := cmCondition(c.Status.Conditions, "Issuing")
	s.Ready = ready != nil && ready.Status == "True"
	if c.Status.NotAfter != nil {
		s.NotAfter = c.Status.NotAfter.Time
	}
	if c.Status.RenewalTime != nil {
		s.RenewalTime = c.Status.RenewalTime.Time
	}
	step, failing := chainStep(c, o)
	switch {
	case failing:
		s.Phase, s.Step = CertFailing, step
	case issuing != nil && issuing.Status == "False" && issuing.Reason == "Failed":
		s.Phase = CertFailing
		s.Step = &CertStep{Kind: "Certificate", Name: c.Name, What: "issuance failed", Reason: issuing.Message,
			Fix: "fix the cause in the message, then renew now (R)"}
	case issuing != nil && issuing.Status == "True":
		s.Phase, s.Step = CertIssuing, step
		if s.Step == nil {
			s.Step = &CertStep{Kind: "Certificate", Name: c.Name, What: "issuing: " + issuing.Reason, Reason: issuing.Message}
		}
	case !s.Ready && ready != nil:
		s.Phase = CertFailing
		s.Step = &CertStep{Kind: "Certificate", Name: c.Name, What: "not ready: " + ready.Reason, Reason: ready.Message,
			Fix: "renew now (R) starts a new issuance"}
	}
	if s.HasCert() && !now.Before(s.NotAfter) {
		// cert-manager can leave Ready True on a certificate whose time
		// is up (its controller down, a stale status): the date decides.
		s.Phase = CertExpired
	}
	if s.Step != nil && s.Step.Kind == "Challenge" {
		s.Challenge = s.Step.Name
	}
	return s
}

func cmCondition(cs []CMCondition, typ string) *CMCondition {
	for i := range cs {
		if cs[i].Type == typ {
			return &cs[i]
		}
	}
	return nil
}

func issuerText(r IssuerRef) string {
	return orDefault(r.Kind, "Issuer") + " " + r.Name
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
