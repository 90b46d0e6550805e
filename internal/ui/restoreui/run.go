package restoreui

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// runPage runs a confirmed restore and shows its steps as they happen,
// as the site deletion's page does. It runs under the page's context,
// not as an app task: the import takes as long as the dump is big. esc
// interrupts it (web is scaled back first, and the page says so);
// closing the page (quit, cluster switch) cancels it the same way.
type runPage struct {
	common.Owner
	f          *Feature
	ns, domain string
	backup     objstore.BackupObject

	running      bool
	interrupting bool
	cancel       context.CancelFunc
	updates      <-chan actions.RestoreReport
	finished     <-chan struct{}
	rep          actions.RestoreReport
	err          error
	width        int
	start        func() tea.Cmd
}

type progressMsg struct {
	page *runPage
	rep  actions.RestoreReport
}

type doneMsg struct {
	page *runPage
	rep  actions.RestoreReport
	err  error
}

func newRunPage(f *Feature, ns, domain string, b objstore.BackupObject, open func(context.Context, string) (io.ReadCloser, error)) *runPage {
	p := &runPage{Owner: common.NewOwner(f.c), f: f, ns: ns, domain: domain, backup: b}
	p.rep = actions.RestoreReport{Namespace: ns, Key: b.Key}
	p.start = func() tea.Cmd { return p.run(f.options(ns, b, open)) }
	return p
}

func (p *runPage) Init() tea.Cmd { return p.start() }

// run starts the restore; its reports go through updates (the newest
// wins) to a listener re-armed per message.
func (p *runPage) run(opt actions.RestoreOptions) tea.Cmd {
	ctx, cancel := context.WithCancel(p.Ctx())
	updates := make(chan actions.RestoreReport, 1)
	finished := make(chan struct{})
	p.cancel, p.updates, p.finished, p.running = cancel, updates, finished, true
	work := p.Reply(func() tea.Msg {
		defer cancel()
		defer close(finished)
		rep, err := actions.RestoreDatabase(ctx, opt, func(r actions.RestoreReport) { common.Latest(updates, r) })
		return doneMsg{page: p, rep: rep, err: err}
	})
	return tea.Batch(work, p.listen())
}

// listen answers the next report, or nothing once the run finished or
// the page closed.
func (p *runPage) listen() tea.Cmd {
	ctx, updates, finished := p.Ctx(), p.updates, p.finished
	return p.Reply(func() tea.Msg {
		select {
		case r := <-updates:
			return progressMsg{page: p, rep: r}
		case <-finished:
		case <-ctx.Done():
		}
		return nil
	})
}

func (p *runPage) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case progressMsg:
		if msg.page != p || !p.running {
			return p, nil
		}
		p.rep = msg.rep
		return p, p.listen()
	case doneMsg:
		if msg.page != p {
			return p, nil
		}
		p.running, p.rep, p.err = false, msg.rep, msg.err
		if p.err != nil {
			return p, common.Toast("restore of "+p.domain+" failed: "+oneLine(p.err.Error()), true)
		}
		return p, common.Toast("database of "+p.domain+" restored from "+p.backup.Name(), false)
	case tea.KeyPressMsg:
		switch {
		case p.running && msg.String() == "esc" && !p.interrupting:
			p.cancel()
			p.interrupting = true
		case !p.running && (msg.String() == "esc" || msg.String() == "enter"):
			return p, common.Pop
		}
	}
	return p, nil
}

func (p *runPage) Title() string { return "restore " + p.ns }

// Capturing while running: no jump may close the page (and with it the
// restore) unnoticed; esc interrupts and says what it left.
func (p *runPage) Capturing() bool     { return p.running }
func (p *runPage) SetSize(w, _ int)    { p.width = w }
func (p *runPage) Refresh(store.Dirty) {}

// stepName is what step s does, in a few words.
func stepName(s actions.RestoreStep) string {
	switch s {
	case actions.RestoreScaleDown:
		return "scale web to 0"
	case actions.RestoreImport:
		return "import the backup"
	}
	return "scale web back"
}

func (p *runPage) View() string {
	st := p.f.c.Styles
	var b strings.Builder
	fmt.Fprintf(&b, " %s %s %s\n\n", st.Title.Render("Restoring the database of"), st.Paint(styles.Accent, p.domain),
		st.Paint(styles.Dim, "← "+p.backup.Name()+" ("+model.FormatSize(p.backup.Size)+")"))
	for s, r := range p.rep.Steps {
		took := ""
		if r.State == actions.StepOK || r.State == actions.StepFailed || r.State == actions.StepRunning {
			took = r.Duration.Round(100 * time.Millisecond).String()
		}
		head := fmt.Sprintf(" %s %d %-18s %7s  ", p.mark(r.State), s+1, stepName(actions.RestoreStep(s)), took)
		b.WriteString(hang(head, r.Detail, p.width) + "\n")
	}
	if p.rep.Stderr != "" {
		b.WriteString("\n " + st.Label.Render("mysql said") + "\n")
		lines := strings.Split(p.rep.Stderr, "\n")
		for _, l := range lines[max(0, len(lines)-8):] {
			b.WriteString(ansi.Truncate("   "+st.Paint(styles.Bad, l), max(20, p.width), "…") + "\n")
		}
	}
	b.WriteString("\n" + p.outcome())
	return b.String()
}

// mark is ✓ done, … running, ✗ failed, · not reached or skipped.
func (p *runPage) mark(s actions.StepState) string {
	st := p.f.c.Styles
	switch s {
	case actions.StepOK:
		return st.Paint(styles.Good, "✓")
	case actions.StepRunning:
		return st.Paint(styles.Warn, "…")
	case actions.StepFailed:
		return st.Paint(styles.Bad, "✗")
	}
	return st.Paint(styles.Dim, "·")
}

// outcome is what the user must know now: never "restored" on a failure,
// and always whether web serves again.
func (p *runPage) outcome() string {
	st := p.f.c.Styles
	switch {
	case p.running && p.interrupting:
		return " " + st.Paint(styles.Warn, "interrupting… web is scaled back before the page lets go") + "\n"
	case p.running:
		return "" // the footer's help says what esc does
	case p.err != nil:
		return hang(" "+st.Paint(styles.Bad, "✗ restore failed: "), oneLine(p.err.Error()), p.width) + "\n"
	}
	return " " + st.Paint(styles.Good, "Database restored from "+p.backup.Name()) + "\n"
}

func (p *runPage) ShortHelp() []key.Binding {
	if p.running {
		return []key.Binding{common.Bind("esc", "interrupt (web is scaled back)")}
	}
	return []key.Binding{common.Bind("esc", "back")}
}

func (p *runPage) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// hang is head then text wrapped to width, its further lines indented
// under the text's start.
func hang(head, text string, width int) string {
	indent := ansi.StringWidth(head)
	w := max(20, width-indent)
	lines := strings.Split(ansi.Wrap(text, w, ""), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = strings.Repeat(" ", indent) + lines[i]
	}
	return strings.TrimRight(head+strings.Join(lines, "\n"), " ")
}

// oneLine folds an error onto one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
