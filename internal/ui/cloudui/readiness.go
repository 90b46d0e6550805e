package cloudui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// readinessTimeout bounds the check; it only lists a few kinds.
const readinessTimeout = 20 * time.Second

// checkReadiness runs the Flight Deck readiness check on the connected
// cluster and opens its report.
func checkReadiness(c *common.Common) tea.Cmd {
	conn := c.Conn
	cs, dyn, name := conn.Cluster.Client, conn.Cluster.Dynamic, conn.Context
	if cs == nil || dyn == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(conn.Ctx(), readinessTimeout)
		defer cancel()
		checks := actions.Readiness(ctx, cs, dyn)
		return common.PushMsg{Build: func() common.Page { return newReadinessPage(c, name, checks) }}
	}
}

// readinessPage lists what the new cluster has and lacks, with fixes.
type readinessPage struct {
	common.Owner
	c       *common.Common
	context string
	checks  []actions.Check
}

func newReadinessPage(c *common.Common, contextName string, checks []actions.Check) *readinessPage {
	return &readinessPage{Owner: common.NewOwner(c), c: c, context: contextName, checks: checks}
}

func (p *readinessPage) Init() tea.Cmd                         { return nil }
func (p *readinessPage) Title() string                         { return "readiness" }
func (p *readinessPage) SetSize(int, int)                      {}
func (p *readinessPage) Refresh(store.Dirty)                   {}
func (p *readinessPage) Update(tea.Msg) (common.Page, tea.Cmd) { return p, nil }
func (p *readinessPage) FullHelp() [][]key.Binding             { return [][]key.Binding{p.ShortHelp()} }
func (p *readinessPage) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "to the sites"))}
}

func (p *readinessPage) View() string {
	st := p.c.Styles
	var b strings.Builder
	missing := 0
	for _, ch := range p.checks {
		if !ch.OK {
			missing++
		}
	}
	fmt.Fprintf(&b, " %s\n\n", st.Title.Render("What "+p.context+" needs for Flight Deck sites"))
	for _, ch := range p.checks {
		mark, tone := "✓ found  ", styles.Good
		if !ch.OK {
			mark, tone = "✗ missing", styles.Bad
		}
		fmt.Fprintf(&b, " %s %-22s %s\n", st.Paint(tone, mark), ch.Name, ch.Detail)
		if ch.Fix != "" && !ch.OK {
			for _, l := range strings.Split(ch.Fix, "\n") {
				b.WriteString("     " + st.Paint(styles.Accent, l) + "\n")
			}
		}
	}
	b.WriteString("\n ")
	if missing == 0 {
		b.WriteString(st.Paint(styles.Good, "Ready for Flight Deck sites."))
	} else {
		b.WriteString(st.Paint(styles.Warn, fmt.Sprintf("%d of %d missing: run the commands above, then add sites.", missing, len(p.checks))))
	}
	return b.String()
}
