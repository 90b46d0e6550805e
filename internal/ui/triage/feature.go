// Package triage is the 3 a.m. toolkit on the site detail page: roll back,
// restart, pause/resume, roll a new image, delete (or force-delete) a pod
// and watch its replacement come up, logs, describe and YAML. It
// contributes actions (common.Action); the app's composition puts them on
// the pages, which gate them (read-only mode, RBAC, confirmation).
package triage

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// RBAC capabilities the triage actions need.
var (
	capPatchDeployment = common.Capability{Verb: "patch", Group: "apps", Resource: "deployments"}
	capDeletePod       = common.Capability{Verb: "delete", Resource: "pods"}
	capLogs            = common.Capability{Verb: "get", Resource: "pods", Subresource: "log"}
	capGetPod          = common.Capability{Verb: "get", Resource: "pods"}
)

// Feature is the triage keys; it holds no state of its own (follow-ups
// live on the page that asked).
type Feature struct {
	c    *common.Common
	keys keyMap
	// afterNewCode is what a completed rollback or image roll offers next
	// (OfferAfterNewCode); nil offers nothing.
	afterNewCode func(ns string) string
}

// OfferAfterNewCode makes every rollback or image roll that completes
// call offer(ns) once and add what it says to the completion report (the
// Drupal feature offers drush deploy: new code wants its database updates
// and configuration). A restart keeps the code, so it offers nothing.
// The offer is words, not a prompt: nothing pops up over what the user
// is doing when a rollout ends.
func (f *Feature) OfferAfterNewCode(offer func(ns string) string) { f.afterNewCode = offer }

// New returns the triage feature.
func New(c *common.Common) *Feature { return &Feature{c: c, keys: defaultKeys()} }

// PodPage is a page with a pod cursor: site detail, or the pods list.
type PodPage interface {
	common.Page
	SelectedPod() (*store.PodEntry, bool)
}

// SiteActions are the web Deployment's keys on a site's page.
func (f *Feature) SiteActions(p *pages.SiteDetail) []common.Action {
	k := f.keys
	ns := p.Namespace
	return []common.Action{
		{Key: k.Rollback, Mutates: true, Need: capPatchDeployment, Do: func() common.Plan { return f.rollback(p) }},
		{Key: k.Image, Mutates: true, Need: capPatchDeployment, Do: func() common.Plan { return f.rollImage(p) }},
		{Key: k.Restart, Mutates: true, Need: capPatchDeployment, Do: func() common.Plan { return f.restart(p.Site()) }},
		{Key: k.Pause, Mutates: true, Need: capPatchDeployment, Do: func() common.Plan { return f.pause(ns()) }},
		{Key: k.History, Do: func() common.Plan { return f.history(p) }},
	}
}

// PodActions are the keys that act on the selected pod.
func (f *Feature) PodActions(p PodPage) []common.Action {
	k := f.keys
	return []common.Action{
		{Key: k.Delete, Mutates: true, Need: capDeletePod, Do: func() common.Plan { return f.deletePod(p, false) }},
		{Key: k.ForceDelete, Mutates: true, Need: capDeletePod, Do: func() common.Plan { return f.deletePod(p, true) }},
		{Key: k.Logs, Need: capLogs, Do: func() common.Plan { return f.logs(p, false) }},
		{Key: k.PrevLogs, Need: capLogs, Do: func() common.Plan { return f.logs(p, true) }},
		{Key: k.Describe, Need: capGetPod, Do: func() common.Plan { return f.describe(p) }},
		{Key: k.YAML, Need: capGetPod, Do: func() common.Plan { return f.yaml(p) }},
	}
}

// open is a plan that opens something.
func open(cmd tea.Cmd) common.Plan { return common.Plan{Open: cmd} }

// keyMap is the triage keys, k9s-like where k9s has the same action.
type keyMap struct {
	Rollback, History, Restart, Pause, Image, Delete, ForceDelete, Logs, PrevLogs, Describe, YAML key.Binding
}

func defaultKeys() keyMap {
	b := common.Bind
	return keyMap{
		Rollback:    b("u", "roll back (undo)"),
		History:     b("h", "history"),
		Restart:     b("r", "restart"),
		Pause:       b("p", "pause/resume"),
		Image:       b("i", "roll image"),
		Delete:      b("ctrl+d", "delete pod"),
		ForceDelete: b("ctrl+k", "force delete pod"),
		Logs:        b("l", "logs"),
		PrevLogs:    b("L", "previous logs"),
		Describe:    b("d", "describe"),
		YAML:        b("y", "yaml"),
	}
}
