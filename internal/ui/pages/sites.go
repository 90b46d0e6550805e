package pages

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// Sites is the default screen: one row per site, those that need a human
// first (sites serving nothing, then stuck, degraded...: model.SortSites).
type Sites struct {
	common.Owner
	c       *common.Common
	table   table.Model
	filter  string
	rows    []model.Site
	columns []SiteColumn
	actions *Actions
}

// NewSites returns the sites page with the features' extra columns; Use
// gives it its actions.
func NewSites(c *common.Common, columns ...SiteColumn) *Sites {
	p := &Sites{Owner: common.NewOwner(c), c: c, columns: columns}
	p.actions = NewActions(c, p.ID(), "")
	cols := []table.Column{
		{Title: "SITE", Width: 18, Flex: 2},
		{Title: "STATE", Width: 12},
		{Title: "TAG", Width: 10},
		{Title: "WEB", Width: 5, Right: true},
		{Title: "MYSQL", Width: 5, Right: true},
		{Title: "MEMCACHE", Width: 8, Right: true},
		{Title: "INGRESS", Width: 14, Flex: 1},
		{Title: "PODS", Width: 5, Right: true},
		{Title: "AGE", Width: 5, Right: true},
	}
	for _, x := range columns {
		cols = append(cols, x.Column)
	}
	p.table = table.New(c.Styles, cols...)
	p.table.Empty = "no Flight Deck sites in this cluster (a site is a namespace with a web Deployment)"
	p.Refresh(store.Dirty{Sites: true})
	return p
}

// Use sets the page's actions (keys that do something), gated in one
// place (Actions); cluster-wide RBAC.
func (p *Sites) Use(lists ...[]common.Action) { p.actions = NewActions(p.c, p.ID(), "", lists...) }

// Init asks RBAC about the actions and prepares the columns.
func (p *Sites) Init() tea.Cmd {
	cmds := []tea.Cmd{p.actions.Init(p.Ctx()), p.prepare()}
	for _, col := range p.columns {
		cmds = append(cmds, listenCmd(p.Owner, col.Listen))
	}
	return tea.Batch(cmds...)
}

// prepare lets the columns ready the rows about to be drawn (View reads).
func (p *Sites) prepare() tea.Cmd {
	from, to := p.table.Window()
	if to <= from {
		return nil
	}
	namespaces := make([]string, 0, to-from)
	for _, s := range p.rows[from:to] {
		namespaces = append(namespaces, s.Namespace)
	}
	var cmds []tea.Cmd
	for _, col := range p.columns {
		if col.Prepare != nil {
			cmds = append(cmds, col.Prepare(namespaces))
		}
	}
	return tea.Batch(append(cmds, p.fetch(namespaces))...)
}

// fetch runs the columns' page-owned work for these namespaces.
func (p *Sites) fetch(namespaces []string) tea.Cmd {
	var cmds []tea.Cmd
	for _, col := range p.columns {
		if col.Fetch != nil {
			cmds = append(cmds, col.Fetch(p.Owner, namespaces))
		}
	}
	return tea.Batch(cmds...)
}
func (p *Sites) Title() string      { return "Sites" }
func (p *Sites) Filter() string     { return p.filter }
func (p *Sites) SetFilter(f string) { p.filter = f; p.Refresh(store.Dirty{Sites: true}) }

// SetSize leaves two lines for the summary.
func (p *Sites) SetSize(w, h int) { p.table.SetSize(w, h-2) }

// Refresh re-reads the site list when it changed.
func (p *Sites) Refresh(d store.Dirty) {
	if !d.Sites && !d.Nodes && !d.Pods {
		return
	}
	m := parseFilter(p.filter)
	p.table.Filtered = !m.empty()
	p.rows = p.rows[:0]
	for _, s := range p.c.Conn.Store.Sites() {
		// No search text is built without a filter: a churning cluster
		// refreshes often.
		if m.empty() || m.match(strings.ToLower(s.Domain+" "+s.Namespace+" "+s.Label()+" "+model.ImageTag(s.Web.Image))) {
			p.rows = append(p.rows, s)
		}
	}
	p.table.SetSource(siteSource{p})
}

// Selected returns the selected site.
func (p *Sites) Selected() (model.Site, bool) {
	i := p.table.Cursor()
	if i < 0 {
		return model.Site{}, false
	}
	return p.rows[i], true
}

func (p *Sites) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	actCmd, handled := p.actions.Update(msg)
	if handled {
		return p, actCmd
	}
	switch msg := msg.(type) {
	case columnChangedMsg:
		cmd := p.prepare()
		// A column may have moved a site in the order (a stale backup
		// ranks it up: store.SetBackup).
		p.Refresh(store.Dirty{Sites: true})
		return p, tea.Batch(cmd, listenCmd(p.Owner, msg.listen))
	case common.DataChangedMsg:
		return p, tea.Batch(actCmd, p.prepare())
	case tea.KeyPressMsg:
		if key.Matches(msg, keyEnter) {
			if s, ok := p.Selected(); ok {
				return p, common.Open(common.Route{Kind: common.RouteSite, Namespace: s.Namespace})
			}
			return p, nil
		}
	}
	var cmd tea.Cmd
	p.table, cmd = p.table.Update(msg)
	return p, tea.Batch(cmd, p.prepare())
}

func (p *Sites) View() string {
	return p.summaryLine() + "\n\n" + p.table.View()
}

func (p *Sites) summaryLine() string {
	st := p.c.Styles
	sum := p.c.Conn.Store.Summary()
	count := func(n int, what string, tone styles.Tone) string {
		text := fmt.Sprintf("%d %s", n, what)
		if n > 0 {
			return st.Paint(tone, text)
		}
		return text
	}
	// Stuck and rolling are always counted; the other states only when
	// some site is in them, worst first like the table.
	parts := []string{model.Plural(sum.Sites, "site"), count(sum.Stuck, "stuck", styles.Bad)}
	for _, c := range []struct {
		n    int
		what string
		tone styles.Tone
	}{
		{sum.Down, "down", styles.Bad}, {sum.Degraded, "degraded", styles.Warn}, {sum.Rolling, "rolling", styles.Warn},
		{sum.Paused, "paused", styles.Warn}, {sum.Deleting, "deleting", styles.Warn}, {sum.ScaledToZero, "scaled to 0", styles.Warn},
	} {
		if c.n > 0 || c.what == "rolling" {
			parts = append(parts, count(c.n, c.what, c.tone))
		}
	}
	notReady := model.Plural(sum.PodsNotReady, "pod") + " not ready"
	if sum.PodsNotReady > 0 {
		notReady = st.Paint(styles.Warn, notReady)
	}
	nodes := fmt.Sprintf("%d/%d nodes ready", sum.NodesReady, sum.Nodes)
	if sum.NodesCordoned > 0 {
		nodes = st.Paint(styles.Warn, fmt.Sprintf("%d/%d nodes ready, %d cordoned", sum.NodesReady, sum.Nodes, sum.NodesCordoned))
	}
	if sum.NodesReady < sum.Nodes {
		nodes = st.Paint(styles.Bad, nodes)
	}
	if len(p.c.Conn.Cluster.Namespaces) > 0 {
		// Confined to some namespaces: nodes are not watched, so "0/0
		// nodes ready" would be a claim about nothing.
		nodes = st.Paint(styles.Dim, "nodes not visible in namespace mode")
	}
	parts = append(parts, notReady, nodes, model.Plural(len(p.c.Conn.Store.Pods()), "pod"))
	return " " + strings.Join(parts, st.Paint(styles.Dim, " · "))
}

func (p *Sites) ShortHelp() []key.Binding {
	return append([]key.Binding{keyEnter, keyFilter}, p.actions.Keys()...)
}

func (p *Sites) FullHelp() [][]key.Binding {
	km := p.table.KeyMap
	return [][]key.Binding{{keyEnter, keyFilter}, {km.Up, km.Down, km.PageUp, km.PageDown, km.Top, km.Bottom}, p.actions.Keys()}
}

type siteSource struct{ p *Sites }

func (s siteSource) Len() int         { return len(s.p.rows) }
func (s siteSource) Key(i int) string { return s.p.rows[i].Namespace }
func (s siteSource) Row(i int, dst []table.Cell) []table.Cell {
	site := s.p.rows[i]
	now := s.p.c.Now()
	dst = stateCells(append(dst, table.Cell{Text: site.Domain}), site)
	dst = append(dst,
		ingressCell(site),
		podsCell(site),
		ageCell(site.Created, now),
	)
	for _, x := range s.p.columns {
		dst = append(dst, x.Cell(site))
	}
	return dst
}

// stateCells are the STATE, TAG, WEB, MYSQL and MEMCACHE columns (the
// sites and fleet screens).
func stateCells(dst []table.Cell, site model.Site) []table.Cell {
	return append(dst,
		stateCell(site),
		table.Cell{Text: model.ImageTag(site.Web.Image)},
		readyCell(site.Web.Ready, site.Web.Desired, site.HasWeb),
		readyCell(site.MySQL.Ready, site.MySQL.Desired, site.MySQL.Present),
		readyCell(site.Memcache.Ready, site.Memcache.Desired, site.Memcache.Present),
	)
}

// stateCell is the STATE column: the site's state from all its parts.
func stateCell(s model.Site) table.Cell {
	return table.Cell{Text: s.Label(), Tone: stateTone(s.State)}
}

// stateTone: green only for OK; red when the site serves nothing or will
// not recover by itself (DOWN, STUCK); a warning for everything a human
// should know about (a change under way, less capacity, a pause, a
// deletion, zero replicas); dim when there is nothing to tell yet.
func stateTone(s model.SiteState) styles.Tone {
	switch s {
	case model.SiteOK:
		return styles.Good
	case model.SiteStuck, model.SiteDown:
		return styles.Bad
	case model.SiteRolling, model.SiteScaling, model.SitePaused, model.SiteDegraded,
		model.SiteScaledToZero, model.SiteDeleting:
		return styles.Warn
	}
	return styles.Dim
}

// readyCell is ready/desired; 0/0 is a warning (scaled to zero serves
// nothing), not a green "all ready".
func readyCell(ready, desired int32, present bool) table.Cell {
	if !present {
		return table.Cell{Text: "—", Tone: styles.Dim}
	}
	tone := styles.Good
	if desired == 0 {
		tone = styles.Warn
	} else if ready < desired {
		tone = styles.Warn
		if ready == 0 {
			tone = styles.Bad
		}
	}
	return table.Cell{Text: model.ReadyText(ready, desired, true), Tone: tone}
}

func ingressCell(s model.Site) table.Cell {
	switch {
	case len(s.Hosts) == 0:
		return table.Cell{Text: s.IngressText(), Tone: styles.Dim}
	case !s.TLS:
		return table.Cell{Text: s.IngressText(), Tone: styles.Warn}
	}
	return table.Cell{Text: s.IngressText()}
}

func podsCell(s model.Site) table.Cell {
	if s.PodsNotReady > 0 {
		return table.Cell{Text: s.PodsText(), Tone: styles.Warn}
	}
	return table.Cell{Text: s.PodsText()}
}

// ageCell is kubectl's AGE (model.AgeText: "?" when unknown).
func ageCell(created, now time.Time) table.Cell {
	return table.Cell{Text: model.AgeText(created, now), Tone: styles.Dim}
}
