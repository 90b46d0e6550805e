package triage

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

// history lists web's revisions; enter rolls back to the selected one.
func (f *Feature) history(d *pages.SiteDetail) common.Plan {
	dep, rss, err := f.web(d.Namespace())
	if err != nil {
		return common.Refuse(err.Error())
	}
	return open(common.Push(f.newHistoryPage(d, model.RevisionHistory(dep, rss))))
}

func (f *Feature) newHistoryPage(d *pages.SiteDetail, revs []model.Revision) *historyPage {
	p := &historyPage{Owner: common.NewOwner(f.c), c: f.c, detail: d, revs: revs}
	ns, state := d.Namespace(), d.Site().Label()
	// enter is an action like any other: read-only mode and RBAC gate it,
	// and its follow-up lands on the site's page.
	p.actions = pages.NewActions(f.c, p.ID(), ns, []common.Action{{
		Key: common.Bind("enter", "roll back to this"), Mutates: true, Need: capPatchDeployment,
		Do: func() common.Plan {
			i := p.table.Cursor()
			switch {
			case i < 0:
				return common.Plan{}
			case i == 0:
				return common.Refuse(fmt.Sprintf("revision %d is the current one", p.revs[0].Number))
			}
			plan := f.rollbackPlan(ns, state, p.revs[0], p.revs[i])
			plan.Open = common.Pop // the prompt replaces the history
			return plan
		},
	}}).FollowUpsOn(d.ID())
	p.table = table.New(f.c.Styles,
		table.Column{Title: "REV", Width: 4, Right: true},
		table.Column{Title: " ", Width: 7},
		table.Column{Title: "IMAGE", Width: 30, Flex: 2},
		table.Column{Title: "PODS", Width: 4, Right: true},
		table.Column{Title: "AGE", Width: 5, Right: true},
		table.Column{Title: "CHANGE-CAUSE", Width: 20, Flex: 1},
	)
	p.table.SetSource(historySource{p})
	return p
}

type historyPage struct {
	common.Owner
	c       *common.Common
	detail  *pages.SiteDetail
	revs    []model.Revision
	table   table.Model
	actions *pages.Actions
}

func (p *historyPage) Init() tea.Cmd       { return p.actions.Init(p.Ctx()) }
func (p *historyPage) Title() string       { return "history(web)" }
func (p *historyPage) Refresh(store.Dirty) {}
func (p *historyPage) SetSize(w, h int)    { p.table.SetSize(w, h-1) }

func (p *historyPage) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	if cmd, handled := p.actions.Update(msg); handled {
		return p, cmd
	}
	var cmd tea.Cmd
	p.table, cmd = p.table.Update(msg)
	return p, cmd
}

func (p *historyPage) View() string {
	what := " (enter: roll back to the selected one)"
	if p.c.Options.ReadOnly {
		what = " (read-only: rolling back is off)"
	}
	return fmt.Sprintf(" %d revisions of web, newest first%s", len(p.revs), what) + "\n" + p.table.View()
}

func (p *historyPage) ShortHelp() []key.Binding {
	return append(p.actions.Keys(), p.table.KeyMap.Down, p.table.KeyMap.Up)
}

func (p *historyPage) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

type historySource struct{ p *historyPage }

func (s historySource) Len() int         { return len(s.p.revs) }
func (s historySource) Key(i int) string { return fmt.Sprint(s.p.revs[i].Number) }
func (s historySource) Row(i int, dst []table.Cell) []table.Cell {
	r := s.p.revs[i]
	mark := table.Cell{}
	if i == 0 {
		mark = table.Cell{Text: "current", Tone: phaseToneOf(s.p.detail.Site().Web.Phase)}
	}
	return append(dst,
		table.Cell{Text: fmt.Sprint(r.Number)},
		mark,
		table.Cell{Text: r.Image},
		table.Cell{Text: fmt.Sprint(r.Replicas)},
		table.Cell{Text: model.FormatAge(s.p.c.Now().Sub(r.Created)), Tone: styles.Dim},
		table.Cell{Text: r.ChangeCause, Tone: styles.Dim},
	)
}

func phaseToneOf(p model.RolloutPhase) styles.Tone {
	switch p {
	case model.RolloutStuck:
		return styles.Bad
	case model.RolloutComplete:
		return styles.Good
	}
	return styles.Warn
}
