package triage

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// podPage is a page with a pod cursor: site detail, or the pods list.
type podPage interface {
	common.Page
	SelectedPod() (*store.PodEntry, bool)
}

// siteHook adds the triage keys to a site detail page, and the pod keys
// alone to the pods list (podsOnly).
type siteHook struct {
	c        *common.Common
	podsOnly bool
	keys     keyMap
	denied   map[capability]string
	// replacements wait for pods deleted here to be replaced and Ready.
	replacements []replacement
	// rollout waits for a rollout started here to complete or stick.
	rollout *rolloutWatch
}

func newSiteHook(c *common.Common) *siteHook {
	return &siteHook{c: c, keys: defaultKeys(), denied: map[capability]string{}}
}

func newPodsHook(c *common.Common) *siteHook {
	h := newSiteHook(c)
	h.podsOnly = true
	return h
}

// Init checks RBAC for the site's namespace and, for a stuck site, puts
// the cursor on the first failing pod so delete-and-recreate is two keys.
func (h *siteHook) Init(p common.Page) tea.Cmd {
	d, ok := p.(*pages.SiteDetail)
	if !ok {
		return checkAccess(h.c.Conn.Access, "")
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
	if h.podsOnly {
		readOnly = readOnly[:4]
	}
	if h.c.Options.ReadOnly {
		return readOnly
	}
	if h.podsOnly {
		return append([]key.Binding{h.gate(k.Delete, capDeletePod), h.gate(k.ForceDelete, capDeletePod)}, readOnly...)
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
	pp, ok := p.(podPage)
	if !ok {
		return nil, false
	}
	d, isSite := p.(*pages.SiteDetail)
	switch msg := msg.(type) {
	case accessMsg:
		h.denied = msg.denied
		return nil, true
	case common.DataChangedMsg:
		if !isSite {
			return h.checkReplacements(pp), false
		}
		return tea.Batch(h.checkReplacements(pp), h.checkRollout(d)), false
	case tea.KeyPressMsg:
		if !isSite {
			return h.onPodKey(pp, msg)
		}
		if cmd, ok := h.onPodKey(pp, msg); ok {
			return cmd, true
		}
		return h.onKey(d, msg)
	}
	return nil, false
}

// onPodKey handles the keys that act on the selected pod.
func (h *siteHook) onPodKey(d podPage, msg tea.KeyPressMsg) (tea.Cmd, bool) {
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
	case key.Matches(msg, k.Delete):
		return h.guard(capDeletePod, func() tea.Cmd { return h.deletePod(d, false) }), true
	case key.Matches(msg, k.ForceDelete):
		return h.guard(capDeletePod, func() tea.Cmd { return h.deletePod(d, true) }), true
	}
	return nil, false
}

// guard runs action unless read-only mode or RBAC forbids it.
func (h *siteHook) guard(need capability, action func() tea.Cmd) tea.Cmd {
	if h.c.Options.ReadOnly {
		return common.Toast("read-only mode (--readonly): actions that change the cluster are off", true)
	}
	if reason, denied := h.denied[need]; denied {
		return common.Toast("not allowed: "+reason, true)
	}
	return action()
}

// onKey maps a key to its action; it reports false for keys it does not own.
func (h *siteHook) onKey(d *pages.SiteDetail, msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := h.keys
	var action func(*pages.SiteDetail) tea.Cmd
	switch {
	case key.Matches(msg, k.History):
		return h.history(d), true
	case key.Matches(msg, k.Rollback):
		action = h.rollback
	case key.Matches(msg, k.Restart):
		action = h.restart
	case key.Matches(msg, k.Pause):
		action = h.pause
	case key.Matches(msg, k.Image):
		action = h.rollImage
	default:
		return nil, false
	}
	return h.guard(capPatchDeployment, func() tea.Cmd { return action(d) }), true
}
