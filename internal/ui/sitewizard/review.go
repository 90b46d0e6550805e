package sitewizard

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// review is step 8: the server-side dry run of every object, then apply,
// edit, export or cancel.
type review struct {
	common.Owner
	c       *common.Common
	w       *Feature
	d       *draft
	f       *facts
	spec    blueprint.SiteSpec
	ns      string
	backend Backend

	planning bool
	plan     Plan
	err      error
	notes    []string
	lines    []string
	offset   int
	width    int
	height   int
	cancel   context.CancelFunc
}

type planMsg struct {
	page *review
	plan Plan
	err  error
}

func (w *Feature) newReview(d *draft, f *facts) *review {
	c := w.c
	spec, ns := specOf(d)
	return &review{Owner: common.NewOwner(c), c: c, w: w, d: d, f: f, spec: spec, ns: ns, backend: w.backend(c),
		notes: append(planNotes(spec, ns, c.Conn.Store.Objects(ns).SecretNames), edgeNotes(spec, c.Conn.Store.Objects(ns), f)...)}
}

func (p *review) Init() tea.Cmd { return p.replan() }

func (p *review) replan() tea.Cmd {
	ctx, cancel := context.WithTimeout(p.Ctx(), p.w.planTimeout)
	p.cancel, p.planning, p.err = cancel, true, nil
	b, spec := p.backend, p.spec
	return p.Reply(func() tea.Msg {
		defer cancel()
		plan, err := b.Plan(ctx, spec)
		return planMsg{page: p, plan: plan, err: err}
	})
}

func (p *review) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case planMsg:
		if msg.page == p {
			p.setPlan(msg.plan, msg.err)
		}
		return p, nil
	case tea.KeyPressMsg:
		return p, p.onKey(msg)
	}
	return p, nil
}

func (p *review) setPlan(plan Plan, err error) {
	p.planning, p.plan, p.err = false, plan, err
	p.layout()
}

func (p *review) onKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, keyCancel):
		p.cancel()
		return tea.Batch(common.Pop, common.Toast(p.Title()+": cancelled, nothing changed", false))
	case key.Matches(msg, keyEdit):
		p.cancel()
		return tea.Sequence(common.Pop, common.Push(p.w.sitePage(p.d, p.f)))
	case key.Matches(msg, keyApply):
		return p.apply()
	case key.Matches(msg, keyExport):
		return common.Push(p.w.exportPage(p.spec, p.ns))
	case key.Matches(msg, keyReplan):
		if !p.planning {
			return p.replan()
		}
	case key.Matches(msg, keyDown):
		p.scroll(1)
	case key.Matches(msg, keyUp):
		p.scroll(-1)
	case key.Matches(msg, keyPageDown):
		p.scroll(p.pageSize())
	case key.Matches(msg, keyPageUp):
		p.scroll(-p.pageSize())
	}
	return nil
}

func (p *review) apply() tea.Cmd {
	if p.planning {
		return common.Toast("the dry run is still running", true)
	}
	if p.err != nil {
		return common.Toast("no plan to apply: press r to retry the dry run", true)
	}
	if ok, why := planOK(p.plan); !ok {
		return common.Toast(why, true)
	}
	return tea.Sequence(common.Pop, common.Push(p.w.newProgress(p.d, p.f, p.spec, len(p.plan.Results))))
}

func (p *review) Title() string {
	if p.d.update {
		return "Update " + p.ns + ": plan"
	}
	return "New site " + p.ns + ": plan"
}

func (p *review) SetSize(w, h int) {
	p.width, p.height = w, h
	p.layout()
}

func (p *review) layout() {
	if p.planning || p.err != nil {
		p.lines = nil
		return
	}
	p.lines = planLines(p.c.Styles, p.plan, p.notes, p.width)
	p.scroll(0)
}

// pageSize is the plan lines that fit under the two header lines and
// above the key line.
func (p *review) pageSize() int { return max(1, p.height-5) }

func (p *review) scroll(by int) {
	p.offset = max(0, min(p.offset+by, len(p.lines)-p.pageSize()))
}

func (p *review) View() string {
	st := p.c.Styles
	verb := "Plan for"
	if p.d.update {
		verb = "Update plan for"
	}
	var b strings.Builder
	b.WriteString(" " + st.Title.Render(verb) + " " + st.Paint(styles.Accent, p.spec.Domain) +
		st.Paint(styles.Dim, " → namespace "+p.ns) + "\n")
	b.WriteString(" " + st.Paint(styles.Dim, "Server-side dry run: the apiserver validated every object; nothing has changed yet.") + "\n")
	switch {
	case p.planning:
		b.WriteString("\n " + st.Paint(styles.Dim, "asking the apiserver for a dry run of every object…"))
		return b.String()
	case p.err != nil:
		b.WriteString("\n " + st.Paint(styles.Bad, "dry run failed: "+oneLine(p.err.Error())) + "\n\n r retry · e edit · esc cancel")
		return b.String()
	}
	end := min(len(p.lines), p.offset+p.pageSize())
	b.WriteString(strings.Join(p.lines[p.offset:end], "\n"))
	b.WriteString("\n\n " + p.keyLine())
	return b.String()
}

func (p *review) keyLine() string {
	st := p.c.Styles
	more := ""
	if len(p.lines) > p.pageSize() {
		more = st.Paint(styles.Dim, " · ↑/↓ scroll")
	}
	if ok, why := planOK(p.plan); !ok {
		return st.Paint(styles.Bad, why) + st.Paint(styles.Dim, " · x export YAML · esc cancel") + more
	}
	return st.Paint(styles.Accent, "enter apply") + st.Paint(styles.Dim, " · e edit · x export YAML instead · r re-plan · esc cancel") + more
}

func (p *review) Capturing() bool     { return true }
func (p *review) Refresh(store.Dirty) {}

func (p *review) ShortHelp() []key.Binding {
	return []key.Binding{keyApply, keyEdit, keyExport, keyReplan, keyCancel}
}

func (p *review) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.ShortHelp(), {keyUp, keyDown, keyPageUp, keyPageDown}}
}

var (
	keyApply    = bind("enter", "apply", "enter", "a")
	keyEdit     = bind("e", "edit", "e")
	keyExport   = bind("x", "export YAML", "x")
	keyReplan   = bind("r", "re-plan", "r")
	keyUp       = bind("↑/k", "up", "up", "k")
	keyDown     = bind("↓/j", "down", "down", "j")
	keyPageUp   = bind("pgup", "page up", "pgup")
	keyPageDown = bind("pgdown", "page down", "pgdown", "space")
)
