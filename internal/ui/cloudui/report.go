package cloudui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// reportPage shows the lines an operation reported, e.g. what a cluster's
// delete left behind; esc goes back.
type reportPage struct {
	common.Owner
	c     *common.Common
	title string
	lines []string
}

func newReportPage(c *common.Common, title string, lines []string) *reportPage {
	return &reportPage{Owner: common.NewOwner(c), c: c, title: title, lines: lines}
}

func (p *reportPage) Init() tea.Cmd                         { return nil }
func (p *reportPage) Title() string                         { return p.title }
func (p *reportPage) SetSize(int, int)                      {}
func (p *reportPage) Refresh(store.Dirty)                   {}
func (p *reportPage) Update(tea.Msg) (common.Page, tea.Cmd) { return p, nil }
func (p *reportPage) FullHelp() [][]key.Binding             { return [][]key.Binding{p.ShortHelp()} }
func (p *reportPage) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))}
}

func (p *reportPage) View() string {
	var b strings.Builder
	b.WriteString(" " + p.c.Styles.Title.Render(p.title) + "\n\n")
	for _, l := range p.lines {
		b.WriteString(" " + l + "\n")
	}
	return b.String()
}
