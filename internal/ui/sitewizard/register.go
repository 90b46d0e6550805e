package sitewizard

import (
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// Register adds the wizard and the delete flow: n (new site) and D
// (delete) on the sites page, U (update) and D on a site's page, and the
// :newsite [domain] command. Call it at start-up, from cmd/fdtui (this
// package imports internal/ui); calling it again does nothing.
func Register() { registerOnce.Do(register) }

var registerOnce sync.Once

func register() {
	pages.RegisterHook(pages.PageSites, func(c *common.Common) pages.Hook { return &sitesHook{c: c} })
	pages.RegisterHook(pages.PageSite, func(c *common.Common) pages.Hook { return &siteHook{c: c} })
	ui.ExtraCommands["newsite"] = OpenNew
}

var (
	keyNew    = bind("n", "new site", "n")
	keyUpdate = bind("U", "update site", "U")
	keyDelete = bind("D", "delete site", "D")
)

// sitesHook: n opens the wizard, D deletes the selected site. In
// read-only mode the keys are not offered, and pressing them says why.
type sitesHook struct{ c *common.Common }

func (h *sitesHook) Keys() []key.Binding {
	if h.c.Options.ReadOnly {
		return nil
	}
	return []key.Binding{keyNew, keyDelete}
}

func (h *sitesHook) Init(common.Page) tea.Cmd { return nil }

func (h *sitesHook) Update(p common.Page, msg tea.Msg) (tea.Cmd, bool) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, false
	}
	switch {
	case key.Matches(kp, keyNew):
		return OpenNew(h.c, ""), true
	case key.Matches(kp, keyDelete):
		sites, ok := p.(*pages.Sites)
		if !ok {
			return nil, false
		}
		if s, ok := sites.Selected(); ok {
			return OpenDelete(h.c, s), true
		}
		return nil, true
	}
	return nil, false
}

// siteHook: U re-runs the wizard on the site, D deletes it.
type siteHook struct{ c *common.Common }

func (h *siteHook) Keys() []key.Binding {
	if h.c.Options.ReadOnly {
		return nil
	}
	return []key.Binding{keyUpdate, keyDelete}
}

func (h *siteHook) Init(common.Page) tea.Cmd { return nil }

func (h *siteHook) Update(p common.Page, msg tea.Msg) (tea.Cmd, bool) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil, false
	}
	detail, ok := p.(*pages.SiteDetail)
	if !ok {
		return nil, false
	}
	switch {
	case key.Matches(kp, keyUpdate):
		return OpenUpdate(h.c, detail.Namespace()), true
	case key.Matches(kp, keyDelete):
		site := detail.Site()
		if site.Namespace == "" {
			return common.Toast(detail.Namespace()+" holds no site to delete", true), true
		}
		return OpenDelete(h.c, site), true
	}
	return nil, false
}
