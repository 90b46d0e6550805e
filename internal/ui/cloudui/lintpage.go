package cloudui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// lintPage runs clusterlint on one cluster and shows its findings grouped
// by site. esc stops waiting; the run goes on at DigitalOcean.
type lintPage struct {
	common.Owner
	c       *common.Common
	s       *service
	cluster do.Cluster
	done    bool
	diags   []do.Diagnostic
	err     error
	// top is the first line shown; height the lines that fit.
	top, height int
}

type lintDoneMsg struct {
	p     *lintPage
	diags []do.Diagnostic
	err   error
}

func newLintPage(c *common.Common, s *service, cl do.Cluster) *lintPage {
	return &lintPage{Owner: common.NewOwner(c), c: c, s: s, cluster: cl}
}

func (p *lintPage) Init() tea.Cmd {
	s, cl, ctx := p.s, p.cluster, p.Ctx()
	return p.Reply(func() tea.Msg {
		diags, err := s.runLint(ctx, cl)
		return lintDoneMsg{p: p, diags: diags, err: err}
	})
}

func (p *lintPage) Title() string       { return "lint " + p.cluster.Name }
func (p *lintPage) SetSize(_, h int)    { p.height = h }
func (p *lintPage) Refresh(store.Dirty) {}

func (p *lintPage) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case lintDoneMsg:
		if msg.p == p {
			p.done, p.diags, p.err = true, msg.diags, msg.err
		}
	case tea.KeyPressMsg:
		p.scroll(msg.String())
	}
	return p, nil
}

// scroll moves the window over the report; View clamps it.
func (p *lintPage) scroll(k string) {
	page := max(1, p.height-2)
	switch k {
	case "j", "down":
		p.top++
	case "k", "up":
		p.top--
	case "pgdown", "ctrl+f", "space":
		p.top += page
	case "pgup", "ctrl+b":
		p.top -= page
	case "g", "home":
		p.top = 0
	case "G", "end":
		p.top = 1 << 30
	}
	p.top = max(0, p.top)
}

// View shows the lines of the report that fit, from top; a last line
// says when more follow.
func (p *lintPage) View() string {
	lines := strings.Split(strings.TrimRight(p.report(), "\n"), "\n")
	if p.height <= 0 || len(lines) <= p.height {
		return strings.Join(lines, "\n")
	}
	fit := p.height - 1
	top := min(p.top, len(lines)-fit)
	more := fmt.Sprintf(" lines %d–%d of %d · j/k, pgup/pgdn scroll", top+1, top+fit, len(lines))
	return strings.Join(lines[top:top+fit], "\n") + "\n" + p.c.Styles.Paint(styles.Dim, more)
}

func (p *lintPage) report() string {
	st := p.c.Styles
	var b strings.Builder
	fmt.Fprintf(&b, " %s\n\n", st.Title.Render("clusterlint on "+p.cluster.Name+" ("+p.cluster.Region+", "+p.cluster.Version+")"))
	switch {
	case !p.done:
		b.WriteString(" " + st.Paint(styles.Dim, "running clusterlint at DigitalOcean… (a few seconds; esc stops waiting)") + "\n")
		return b.String()
	case p.err != nil:
		b.WriteString(" " + st.Paint(styles.Bad, p.err.Error()) + "\n")
		return b.String()
	}
	contextName := do.ContextName(p.cluster.Region, p.cluster.Name)
	isSite := siteTest(p.c, contextName)
	b.WriteString(" " + LintSummary(p.diags))
	if isSite == nil && len(p.diags) > 0 {
		b.WriteString(st.Paint(styles.Dim, " · by namespace (connect to "+contextName+" to tell its sites from other namespaces)"))
	}
	b.WriteString("\n")
	for _, g := range GroupLint(p.diags, isSite) {
		b.WriteString("\n " + st.Label.Render(groupTitle(g.Name, isSite != nil)) + "\n")
		for _, f := range g.Findings {
			b.WriteString("   " + findingLine(st, f) + "\n")
		}
	}
	return b.String()
}

func groupTitle(name string, sitesKnown bool) string {
	switch {
	case name == ClusterGroup:
		return "cluster (cluster-wide objects and namespaces without a site)"
	case sitesKnown:
		return "site " + name
	}
	return "namespace " + name
}

// findingLine is "warning     dobs-pod-owner  pod …: message", the
// severity in DigitalOcean's word and tone.
func findingLine(st *styles.Styles, f LintFinding) string {
	tone := styles.Dim
	switch f.Severity {
	case "error":
		tone = styles.Bad
	case "warning":
		tone = styles.Warn
	}
	return st.Paint(tone, fmt.Sprintf("%-10s", f.Severity)) + " " + FindingText(f)
}

func (p *lintPage) ShortHelp() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("j", "k"), key.WithHelp("j/k", "scroll")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
}
func (p *lintPage) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
