package main

import (
	"context"
	"fmt"

	"github.com/flightdeck/fdtui/internal/certsim"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// certDef is the demo certificate of a site: what cert-manager's
// ingress-shim and controllers would have made from the site's Ingress
// (its cluster-issuer annotation, its TLS secretName). No cert-manager runs
// locally: the chain is created here and the local cluster's kwok stages
// write its status (hack/localcluster/stages/cert-manager.yaml).
type certDef struct {
	Scenario string // certsim.Issued, certsim.Challenge404...
	Days     int    // notAfter this many days out (0: the scenario's own)
}

// cert is the site's certificate; --no-break leaves every one issued.
func (s *seeder) cert(d siteDef) certDef {
	c := d.Cert
	switch {
	case c.Scenario == "":
		return certDef{Scenario: certsim.Issued}
	case !s.breaking && (c.Scenario != certsim.Issued || c.Days < 14):
		return certDef{Scenario: certsim.Issued} // renewed: 90 days
	}
	return c
}

// applyCerts (re)creates every site's certificate chain, so its times
// start from now. A cluster without cert-manager's CRDs (made before
// hack/cluster.sh installed them) only gets a warning.
func (s *seeder) applyCerts(ctx context.Context, applied []appliedSite) error {
	for _, a := range applied {
		c := s.cert(a.siteDef)
		if err := s.applyCert(ctx, a.namespace(), a.Domain, c); err != nil {
			if !s.certCRDs(ctx) {
				logf("warning: no cert-manager CRDs in the cluster (bash hack/cluster.sh up installs them): certificates not simulated")
				return nil
			}
			return fmt.Errorf("site %s: certificate: %w", a.Domain, err)
		}
		logf("site %s: certificate %s (%s)", a.Domain, blueprint.TLSSecretName(a.namespace()), describeCert(c))
	}
	return nil
}

// applyCert makes one site's chain: the Certificate named after the
// Ingress's TLS secret, for the site's domain, from the blueprint's
// default ClusterIssuer.
func (s *seeder) applyCert(ctx context.Context, ns, domain string, c certDef) error {
	chain := certsim.Chain{Namespace: ns, Name: blueprint.TLSSecretName(ns), SecretName: blueprint.TLSSecretName(ns),
		DNSNames: []string{domain}, ClusterIssuer: blueprint.DefaultClusterIssuer, Scenario: c.Scenario}
	if c.Days != 0 {
		chain.Days = &c.Days
	}
	return certsim.Create(ctx, s.dyn, chain)
}

func (s *seeder) certCRDs(ctx context.Context) bool {
	_, err := s.cs.Discovery().ServerResourcesForGroupVersion("cert-manager.io/v1")
	return err == nil
}

func describeCert(c certDef) string {
	switch {
	case c.Scenario == certsim.Issued && c.Days > 0 && c.Days < 7:
		return fmt.Sprintf("issued, expires in %d days: ranks above healthy sites", c.Days)
	case c.Scenario == certsim.Issued && c.Days > 0:
		return fmt.Sprintf("issued, %d days left", c.Days)
	case c.Scenario == certsim.Issued:
		return "issued, 90 days left"
	case c.Days > 0:
		return fmt.Sprintf("renewal failing (%s), current certificate %d days left", c.Scenario, c.Days)
	}
	return c.Scenario
}
