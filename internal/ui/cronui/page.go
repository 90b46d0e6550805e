package cronui

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

var keyJobs = common.Bind("enter", "jobs")

// cronJobsPage lists a site's CronJobs, k9s' cronjob view: t trigger
// now, s suspend/resume, l the last failed Job's pod log, enter its Jobs.
type cronJobsPage struct {
	common.Owner
	f       *Feature
	ns      string
	crons   []model.CronJobStatus
	table   table.Model
	actions *pages.Actions
}

func (f *Feature) newCronJobsPage(ns string) *cronJobsPage {
	p := &cronJobsPage{Owner: common.NewOwner(f.c), f: f, ns: ns}
	p.table = table.New(f.c.Styles,
		table.Column{Title: "NAME", Width: 14, Flex: 1},
		table.Column{Title: "SCHEDULE", Width: 13},
		table.Column{Title: "SUSPEND", Width: 7},
		table.Column{Title: "ACTIVE", Width: 6, Right: true},
		table.Column{Title: "LAST SCHEDULE", Width: 13, Right: true},
		table.Column{Title: "LAST SUCCESS", Width: 12, Right: true},
		table.Column{Title: "LAST FAILURE", Width: 30, Flex: 3},
	)
	p.table.Empty = "no CronJobs in " + ns
	p.actions = pages.NewActions(f.c, p.ID(), ns, []common.Action{
		{Key: f.keys.Trigger, Mutates: true, Need: capTrigger, Do: p.trigger},
		{Key: f.keys.Suspend, Mutates: true, Need: capSuspend, Do: p.suspend},
		f.logsFor(p, func() string {
			if c, ok := p.selected(); ok {
				return "cronjob " + c.Name + " has no failed Job whose pod is left"
			}
			return "no cronjob selected"
		}),
	})
	p.Refresh(store.Dirty{Namespaces: map[string]bool{ns: true}})
	return p
}

func (p *cronJobsPage) Init() tea.Cmd { return p.actions.Init(p.Ctx()) }
func (p *cronJobsPage) Title() string { return "cronjobs" }
func (p *cronJobsPage) SetSize(w, h int) {
	p.table.SetSize(w, h-1)
}

func (p *cronJobsPage) Refresh(d store.Dirty) {
	if !d.Namespaces[p.ns] && !d.Sites {
		return
	}
	p.crons = p.f.cronJobs(p.ns)
	p.table.SetSource(cronSource{p})
}

// selected is the CronJob under the cursor.
func (p *cronJobsPage) selected() (model.CronJobStatus, bool) {
	i := p.table.Cursor()
	if i < 0 || i >= len(p.crons) {
		return model.CronJobStatus{}, false
	}
	return p.crons[i], true
}

// SelectedPod is the pod l shows: the last failed Job's failed pod.
func (p *cronJobsPage) SelectedPod() (*store.PodEntry, bool) {
	c, ok := p.selected()
	if !ok || c.LastFailure == nil {
		return nil, false
	}
	return p.f.podEntry(p.ns, c.LastFailure.Pod)
}

func (p *cronJobsPage) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	// Data changes are the follow-ups' (a triggered Job's end) and the
	// table's: both get them.
	actCmd, handled := p.actions.Update(msg)
	if handled {
		return p, actCmd
	}
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, keyJobs) {
		if c, ok := p.selected(); ok {
			return p, tea.Batch(actCmd, common.Push(p.f.newJobsPage(p.ns, c.Name)))
		}
		return p, actCmd
	}
	var cmd tea.Cmd
	p.table, cmd = p.table.Update(msg)
	return p, tea.Batch(actCmd, cmd)
}

func (p *cronJobsPage) View() string {
	st := p.f.c.Styles
	head := fmt.Sprintf(" %s %s", st.Title.Render("CronJobs"), st.Paint(styles.Dim, "namespace "+p.ns))
	if p.f.c.Options.ReadOnly {
		head += st.Paint(styles.Dim, "  (read-only: trigger and suspend are off)")
	}
	return head + "\n" + p.table.View()
}

func (p *cronJobsPage) ShortHelp() []key.Binding {
	return append([]key.Binding{keyJobs}, p.actions.Keys()...)
}

func (p *cronJobsPage) FullHelp() [][]key.Binding {
	km := p.table.KeyMap
	return [][]key.Binding{{keyJobs}, {km.Up, km.Down, km.Top, km.Bottom}, p.actions.Keys()}
}

// trigger runs the selected CronJob now, after a confirmation, and
// follows the Job to its end.
func (p *cronJobsPage) trigger() common.Plan {
	c, ok := p.selected()
	if !ok {
		return common.Refuse("no cronjob selected")
	}
	ns, cs, job := p.ns, p.f.c.Conn.Cluster.Client, kube.NewManualJobName(c.Name)
	task := common.NewTask("creating job "+job, func(ctx context.Context) (string, error) {
		return actions.TriggerCronJob(ctx, cs, ns, c.Name, job)
	})
	task.Watch = newJobWatch(ns, job)
	lines := []string{
		"Creates Job " + job + " from cronjob " + c.Name + "'s job template now, as kubectl create job --from=cronjob/" + c.Name + " does.",
		"Its schedule (" + c.Schedule + ") is not changed; fdtui tells you when the Job completes or fails.",
	}
	if len(c.Active) > 0 {
		lines = append(lines, fmt.Sprintf("Warning: %d Job(s) of %s run now (%s); a manual Job runs beside them whatever the concurrency policy.",
			len(c.Active), c.Name, c.Active[0]))
	}
	return common.Plan{Task: task, Confirm: &common.Prompt{Title: "Trigger cronjob " + c.Name + " in " + ns, Lines: lines}}
}

// suspend flips the selected CronJob's spec.suspend, after a confirmation.
func (p *cronJobsPage) suspend() common.Plan {
	c, ok := p.selected()
	if !ok {
		return common.Refuse("no cronjob selected")
	}
	ns, cs, to := p.ns, p.f.c.Conn.Cluster.Client, !c.Suspended
	verb, what := "Suspend", "No new Job starts at its schedule ("+c.Schedule+") until it is resumed; Jobs running now go on."
	if !to {
		verb, what = "Resume", "Jobs start again at its schedule ("+c.Schedule+"); runs missed while suspended are not made up."
	}
	task := common.NewTask(verb+" cronjob "+c.Name, func(ctx context.Context) (string, error) {
		return actions.SuspendCronJob(ctx, cs, ns, c.Name, to)
	})
	return common.Plan{Task: task, Confirm: &common.Prompt{Title: verb + " cronjob " + c.Name + " in " + ns, Lines: []string{what}}}
}

type cronSource struct{ p *cronJobsPage }

func (s cronSource) Len() int         { return len(s.p.crons) }
func (s cronSource) Key(i int) string { return s.p.crons[i].Name }
func (s cronSource) Row(i int, dst []table.Cell) []table.Cell {
	c := s.p.crons[i]
	cells := Cells(c, s.p.f.c.Now())
	fail := table.Cell{Text: cells[6], Tone: styles.Dim}
	if c.Failing {
		fail.Tone = styles.Bad
	}
	susp := table.Cell{Text: cells[2]}
	if c.Suspended {
		susp.Tone = styles.Warn
	}
	return append(dst, table.Cell{Text: cells[0]}, table.Cell{Text: cells[1]}, susp, table.Cell{Text: cells[3]},
		table.Cell{Text: cells[4], Tone: styles.Dim}, table.Cell{Text: cells[5]}, fail)
}
