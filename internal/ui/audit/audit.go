// Package audit shows model.Audit's findings in the UI: a column on the
// sites page (how many Flight Deck rules a site breaks) and a section on
// the site's page (each finding and why it matters, one line each).
// Findings are computed in Update (Prepare), cached per namespace and
// recomputed only when that namespace's objects changed; View only reads.
package audit

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// MaxShown findings are listed on the site page; the rest are counted.
const MaxShown = 5

// Feature is the audit column and section, with their cache.
type Feature struct {
	c *common.Common
	// connID is the connection the cache belongs to.
	connID int
	cache  map[string]entry
}

type entry struct {
	gen      uint64
	findings []model.Finding
}

// New returns the audit feature.
func New(c *common.Common) *Feature { return &Feature{c: c, cache: map[string]entry{}} }

// Column is the sites page's AUDIT column.
func (f *Feature) Column() pages.SiteColumn {
	return pages.SiteColumn{
		Column:  table.Column{Title: "AUDIT", Width: 6, Right: true},
		Cell:    f.cell,
		Prepare: f.prepare,
	}
}

// Section is the site page's audit block.
func (f *Feature) Section() pages.SiteSection {
	return pages.SiteSection{
		Text:    f.section,
		Prepare: func(ns string) tea.Cmd { return f.prepare([]string{ns}) },
	}
}

// prepare audits the namespaces whose objects changed since last time
// (a lister read of one namespace each).
func (f *Feature) prepare(namespaces []string) tea.Cmd {
	conn := f.c.Conn
	if conn == nil {
		return nil
	}
	if conn.ID != f.connID {
		f.connID = conn.ID
		clear(f.cache)
	}
	for _, ns := range namespaces {
		o, gen := conn.Store.ObjectsGen(ns)
		if e, ok := f.cache[ns]; ok && e.gen == gen {
			continue
		}
		f.cache[ns] = entry{gen: gen, findings: model.Audit(o)}
	}
	return nil
}

// findings are the cached findings; ok is false before the first audit.
func (f *Feature) findings(ns string) ([]model.Finding, bool) {
	if f.c.Conn == nil || f.c.Conn.ID != f.connID {
		return nil, false
	}
	e, ok := f.cache[ns]
	return e.findings, ok
}

// cell is "ok" or "2 ⚠".
func (f *Feature) cell(s model.Site) table.Cell {
	fs, ok := f.findings(s.Namespace)
	switch {
	case !ok:
		return table.Cell{Text: "…", Tone: styles.Dim}
	case len(fs) == 0:
		return table.Cell{Text: "ok", Tone: styles.Good}
	}
	return table.Cell{Text: fmt.Sprintf("%d ⚠", len(fs)), Tone: styles.Warn}
}

// section lists the findings, one line each: what breaks which rule and
// why it matters.
func (f *Feature) section(ns string, width int) string {
	st := f.c.Styles
	fs, ok := f.findings(ns)
	if !ok {
		return ""
	}
	if len(fs) == 0 {
		return " " + st.Label.Render("audit") + " " + st.Paint(styles.Good, "ok") + st.Paint(styles.Dim, " · follows the Flight Deck rules")
	}
	var b strings.Builder
	fmt.Fprintf(&b, " %s %s\n", st.Label.Render("audit"), st.Paint(styles.Warn, model.Plural(len(fs), "finding")))
	for i, fd := range fs {
		if i == MaxShown {
			fmt.Fprintf(&b, "   %s\n", st.Paint(styles.Dim, fmt.Sprintf("… %d more", len(fs)-i)))
			break
		}
		line := fmt.Sprintf("   %s %s %s %s", st.Paint(styles.Warn, "⚠"), fd.Object, st.Paint(styles.Dim, fd.Rule+":"), fd.Why)
		b.WriteString(ansi.Truncate(line, max(20, width), "…") + "\n")
	}
	return b.String()
}
