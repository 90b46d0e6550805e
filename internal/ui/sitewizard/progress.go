package sitewizard

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	corev1 "k8s.io/api/core/v1"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// progress applies the site and then follows each component to Ready,
// live from the store. esc while applying interrupts: the objects applied
// so far stay, and re-running the wizard completes the rest.
type progress struct {
	common.Owner
	c       *common.Common
	w       *Feature
	d       *draft
	f       *facts
	spec    blueprint.SiteSpec
	ns      string
	planned int

	applying bool
	results  []kube.ApplyResult
	err      error
	cancel   context.CancelFunc
	started  time.Time

	site     model.Site
	found    bool
	diag     model.Diagnosis
	findings []model.Finding
	warnings []string
	width    int
}

type appliedMsg struct {
	page    *progress
	results []kube.ApplyResult
	err     error
}

func (w *Feature) newProgress(d *draft, f *facts, spec blueprint.SiteSpec, planned int) *progress {
	c := w.c
	p := &progress{Owner: common.NewOwner(c), c: c, w: w, d: d, f: f, spec: spec, ns: namespaceOf(spec.Domain), planned: planned}
	p.Refresh(store.Dirty{Sites: true})
	return p
}

func (p *progress) Init() tea.Cmd {
	ctx, cancel := context.WithTimeout(p.Ctx(), p.w.applyTimeout)
	p.cancel, p.applying, p.started = cancel, true, p.c.Now()
	b, spec := p.w.backend(p.c), p.spec
	return p.Reply(func() tea.Msg {
		defer cancel()
		results, err := b.Apply(ctx, spec)
		return appliedMsg{page: p, results: results, err: err}
	})
}

func (p *progress) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case appliedMsg:
		if msg.page == p {
			p.applying, p.results, p.err = false, msg.results, msg.err
		}
		return p, nil
	case tea.KeyPressMsg:
		return p, p.onKey(msg)
	}
	return p, nil
}

func (p *progress) onKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, keyBack):
		if p.applying {
			p.cancel()
			return tea.Batch(common.Pop, common.Toast(fmt.Sprintf(
				"apply of %s interrupted: the objects applied so far stay; run the wizard again to complete it (apply is idempotent)", p.ns), true))
		}
		return common.Pop
	case key.Matches(msg, keyOpenSite):
		if !p.applying {
			return tea.Sequence(common.Pop, common.Open(common.Route{Kind: common.RouteSite, Namespace: p.ns}))
		}
	case key.Matches(msg, keyEdit):
		if !p.applying && p.err != nil {
			return tea.Sequence(common.Pop, common.Push(p.w.sitePage(p.d, p.f)))
		}
	}
	return nil
}

// Refresh re-reads the site from the store: the page follows the rollout
// without polling.
func (p *progress) Refresh(d store.Dirty) {
	if !d.Sites && !d.Namespaces[p.ns] {
		return
	}
	st := p.c.Conn.Store
	p.site, p.found = st.Site(p.ns)
	o := st.ObjectsWithEvents(p.ns)
	p.diag = model.DiagnoseWeb(o, p.c.Now())
	p.findings = nil
	for _, f := range model.Audit(o) {
		if f.Rule == model.RulePVCNotBound || f.Rule == model.RuleMissingPullSecret {
			p.findings = append(p.findings, f)
		}
	}
	p.warnings = recentWarnings(o.Events, 3)
}

// healthy: every component at its desired count and the rollout complete.
func (p *progress) healthy() bool {
	s := p.site
	return p.found && s.HasWeb && s.Web.Phase == model.RolloutComplete && s.Web.Ready >= s.Web.Desired &&
		s.MySQL.Present && s.MySQL.Ready >= s.MySQL.Desired && s.Memcache.Present && s.Memcache.Ready >= s.Memcache.Desired
}

// stuck: the diagnosis names a failure, or nothing finished in p.w.stuckAfter.
func (p *progress) stuck() bool {
	if p.applying || p.err != nil || p.healthy() {
		return false
	}
	switch p.diag.Cause {
	case model.CauseNone, model.CauseProgressing, model.CauseMinReady:
		return p.c.Now().Sub(p.started) > p.w.stuckAfter || len(p.findings) > 0 && p.c.Now().Sub(p.started) > p.w.stuckAfter/3
	}
	return true
}

func (p *progress) View() string {
	st := p.c.Styles
	var b strings.Builder
	verb := "Creating"
	if p.d.update {
		verb = "Updating"
	}
	fmt.Fprintf(&b, " %s %s %s\n\n", st.Title.Render(verb), st.Paint(styles.Accent, p.spec.Domain), st.Paint(styles.Dim, "→ namespace "+p.ns))
	b.WriteString(p.applyLine() + "\n\n")
	if !p.applying && p.err == nil {
		b.WriteString(p.componentLines())
		b.WriteString(p.stuckLines())
	}
	b.WriteString("\n " + p.keyLine())
	return truncateLines(b.String(), p.width)
}

// truncateLines cuts every line to width (diagnosis evidence quotes long
// image names and event messages).
func truncateLines(s string, width int) string {
	if width <= 0 {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, width, "…")
	}
	return strings.Join(lines, "\n")
}

func (p *progress) applyLine() string {
	st := p.c.Styles
	switch {
	case p.applying:
		return " " + st.Paint(styles.Warn, "…") + fmt.Sprintf(" applying %d objects (server-side apply, field manager %s) and ensuring bucket %s",
			p.planned, kube.FieldManager, p.spec.S3.Bucket)
	case p.err != nil:
		done := countResults(p.results)
		return " " + st.Paint(styles.Bad, "✗ apply failed: "+oneLine(p.err.Error())) + "\n   " +
			st.Paint(styles.Dim, fmt.Sprintf("%d of %d objects applied before it stopped; fix and re-run: apply is idempotent", done.create+done.change+done.unchanged, p.planned))
	}
	n := countResults(p.results)
	return " " + st.Paint(styles.Good, "✓") + fmt.Sprintf(" applied %d objects: %d created, %d changed, %d unchanged · bucket %s ready",
		len(p.results), n.create, n.change, n.unchanged, p.spec.S3.Bucket)
}

func (p *progress) componentLines() string {
	st := p.c.Styles
	s := p.site
	if !p.found {
		return " " + st.Paint(styles.Dim, "waiting for the site to appear in the cluster's watch…") + "\n"
	}
	rows := []struct {
		name  string
		ok    bool
		state string
	}{
		{"mysql", s.MySQL.Present && s.MySQL.Ready >= s.MySQL.Desired,
			fmt.Sprintf("ready %d/%d · volume %d/%d bound", s.MySQL.Ready, s.MySQL.Desired, s.PVCsBound, s.PVCs)},
		{"memcache", s.Memcache.Present && s.Memcache.Ready >= s.Memcache.Desired,
			fmt.Sprintf("ready %d/%d", s.Memcache.Ready, s.Memcache.Desired)},
		{"web", s.HasWeb && s.Web.Phase == model.RolloutComplete && s.Web.Ready >= s.Web.Desired,
			fmt.Sprintf("%s · ready %d/%d · rev %d", s.Web.Label(), s.Web.Ready, s.Web.Desired, s.Web.Revision)},
		{"ingress", len(s.Hosts) > 0, ingressText(s)},
	}
	var b strings.Builder
	for _, r := range rows {
		mark := st.Paint(styles.Warn, "…")
		if r.ok {
			mark = st.Paint(styles.Good, "✓")
		}
		fmt.Fprintf(&b, " %s %-9s %s\n", mark, r.name, r.state)
	}
	if p.healthy() {
		b.WriteString("\n " + st.Paint(styles.Good, "The site is healthy.") + "\n")
	}
	return b.String()
}

func ingressText(s model.Site) string {
	if len(s.Hosts) == 0 {
		return "no ingress yet"
	}
	if s.TLS {
		return "https://" + s.Hosts[0] + " (certificate from cert-manager)"
	}
	return "http://" + s.Hosts[0]
}

// stuckLines explain what holds the site up: the rollout diagnosis, the
// audit findings that block pods, the latest warnings. Long lines wrap:
// the verdict's end ("ImagePullBackOff on 1 of 1 new pods") matters.
func (p *progress) stuckLines() string {
	if !p.stuck() {
		return ""
	}
	st := p.c.Styles
	var b strings.Builder
	line := func(s string) { b.WriteString(wrapIndent(s, p.width, "     ") + "\n") }
	b.WriteString("\n " + st.Paint(styles.Bad, "Something is stuck:") + "\n")
	if p.diag.Verdict != "" {
		line("   " + p.diag.Verdict)
		for _, e := range p.diag.Evidence {
			line("   " + st.Paint(styles.Dim, oneLine(e)))
		}
		if p.diag.Hint != "" {
			line("   " + st.Paint(styles.Accent, "→") + " " + p.diag.Hint)
		}
	}
	for _, f := range p.findings {
		line("   " + f.Object + " " + f.Why)
	}
	for _, w := range p.warnings {
		line("   " + st.Paint(styles.Dim, w))
	}
	return b.String()
}

// wrapIndent wraps s to width, indenting continuation lines.
func wrapIndent(s string, width int, indent string) string {
	if width <= len(indent)+10 {
		return s
	}
	lines := strings.Split(ansi.Wrap(s, width-len(indent), ""), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = indent + lines[i]
	}
	return strings.Join(lines, "\n")
}

func recentWarnings(evs []*corev1.Event, n int) []string {
	var w []*corev1.Event
	for _, e := range evs {
		if e.Type == corev1.EventTypeWarning {
			w = append(w, e)
		}
	}
	sort.SliceStable(w, func(i, j int) bool { return model.EventTime(w[i]).After(model.EventTime(w[j])) })
	out := make([]string, 0, n)
	for _, e := range w[:min(n, len(w))] {
		out = append(out, fmt.Sprintf("%s %s/%s: %s", e.Reason, strings.ToLower(e.InvolvedObject.Kind), e.InvolvedObject.Name, oneLine(e.Message)))
	}
	return out
}

func (p *progress) keyLine() string {
	st := p.c.Styles
	switch {
	case p.applying:
		return st.Paint(styles.Dim, "esc interrupts (a re-run completes the site)")
	case p.err != nil:
		return st.Paint(styles.Dim, "e edit the settings · esc back")
	}
	return st.Paint(styles.Dim, "enter open the site · esc back (the site keeps converging)")
}

func (p *progress) Title() string {
	if p.d.update {
		return "Update " + p.ns
	}
	return "New site " + p.ns
}

// Capturing while applying, so that q cannot quit past a running apply
// without the interrupt message (ctrl+c still can).
func (p *progress) Capturing() bool  { return p.applying }
func (p *progress) SetSize(w, _ int) { p.width = w }

func (p *progress) ShortHelp() []key.Binding {
	if p.applying {
		return []key.Binding{keyInterrupt}
	}
	return []key.Binding{keyOpenSite, keyBack}
}

func (p *progress) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

var (
	keyBack      = bind("esc", "back", "esc")
	keyInterrupt = bind("esc", "interrupt", "esc")
	keyOpenSite  = bind("enter", "open site", "enter")
)
