package pages

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// Hook adds actions to a page without the page knowing them: triage keys
// on a site, the site wizard on the sites list, cloud actions on clusters.
// Which keys a hook offers follows from what the object supports and what
// RBAC allows (k9s' capabilities idea); disabled keys say why in help.
type Hook interface {
	Keys() []key.Binding
	Init(p common.Page) tea.Cmd
	// Update sees every message the page gets first; handled=true stops
	// the page from handling it.
	Update(p common.Page, msg tea.Msg) (cmd tea.Cmd, handled bool)
}

// HookFactory makes a page's hook when the page opens.
type HookFactory func(c *common.Common) Hook

// Page names hooks register for.
const (
	PageSites    = "sites"
	PageSite     = "site"
	PageClusters = "clusters"
	PageNodes    = "nodes"
	PagePods     = "pods"
)

var hookFactories = map[string][]HookFactory{}

// RegisterHook adds a hook to every page of that name opened from now on.
// Call it at start-up only.
func RegisterHook(page string, f HookFactory) { hookFactories[page] = append(hookFactories[page], f) }

type hooks []Hook

func newHooks(c *common.Common, page string) hooks {
	var hs hooks
	for _, f := range hookFactories[page] {
		if h := f(c); h != nil {
			hs = append(hs, h)
		}
	}
	return hs
}

func (hs hooks) init(p common.Page) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(hs))
	for _, h := range hs {
		cmds = append(cmds, h.Init(p))
	}
	return tea.Batch(cmds...)
}

// update offers msg to each hook until one handles it; commands of hooks
// that only observed it (handled=false) are kept too.
func (hs hooks) update(p common.Page, msg tea.Msg) (tea.Cmd, bool) {
	var cmds []tea.Cmd
	for _, h := range hs {
		cmd, handled := h.Update(p, msg)
		cmds = append(cmds, cmd)
		if handled {
			return tea.Batch(cmds...), true
		}
	}
	return tea.Batch(cmds...), false
}

func (hs hooks) keys() []key.Binding {
	var out []key.Binding
	for _, h := range hs {
		out = append(out, h.Keys()...)
	}
	return out
}

// SiteColumn is an extra column on the sites page (object-store usage,
// audit findings).
type SiteColumn struct {
	Column table.Column
	Cell   func(c *common.Common, s model.Site) table.Cell
}

var siteColumns []SiteColumn

// RegisterSiteColumn adds a column to the sites page. Start-up only.
func RegisterSiteColumn(col SiteColumn) { siteColumns = append(siteColumns, col) }

// SiteSection is an extra block on the site detail page, drawn under the
// header; it returns "" when it has nothing to say.
type SiteSection func(c *common.Common, p *SiteDetail) string

var siteSections []SiteSection

// RegisterSiteSection adds a section to the site detail page. Start-up only.
func RegisterSiteSection(s SiteSection) { siteSections = append(siteSections, s) }

// PoolInfo annotates a node pool on the nodes page (size, price).
var PoolInfo func(c *common.Common, pool string) string
