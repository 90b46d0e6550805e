package tlsui

import (
	"context"
	"fmt"
	"strings"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// SiteActions are the certificate keys on a site's page: R renews the
// worst Certificate now (confirmed first), c opens its failing Challenge.
func (f *Feature) SiteActions(p *pages.SiteDetail) []common.Action {
	return []common.Action{
		{Key: keyRenew, Mutates: true, Need: capRenew, Do: func() common.Plan { return f.renew(p.Site()) }},
		{Key: keyChall, Do: func() common.Plan { return f.challenge(p.Site()) }},
	}
}

// renew is cmctl renew on the site's worst Certificate, after saying what
// it does and what it costs.
func (f *Feature) renew(site model.Site) common.Plan {
	c, ok := site.Certs.Worst()
	if !ok {
		return common.Refuse(noCert(site))
	}
	ns, name, dyn := site.Namespace, c.Name, f.c.Conn.Cluster.Dynamic
	lines := []string{
		"Sets the Issuing condition of Certificate " + ns + "/" + name + " (reason ManuallyTriggered), as cmctl renew does:",
		"cert-manager then asks " + c.Issuer + " for a new certificate for " + strings.Join(c.DNSNames, ", ") + ".",
		"The current certificate keeps serving until the new one is issued.",
	}
	if c.Step != nil && c.Step.Kind == "Order" && strings.Contains(c.Step.What, "rate-limited") {
		lines = append(lines, "Careful: "+c.Step.What+"; a new order now fails again and counts against the limit.")
	} else if c.Phase == model.CertFailing && c.Step != nil {
		lines = append(lines, "It fails again unless the cause is fixed: "+c.Step.What)
	}
	task := common.NewTask("renewing certificate "+name+" in "+ns, func(ctx context.Context) (string, error) {
		return actions.RenewCertificate(ctx, dyn, ns, name)
	})
	return common.Plan{Task: task, Confirm: &common.Prompt{Title: "Renew certificate " + name + " now", Lines: lines}}
}

// challenge opens the failing Challenge's details.
func (f *Feature) challenge(site model.Site) common.Plan {
	c, ok := site.Certs.Worst()
	if !ok {
		return common.Refuse(noCert(site))
	}
	if c.Challenge == "" {
		what := "its issuance is not waiting on a challenge"
		if c.Step != nil {
			what = "the failing step is: " + c.Step.What
		}
		return common.Refuse(fmt.Sprintf("no failing challenge for certificate %s: %s", c.Name, what))
	}
	return common.Plan{Open: common.Push(f.newChallengePage(site.Namespace, c.Name, c.Challenge))}
}

func noCert(site model.Site) string {
	if !site.Certs.Watched {
		return "certificates not shown: " + site.Certs.Note
	}
	return "no cert-manager Certificate in " + site.Namespace
}
