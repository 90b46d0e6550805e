package pages

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// Pods lists the pods of every site (or one namespace), with a filter.
type Pods struct {
	common.Owner
	c         *common.Common
	table     table.Model
	filter    string
	namespace string
	src       podSource
	actions   *Actions
}

// NewPods returns the pods page; namespace "" means all namespaces.
func NewPods(c *common.Common, namespace string) *Pods {
	p := &Pods{Owner: common.NewOwner(c), c: c, namespace: namespace}
	p.actions = NewActions(c, p.ID(), namespace)
	p.src = podSource{c: c, withNamespace: namespace == ""}
	p.table = table.New(c.Styles, podColumns(namespace == "")...)
	p.table.Empty = "no pods"
	p.Refresh(store.Dirty{Pods: true})
	return p
}

// Use sets the page's actions; RBAC is asked in its namespace ("" = all).
func (p *Pods) Use(lists ...[]common.Action) {
	p.actions = NewActions(p.c, p.ID(), p.namespace, lists...)
}

func (p *Pods) Init() tea.Cmd  { return p.actions.Init(p.Ctx()) }
func (p *Pods) Filter() string { return p.filter }
func (p *Pods) Title() string {
	if p.namespace != "" {
		return "Pods(" + p.namespace + ")"
	}
	return "Pods(all)"
}

func (p *Pods) SetFilter(f string) { p.filter = f; p.Refresh(store.Dirty{Pods: true}) }
func (p *Pods) SetSize(w, h int)   { p.table.SetSize(w, h-1) }

// Refresh filters the store's sorted pod list; with no filter and no
// namespace it shares the store's slice instead of copying 10,000 entries.
func (p *Pods) Refresh(d store.Dirty) {
	if !d.Pods {
		return
	}
	all := p.c.Conn.Store.Pods()
	m := parseFilter(p.filter)
	p.table.Filtered = !m.empty()
	if m.empty() && p.namespace == "" {
		p.src.rows = all
	} else {
		rows := p.src.rows[:0:0]
		for _, e := range all {
			if (p.namespace == "" || e.Namespace == p.namespace) && m.match(e.Search) {
				rows = append(rows, e)
			}
		}
		p.src.rows = rows
	}
	p.table.SetSource(p.src)
}

// SelectedPod returns the selected pod entry.
func (p *Pods) SelectedPod() (*store.PodEntry, bool) {
	i := p.table.Cursor()
	if i < 0 {
		return nil, false
	}
	return p.src.rows[i], true
}

func (p *Pods) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	actCmd, handled := p.actions.Update(msg)
	if handled {
		return p, actCmd
	}
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(kp, keyEnter), key.Matches(kp, keyEvents):
			if e, ok := p.SelectedPod(); ok {
				return p, common.Open(common.Route{Kind: common.RouteEvents, Namespace: e.Namespace, Pod: e.Name})
			}
			return p, nil
		}
	}
	var cmd tea.Cmd
	p.table, cmd = p.table.Update(msg)
	return p, tea.Batch(actCmd, cmd)
}

func (p *Pods) View() string {
	n := len(p.src.rows)
	head := " " + model.Plural(n, "pod")
	if total := len(p.c.Conn.Store.Pods()); n != total {
		head += p.c.Styles.Paint(styles.Dim, fmt.Sprintf(" (of %d)", total))
	}
	return head + "\n" + p.table.View()
}

func (p *Pods) ShortHelp() []key.Binding {
	return append([]key.Binding{keyEnter, keyFilter}, p.actions.Keys()...)
}

func (p *Pods) FullHelp() [][]key.Binding {
	km := p.table.KeyMap
	return [][]key.Binding{{keyEnter, keyEvents, keyFilter}, {km.Up, km.Down, km.PageUp, km.PageDown, km.Top, km.Bottom}, p.actions.Keys()}
}
