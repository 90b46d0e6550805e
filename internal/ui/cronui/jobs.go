package cronui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// jobsPage lists one CronJob's Jobs, newest first (kubectl get jobs
// plus the pod and why it failed); l shows the selected Job's pod log.
type jobsPage struct {
	common.Owner
	f        *Feature
	ns, cron string
	jobs     []model.JobStatus
	table    table.Model
	actions  *pages.Actions
}

func (f *Feature) newJobsPage(ns, cron string) *jobsPage {
	p := &jobsPage{Owner: common.NewOwner(f.c), f: f, ns: ns, cron: cron}
	p.table = table.New(f.c.Styles,
		table.Column{Title: "NAME", Width: 24, Flex: 1},
		table.Column{Title: "STATUS", Width: 8},
		table.Column{Title: "COMPLETIONS", Width: 11, Right: true},
		table.Column{Title: "DURATION", Width: 8, Right: true},
		table.Column{Title: "AGE", Width: 5, Right: true},
		table.Column{Title: "POD", Width: 24, Flex: 1},
		table.Column{Title: "REASON", Width: 20, Flex: 2},
	)
	p.table.Empty = "no Jobs of " + cron + " kept (history limits)"
	p.actions = pages.NewActions(f.c, p.ID(), ns, []common.Action{f.logsFor(p, func() string {
		if i := p.table.Cursor(); i >= 0 && i < len(p.jobs) {
			return "job " + p.jobs[i].Name + " has no pod left"
		}
		return "no job selected"
	})})
	p.Refresh(store.Dirty{Namespaces: map[string]bool{ns: true}})
	return p
}

func (p *jobsPage) Init() tea.Cmd    { return p.actions.Init(p.Ctx()) }
func (p *jobsPage) Title() string    { return "jobs(" + p.cron + ")" }
func (p *jobsPage) SetSize(w, h int) { p.table.SetSize(w, h-1) }

func (p *jobsPage) Refresh(d store.Dirty) {
	if !d.Namespaces[p.ns] && !d.Sites {
		return
	}
	o := p.f.c.Conn.Store.Objects(p.ns)
	p.jobs = nil
	for _, cj := range o.CronJobs {
		if cj.Name == p.cron {
			p.jobs = model.JobsOf(cj, o.Jobs, o.Pods)
		}
	}
	p.table.SetSource(jobSource{p})
}

// SelectedPod is the selected Job's pod (its failed one, else its newest).
func (p *jobsPage) SelectedPod() (*store.PodEntry, bool) {
	i := p.table.Cursor()
	if i < 0 || i >= len(p.jobs) {
		return nil, false
	}
	return p.f.podEntry(p.ns, p.jobs[i].Pod)
}

func (p *jobsPage) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	// Data changes are the follow-ups' (a triggered Job's end) and the
	// table's: both get them.
	actCmd, handled := p.actions.Update(msg)
	if handled {
		return p, actCmd
	}
	var cmd tea.Cmd
	p.table, cmd = p.table.Update(msg)
	return p, tea.Batch(actCmd, cmd)
}

func (p *jobsPage) View() string {
	st := p.f.c.Styles
	return fmt.Sprintf(" %s %s", st.Title.Render("Jobs of "+p.cron), st.Paint(styles.Dim, "namespace "+p.ns+", newest first")) +
		"\n" + p.table.View()
}

func (p *jobsPage) ShortHelp() []key.Binding { return p.actions.Keys() }
func (p *jobsPage) FullHelp() [][]key.Binding {
	km := p.table.KeyMap
	return [][]key.Binding{{km.Up, km.Down, km.Top, km.Bottom}, p.actions.Keys()}
}

type jobSource struct{ p *jobsPage }

func (s jobSource) Len() int         { return len(s.p.jobs) }
func (s jobSource) Key(i int) string { return s.p.jobs[i].Name }
func (s jobSource) Row(i int, dst []table.Cell) []table.Cell {
	j := s.p.jobs[i]
	now := s.p.f.c.Now()
	status := table.Cell{Text: j.State, Tone: styles.Warn}
	reason := ""
	switch j.State {
	case model.JobComplete:
		status.Tone = styles.Good
	case model.JobFailed:
		status.Tone = styles.Bad
		reason = j.Failure.Reason
		if j.Failure.Container != "" {
			reason += fmt.Sprintf(" (exit %d)", j.Failure.Exit)
		}
	}
	name := j.Name
	if j.Manual {
		name += " (manual)"
	}
	dur := "—"
	if !j.Started.IsZero() {
		end := j.Finished
		if end.IsZero() {
			end = now
		}
		dur = model.FormatAge(end.Sub(j.Started))
	}
	return append(dst, table.Cell{Text: name}, status, table.Cell{Text: fmt.Sprintf("%d/1", j.Succeeded)},
		table.Cell{Text: dur}, table.Cell{Text: model.FormatAge(now.Sub(j.Created)), Tone: styles.Dim},
		table.Cell{Text: j.Pod, Tone: styles.Dim}, table.Cell{Text: reason, Tone: status.Tone})
}
