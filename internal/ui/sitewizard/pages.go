package sitewizard

import (
	"context"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// formPage is a pages.Form that also gives the huh form its height: the
// app only calls SetSize, and huh sizes its groups from a WindowSizeMsg.
type formPage struct {
	*pages.Form
	form *huh.Form
}

func newFormPage(c *common.Common, title string, form *huh.Form, header func() string, onSubmit func() tea.Cmd) *formPage {
	p := &formPage{Form: pages.NewForm(c, title, form, onSubmit), form: form}
	p.Header = header
	return p
}

func (p *formPage) SetSize(w, h int) {
	p.Form.SetSize(w, h)
	used := 0
	if p.Header != nil {
		used = lipgloss.Height(p.Header())
	}
	p.form.Update(tea.WindowSizeMsg{Width: min(w-2, 100), Height: max(3, h-used)})
}

// Update keeps the wrapper on the page stack (pages.Form returns itself).
func (p *formPage) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	_, cmd := p.Form.Update(msg)
	return p, cmd
}

// loadPage fetches what the next page needs (StorageClasses, a site's s3
// Secret) while telling the user so; esc gives up. It exists so that the
// result arrives while one of this package's pages is on top, whatever
// page the flow started from.
type loadPage struct {
	common.Owner
	c      *common.Common
	w      *Feature
	title  string
	doing  string
	load   func(ctx context.Context) (next func() common.Page, err error)
	cancel context.CancelFunc
	err    error
	width  int
}

type loadedMsg struct {
	page *loadPage
	next func() common.Page
	err  error
}

// newLoadPage runs load off the UI goroutine; next, which it returns, runs
// on the UI goroutine (it may read the store) and builds the next page.
func (w *Feature) newLoadPage(title, doing string, load func(ctx context.Context) (func() common.Page, error)) *loadPage {
	c := w.c
	return &loadPage{Owner: common.NewOwner(c), c: c, w: w, title: title, doing: doing, load: load}
}

func (p *loadPage) Init() tea.Cmd {
	ctx, cancel := context.WithTimeout(p.Ctx(), p.w.loadTimeout)
	p.cancel = cancel
	load := p.load
	return p.Reply(func() tea.Msg {
		defer cancel()
		next, err := load(ctx)
		return loadedMsg{page: p, next: next, err: err}
	})
}

func (p *loadPage) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.page != p {
			return p, nil
		}
		if msg.err != nil {
			p.err = msg.err
			return p, nil
		}
		return p, tea.Sequence(common.Pop, common.Push(msg.next()))
	case tea.KeyPressMsg:
		if msg.String() == "esc" {
			p.cancel()
			return p, tea.Batch(common.Pop, common.Toast(p.title+": cancelled, nothing changed", false))
		}
	}
	return p, nil
}

func (p *loadPage) View() string {
	st := p.c.Styles
	if p.err != nil {
		return " " + st.Title.Render(p.title) + "\n\n " + st.Paint(styles.Bad, p.doing+" failed: "+p.err.Error()) +
			"\n\n " + st.Paint(styles.Dim, "esc: back")
	}
	return " " + st.Title.Render(p.title) + "\n\n " + st.Paint(styles.Dim, p.doing+"…")
}

func (p *loadPage) Title() string             { return p.title }
func (p *loadPage) Capturing() bool           { return true }
func (p *loadPage) SetSize(w, _ int)          { p.width = w }
func (p *loadPage) Refresh(store.Dirty)       {}
func (p *loadPage) ShortHelp() []key.Binding  { return []key.Binding{keyCancel} }
func (p *loadPage) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

var keyCancel = bind("esc", "cancel", "esc")
