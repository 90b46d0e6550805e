package pages

import (
	"fmt"
	"sort"
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

// SiteDetail shows one site: the rollout verdict, its workloads, its pods
// and its recent warnings — everything the 3 a.m. question needs.
type SiteDetail struct {
	common.Owner
	c         *common.Common
	namespace string
	site      model.Site
	found     bool
	diag      model.Diagnosis
	warnings  []*corev1.Event
	pods      podSource
	table     table.Model
	width     int
	height    int
	extras    []SiteSection
	actions   *Actions
}

// NewSiteDetail returns the detail page of the site in namespace, with
// the features' sections; Use gives it its actions. For a stuck site the
// cursor starts on the first failing pod, so delete-and-recreate is two
// keys.
func NewSiteDetail(c *common.Common, namespace string, sections ...SiteSection) *SiteDetail {
	p := &SiteDetail{Owner: common.NewOwner(c), c: c, namespace: namespace, pods: podSource{c: c}, extras: sections}
	p.table = table.New(c.Styles, podColumns(false)...)
	p.table.Empty = "no pods"
	p.actions = NewActions(c, p.ID(), namespace)
	p.Refresh(store.Dirty{Pods: true, Sites: true, Namespaces: map[string]bool{namespace: true}})
	if stuck := p.diag.StuckPods; len(stuck) > 0 {
		p.SelectPod(stuck[0])
	}
	return p
}

// Use sets the page's actions; RBAC is asked in the site's namespace.
func (p *SiteDetail) Use(lists ...[]common.Action) {
	p.actions = NewActions(p.c, p.ID(), p.namespace, lists...)
}

// Init asks RBAC about the actions and lets the sections start their work.
func (p *SiteDetail) Init() tea.Cmd {
	cmds := []tea.Cmd{p.actions.Init(p.Ctx()), p.prepare()}
	for _, s := range p.extras {
		cmds = append(cmds, listenCmd(p.Owner, s.Listen))
	}
	return tea.Batch(cmds...)
}

// prepare lets the sections ready what they draw (View only reads).
func (p *SiteDetail) prepare() tea.Cmd {
	var cmds []tea.Cmd
	for _, s := range p.extras {
		if s.Prepare != nil {
			cmds = append(cmds, s.Prepare(p.namespace))
		}
	}
	p.layout()
	return tea.Batch(cmds...)
}
func (p *SiteDetail) Title() string { return p.namespace }

// Namespace is the site's namespace.
func (p *SiteDetail) Namespace() string { return p.namespace }

// Site is the site as last derived.
func (p *SiteDetail) Site() model.Site { return p.site }

// Diagnosis is the web rollout's diagnosis as last derived.
func (p *SiteDetail) Diagnosis() model.Diagnosis { return p.diag }

// SelectedPod is the pod under the cursor.
func (p *SiteDetail) SelectedPod() (*store.PodEntry, bool) {
	i := p.table.Cursor()
	if i < 0 {
		return nil, false
	}
	return p.pods.rows[i], true
}

// SelectPod moves the cursor to a pod by name.
func (p *SiteDetail) SelectPod(name string) { p.table.Select(p.namespace + "/" + name) }

func (p *SiteDetail) SetSize(w, h int) {
	p.width, p.height = w, h
	p.layout()
}

// layout gives the pod table what the header and warnings leave.
func (p *SiteDetail) layout() {
	used := strings.Count(p.header()+p.sections(), "\n") + 1 + strings.Count(p.warningsView(), "\n") + 2
	p.table.SetSize(p.width, max(4, p.height-used))
}

func (p *SiteDetail) Refresh(d store.Dirty) {
	if !d.Namespaces[p.namespace] && !d.Sites {
		return
	}
	st := p.c.Conn.Store
	p.site, p.found = st.Site(p.namespace)
	o := st.ObjectsWithEvents(p.namespace)
	p.diag = model.DiagnoseWeb(o, p.c.Now())
	p.warnings = recentWarnings(model.LiveEvents(o.Events, o.Pods), 5)
	p.pods.rows = st.PodsOf(p.namespace)
	p.table.SetSource(p.pods)
	p.layout()
}

func recentWarnings(evs []*corev1.Event, n int) []*corev1.Event {
	var w []*corev1.Event
	for _, e := range evs {
		if e.Type == corev1.EventTypeWarning {
			w = append(w, e)
		}
	}
	sort.SliceStable(w, func(i, j int) bool { return model.EventTime(w[i]).After(model.EventTime(w[j])) })
	return w[:min(n, len(w))]
}

func (p *SiteDetail) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	actCmd, handled := p.actions.Update(msg)
	if handled {
		return p, actCmd
	}
	switch msg := msg.(type) {
	case columnChangedMsg:
		p.layout()
		return p, listenCmd(p.Owner, msg.listen)
	case common.DataChangedMsg:
		if msg.Dirty.Namespaces[p.namespace] {
			return p, tea.Batch(actCmd, p.prepare())
		}
		return p, actCmd
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, keyEnter):
			if e, ok := p.SelectedPod(); ok {
				return p, common.Open(common.Route{Kind: common.RouteEvents, Namespace: p.namespace, Pod: e.Name})
			}
			return p, nil
		case key.Matches(msg, keyEvents):
			return p, common.Open(common.Route{Kind: common.RouteEvents, Namespace: p.namespace})
		}
	}
	var cmd tea.Cmd
	p.table, cmd = p.table.Update(msg)
	return p, tea.Batch(actCmd, cmd)
}

func (p *SiteDetail) View() string {
	return p.header() + p.sections() + "\n" + p.table.View() + "\n" + p.warningsView()
}

func (p *SiteDetail) sections() string {
	var b strings.Builder
	for _, s := range p.extras {
		if text := s.Text(p.namespace, p.width); text != "" {
			b.WriteString(strings.TrimRight(text, "\n") + "\n")
		}
	}
	return b.String()
}

func (p *SiteDetail) header() string {
	st := p.c.Styles
	s := p.site
	if !p.found {
		return st.Paint(styles.Warn, " namespace "+p.namespace+" holds no site (deleted?)")
	}
	var b strings.Builder
	fmt.Fprintf(&b, " %s %s\n", st.Title.Render(s.Domain), st.Paint(styles.Dim, "namespace "+s.Namespace))
	b.WriteString(p.verdict())
	fmt.Fprintf(&b, " %s %s   %s %s   %s %s   %s %s\n",
		st.Label.Render("mysql"), readyText(s.MySQL), st.Label.Render("memcache"), readyText(s.Memcache),
		st.Label.Render("ingress"), ingressCell(s).Text, st.Label.Render("volumes"), fmt.Sprintf("%d/%d bound", s.PVCsBound, s.PVCs))
	fmt.Fprintf(&b, " %s rev %d %s", st.Label.Render("web"), s.Web.Revision, s.Web.Image)
	if s.Web.PrevRevision > 0 {
		fmt.Fprintf(&b, st.Paint(styles.Dim, "  (previous: rev %d %s)"), s.Web.PrevRevision, s.Web.PrevImage)
	}
	b.WriteString("\n")
	if s.HasWeb && s.Web.Phase != model.RolloutComplete {
		b.WriteString(p.progress() + "\n")
	}
	return b.String()
}

// progress draws the rollout of the current revision as three bars:
// updated, ready and available of desired.
func (p *SiteDetail) progress() string {
	w := p.site.Web
	bar := func(label string, n int32) string {
		return p.c.Styles.Label.Render(label) + " " + barCell(fmt.Sprintf("%d/%d", n, w.Desired), int64(n), int64(w.Desired)).Text
	}
	return fmt.Sprintf(" %s rev %d   %s   %s   %s", p.c.Styles.Label.Render("rollout"), w.Revision,
		bar("updated", w.Updated), bar("ready", w.Ready), bar("new available", w.UpdatedAvailable))
}

// verdict is the rollout's state word, the diagnosis and whether the site
// still serves — the first thing the eye lands on.
func (p *SiteDetail) verdict() string {
	st := p.c.Styles
	s, d := p.site, p.diag
	if !s.HasWeb {
		return " " + st.Paint(styles.Dim, "no web Deployment") + "\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, " %s %s\n", st.Paint(phaseTone(s.Web.Phase), s.Web.Label()), d.Verdict)
	for _, e := range d.Evidence {
		fmt.Fprintf(&b, "   %s\n", st.Paint(styles.Dim, oneLine(e)))
	}
	if d.Hint != "" {
		fmt.Fprintf(&b, "   %s %s\n", st.Paint(styles.Accent, "→"), d.Hint)
	}
	if d.ServingLine != "" {
		tone := styles.Good
		if !d.Serving {
			tone = styles.Bad
		}
		fmt.Fprintf(&b, "   %s\n", st.Paint(tone, d.ServingLine))
	}
	return b.String()
}

func readyText(w model.WorkloadStatus) string {
	if !w.Present {
		return "—"
	}
	return fmt.Sprintf("%d/%d", w.Ready, w.Desired)
}

func (p *SiteDetail) warningsView() string {
	st := p.c.Styles
	if len(p.warnings) == 0 {
		return st.Section.Render(" Warnings") + st.Paint(styles.Dim, "  none recent")
	}
	var b strings.Builder
	b.WriteString(st.Section.Render(" Warnings") + st.Paint(styles.Dim, "  (e: all events)"))
	for _, e := range p.warnings {
		age := model.FormatAge(p.c.Now().Sub(model.EventTime(e)))
		line := fmt.Sprintf("%5s %-16s %s: %s", age, e.Reason, e.InvolvedObject.Name, oneLine(e.Message))
		b.WriteString("\n " + st.Paint(styles.Bad, truncate(line, p.width-2)))
	}
	return b.String()
}

func truncate(s string, w int) string {
	if w <= 1 || len([]rune(s)) <= w {
		return s
	}
	return string([]rune(s)[:w-1]) + "…"
}

func (p *SiteDetail) ShortHelp() []key.Binding {
	return append([]key.Binding{keyEnter, keyEvents}, p.actions.Keys()...)
}

func (p *SiteDetail) FullHelp() [][]key.Binding {
	km := p.table.KeyMap
	return [][]key.Binding{{keyEnter, keyEvents, keyBack}, {km.Up, km.Down, km.PageUp, km.PageDown, km.Top, km.Bottom}, p.actions.Keys()}
}
