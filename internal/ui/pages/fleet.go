package pages

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/fleet"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// FleetSource is what the fleet page reads (fleetui makes it).
type FleetSource struct {
	// Snapshot is every cluster's state now.
	Snapshot func() fleet.Snapshot
	// Changed delivers FleetChangedMsg at the fleet's next change (nil
	// when ctx ends first).
	Changed func(ctx context.Context) tea.Cmd
	// Cloud lists the DigitalOcean account's clusters (CloudRowsMsg) and
	// fetches credentials for one; the zero value: no account.
	Cloud ClustersCloud
	// Account takes the account's clusters and returns those of them the
	// fleet selects but cannot reach without credentials (no saved
	// context), and each selected cluster's row by context name (for its
	// monthly price).
	Account func(rows []ClusterRow) (offers []ClusterRow, byContext map[string]ClusterRow)
	// Problem is why the fleet is not what was asked for (a context the
	// kubeconfig does not have); nil when all is well.
	Problem error
}

// FleetChangedMsg says the fleet's snapshot changed.
type FleetChangedMsg struct{}

// fleetTickMsg redraws what changes with time alone ("unreachable for
// 3m", AGE).
type fleetTickMsg struct{}

// fleetTick is how often those are redrawn.
const fleetTick = 5 * time.Second

func (p *Fleet) tick() tea.Cmd {
	return p.Reply(tea.Tick(fleetTick, func(time.Time) tea.Msg { return fleetTickMsg{} }))
}

// Fleet is every site of every selected cluster in one table, those that
// need a human first (fleet.Rows), with a line per cluster. Enter opens a
// site in its cluster, where every site action works.
type Fleet struct {
	common.Owner
	c      *common.Common
	src    FleetSource
	table  table.Model
	snap   fleet.Snapshot
	rows   []fleet.Row
	offers []ClusterRow
	// offered are the offers the filter keeps (the table's last rows).
	offered []ClusterRow
	priced  map[string]ClusterRow
	filter  string
	width   int
	height  int
	heading int
}

// NewFleet returns the fleet page reading src.
func NewFleet(c *common.Common, src FleetSource) *Fleet {
	p := &Fleet{Owner: common.NewOwner(c), c: c, src: src}
	p.table = table.New(c.Styles,
		table.Column{Title: "CLUSTER", Width: 10, Flex: 1},
		table.Column{Title: "SITE", Width: 18, Flex: 2},
		table.Column{Title: "STATE", Width: 12},
		table.Column{Title: "TAG", Width: 10, Flex: 1}, // long tags (broken-5c1e…) are read whole
		table.Column{Title: "WEB", Width: 5, Right: true},
		table.Column{Title: "MYSQL", Width: 5, Right: true},
		table.Column{Title: "MEMCACHE", Width: 8, Right: true},
		table.Column{Title: "TLS", Width: 9},
		table.Column{Title: "PODS", Width: 5, Right: true},
		table.Column{Title: "AGE", Width: 5, Right: true},
	)
	p.table.Empty = "no sites in the fleet yet"
	p.reload()
	return p
}

// Init listens to the fleet and asks the cloud account for its clusters.
func (p *Fleet) Init() tea.Cmd {
	cmds := []tea.Cmd{p.Reply(p.src.Changed(p.Ctx())), p.tick()}
	if p.src.Cloud.Load != nil {
		cmds = append(cmds, p.Reply(p.src.Cloud.Load()))
	}
	return tea.Batch(cmds...)
}

func (p *Fleet) Title() string { return "Fleet" }

// Fleetwide: the header puts the cluster of an opened site after "Fleet".
func (p *Fleet) Fleetwide() {}

func (p *Fleet) Filter() string { return p.filter }

func (p *Fleet) SetFilter(f string) {
	p.filter = f
	p.rebuild()
}

func (p *Fleet) SetSize(w, h int) {
	p.width, p.height = w, h
	p.layout()
}

// Refresh: the fleet does not read the connected cluster's store.
func (p *Fleet) Refresh(store.Dirty) {}

func (p *Fleet) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case FleetChangedMsg:
		p.reload()
		return p, p.Reply(p.src.Changed(p.Ctx()))
	case fleetTickMsg:
		if p.Ctx().Err() != nil {
			return p, nil // closed: stop ticking
		}
		return p, p.tick() // View reads the clock
	case CloudRowsMsg:
		if msg.Err == nil && p.src.Account != nil {
			p.offers, p.priced = p.src.Account(msg.Rows)
			p.rebuild()
		}
		return p, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, keyEnter) {
			return p, p.open()
		}
	}
	var cmd tea.Cmd
	p.table, cmd = p.table.Update(msg)
	return p, cmd
}

// open is enter: a site opens in its cluster (connecting to it), a
// cluster row opens the cluster, an account cluster without credentials
// fetches them as the clusters screen does.
func (p *Fleet) open() tea.Cmd {
	i := p.table.Cursor()
	if i < 0 {
		return nil
	}
	if i >= len(p.rows) {
		if p.src.Cloud.Connect == nil {
			return nil
		}
		return p.src.Cloud.Connect(p.offered[i-len(p.rows)])
	}
	r := p.rows[i]
	// Under the fleet, so esc comes back to it.
	msg := common.ConnectMsg{Context: r.Cluster, Then: &common.Route{Kind: common.RouteSites},
		Under: &common.Route{Kind: common.RouteFleet}}
	if r.Site != nil {
		msg.Then = &common.Route{Kind: common.RouteSite, Namespace: r.Site.Namespace}
	}
	return func() tea.Msg { return msg }
}

func (p *Fleet) reload() {
	p.snap = p.src.Snapshot()
	p.rebuild()
}

func (p *Fleet) rebuild() {
	m := parseFilter(p.filter)
	p.table.Filtered = !m.empty()
	var keep func(fleet.Row) bool
	if !m.empty() {
		keep = func(r fleet.Row) bool {
			if r.Site == nil {
				return m.match(strings.ToLower(r.Cluster + " " + r.State + " " + r.Why))
			}
			s := r.Site
			return m.match(strings.ToLower(r.Cluster + " " + s.Domain + " " + s.Namespace + " " + s.Label() + " " + model.ImageTag(s.Web.Image)))
		}
	}
	p.rows = fleet.Rows(p.snap, keep)
	p.offered = p.offered[:0]
	for _, o := range p.offers {
		if m.empty() || m.match(strings.ToLower(o.Name+" "+o.Region+" no context")) {
			p.offered = append(p.offered, o)
		}
	}
	p.layout()
	p.table.SetSource(fleetSource{p})
}

// layout gives the table what the head lines leave.
func (p *Fleet) layout() {
	p.heading = 2 + len(p.clusterLines())
	p.table.SetSize(p.width, p.height-p.heading)
}

func (p *Fleet) View() string {
	lines := append([]string{p.headLine()}, p.clusterLines()...)
	return strings.Join(lines, "\n") + "\n\n" + p.table.View()
}

// headLine: "fleet: 2/3 connected · 1006 sites · 2 stuck · 1 down".
func (p *Fleet) headLine() string {
	st := p.c.Styles
	t := fleet.Total(p.snap)
	conn := fmt.Sprintf("%d/%d connected", t.Connected, t.Clusters)
	if t.Connected < t.Clusters {
		conn = st.Paint(styles.Warn, conn)
	}
	parts := []string{" fleet: " + conn, model.Plural(t.Sites, "site"), countText(st, t.Stuck, "stuck"), countText(st, t.Down, "down")}
	if len(p.offers) > 0 {
		parts = append(parts, st.Paint(styles.Warn, fmt.Sprintf("%d without credentials", len(p.offers))))
	}
	if p.src.Problem != nil {
		parts = append(parts, st.Paint(styles.Bad, p.src.Problem.Error()))
	}
	return strings.Join(parts, st.Paint(styles.Dim, " · "))
}

func countText(st *styles.Styles, n int, what string) string {
	text := fmt.Sprintf("%d %s", n, what)
	if n > 0 {
		return st.Paint(styles.Bad, text)
	}
	return text
}

// maxClusterLines bounds the per-cluster lines above the table.
const maxClusterLines = 8

// clusterLines are a line per cluster: its state, sites, stuck, nodes
// ready and (DigitalOcean) monthly price.
func (p *Fleet) clusterLines() []string {
	st := p.c.Styles
	now := p.c.Now()
	// Names padded to the longest, so the states line up.
	width := 0
	for _, c := range p.snap.Clusters {
		width = max(width, ansi.StringWidth(c.Name))
	}
	for _, o := range p.offers {
		width = max(width, ansi.StringWidth(o.Name))
	}
	pad := func(name string) string { return name + strings.Repeat(" ", width-ansi.StringWidth(name)) }
	var out []string
	for _, c := range p.snap.Clusters {
		out = append(out, p.clusterLine(st, c, pad(c.Name), now))
	}
	for _, o := range p.offers {
		out = append(out, " "+st.Paint(styles.Warn, pad(o.Name))+"  "+st.Paint(styles.Dim, "DigitalOcean "+o.Region+", no saved context: select its row and press enter to fetch credentials"))
	}
	if len(out) > maxClusterLines {
		rest := len(out) - maxClusterLines + 1
		out = append(out[:maxClusterLines-1], st.Paint(styles.Dim, fmt.Sprintf(" … %d more clusters", rest)))
	}
	for i, l := range out {
		out[i] = ansi.Truncate(l, max(1, p.width), "…")
	}
	return out
}

func (p *Fleet) clusterLine(st *styles.Styles, c fleet.Cluster, padded string, now time.Time) string {
	name := st.Paint(styles.Accent, padded)
	if c.State != fleet.StateConnected {
		state := st.Paint(styles.Bad, c.State)
		if c.State == fleet.StateConnecting {
			state = st.Paint(styles.Warn, c.State)
		}
		line := " " + name + "  " + state + " for " + model.FormatAge(now.Sub(c.Since))
		if c.Why != "" {
			line += ": " + oneLine(c.Why)
		}
		return line
	}
	stuck, down := fleet.Count(c)
	parts := []string{model.Plural(len(c.Sites), "site"), countText(st, stuck, "stuck")}
	if down > 0 {
		parts = append(parts, countText(st, down, "down"))
	}
	nodes := fmt.Sprintf("%d/%d nodes ready", c.NodesReady, c.Nodes)
	switch {
	case len(c.Namespaces) > 0:
		nodes = st.Paint(styles.Dim, "nodes not visible in namespace mode")
	case c.NodesReady < c.Nodes:
		nodes = st.Paint(styles.Bad, nodes)
	}
	parts = append(parts, nodes)
	if r, ok := p.priced[c.Name]; ok && (r.Monthly > 0 || r.MonthlyPartial) {
		price := fmt.Sprintf("$%.0f/mo", r.Monthly)
		if r.MonthlyPartial {
			price = fmt.Sprintf("$%.0f+?/mo", r.Monthly)
		}
		parts = append(parts, price)
	}
	return " " + name + "  " + st.Paint(styles.Good, c.State) + "  " + strings.Join(parts, st.Paint(styles.Dim, " · "))
}

func (p *Fleet) ShortHelp() []key.Binding {
	return []key.Binding{bind("enter", "open in its cluster", "enter"), keyFilter}
}

func (p *Fleet) FullHelp() [][]key.Binding {
	km := p.table.KeyMap
	return [][]key.Binding{p.ShortHelp(), {km.Up, km.Down, km.PageUp, km.PageDown, km.Top, km.Bottom}}
}

type fleetSource struct{ p *Fleet }

func (s fleetSource) Len() int { return len(s.p.rows) + len(s.p.offered) }

func (s fleetSource) Key(i int) string {
	if i >= len(s.p.rows) {
		return "do/" + s.p.offered[i-len(s.p.rows)].Name
	}
	return s.p.rows[i].Key()
}

func (s fleetSource) Row(i int, dst []table.Cell) []table.Cell {
	if i >= len(s.p.rows) {
		o := s.p.offered[i-len(s.p.rows)]
		return append(dst, table.Cell{Text: o.Name, Tone: styles.Accent},
			table.Cell{Text: "no saved context: enter fetches credentials", Tone: styles.Dim},
			table.Cell{Text: "NO CONTEXT", Tone: styles.Warn})
	}
	r := s.p.rows[i]
	cluster := table.Cell{Text: r.Cluster, Tone: styles.Accent}
	if r.Site == nil {
		tone := styles.Bad
		if r.State == fleet.StateConnecting {
			tone = styles.Warn
		}
		return append(dst, cluster, table.Cell{Text: oneLine(r.Why), Tone: styles.Dim}, table.Cell{Text: strings.ToUpper(r.State), Tone: tone})
	}
	site := *r.Site
	now := s.p.c.Now()
	dst = stateCells(append(dst, cluster, table.Cell{Text: site.Domain}), site)
	return append(dst,
		tlsCell(site, now),
		podsCell(site),
		ageCell(site.Created, now),
	)
}

// tlsCell is the TLS column's word (model.SiteTLS.Word), red when urgent.
func tlsCell(s model.Site, now time.Time) table.Cell {
	c := table.Cell{Text: s.Certs.Word(now), Tone: styles.Dim}
	if s.Certs.Urgent(now) {
		c.Tone = styles.Bad
	}
	return c
}
