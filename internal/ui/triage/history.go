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
func (h *siteHook) history(d *pages.SiteDetail) tea.Cmd {
	dep, rss, err := h.web(d.Namespace())
	if err != nil {
		return common.Toast(err.Error(), true)
	}
	p := &historyPage{c: h.c, hook: h, detail: d, revs: model.RevisionHistory(dep, rss)}
	p.table = table.New(h.c.Styles,
		table.Column{Title: "REV", Width: 4, Right: true},
		table.Column{Title: " ", Width: 7},
		table.Column{Title: "IMAGE", Width: 30, Flex: 2},
		table.Column{Title: "PODS", Width: 4, Right: true},
		table.Column{Title: "AGE", Width: 5, Right: true},
		table.Column{Title: "CHANGE-CAUSE", Width: 20, Flex: 1},
	)
	p.table.SetSource(historySource{p})
	return common.Push(p)
}

type historyPage struct {
	c      *common.Common
	hook   *siteHook
	detail *pages.SiteDetail
	revs   []model.Revision
	table  table.Model
}

func (p *historyPage) Init() tea.Cmd       { return nil }
func (p *historyPage) Title() string       { return "history(web)" }
func (p *historyPage) Refresh(store.Dirty) {}
func (p *historyPage) SetSize(w, h int)    { p.table.SetSize(w, h-1) }

func (p *historyPage) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	if kp, ok := msg.(tea.KeyPressMsg); ok && kp.String() == "enter" {
		i := p.table.Cursor()
		switch {
		case i < 0:
			return p, nil
		case i == 0:
			return p, common.Toast(fmt.Sprintf("revision %d is the current one", p.revs[0].Number), true)
		case p.c.Options.ReadOnly:
			return p, common.Toast("read-only mode (--readonly): actions that change the cluster are off", true)
		}
		return p, tea.Sequence(common.Pop, p.hook.confirmRollback(p.detail, p.revs[0], p.revs[i]))
	}
	var cmd tea.Cmd
	p.table, cmd = p.table.Update(msg)
	return p, cmd
}

func (p *historyPage) View() string {
	return fmt.Sprintf(" %d revisions of web, newest first (enter: roll back to the selected one)", len(p.revs)) + "\n" + p.table.View()
}

func (p *historyPage) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "roll back to this")), p.table.KeyMap.Down, p.table.KeyMap.Up}
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
