package pfui

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
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// page is the Port-forwards screen: one row per forward of the session,
// redrawn every second (connections and bytes move), ctrl+d to stop one.
type page struct {
	common.Owner
	c       *common.Common
	list    func() []actions.ForwardStatus
	rows    []actions.ForwardStatus
	cursor  int
	width   int
	actions *pages.Actions
	keys    pageKeys
}

type pageKeys struct{ Up, Down, Top, Bottom, Stop key.Binding }

func (f *Feature) page() common.Page {
	list := func() []actions.ForwardStatus {
		all := f.set.List()
		out := make([]actions.ForwardStatus, len(all))
		for i, fw := range all {
			out[i] = fw.Status()
		}
		return out
	}
	return newPage(f.c, list, f.set.Stop)
}

// newPage builds the screen on a list of forwards and a way to stop one.
func newPage(c *common.Common, list func() []actions.ForwardStatus, stop func(id int) error) *page {
	b := common.Bind
	p := &page{Owner: common.NewOwner(c), c: c, list: list, keys: pageKeys{
		Up: b("↑/k", "up", "up", "k"), Down: b("↓/j", "down", "down", "j"), Top: b("g", "top", "g", "home"), Bottom: b("G", "bottom", "G", "end"),
		Stop: b("ctrl+d", "stop (not asked first)"),
	}}
	// Stopping a forward changes nothing in the cluster (read-only mode
	// keeps it) and is undone by starting it again: it is not confirmed,
	// unlike k9s' ctrl+d on a forward, and the help says so.
	p.actions = pages.NewActions(c, p.ID(), "", []common.Action{{Key: p.keys.Stop, Do: func() common.Plan {
		if p.cursor >= len(p.rows) {
			return common.Refuse("no port-forward selected")
		}
		r := p.rows[p.cursor]
		if err := stop(r.ID); err != nil {
			return common.Refuse(err.Error())
		}
		p.reload()
		return common.Plan{Open: common.Toast("stopped port-forward "+r.Addr+" → "+r.Target.Namespace+" "+r.Target.String()+
			" (not asked first: a forward changes nothing in the cluster; shift+f starts it again)", false)}
	}}})
	p.rows = list()
	return p
}

// reload reads the forwards again, keeping the cursor on a row.
func (p *page) reload() {
	p.rows = p.list()
	p.cursor = min(p.cursor, max(0, len(p.rows)-1))
}

// tickMsg redraws the counters.
type tickMsg struct{}

func (p *page) tick() tea.Cmd {
	return p.Reply(tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{} }))
}

func (p *page) Init() tea.Cmd       { return tea.Batch(p.actions.Init(p.Ctx()), p.tick()) }
func (p *page) Title() string       { return "Port-forwards" }
func (p *page) SetSize(w, _ int)    { p.width = w }
func (p *page) Refresh(store.Dirty) { p.reload() }
func (p *page) ShortHelp() []key.Binding {
	return append([]key.Binding{p.keys.Up, p.keys.Down}, p.actions.Keys()...)
}
func (p *page) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.keys.Up, p.keys.Down, p.keys.Top, p.keys.Bottom}, p.actions.Keys()}
}

func (p *page) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	if cmd, handled := p.actions.Update(msg); handled {
		return p, cmd
	}
	switch msg := msg.(type) {
	case tickMsg:
		p.reload()
		return p, p.tick()
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.keys.Up):
			p.cursor = max(0, p.cursor-1)
		case key.Matches(msg, p.keys.Down):
			p.cursor = min(max(0, len(p.rows)-1), p.cursor+1)
		case key.Matches(msg, p.keys.Top):
			p.cursor = 0
		case key.Matches(msg, p.keys.Bottom):
			p.cursor = max(0, len(p.rows)-1)
		}
	}
	return p, nil
}

// columns of the table, kubectl-style upper case.
var columns = []string{"NAMESPACE", "TARGET", "POD", "LOCAL", "SINCE", "STATE", "CONNS", "IN/OUT"}

func (p *page) View() string {
	st := p.c.Styles
	var b strings.Builder
	fmt.Fprintf(&b, " %s  %s\n\n", st.Title.Render("Port-forwards"),
		st.Paint(styles.Dim, fmt.Sprintf("%d · on 127.0.0.1 · a site's forward follows its Service's Ready pods · ctrl+d stops one (not asked first: nothing in the cluster changes) · all stop at quit", len(p.rows))))
	if len(p.rows) == 0 {
		b.WriteString(st.Paint(styles.Dim, "  none: shift+f on a site (web:6081, web:80, mysql:3306) or on a pod starts one") + "\n")
		return b.String()
	}
	now := p.c.Now()
	cells := make([][]string, 0, len(p.rows)+1)
	cells = append(cells, columns)
	for _, r := range p.rows {
		cells = append(cells, rowCells(r, now))
	}
	widths := make([]int, len(columns))
	for _, row := range cells {
		for i, c := range row {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	for i, row := range cells {
		var line strings.Builder
		for j, c := range row {
			if j == len(row)-1 {
				line.WriteString(c)
				break
			}
			line.WriteString(c + strings.Repeat(" ", widths[j]-ansi.StringWidth(c)+2))
		}
		text := ansi.Truncate(" "+line.String(), max(10, p.width), "…")
		switch {
		case i == 0:
			text = st.Label.Render(text)
		case i-1 == p.cursor:
			text = st.Selected.Render(text)
		case p.rows[i-1].Stopped != "":
			text = st.Paint(styles.Bad, text)
		case p.rows[i-1].Pod == "":
			text = st.Paint(styles.Warn, text)
		}
		b.WriteString(text + "\n")
	}
	// The selected forward's last event in full: a re-target names both
	// pods, too long for a column.
	if r := p.rows[p.cursor]; r.Note != "" {
		line := fmt.Sprintf(" %s %s ago: %s", r.Addr, model.FormatAge(now.Sub(r.NoteAt)), r.Note)
		b.WriteString("\n" + st.Paint(styles.Dim, ansi.Truncate(line, max(10, p.width), "…")) + "\n")
	}
	return b.String()
}

// rowCells is one forward's row.
func rowCells(r actions.ForwardStatus, now time.Time) []string {
	target := r.Target.String()
	if r.Target.Service == "" {
		target = fmt.Sprintf("pod port %d", r.Target.Port)
	}
	state := "active"
	switch {
	case r.Stopped != "":
		state = "stopped"
	case r.Pod == "":
		state = "waiting for a Ready pod"
	case strings.HasPrefix(r.Note, "re-targeted"):
		state = "active, re-targeted"
	}
	pod := r.Pod
	if pod == "" {
		pod = "—"
	}
	return []string{r.Target.Namespace, target, pod, r.Addr, model.FormatAge(now.Sub(r.Since)), state,
		fmt.Sprint(r.Connections), model.FormatMem(r.BytesIn) + "/" + model.FormatMem(r.BytesOut)}
}
