package pages

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// Confirm asks before a destructive action. With Typed set, the user must
// type that text (e.g. a domain) — for actions that cannot be undone.
type Confirm struct {
	common.Owner
	c      *common.Common
	title  string
	lines  []string
	typed  string
	input  textinput.Model
	onYes  tea.Cmd
	danger bool
	width  int
}

// NewConfirm asks "y/n" for onYes. lines say exactly what will happen.
// onYes runs only after yes; cancelling runs nothing of it.
func NewConfirm(c *common.Common, title string, lines []string, onYes tea.Cmd) *Confirm {
	return &Confirm{Owner: common.NewOwner(c), c: c, title: title, lines: lines, onYes: onYes}
}

// NewPrompt asks an action's prompt: typed when the prompt names text to
// type, else y/n.
func NewPrompt(c *common.Common, pr common.Prompt, onYes tea.Cmd) *Confirm {
	if pr.Typed != "" {
		return NewTypedConfirm(c, pr.Title, pr.Lines, pr.Typed, onYes)
	}
	return NewConfirm(c, pr.Title, pr.Lines, onYes)
}

// NewTypedConfirm asks the user to type typed to confirm.
func NewTypedConfirm(c *common.Common, title string, lines []string, typed string, onYes tea.Cmd) *Confirm {
	p := NewConfirm(c, title, lines, onYes)
	p.typed, p.danger = typed, true
	p.input = textinput.New()
	p.input.Placeholder = typed
	p.input.SetWidth(max(20, len(typed)+2))
	p.input.Focus()
	return p
}

func (p *Confirm) Init() tea.Cmd       { return nil }
func (p *Confirm) Title() string       { return p.title }
func (p *Confirm) Capturing() bool     { return true }
func (p *Confirm) Refresh(store.Dirty) {}
func (p *Confirm) SetSize(w, _ int)    { p.width = w }

func (p *Confirm) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return p, nil
	}
	if p.typed == "" {
		switch kp.String() {
		case "y", "Y", "enter":
			return p, tea.Sequence(common.Pop, p.onYes)
		case "n", "N", "esc", "q":
			return p, tea.Batch(common.Pop, common.Toast("cancelled: "+p.title, false))
		}
		return p, nil
	}
	switch kp.String() {
	case "esc":
		return p, tea.Batch(common.Pop, common.Toast("cancelled: "+p.title, false))
	case "enter":
		if strings.TrimSpace(p.input.Value()) == p.typed {
			return p, tea.Sequence(common.Pop, p.onYes)
		}
		return p, common.Toast("the text does not match "+p.typed+"; nothing was done", true)
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	return p, cmd
}

func (p *Confirm) View() string {
	st := p.c.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(" "+p.title) + "\n\n")
	for _, l := range p.lines {
		b.WriteString(" " + l + "\n")
	}
	b.WriteString("\n")
	if p.typed == "" {
		b.WriteString(" " + st.Paint(styles.Warn, "Proceed? ") + "y/enter = yes, n/esc = no")
		return p.box(b.String())
	}
	b.WriteString(" " + st.Paint(styles.Bad, "This cannot be undone.") + " Type " + st.Paint(styles.Accent, p.typed) + " to confirm, esc to cancel:\n ")
	b.WriteString(p.input.View())
	return p.box(b.String())
}

// box frames the prompt. A box wider than the page is wrapped to its
// width: the renderer clips long lines, and a prompt must show all of
// what it asks about.
func (p *Confirm) box(s string) string {
	out := p.c.Styles.Box.Render(s)
	if p.width > 0 && lipgloss.Width(out) > p.width {
		out = p.c.Styles.Box.Width(p.width).Render(s)
	}
	return out
}

func (p *Confirm) ShortHelp() []key.Binding {
	if p.typed != "" {
		return []key.Binding{bind("enter", "confirm", "enter"), bind("esc", "cancel", "esc")}
	}
	return []key.Binding{bind("y", "yes", "y"), bind("n/esc", "no", "n")}
}

func (p *Confirm) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
