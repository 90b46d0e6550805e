// Package edgeui shows the edge of the connected cluster: on a site's page
// the site's route (its Ingress, with class, controller and address, or
// its HTTPRoute, with each parent Gateway's Accepted and ResolvedRefs) and
// whether it is served, a retired or missing controller flagged with the
// migration hint. It reads IngressClasses and the Gateway API kinds
// through a kube.EdgeWatch that lives as long as the connection.
package edgeui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// Feature holds the edge watch of the current connection.
type Feature struct {
	c      *common.Common
	connID int
	watch  *kube.EdgeWatch
}

// New returns the edge feature.
func New(c *common.Common) *Feature { return &Feature{c: c} }

// Section is the site page's route block.
func (f *Feature) Section() pages.SiteSection {
	return pages.SiteSection{
		Text:    f.section,
		Prepare: func(string) tea.Cmd { f.ensure(); return nil },
		Listen:  f.listen,
	}
}

// ensure starts the connection's watch once (from Update: Init and
// Prepare). A static test cluster, without clients, has none.
func (f *Feature) ensure() *kube.EdgeWatch {
	conn := f.c.Conn
	if conn == nil || conn.Cluster == nil || conn.Cluster.Client == nil {
		return nil
	}
	if f.watch == nil || f.connID != conn.ID {
		f.connID = conn.ID
		f.watch = kube.WatchEdge(conn.Ctx(), conn.Cluster.Client, conn.Cluster.Dynamic)
	}
	return f.watch
}

// current is the watch of the current connection, without starting one
// (View only reads).
func (f *Feature) current() *kube.EdgeWatch {
	if conn := f.c.Conn; conn == nil || f.watch == nil || f.connID != conn.ID {
		return nil
	}
	return f.watch
}

// listen answers once the edge changed (a class, a Gateway, a route).
func (f *Feature) listen(o common.Owner) tea.Cmd {
	w := f.ensure()
	if w == nil {
		return nil
	}
	ch, ctx := w.Changed(), o.Ctx()
	return func() tea.Msg {
		select {
		case <-ch:
			return edgeChangedMsg{}
		case <-ctx.Done():
			return nil
		}
	}
}

type edgeChangedMsg struct{}

// Lines are the site's route lines: its Ingresses and HTTPRoutes judged
// against the cluster's edge. It reads the informer caches only.
func Lines(w *kube.EdgeWatch, ings []*networkingv1.Ingress, ns string) []model.RouteLine {
	e := w.Snapshot()
	var out []model.RouteLine
	for _, ing := range ings {
		out = append(out, model.IngressLine(ing, e))
	}
	for _, r := range w.HTTPRoutes(ns) {
		out = append(out, model.HTTPRouteLines(r, e)...)
	}
	return out
}

const indent = "              " // under the label, as the object store block

// section draws each route in lines: the route, its state, and the fix
// when something is wrong.
func (f *Feature) section(ns string, width int) string {
	w := f.current()
	if w == nil {
		return ""
	}
	st := f.c.Styles
	label := " " + st.Label.Render("route       ") + " "
	if !w.Ready() {
		return label + st.Paint(styles.Dim, "reading the cluster's IngressClasses and Gateways…")
	}
	ings, _ := f.c.Conn.Cluster.Listers.Ingresses.Ingresses(ns).List(labels.Everything())
	lines := Lines(w, ings, ns)
	switch {
	case len(lines) == 0 && !w.RoutesWatched():
		return label + st.Paint(styles.Dim, "no Ingress; HTTPRoutes not readable (Gateway API not installed, or not allowed to list them)")
	case len(lines) == 0:
		return label + st.Paint(styles.Warn, "no Ingress and no HTTPRoute: the site is not reachable from outside")
	}
	var b strings.Builder
	for i, l := range lines {
		head := indent
		if i == 0 {
			head = label
		}
		b.WriteString(ansi.Truncate(head+l.Text, width, "…") + "\n")
		b.WriteString(ansi.Truncate(indent+st.Paint(toneOf(l.Tone), l.State), width, "…") + "\n")
		if l.Fix != "" {
			b.WriteString(ansi.Truncate(indent+st.Paint(styles.Accent, "→ "+l.Fix), width, "…") + "\n")
		}
	}
	return b.String()
}

func toneOf(t model.EdgeTone) styles.Tone {
	switch t {
	case model.EdgeBad:
		return styles.Bad
	case model.EdgeWarn:
		return styles.Warn
	case model.EdgePending:
		return styles.Dim
	}
	return styles.Good
}
