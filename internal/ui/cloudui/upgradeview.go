package cloudui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// View is the offer (versions, lint, maintenance window, y) and, once
// confirmed, DigitalOcean's status of the upgrade.
func (p *upgradePage) View() string {
	st := p.c.Styles
	cl := p.cluster
	var b strings.Builder
	fmt.Fprintf(&b, " %s\n\n", st.Title.Render("Upgrade cluster "+cl.Name+" ("+cl.Region+"), now "+cl.Version))
	b.WriteString(" " + st.Label.Render("versions DigitalOcean offers") + "\n")
	for i, v := range p.versions {
		mark := "  "
		if i == p.cursor {
			mark = st.Paint(styles.Accent, "> ")
		}
		fmt.Fprintf(&b, "   %s%s (Kubernetes %s)\n", mark, v.Slug, v.KubernetesVersion)
	}
	b.WriteString("\n " + st.Label.Render("clusterlint first") + "  " + p.lintLine() + "\n")
	for _, g := range GroupLint(p.diags, siteTest(p.c, do.ContextName(cl.Region, cl.Name))) {
		for _, f := range g.Findings {
			if f.Severity == "error" {
				b.WriteString("   " + g.Name + ": " + findingLine(st, f) + "\n")
			}
		}
	}
	b.WriteString("\n " + st.Label.Render("maintenance window") + " " + cl.Maintenance.String() +
		st.Paint(styles.Dim, " (DigitalOcean's own patch upgrades happen then; this one starts when you confirm)") + "\n\n")
	b.WriteString(" " + p.stateLine() + "\n")
	if len(p.messages) > 0 && p.phase >= upUpgrading {
		b.WriteString("\n " + st.Label.Render("DigitalOcean says") + "\n")
		for _, m := range p.messages {
			b.WriteString("   " + m + "\n")
		}
	}
	if p.pollErr != nil {
		b.WriteString("\n " + st.Paint(styles.Warn, "last poll failed: "+p.pollErr.Error()+" (trying again)") + "\n")
	}
	return b.String()
}

func (p *upgradePage) lintLine() string {
	st := p.c.Styles
	switch {
	case p.phase == upLinting:
		return st.Paint(styles.Dim, "running clusterlint at DigitalOcean…")
	case p.lintErr != nil:
		return st.Paint(styles.Warn, "clusterlint failed: "+p.lintErr.Error())
	}
	line := LintSummary(p.diags)
	if len(p.diags) > 0 {
		line += st.Paint(styles.Dim, " (l on :clusters lists them; each site's screen shows its own)")
	}
	return line
}

func (p *upgradePage) stateLine() string {
	st := p.c.Styles
	switch p.phase {
	case upLinting:
		return st.Paint(styles.Dim, "waiting for clusterlint before offering the upgrade… (esc cancels)")
	case upChoosing:
		return st.Paint(styles.Warn, "y upgrades "+p.cluster.Name+" to "+p.versions[p.cursor].Slug+" now") + st.Paint(styles.Dim, " · ↑/↓ another version · esc cancels")
	case upUpgrading:
		elapsed := p.c.Now().Sub(p.started).Round(time.Second)
		return fmt.Sprintf("%s (%s) to %s  %s", st.Paint(styles.Warn, orDefault(p.cluster.Status, "upgrading")), elapsed, p.target.Slug, p.cluster.StatusMessage) +
			st.Paint(styles.Dim, " · esc stops watching, not the upgrade")
	case upDone:
		return st.Paint(styles.Good, "upgraded: "+p.cluster.Name+" runs "+p.cluster.Version) + st.Paint(styles.Dim, " · esc: back")
	}
	return st.Paint(styles.Bad, "failed: "+p.err.Error())
}

func (p *upgradePage) ShortHelp() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "upgrade")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
}
func (p *upgradePage) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
