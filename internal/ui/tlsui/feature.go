// Package tlsui is a site's certificates: the sites page's TLS column,
// the site page's TLS line (with the failing step of cert-manager's chain
// and its fix), renew now, and the failing Challenge's details. It reads
// the Certificates the store derived (model.SiteTLS); the TLS Secret is
// never read.
package tlsui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// RBAC: renew updates the Certificate's status subresource, as cmctl
// renew does; the challenge page reads the cache (listing was allowed).
var (
	capRenew = common.Capability{Verb: "update", Group: "cert-manager.io", Resource: "certificates", Subresource: "status"}
	keyRenew = common.Bind("R", "renew certificate")
	keyChall = common.Bind("c", "challenge details")
)

// Feature is the certificates feature; it holds no state.
type Feature struct{ c *common.Common }

// New returns the feature.
func New(c *common.Common) *Feature { return &Feature{c: c} }

// Column is the sites page's TLS column: days left of the worst
// certificate (amber under 14 days, red under 7 or expired), or FAILING /
// ISSUING; "—" when the site has no Certificate, "?" when cert-manager's
// objects are not read.
func (f *Feature) Column() pages.SiteColumn {
	return pages.SiteColumn{Column: table.Column{Title: "TLS", Width: 8, Right: true}, Cell: f.cell}
}

func (f *Feature) cell(s model.Site) table.Cell {
	now := f.c.Now()
	c, ok := s.Certs.Worst()
	if !s.Certs.Watched || !ok {
		return table.Cell{Text: s.Certs.Word(now), Tone: styles.Dim}
	}
	return cellOf(c, now)
}

// cellOf is one certificate's column text (model's Word) and tone.
func cellOf(c model.CertStatus, now time.Time) table.Cell {
	text := c.Word(now)
	switch {
	case c.Phase == model.CertExpired:
		return table.Cell{Text: text, Tone: styles.Bad}
	case c.Phase == model.CertFailing:
		tone := styles.Warn
		if c.Urgent(now) {
			tone = styles.Bad
		}
		return table.Cell{Text: text, Tone: tone}
	case c.Phase == model.CertIssuing && !c.HasCert():
		return table.Cell{Text: text, Tone: styles.Warn}
	}
	return daysCell(c, now)
}

// daysCell is the days left ("61d"), amber under CertWarnDays, red under
// CertUrgentDays.
func daysCell(c model.CertStatus, now time.Time) table.Cell {
	d := c.DaysLeft(now)
	tone := styles.Good
	switch {
	case d < model.CertUrgentDays:
		tone = styles.Bad
	case d < model.CertWarnDays:
		tone = styles.Warn
	}
	return table.Cell{Text: fmt.Sprintf("%dd", d), Tone: tone}
}

// Section is the site page's TLS line.
func (f *Feature) Section() pages.SiteSection { return pages.SiteSection{Text: f.section} }

// section: one line per certificate (worst first, at most three), then
// the failing step's cert-manager reason and fix under the worst.
func (f *Feature) section(ns string, width int) string {
	if f.c.Conn == nil {
		return ""
	}
	site, ok := f.c.Conn.Store.Site(ns)
	if !ok {
		return ""
	}
	st, now := f.c.Styles, f.c.Now()
	label := " " + st.Label.Render("tls") + "      "
	t := site.Certs
	switch {
	case !t.Watched:
		if !site.TLS {
			return ""
		}
		return fit(label+st.Paint(styles.Dim, "certificates not shown: "+t.Note), width)
	case len(t.Certs) == 0:
		if !site.TLS {
			return ""
		}
		return fit(label+st.Paint(styles.Warn, "no cert-manager Certificate in this namespace: cert-manager's ingress-shim makes one from the Ingress's cert-manager.io/cluster-issuer annotation"), width)
	}
	var b strings.Builder
	for i, c := range t.Certs[:min(3, len(t.Certs))] {
		if i > 0 {
			label = "          "
		}
		b.WriteString(fit(label+f.certLine(c, now), width) + "\n")
		if i == 0 && c.Step != nil && c.Step.Reason != "" && c.Step.Reason != c.Step.What {
			b.WriteString(fit("   "+st.Paint(styles.Dim, c.Step.Reason), width) + "\n")
		}
		if i == 0 && c.Step != nil && c.Step.Fix != "" {
			// The fix is the one line worth reading whole: wrapped, not cut.
			fix := ansi.Wordwrap(c.Step.Fix+f.keysHint(c), max(20, width-6), "")
			b.WriteString("   " + st.Paint(styles.Accent, "→") + " " + strings.ReplaceAll(fix, "\n", "\n     ") + "\n")
		}
	}
	if len(t.Certs) > 3 {
		fmt.Fprintf(&b, "          %s\n", st.Paint(styles.Dim, fmt.Sprintf("and %d more Certificates", len(t.Certs)-3)))
	}
	if t.Note != "" {
		b.WriteString("          " + st.Paint(styles.Dim, t.Note) + "\n")
	}
	return b.String()
}

// certLine: "61d left · notAfter 2027-02-01 · renews 2027-01-02 ·
// ClusterIssuer letsencrypt-prod · Certificate shop-tls", led by FAILING,
// ISSUING or EXPIRED with the step when there is one.
func (f *Feature) certLine(c model.CertStatus, now time.Time) string {
	st := f.c.Styles
	var parts []string
	cell := cellOf(c, now)
	switch c.Phase {
	case model.CertFailing, model.CertIssuing:
		word := "FAILING"
		if c.Phase == model.CertIssuing {
			word = "ISSUING"
		}
		lead := st.Paint(cell.Tone, word)
		if c.Step != nil {
			lead += " " + c.Step.What
		}
		parts = append(parts, lead)
	case model.CertExpired:
		ready := ""
		if c.Ready {
			ready = " (cert-manager still says Ready)"
		}
		parts = append(parts, st.Paint(styles.Bad, fmt.Sprintf("EXPIRED %s ago%s", model.FormatAge(now.Sub(c.NotAfter)), ready)))
	}
	if c.HasCert() {
		if c.Phase != model.CertExpired {
			d := daysCell(c, now)
			parts = append(parts, st.Paint(d.Tone, d.Text+" left"))
		}
		parts = append(parts, "notAfter "+c.NotAfter.UTC().Format("2006-01-02 15:04 UTC"))
		if !c.RenewalTime.IsZero() && c.Phase != model.CertExpired {
			parts = append(parts, "renews "+c.RenewalTime.UTC().Format("2006-01-02"))
		}
	}
	parts = append(parts, st.Paint(styles.Dim, c.Issuer+" · Certificate "+c.Name))
	return strings.Join(parts, st.Paint(styles.Dim, " · "))
}

// keysHint names the keys that act on the failing certificate.
func (f *Feature) keysHint(c model.CertStatus) string {
	var keys []string
	if !f.c.Options.ReadOnly {
		keys = append(keys, keyRenew.Help().Key+" renews now")
	}
	if c.Challenge != "" {
		keys = append(keys, keyChall.Help().Key+" shows the challenge")
	}
	if len(keys) == 0 {
		return ""
	}
	return f.c.Styles.Paint(styles.Dim, " ("+strings.Join(keys, ", ")+")")
}

// fit cuts a styled line to the page's width (0: unknown, uncut).
func fit(line string, width int) string {
	if width <= 1 {
		return line
	}
	return ansi.Truncate(line, width, "…")
}
