package pages

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	corev1 "k8s.io/api/core/v1"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// Events lists events newest first, for all namespaces, one namespace, or
// one object in a namespace.
type Events struct {
	common.Owner
	c                 *common.Common
	table             table.Model
	namespace, object string
	filter            string
	rows              []*corev1.Event
}

// NewEvents returns the events page. object "" means the whole namespace;
// namespace "" means every namespace.
func NewEvents(c *common.Common, namespace, object string) *Events {
	p := &Events{Owner: common.NewOwner(c), c: c, namespace: namespace, object: object}
	p.table = table.New(c.Styles,
		table.Column{Title: "LAST", Width: 5, Right: true},
		table.Column{Title: "TYPE", Width: 7},
		table.Column{Title: "REASON", Width: 16},
		table.Column{Title: "OBJECT", Width: 24, Flex: 1},
		table.Column{Title: "COUNT", Width: 5, Right: true},
		table.Column{Title: "MESSAGE", Width: 30, Flex: 3},
	)
	p.table.Empty = "no events (Kubernetes keeps events for one hour)"
	p.Refresh(store.Dirty{Events: true})
	return p
}

func (p *Events) Init() tea.Cmd      { return nil }
func (p *Events) Filter() string     { return p.filter }
func (p *Events) SetFilter(f string) { p.filter = f; p.Refresh(store.Dirty{Events: true}) }
func (p *Events) SetSize(w, h int)   { p.table.SetSize(w, h-1) }

func (p *Events) Title() string {
	switch {
	case p.object != "":
		return "Events(" + p.namespace + "/" + p.object + ")"
	case p.namespace != "":
		return "Events(" + p.namespace + ")"
	}
	return "Events(all)"
}

func (p *Events) Refresh(d store.Dirty) {
	if !d.Events && !d.Namespaces[p.namespace] {
		return
	}
	m := parseFilter(p.filter)
	p.table.Filtered = !m.empty()
	p.rows = p.rows[:0]
	for _, e := range p.c.Conn.Store.Events(p.namespace) {
		if p.object != "" && e.InvolvedObject.Name != p.object {
			continue
		}
		if m.match(strings.ToLower(e.Namespace + " " + e.Type + " " + e.Reason + " " + e.InvolvedObject.Name + " " + e.Message)) {
			p.rows = append(p.rows, e)
		}
	}
	p.table.SetSource(eventSource{p})
}

func (p *Events) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	var cmd tea.Cmd
	p.table, cmd = p.table.Update(msg)
	return p, cmd
}

func (p *Events) View() string {
	return fmt.Sprintf(" %d events, newest first", len(p.rows)) + "\n" + p.table.View()
}

func (p *Events) ShortHelp() []key.Binding {
	return []key.Binding{keyFilter, keyBack, p.table.KeyMap.Down, p.table.KeyMap.Up}
}

func (p *Events) FullHelp() [][]key.Binding {
	km := p.table.KeyMap
	return [][]key.Binding{{keyFilter, keyBack}, {km.Up, km.Down, km.PageUp, km.PageDown, km.Top, km.Bottom}}
}

type eventSource struct{ p *Events }

func (s eventSource) Len() int { return len(s.p.rows) }
func (s eventSource) Key(i int) string {
	e := s.p.rows[i]
	return e.Namespace + "/" + e.Name
}

func (s eventSource) Row(i int, dst []table.Cell) []table.Cell {
	e := s.p.rows[i]
	tone := styles.Dim
	if e.Type == corev1.EventTypeWarning {
		tone = styles.Bad
	}
	obj := strings.ToLower(e.InvolvedObject.Kind) + "/" + e.InvolvedObject.Name
	if s.p.namespace == "" {
		obj = e.Namespace + " " + obj
	}
	count := model.EventCount(e)
	return append(dst,
		table.Cell{Text: model.FormatAge(s.p.c.Now().Sub(model.EventTime(e))), Tone: styles.Dim},
		table.Cell{Text: e.Type, Tone: tone},
		table.Cell{Text: e.Reason, Tone: tone},
		table.Cell{Text: obj},
		table.Cell{Text: fmt.Sprint(count), Tone: styles.Dim},
		table.Cell{Text: oneLine(e.Message)},
	)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
