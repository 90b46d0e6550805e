package triage

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// textPage shows a read-only text (describe, YAML) in a scrolling viewport.
type textPage struct {
	common.Owner
	c     *common.Common
	title string
	vp    viewport.Model
	text  string
}

func newTextPage(c *common.Common, title, text string) *textPage {
	p := &textPage{Owner: common.NewOwner(c), c: c, title: title, text: text, vp: viewport.New()}
	p.vp.SetContent(text)
	return p
}

func (p *textPage) Init() tea.Cmd       { return nil }
func (p *textPage) Title() string       { return p.title }
func (p *textPage) Refresh(store.Dirty) {}
func (p *textPage) SetSize(w, h int) {
	p.vp.SetWidth(w)
	p.vp.SetHeight(h)
}

func (p *textPage) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	var cmd tea.Cmd
	p.vp, cmd = p.vp.Update(msg)
	return p, cmd
}

func (p *textPage) View() string { return p.vp.View() }

func (p *textPage) ShortHelp() []key.Binding {
	return []key.Binding{p.vp.KeyMap.Down, p.vp.KeyMap.Up, p.vp.KeyMap.PageDown, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back"))}
}

func (p *textPage) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// joinLines indents label/value lines for describe output.
func joinLines(lines []string) string { return strings.Join(lines, "\n") }
