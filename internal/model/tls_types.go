package model

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The cert-manager objects fdtui reads, with only the fields it shows;
// JSON names as cert-manager's pkg/apis/certmanager/v1 and
// pkg/apis/acme/v1 (v1.21). The CertificateRequest's and Order's
// spec.request (a CSR) and any issued certificate are never kept: the
// informers drop them (kube.slimCertManager), and the TLS Secret is never
// read at all.

// CMCondition is a cert-manager condition (Certificate, CertificateRequest).
type CMCondition struct {
	Type               string       `json:"type"`
	Status             string       `json:"status"`
	Reason             string       `json:"reason,omitempty"`
	Message            string       `json:"message,omitempty"`
	LastTransitionTime *metav1.Time `json:"lastTransitionTime,omitempty"`
	ObservedGeneration int64        `json:"observedGeneration,omitempty"`
}

// IssuerRef names an Issuer or ClusterIssuer (Kind "" means Issuer).
type IssuerRef struct {
	Name  string `json:"name"`
	Kind  string `json:"kind,omitempty"`
	Group string `json:"group,omitempty"`
}

// Certificate is cert-manager.io/v1 Certificate.
type Certificate struct {
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		SecretName string    `json:"secretName"`
		DNSNames   []string  `json:"dnsNames,omitempty"`
		IssuerRef  IssuerRef `json:"issuerRef"`
	} `json:"spec"`
	Status CertificateStatus `json:"status"`
}

// CertificateStatus is a Certificate's status: times are the issued
// certificate's (notAfter is read from the certificate itself by
// cert-manager's readiness controller).
type CertificateStatus struct {
	Conditions             []CMCondition `json:"conditions,omitempty"`
	NotBefore              *metav1.Time  `json:"notBefore,omitempty"`
	NotAfter               *metav1.Time  `json:"notAfter,omitempty"`
	RenewalTime            *metav1.Time  `json:"renewalTime,omitempty"`
	Revision               *int          `json:"revision,omitempty"`
	LastFailureTime        *metav1.Time  `json:"lastFailureTime,omitempty"`
	FailedIssuanceAttempts *int          `json:"failedIssuanceAttempts,omitempty"`
}

// CertificateRequest is cert-manager.io/v1 CertificateRequest (no CSR).
type CertificateRequest struct {
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		IssuerRef IssuerRef `json:"issuerRef"`
	} `json:"spec"`
	Status struct {
		Conditions  []CMCondition `json:"conditions,omitempty"`
		FailureTime *metav1.Time  `json:"failureTime,omitempty"`
	} `json:"status"`
}

// Order is acme.cert-manager.io/v1 Order (no CSR, no certificate).
type Order struct {
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		DNSNames  []string  `json:"dnsNames,omitempty"`
		IssuerRef IssuerRef `json:"issuerRef"`
	} `json:"spec"`
	Status struct {
		URL         string       `json:"url,omitempty"`
		State       string       `json:"state,omitempty"`
		Reason      string       `json:"reason,omitempty"`
		FailureTime *metav1.Time `json:"failureTime,omitempty"`
	} `json:"status"`
}

// Challenge is acme.cert-manager.io/v1 Challenge (no key authorization).
type Challenge struct {
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		Type             string    `json:"type"`
		DNSName          string    `json:"dnsName"`
		Wildcard         bool      `json:"wildcard,omitempty"`
		Token            string    `json:"token"`
		URL              string    `json:"url"`
		AuthorizationURL string    `json:"authorizationURL"`
		IssuerRef        IssuerRef `json:"issuerRef"`
	} `json:"spec"`
	Status struct {
		Presented  bool   `json:"presented"`
		Processing bool   `json:"processing"`
		State      string `json:"state,omitempty"`
		Reason     string `json:"reason,omitempty"`
	} `json:"status"`
}

// CertObjects are one namespace's cert-manager objects. Watched is false
// when they are not read at all (cert-manager's CRDs are not installed, or
// RBAC forbids listing them): Note then says which, and nothing is
// judged from their absence.
type CertObjects struct {
	Watched      bool
	Note         string
	Certificates []*Certificate
	Requests     []*CertificateRequest
	Orders       []*Order
	Challenges   []*Challenge
}
