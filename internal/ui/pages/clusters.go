package pages

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"k8s.io/client-go/rest"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// ClusterRow is one cluster on the clusters page: a kubeconfig context,
// a cloud account cluster, or both joined.
type ClusterRow struct {
	Context string // kubeconfig context, "" when none exists yet
	Name    string
	Server  string
	Source  string // "kubeconfig", "digitalocean", "kubeconfig+do"
	Status  string // reachable, unreachable: ..., provisioning, running...
	Version string
	Region  string
	Pools   string  // "web: s-2vcpu-4gb×3, db: s-4vcpu-8gb×1"
	Monthly float64 // USD, 0 when unknown
	Current bool
	// CloudID is the cloud provider's cluster ID ("" for kubeconfig-only).
	CloudID string
	// Tags are the cloud cluster's tags (a fleet may select by them).
	Tags []string
	// MonthlyPartial says a part of the price is unknown (left out of
	// Monthly); the cell shows "+?".
	MonthlyPartial bool
	// Auth is how the saved context authenticates, e.g. "doctl" or
	// "token 7d" or "cert 7d" (time left, rounded up); "" when unknown or not saved.
	Auth string
}

// CloudRowsMsg replaces the cloud account's rows on the clusters page.
type CloudRowsMsg struct {
	Rows []ClusterRow
	Err  error
	// Head is added to the page's head line (e.g. the account's usage);
	// Legend, when set, is a line of its own under it.
	Head, Legend string
}

type probeMsg struct {
	context, version string
	err              error
}

// Clusters lists kubeconfig contexts (and cloud clusters, when a cloud
// account is configured). Enter connects.
type Clusters struct {
	common.Owner
	c         *common.Common
	table     table.Model
	contexts  []ClusterRow
	cloudRows []ClusterRow
	cloudErr  error
	cloudHead string
	legend    string
	width     int
	height    int
	rows      []ClusterRow
	err       error
	cloud     ClustersCloud
	actions   *Actions
	// probes bounds the contexts probed at once.
	probes chan struct{}
}

// ClustersCloud is what a cloud account adds to the clusters page; the
// zero value adds nothing.
type ClustersCloud struct {
	// Load lists the account's clusters; its message is CloudRowsMsg.
	Load func() tea.Cmd
	// Connect handles enter on an account cluster (CloudID set): fetch
	// credentials, then connect.
	Connect func(row ClusterRow) tea.Cmd
}

// NewClusters returns the clusters page with what a cloud account adds;
// Use gives it its actions.
func NewClusters(c *common.Common, cloud ClustersCloud) *Clusters {
	p := &Clusters{Owner: common.NewOwner(c), c: c, cloud: cloud, probes: make(chan struct{}, 8)}
	p.actions = NewActions(c, p.ID(), "")
	p.table = table.New(c.Styles,
		table.Column{Title: " ", Width: 1},
		table.Column{Title: "CLUSTER", Width: 18, Flex: 1},
		table.Column{Title: "SOURCE", Width: 12},
		table.Column{Title: "STATUS", Width: 14, Flex: 1},
		table.Column{Title: "VERSION", Width: 12},
		table.Column{Title: "REGION", Width: 6},
		table.Column{Title: "NODE POOLS", Width: 16, Flex: 1},
		table.Column{Title: "$/MONTH", Width: 8, Right: true},
		table.Column{Title: "SERVER", Width: 22, Flex: 1},
		// AUTH is last and as wide as its longest value: without a cloud
		// account it has none and takes no room.
		table.Column{Title: "AUTH", Width: 0},
	)
	p.table.Empty = "no kubeconfig contexts"
	p.load()
	return p
}

// Use sets the page's actions.
func (p *Clusters) Use(lists ...[]common.Action) { p.actions = NewActions(p.c, p.ID(), "", lists...) }

func (p *Clusters) load() {
	ctxs, err := p.c.Kubeconfig.Contexts()
	p.err = err
	p.contexts = p.contexts[:0]
	for _, c := range ctxs {
		p.contexts = append(p.contexts, ClusterRow{Context: c.Name, Name: c.Name, Server: c.Server,
			Source: "kubeconfig", Status: "checking…", Current: p.c.Conn != nil && c.Name == p.c.Conn.Context})
	}
	p.join()
}

func (p *Clusters) Init() tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(p.contexts)+1)
	for _, r := range p.contexts {
		cmds = append(cmds, p.probe(r.Context))
	}
	if p.cloud.Load != nil {
		cmds = append(cmds, p.Reply(p.cloud.Load()))
	}
	return tea.Batch(append(cmds, p.actions.Init(p.Ctx()))...)
}

// ProbeServer asks an apiserver its version with a short timeout; it is
// Common.Probe's default.
func ProbeServer(ctx context.Context, cfg *rest.Config) (string, error) {
	return kube.ServerVersion(ctx, cfg, 4*time.Second)
}

// probe asks one context's apiserver its version, with a short timeout.
func (p *Clusters) probe(name string) tea.Cmd {
	kc, probe, limit, ctx := p.c.Kubeconfig, p.c.Probe, p.probes, p.Ctx()
	return p.Reply(func() tea.Msg {
		select {
		case limit <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		defer func() { <-limit }()
		cfg, err := kc.RESTConfig(name)
		if err != nil {
			return probeMsg{context: name, err: err}
		}
		v, err := probe(ctx, cfg)
		return probeMsg{context: name, version: v, err: err}
	})
}

func (p *Clusters) Title() string { return "Clusters" }
func (p *Clusters) SetSize(w, h int) {
	p.width, p.height = w, h
	p.table.SetSize(w, h-p.headLines())
}

// headLines is the head line, plus the legend when there is one.
func (p *Clusters) headLines() int {
	if p.legend != "" {
		return 2
	}
	return 1
}
func (p *Clusters) Refresh(store.Dirty) {}

// join merges kubeconfig contexts with cloud clusters: a DO cluster whose
// saved context exists (do-<region>-<name>) shows as one row.
func (p *Clusters) join() {
	rows := append([]ClusterRow(nil), p.contexts...)
	byCtx := map[string]int{}
	for i, r := range rows {
		byCtx[r.Context] = i
	}
	for _, cr := range p.cloudRows {
		if i, ok := byCtx["do-"+cr.Region+"-"+cr.Name]; ok {
			merged := cr
			merged.Context, merged.Server, merged.Current = rows[i].Context, rows[i].Server, rows[i].Current
			merged.Source = "kubeconfig+do"
			// Both states matter: DigitalOcean's, and whether the saved
			// context answers (it may have expired).
			merged.Status = cr.Status + ", " + rows[i].Status
			merged.Version = rows[i].Version
			if merged.Version == "" {
				merged.Version = cr.Version
			}
			rows[i] = merged
			continue
		}
		rows = append(rows, cr)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Name < rows[j].Name })
	p.rows = rows
	p.table.SetColumnWidth(authColumn, authWidth(rows))
	p.table.SetSource(clusterSource{p})
}

func (p *Clusters) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case probeMsg:
		p.applyProbe(msg)
		return p, nil
	case CloudRowsMsg:
		p.cloudRows, p.cloudErr, p.cloudHead = msg.Rows, msg.Err, msg.Head
		if msg.Legend != p.legend {
			p.legend = msg.Legend
			p.table.SetSize(p.width, p.height-p.headLines())
		}
		p.join()
		return p, nil
	}
	actCmd, handled := p.actions.Update(msg)
	if handled {
		return p, actCmd
	}
	if kp, ok := msg.(tea.KeyPressMsg); ok && key.Matches(kp, keyEnter) {
		sel, ok := p.Selected()
		switch {
		case !ok:
			return p, nil
		case sel.CloudID != "" && p.cloud.Connect != nil:
			return p, p.cloud.Connect(sel)
		case sel.Context != "":
			return p, func() tea.Msg { return common.ConnectMsg{Context: sel.Context} }
		}
		return p, nil
	}
	var cmd tea.Cmd
	p.table, cmd = p.table.Update(msg)
	return p, tea.Batch(actCmd, cmd)
}

func (p *Clusters) applyProbe(m probeMsg) {
	for i := range p.contexts {
		if p.contexts[i].Context != m.context {
			continue
		}
		if m.err != nil {
			p.contexts[i].Status = "unreachable: " + oneLine(m.err.Error())
		} else {
			p.contexts[i].Status, p.contexts[i].Version = "reachable", m.version
		}
	}
	p.join()
}

// Selected returns the selected row.
func (p *Clusters) Selected() (ClusterRow, bool) {
	i := p.table.Cursor()
	if i < 0 {
		return ClusterRow{}, false
	}
	return p.rows[i], true
}

func (p *Clusters) View() string {
	head := fmt.Sprintf(" %d clusters", len(p.rows))
	if p.cloudHead != "" {
		head += " · " + p.cloudHead
	}
	if p.err != nil {
		head += "  " + p.c.Styles.Paint(styles.Bad, p.err.Error())
	}
	if p.cloudErr != nil {
		head += "  " + p.c.Styles.Paint(styles.Bad, p.cloudErr.Error())
	}
	if p.legend != "" {
		// One line: a wrapped legend would push the table down.
		head += "\n " + p.c.Styles.Paint(styles.Dim, ansi.Truncate(p.legend, max(1, p.width-1), "…"))
	}
	return head + "\n" + p.table.View()
}

func (p *Clusters) ShortHelp() []key.Binding {
	return append([]key.Binding{bind("enter", "connect", "enter")}, p.actions.Keys()...)
}

func (p *Clusters) FullHelp() [][]key.Binding {
	km := p.table.KeyMap
	return [][]key.Binding{p.ShortHelp(), {km.Up, km.Down, km.PageUp, km.PageDown, km.Top, km.Bottom}}
}

type clusterSource struct{ p *Clusters }

func (s clusterSource) Len() int { return len(s.p.rows) }
func (s clusterSource) Key(i int) string {
	r := s.p.rows[i]
	return r.Source + "/" + r.Name
}

func (s clusterSource) Row(i int, dst []table.Cell) []table.Cell {
	r := s.p.rows[i]
	cur := ""
	if r.Current {
		cur = "*"
	}
	status := table.Cell{Text: r.Status, Tone: styles.Warn}
	switch {
	case strings.Contains(r.Status, "unreachable"), strings.HasPrefix(r.Status, "error"), strings.HasPrefix(r.Status, "degraded"):
		status.Tone = styles.Bad
	case r.Status == "reachable" || r.Status == "running" || r.Status == "running, reachable":
		status.Tone = styles.Good
	}
	price := ""
	if r.Monthly > 0 {
		price = fmt.Sprintf("$%.0f", r.Monthly)
	}
	if r.MonthlyPartial {
		price += "+?"
	}
	return append(dst,
		table.Cell{Text: cur, Tone: styles.Accent},
		table.Cell{Text: r.Name},
		table.Cell{Text: r.Source, Tone: styles.Dim},
		status,
		table.Cell{Text: r.Version},
		table.Cell{Text: r.Region},
		table.Cell{Text: r.Pools},
		table.Cell{Text: price},
		table.Cell{Text: r.Server, Tone: styles.Dim},
		table.Cell{Text: r.Auth, Tone: styles.Dim},
	)
}

// authColumn is the AUTH column's index.
const authColumn = 9

// authWidth fits the AUTH column to its values (0 when there are none).
func authWidth(rows []ClusterRow) int {
	w := 0
	for _, r := range rows {
		w = max(w, len(r.Auth))
	}
	if w > 0 {
		w = max(w, len("AUTH"))
	}
	return w
}
