package drupalui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// runPage shows one drush run: its output scrolling as it comes (the
// tail followed unless scrolled up), then the exit code and duration.
type runPage struct {
	common.Owner
	f   *Feature
	run *drushRun
	// runCmd starts the run (nil when the page shows an earlier one).
	runCmd        tea.Cmd
	top           int
	follow        bool
	width, height int
	keys          common.ScrollKeys
}

func newRunPage(f *Feature, run *drushRun) *runPage {
	return &runPage{Owner: common.NewOwner(f.c), f: f, run: run, follow: true, keys: common.DefaultScrollKeys()}
}

// runTickMsg redraws a running command's output.
type runTickMsg struct{}

func (p *runPage) Init() tea.Cmd {
	if _, done := p.run.Result(); done {
		return nil
	}
	return tea.Batch(p.Reply(p.runCmd), p.tick())
}

// tick redraws while the run goes on (the output buffer fills in another
// goroutine); it stops when the run ends or the page closes.
func (p *runPage) tick() tea.Cmd {
	return p.Reply(tea.Tick(250*time.Millisecond, func(time.Time) tea.Msg { return runTickMsg{} }))
}

func (p *runPage) Title() string       { return p.run.Line() }
func (p *runPage) SetSize(w, h int)    { p.width, p.height = w, max(1, h-2) }
func (p *runPage) Refresh(store.Dirty) {}

func (p *runPage) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case runTickMsg:
		p.followTail()
		if _, done := p.run.Result(); done {
			return p, nil
		}
		return p, p.tick()
	case drushDoneMsg:
		p.followTail()
		res, _ := msg.run.Result()
		return p, common.Toast(msg.run.Line()+" in "+msg.run.pod+": "+res.Summary(), !res.OK())
	case tea.KeyPressMsg:
		p.scroll(msg)
	}
	return p, nil
}

// previous: drush runs on an older revision's pod, which the header says
// on a line of its own.
func (p *runPage) previous() bool { return p.run.pod != "" && p.run.where.Previous }

// rows is how many output lines fit under the header.
func (p *runPage) rows() int {
	if p.previous() {
		return max(1, p.height-1)
	}
	return p.height
}

func (p *runPage) followTail() {
	if p.follow {
		p.top = max(0, p.run.out.End()-p.rows())
	}
}

func (p *runPage) scroll(msg tea.KeyPressMsg) {
	if top, follow, ok := p.keys.Scroll(msg, p.top, p.rows(), int(p.run.out.Dropped()), p.run.out.End()); ok {
		p.top, p.follow = top, follow
	}
}

func (p *runPage) View() string {
	st := p.f.c.Styles
	r := p.run
	res, done := r.Result()
	state := st.Paint(styles.Warn, "running for "+model.FormatDuration(p.f.c.Now().Sub(r.started)))
	if done {
		state = resultText(p.f.c, res)
	}
	where := "pod " + r.pod + " · container web"
	if r.pod == "" {
		where = "not started"
	}
	var b strings.Builder
	b.WriteString(ansi.Truncate(fmt.Sprintf(" %s  %s  %s", st.Title.Render(r.Line()), st.Paint(styles.Dim, r.ns+" · "+where), state), p.width, "…"))
	if p.previous() {
		// drush does not run the code being deployed: said on a line of
		// its own, so no long result pushes it off the screen.
		b.WriteString("\n" + st.Paint(styles.Warn, ansi.Truncate(" running on "+r.where.Where(actions.WebContainer), p.width, "…")))
	}
	lines := r.out.Lines(p.top, p.rows())
	if len(lines) == 0 && !done {
		b.WriteString("\n" + st.Paint(styles.Dim, "  waiting for output…"))
	}
	for _, l := range lines {
		b.WriteString("\n" + ansi.Truncate(strings.ReplaceAll(l.Text, "\t", "    "), p.width, "…"))
	}
	if done && res.Err != nil && p.top+p.rows() >= r.out.End() {
		b.WriteString("\n" + st.Paint(styles.Bad, ansi.Truncate(res.Err.Error(), p.width, "…")))
	}
	return b.String()
}

func (p *runPage) ShortHelp() []key.Binding {
	k := p.keys
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}
func (p *runPage) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
