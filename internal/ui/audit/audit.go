// Package audit shows model.Audit's findings in the UI: a column on the
// sites page (how many Flight Deck rules a site breaks) and a section on
// the site's page (each finding and why it matters, one line each).
package audit

import (
	"fmt"
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// MaxShown findings are listed on the site page; the rest are counted.
const MaxShown = 5

// Register adds the AUDIT column and the site section. Call it at
// start-up; calling it again does nothing.
func Register() { once.Do(register) }

var once sync.Once

func register() {
	pages.RegisterSiteColumn(pages.SiteColumn{
		Column: table.Column{Title: "AUDIT", Width: 6, Right: true},
		Cell:   Cell,
	})
	pages.RegisterSiteSection(Section)
}

// findings audits a site from the informers' objects (a lister read of
// one namespace: cheap enough per visible row and frame).
func findings(c *common.Common, ns string) []model.Finding {
	return model.Audit(c.Conn.Store.Objects(ns))
}

// Cell is "ok" or "2 ⚠".
func Cell(c *common.Common, s model.Site) table.Cell {
	n := len(findings(c, s.Namespace))
	if n == 0 {
		return table.Cell{Text: "ok", Tone: styles.Good}
	}
	return table.Cell{Text: fmt.Sprintf("%d ⚠", n), Tone: styles.Warn}
}

// Section lists the findings, one line each: what breaks which rule and
// why it matters.
func Section(c *common.Common, p *pages.SiteDetail) string {
	st := c.Styles
	fs := findings(c, p.Namespace())
	if len(fs) == 0 {
		return " " + st.Label.Render("audit") + " " + st.Paint(styles.Good, "ok") + st.Paint(styles.Dim, " · follows the Flight Deck rules")
	}
	var b strings.Builder
	fmt.Fprintf(&b, " %s %s\n", st.Label.Render("audit"), st.Paint(styles.Warn, plural(len(fs), "finding")))
	for i, f := range fs {
		if i == MaxShown {
			fmt.Fprintf(&b, "   %s\n", st.Paint(styles.Dim, fmt.Sprintf("… %d more", len(fs)-i)))
			break
		}
		line := fmt.Sprintf("   %s %s %s %s", st.Paint(styles.Warn, "⚠"), f.Object, st.Paint(styles.Dim, f.Rule+":"), f.Why)
		b.WriteString(ansi.Truncate(line, max(20, c.Width), "…") + "\n")
	}
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
