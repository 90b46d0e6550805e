package triage

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// siteHook adds the triage keys to a site detail page.
type siteHook struct {
	c      *common.Common
	keys   keyMap
	denied map[capability]string
	// replacements wait for pods deleted here to be replaced and Ready.
	replacements []replacement
	// rollout waits for a rollout started here to complete or stick.
	rollout *rolloutWatch
}

func newSiteHook(c *common.Common) *siteHook {
	return &siteHook{c: c, keys: defaultKeys(), denied: map[capability]string{}}
}

// Init checks RBAC for the site's namespace and, for a stuck site, puts
// the cursor on the first failing pod so delete-and-recreate is two keys.
func (h *siteHook) Init(p common.Page) tea.Cmd {
	d, ok := p.(*pages.SiteDetail)
	if !ok {
		return nil
	}
	if stuck := d.Diagnosis().StuckPods; len(stuck) > 0 {
		d.SelectPod(stuck[0])
	}
	return checkAccess(h.c.Conn.Access, d.Namespace())
}

// Keys lists the triage keys; forbidden ones say so, and --readonly keeps
// only those that change nothing.
func (h *siteHook) Keys() []key.Binding {
	k := h.keys
	readOnly := []key.Binding{k.Logs, k.PrevLogs, k.Describe, k.YAML, k.History}
	if h.c.Options.ReadOnly {
		return readOnly
	}
	return append([]key.Binding{
		h.gate(k.Rollback, capPatchDeployment), h.gate(k.Delete, capDeletePod), h.gate(k.Image, capPatchDeployment),
		h.gate(k.Restart, capPatchDeployment), h.gate(k.Pause, capPatchDeployment), h.gate(k.ForceDelete, capDeletePod),
	}, readOnly...)
}

// gate marks a binding forbidden in help when RBAC denies it.
func (h *siteHook) gate(b key.Binding, c capability) key.Binding {
	if _, denied := h.denied[c]; !denied {
		return b
	}
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(b.Help().Key, b.Help().Desc+" (forbidden)"))
}

func (h *siteHook) Update(p common.Page, msg tea.Msg) (tea.Cmd, bool) {
	d, ok := p.(*pages.SiteDetail)
	if !ok {
		return nil, false
	}
	switch msg := msg.(type) {
	case accessMsg:
		if msg.namespace == d.Namespace() {
			h.denied = msg.denied
		}
		return nil, true
	case common.DataChangedMsg:
		return tea.Batch(h.checkReplacements(d), h.checkRollout(d)), false
	case tea.KeyPressMsg:
		return h.onKey(d, msg)
	}
	return nil, false
}

// onKey maps a key to its action; it reports false for keys it does not own.
func (h *siteHook) onKey(d *pages.SiteDetail, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := h.keys
	switch {
	case key.Matches(msg, k.Logs):
		return h.logs(d, false), true
	case key.Matches(msg, k.PrevLogs):
		return h.logs(d, true), true
	case key.Matches(msg, k.Describe):
		return h.describe(d), true
	case key.Matches(msg, k.YAML):
		return h.yaml(d), true
	case key.Matches(msg, k.History):
		return h.history(d), true
	}
	var action func(*pages.SiteDetail) tea.Cmd
	var need capability
	switch {
	case key.Matches(msg, k.Rollback):
		action, need = h.rollback, capPatchDeployment
	case key.Matches(msg, k.Restart):
		action, need = h.restart, capPatchDeployment
	case key.Matches(msg, k.Pause):
		action, need = h.pause, capPatchDeployment
	case key.Matches(msg, k.Image):
		action, need = h.rollImage, capPatchDeployment
	case key.Matches(msg, k.Delete):
		action, need = func(d *pages.SiteDetail) tea.Cmd { return h.deletePod(d, false) }, capDeletePod
	case key.Matches(msg, k.ForceDelete):
		action, need = func(d *pages.SiteDetail) tea.Cmd { return h.deletePod(d, true) }, capDeletePod
	default:
		return nil, false
	}
	if h.c.Options.ReadOnly {
		return common.Toast("read-only mode (--readonly): actions that change the cluster are off", true), true
	}
	if reason, denied := h.denied[need]; denied {
		return common.Toast("not allowed: "+reason, true), true
	}
	return action(d), true
}
