package pages

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// Form hosts a huh form (a wizard: one group per step) as a page. It takes
// every key while open; esc cancels and goes back, losing nothing outside
// the form. On completion it pops itself and runs onSubmit.
type Form struct {
	common.Owner
	c        *common.Common
	title    string
	form     *huh.Form
	onSubmit func() tea.Cmd
	width    int
	height   int
	// Header is drawn above the form (e.g. what the wizard changes).
	Header func() string
	// copies are refreshed after each of the form's updates (see Answers).
	copies []func()
}

// Copies registers copies of the answers (Answers.Refresh) to refresh
// after each of the form's updates, for huh's dynamic functions.
func (p *Form) Copies(refresh ...func()) *Form {
	p.copies = append(p.copies, refresh...)
	return p
}

// updateForm updates the huh form, then the copies of its answers.
func (p *Form) updateForm(msg tea.Msg) tea.Cmd {
	m, cmd := p.form.Update(msg)
	if f, ok := m.(*huh.Form); ok {
		p.form = f
	}
	for _, refresh := range p.copies {
		refresh()
	}
	return cmd
}

type formDoneMsg struct{ form *huh.Form }
type formCancelMsg struct{ form *huh.Form }

// NewForm wraps form; onSubmit runs after the last step.
func NewForm(c *common.Common, title string, form *huh.Form, onSubmit func() tea.Cmd) *Form {
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))
	form.WithKeyMap(km).WithShowHelp(true).WithShowErrors(true).
		WithTheme(huh.ThemeFunc(huh.ThemeCharm))
	p := &Form{Owner: common.NewOwner(c), c: c, title: title, form: form, onSubmit: onSubmit}
	form.SubmitCmd = func() tea.Msg { return formDoneMsg{form: form} }
	form.CancelCmd = func() tea.Msg { return formCancelMsg{form: form} }
	return p
}

func (p *Form) Init() tea.Cmd       { return p.form.Init() }
func (p *Form) Title() string       { return p.title }
func (p *Form) Capturing() bool     { return true }
func (p *Form) Refresh(store.Dirty) {}

// SetSize sizes the form; huh sizes its groups on a WindowSizeMsg, which
// the app keeps for itself, so the form gets one here.
func (p *Form) SetSize(w, h int) {
	p.width, p.height = w, h
	p.form.WithWidth(min(w-2, 100))
	p.updateForm(tea.WindowSizeMsg{Width: min(w-2, 100), Height: h})
}

func (p *Form) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case formDoneMsg:
		if msg.form != p.form {
			return p, nil
		}
		var then tea.Cmd
		if p.onSubmit != nil {
			then = p.onSubmit()
		}
		return p, tea.Sequence(common.Pop, then)
	case formCancelMsg:
		if msg.form != p.form {
			return p, nil
		}
		return p, tea.Batch(common.Pop, common.Toast(p.title+": cancelled, nothing changed", false))
	}
	return p, p.updateForm(msg)
}

func (p *Form) View() string {
	head := ""
	if p.Header != nil {
		head = p.Header() + "\n"
	}
	return head + p.form.View()
}

func (p *Form) ShortHelp() []key.Binding {
	return append(p.form.KeyBinds(), bind("esc", "cancel", "esc"))
}

func (p *Form) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
