package pages

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// Nodes shows node capacity: allocatable, requested and live usage.
type Nodes struct {
	common.Owner
	c     *common.Common
	table table.Model
	rows  []model.NodeCapacity
	total model.NodeCapacity
	usage common.Usage
	// polled is false until the first metrics answer arrives.
	polled  bool
	cloud   NodesCloud
	actions *Actions
}

// NodesCloud is what a cloud account adds to the nodes page; the zero
// value adds nothing.
type NodesCloud struct {
	// PoolInfo annotates a node pool (the cloud's size and price).
	PoolInfo func(pool string) string
	// Load refreshes what PoolInfo reads; its answer redraws the page.
	Load func() tea.Cmd
}

// nodeStatusColumn is STATUS's index.
const nodeStatusColumn = 2

// NewNodes returns the capacity page with what a cloud account adds. Use
// gives it its actions.
func NewNodes(c *common.Common, cloud NodesCloud) *Nodes {
	p := &Nodes{Owner: common.NewOwner(c), c: c, cloud: cloud}
	p.actions = NewActions(c, p.ID(), "")
	p.table = table.New(c.Styles,
		table.Column{Title: "NODE", Width: 14, Flex: 1},
		table.Column{Title: "POOL", Width: 8},
		table.Column{Title: "STATUS", Width: 8}, // widened to Ready,SchedulingDisabled when one is
		table.Column{Title: "CPU ALLOC", Width: 9, Right: true},
		table.Column{Title: "CPU REQUESTED", Width: 18},
		table.Column{Title: "CPU USED", Width: 18},
		table.Column{Title: "MEM ALLOC", Width: 9, Right: true},
		table.Column{Title: "MEM REQUESTED", Width: 18},
		table.Column{Title: "MEM USED", Width: 18},
		table.Column{Title: "PODS", Width: 7, Right: true},
	)
	p.table.Empty = "no nodes visible (listing nodes needs cluster-wide permission)"
	p.Refresh(store.Dirty{Nodes: true})
	return p
}

// Use sets the page's actions (cluster-wide RBAC).
func (p *Nodes) Use(lists ...[]common.Action) { p.actions = NewActions(p.c, p.ID(), "", lists...) }

func (p *Nodes) Init() tea.Cmd {
	cmds := []tea.Cmd{p.actions.Init(p.Ctx())}
	if p.cloud.Load != nil {
		cmds = append(cmds, p.Reply(p.cloud.Load()))
	}
	return tea.Batch(cmds...)
}
func (p *Nodes) Title() string    { return "Nodes" }
func (p *Nodes) SetSize(w, h int) { p.table.SetSize(w, h-3) }

// SetUsage takes a metrics poll result.
func (p *Nodes) SetUsage(u common.Usage) {
	p.usage, p.polled = u, true
	p.Refresh(store.Dirty{Nodes: true})
}

func (p *Nodes) Refresh(d store.Dirty) {
	if !d.Nodes && !d.Pods {
		return
	}
	pods, _ := p.c.Conn.Store.L.Pods.List(labels.Everything())
	p.rows, p.total = model.DeriveCapacity(p.c.Conn.Store.Nodes(), pods, p.usage.Nodes)
	width := 8
	for _, r := range p.rows {
		width = max(width, len(r.Status))
	}
	p.table.SetColumnWidth(nodeStatusColumn, width)
	p.table.SetSource(nodeSource{p})
}

// Rows are the capacity rows as last derived.
func (p *Nodes) Rows() []model.NodeCapacity { return p.rows }

// SelectedPool is the pool of the selected node.
func (p *Nodes) SelectedPool() string {
	if i := p.table.Cursor(); i >= 0 {
		return p.rows[i].Pool
	}
	return ""
}

func (p *Nodes) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	actCmd, handled := p.actions.Update(msg)
	if handled {
		return p, actCmd
	}
	var cmd tea.Cmd
	p.table, cmd = p.table.Update(msg)
	return p, tea.Batch(actCmd, cmd)
}

func (p *Nodes) View() string {
	t := p.total
	st := p.c.Styles
	usage := "usage: " + p.usageState()
	line := fmt.Sprintf(" %d nodes · CPU %s allocatable, %s requested (%d%%) · memory %s allocatable, %s requested (%d%%) · %s",
		len(p.rows), model.FormatCPU(t.AllocCPU), model.FormatCPU(t.ReqCPU), model.Percent(t.ReqCPU, t.AllocCPU),
		model.FormatMem(t.AllocMem), model.FormatMem(t.ReqMem), model.Percent(t.ReqMem, t.AllocMem), usage)
	if t.Unschedulable > 0 {
		// Cordoned or NotReady nodes' room takes no new pod: say what is
		// really free.
		line += st.Paint(styles.Warn, fmt.Sprintf(" · %d nodes take no new pods; free on the rest: CPU %s, memory %s",
			t.Unschedulable, model.FormatCPU(t.FreeCPU), model.FormatMem(t.FreeMem)))
	}
	if t.HasUsage && p.usage.Err == nil {
		line += fmt.Sprintf(" · used CPU %d%%, memory %d%%", model.Percent(t.UseCPU, t.AllocCPU), model.Percent(t.UseMem, t.AllocMem))
	}
	return st.Summary.Render(line) + "\n\n" + p.table.View() + p.poolLines()
}

func (p *Nodes) usageState() string {
	switch {
	case !p.polled:
		return "loading…"
	case p.usage.Err != nil && apierrors.IsForbidden(p.usage.Err):
		return "n/a (RBAC: you may not list nodes.metrics.k8s.io)"
	case errors.Is(p.usage.Err, kube.ErrNoMetrics):
		return "n/a (no metrics-server: metrics.k8s.io is not served)"
	case p.usage.Err != nil:
		return "n/a (metrics-server not answering)"
	}
	return fmt.Sprintf("live, every %s", p.c.Options.MetricsInterval)
}

// poolLines shows per-pool annotations from the cloud (size, price).
func (p *Nodes) poolLines() string {
	if p.cloud.PoolInfo == nil {
		return ""
	}
	seen := map[string]bool{}
	var b strings.Builder
	for _, r := range p.rows {
		if r.Pool == "" || seen[r.Pool] {
			continue
		}
		seen[r.Pool] = true
		if info := p.cloud.PoolInfo(r.Pool); info != "" {
			b.WriteString("\n " + p.c.Styles.Paint(styles.Dim, "pool "+r.Pool+": "+info))
		}
	}
	return b.String()
}

func (p *Nodes) ShortHelp() []key.Binding {
	return append([]key.Binding{p.table.KeyMap.Down, p.table.KeyMap.Up}, p.actions.Keys()...)
}

func (p *Nodes) FullHelp() [][]key.Binding {
	km := p.table.KeyMap
	return [][]key.Binding{{km.Up, km.Down, km.PageUp, km.PageDown, km.Top, km.Bottom}, p.actions.Keys()}
}

type nodeSource struct{ p *Nodes }

func (s nodeSource) Len() int         { return len(s.p.rows) }
func (s nodeSource) Key(i int) string { return s.p.rows[i].Name }
func (s nodeSource) Row(i int, dst []table.Cell) []table.Cell {
	n := s.p.rows[i]
	status := table.Cell{Text: n.Status, Tone: styles.Good}
	switch {
	case !n.Ready:
		status.Tone = styles.Bad
	case !n.Schedulable:
		status.Tone = styles.Warn // cordoned: serves its pods, takes no new ones
	}
	useCPU, useMem := table.Cell{Text: "n/a", Tone: styles.Dim}, table.Cell{Text: "n/a", Tone: styles.Dim}
	if n.HasUsage {
		useCPU = barCell(model.FormatCPU(n.UseCPU), n.UseCPU, n.AllocCPU)
		useMem = barCell(model.FormatMem(n.UseMem), n.UseMem, n.AllocMem)
	}
	return append(dst,
		table.Cell{Text: n.Name},
		table.Cell{Text: n.Pool, Tone: styles.Accent},
		status,
		table.Cell{Text: model.FormatCPU(n.AllocCPU)},
		barCell(model.FormatCPU(n.ReqCPU), n.ReqCPU, n.AllocCPU),
		useCPU,
		table.Cell{Text: model.FormatMem(n.AllocMem)},
		barCell(model.FormatMem(n.ReqMem), n.ReqMem, n.AllocMem),
		useMem,
		table.Cell{Text: fmt.Sprintf("%d/%d", n.Pods, n.AllocPods)},
	)
}

// barCell draws "▇▇▇▇▁▁▁▁  52% 1.2" as text: amount, percent and a bar.
func barCell(amount string, part, whole int64) table.Cell {
	pct := model.Percent(part, whole)
	const width = 6
	filled := min(width, pct*width/100)
	bar := strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
	tone := styles.Good
	switch {
	case pct >= 90:
		tone = styles.Bad
	case pct >= 75:
		tone = styles.Warn
	}
	return table.Cell{Text: fmt.Sprintf("%s %3d%% %s", bar, pct, amount), Tone: tone}
}
