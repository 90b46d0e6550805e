package cloudui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

var keyLint = common.Bind("l", "lint DO cluster")

// selectedDO is the clusters page's selected account cluster, or why an
// action on it cannot run.
func (f *Feature) selectedDO(p *pages.Clusters, what string) (do.Cluster, string) {
	sel, ok := p.Selected()
	if !ok || sel.CloudID == "" {
		return do.Cluster{}, what + " DigitalOcean clusters; this row is a kubeconfig context only"
	}
	cl, ok := f.s.clusterByID(sel.CloudID)
	switch {
	case !ok:
		return do.Cluster{}, "cluster " + sel.Name + " is no longer in the account listing; press r"
	case cl.Status == "provisioning":
		return do.Cluster{}, "cluster " + cl.Name + " is still provisioning; wait until it runs"
	}
	return cl, ""
}

// lint opens the clusterlint report of the selected cluster, which runs
// clusterlint first (DigitalOcean reads the cluster; nothing changes).
func (f *Feature) lint(p *pages.Clusters) common.Plan {
	cl, why := f.selectedDO(p, "l lints")
	if why != "" {
		return common.Refuse(why)
	}
	c, s := f.c, f.s
	return common.Plan{Open: common.PushBuilt(func() common.Page { return newLintPage(c, s, cl) })}
}

// lintAfterCreate runs clusterlint on a cluster the wizard created, once
// the app has connected to it, and says what it found.
func (f *Feature) lintAfterCreate(conn *common.Conn) tea.Cmd {
	cl, ok := f.s.clusterForContext(conn.Context)
	if !ok || !f.hasDO() {
		return nil
	}
	s := f.s
	return func() tea.Msg {
		diags, err := s.runLint(conn.Ctx(), cl)
		if err != nil {
			return common.ToastMsg{Text: "clusterlint on " + cl.Name + ": " + err.Error(), Error: true}
		}
		return common.ToastMsg{Text: "clusterlint on " + cl.Name + ": " + LintSummary(diags) + " (l on :clusters lists them)"}
	}
}

// siteTest tells site namespaces apart when the report's cluster is the
// connected one; nil otherwise (its sites are not known).
func siteTest(c *common.Common, contextName string) func(string) bool {
	conn := c.Conn
	if conn == nil || conn.Context != contextName || conn.Store == nil {
		return nil
	}
	return func(ns string) bool {
		_, ok := conn.Store.Site(ns)
		return ok
	}
}

// sectionFindings bounds the site page's lint block, so the pods keep
// their room; the clusters screen's report has them all.
const sectionFindings = 4

// LintSection is the site page's clusterlint block: the connected
// cluster's last findings in the site's namespace ("" when none).
func (f *Feature) LintSection() pages.SiteSection {
	return pages.SiteSection{Text: f.lintSection, Listen: f.s.lint.listen}
}

func (f *Feature) lintSection(namespace string, _ int) string {
	conn := f.c.Conn
	if conn == nil {
		return ""
	}
	r, ok := f.s.lint.get(conn.Context)
	if !ok {
		return ""
	}
	g := LintGroupOf(GroupLint(r.diags, siteTest(f.c, conn.Context)), namespace)
	if len(g.Findings) == 0 {
		return ""
	}
	st := f.c.Styles
	var own []do.Diagnostic
	for _, d := range r.diags {
		if d.Namespace == namespace {
			own = append(own, d)
		}
	}
	var b strings.Builder
	b.WriteString(" " + st.Label.Render("lint") + "         clusterlint on " + r.cluster + ": " + LintSummary(own) + "\n")
	shown := g.Findings
	if len(shown) > sectionFindings {
		shown = shown[:sectionFindings]
	}
	for _, fd := range shown {
		b.WriteString(strings.Repeat(" ", 14) + findingLine(st, fd) + "\n")
	}
	if more := len(g.Findings) - len(shown); more > 0 {
		b.WriteString(strings.Repeat(" ", 14) + st.Paint(styles.Dim, fmt.Sprintf("… %d more (l on :clusters lists them all)", more)) + "\n")
	}
	return b.String()
}
