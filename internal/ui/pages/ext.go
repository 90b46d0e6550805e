package pages

import (
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// SiteColumn is a feature's column on the sites page (audit findings,
// object-store usage). Cell is called from View for visible rows only and
// must only read: anything to compute or fetch is started by Prepare,
// which the page calls from Update with the namespaces about to be drawn.
type SiteColumn struct {
	Column table.Column
	Cell   func(s model.Site) table.Cell
	// Prepare readies the cells of these namespaces (compute a cached
	// audit, start a scan); its command, if any, is the page's to run.
	Prepare func(namespaces []string) tea.Cmd
	// Listen, when set, is a command that answers once the column's data
	// changed (a scan progressed); the page re-arms it after each answer.
	Listen func(owner common.Owner) tea.Cmd
	// Fetch, when set, is Prepare for work that belongs to the page: it
	// runs under owner's context (closed with the page), also after each
	// change Listen reports, so a listener that wakes on a timer refreshes
	// the column periodically.
	Fetch func(owner common.Owner, namespaces []string) tea.Cmd
}

// SiteSection is a feature's block on the site detail page, drawn under
// the header; Text returns "" when it has nothing to say, and only reads.
type SiteSection struct {
	Text    func(namespace string, width int) string
	Prepare func(namespace string) tea.Cmd
	Listen  func(owner common.Owner) tea.Cmd
	// Fetch is as SiteColumn's.
	Fetch func(owner common.Owner, namespace string) tea.Cmd
}

// columnChangedMsg says a column's or section's data changed; listen is
// the listener to re-arm.
type columnChangedMsg struct{ listen func(common.Owner) tea.Cmd }

// listenCmd arms one listener addressed to owner's page.
func listenCmd(o common.Owner, listen func(common.Owner) tea.Cmd) tea.Cmd {
	if listen == nil {
		return nil
	}
	wait := listen(o)
	if wait == nil {
		return nil
	}
	return o.Reply(func() tea.Msg {
		if wait() == nil {
			return nil
		}
		return columnChangedMsg{listen: listen}
	})
}
