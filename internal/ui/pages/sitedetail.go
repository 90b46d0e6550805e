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
// cursor starts on the first failing pod (of web, else the pod that holds
// a StatefulSet up, e.g. mysql-0 left on a reverted revision), so
// delete-and-recreate is two keys.
func NewSiteDetail(c *common.Common, namespace string, sections ...SiteSection) *SiteDetail {
	p := &SiteDetail{Owner: common.NewOwner(c), c: c, namespace: namespace, pods: podSource{c: c}, extras: sections}
	p.table = table.New(c.Styles, podColumns(false)...)
	p.table.Empty = "no pods"
	p.actions = NewActions(c, p.ID(), namespace)
	p.Refresh(store.Dirty{Pods: true, Sites: true, Namespaces: map[string]bool{namespace: true}})
	if stuck := p.diag.StuckPods; len(stuck) > 0 {
		p.SelectPod(stuck[0])
	} else if pod := p.actOn(); pod != "" {
		p.SelectPod(pod)
	}
	return p
}

// actOn is the pod whose deletion unsticks the site ("" when none).
func (p *SiteDetail) actOn() string {
	for _, part := range p.site.Parts {
		if part.Pod != "" {
			return part.Pod
		}
	}
	return ""
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
	return tea.Batch(append(cmds, p.fetch())...)
}

// fetch runs the sections' page-owned work.
func (p *SiteDetail) fetch() tea.Cmd {
	var cmds []tea.Cmd
	for _, s := range p.extras {
		if s.Fetch != nil {
			cmds = append(cmds, s.Fetch(p.Owner, p.namespace))
		}
	}
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
		return p, tea.Batch(p.fetch(), listenCmd(p.Owner, msg.listen))
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
		st.Label.Render("mysql"), p.workloadText(s.MySQL), st.Label.Render("memcache"), p.workloadText(s.Memcache),
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

// verdict is the site's state word and why, web's diagnosis and whether
// the site still serves — the first thing the eye lands on. When web's
// rollout sets the state (OK, ROLLING, STUCK, PAUSED) its diagnosis is the
// why; when another part does (mysql stuck, the namespace being deleted)
// or web has no rollout to explain it (DOWN, DEGRADED, SCALING, SCALED TO
// 0), that part's reason leads and web's diagnosis follows.
func (p *SiteDetail) verdict() string {
	st := p.c.Styles
	s := p.site
	label := st.Paint(stateTone(s.State), s.Label())
	var b strings.Builder
	rest := s.Parts
	if len(s.Parts) > 0 && !s.WebExplains() {
		lead := s.Parts[0]
		rest = s.Parts[1:]
		fmt.Fprintf(&b, " %s %s%s\n", label, lead.Reason, p.since(lead))
		p.partLines(&b, lead)
		if s.HasWeb {
			b.WriteString(p.diagnosis("   " + st.Label.Render("web") + " "))
		}
	} else if s.HasWeb {
		b.WriteString(p.diagnosis(" " + label + " "))
	}
	for _, part := range rest {
		if part.Name == "web" && s.HasWeb {
			continue // its diagnosis is above
		}
		fmt.Fprintf(&b, "   %s %s\n", st.Paint(stateTone(part.State), part.State.String()), part.Reason)
		p.partLines(&b, part)
	}
	return b.String()
}

// since is " (for 5m)" when the part knows when its state began.
func (p *SiteDetail) since(part model.Part) string {
	if part.Since.IsZero() {
		return ""
	}
	return p.c.Styles.Paint(styles.Dim, " (for "+model.FormatAge(p.c.Now().Sub(part.Since))+")")
}

// partLines are a part's evidence and hint; a hint to delete a pod names
// the key that does it when the page has it.
func (p *SiteDetail) partLines(b *strings.Builder, part model.Part) {
	st := p.c.Styles
	for _, e := range part.Evidence {
		fmt.Fprintf(b, "   %s\n", st.Paint(styles.Dim, oneLine(e)))
	}
	if part.Hint == "" {
		return
	}
	hint := part.Hint
	if k := p.keyFor("delete pod"); part.Pod != "" && k != "" {
		hint += " (" + k + " on " + part.Pod + ")"
	}
	fmt.Fprintf(b, "   %s %s\n", st.Paint(styles.Accent, "→"), hint)
}

// keyFor is the key of the page's action described desc in help, "" when
// the page has none usable (read-only mode, forbidden).
func (p *SiteDetail) keyFor(desc string) string {
	for _, k := range p.actions.Keys() {
		if k.Help().Desc == desc {
			return k.Help().Key
		}
	}
	return ""
}

// workloadText is a StatefulSet's ready/desired, with its state word when
// it is not OK ("0/1 STUCK").
func (p *SiteDetail) workloadText(w model.WorkloadStatus) string {
	text := readyText(w)
	if !w.Present || w.State == model.SiteOK {
		return text
	}
	return p.c.Styles.Paint(stateTone(w.State), text+" "+w.State.String())
}

// diagnosis is web's diagnosis: its verdict after lead on the first
// line, then evidence, hint and whether the site still serves.
func (p *SiteDetail) diagnosis(lead string) string {
	st := p.c.Styles
	d := p.diag
	var b strings.Builder
	b.WriteString(lead + d.Verdict + "\n")
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
	return model.ReadyText(w.Ready, w.Desired, w.Present)
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
