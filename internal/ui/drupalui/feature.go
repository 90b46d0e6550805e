// Package drupalui is the Drupal operations of a site: drush (a short
// palette and free text, output streamed, exit code and duration, the
// last runs kept per site for the session), a Varnish purge on every
// Ready web pod with a line per pod, and an interactive shell in a pod's
// container. Each runs in the site's pods through the pods/exec
// subresource (internal/kube.Exec); the operations themselves are
// internal/actions'. All count as changing the cluster: read-only mode
// leaves them out, and RBAC must allow create pods/exec.
package drupalui

import (
	"context"
	"sync"

	"charm.land/bubbles/v2/key"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// capExec is what every Drupal operation needs: kubectl exec's
// permission (the exec subresource is created).
var capExec = common.Capability{Verb: "create", Resource: "pods", Subresource: "exec"}

// keepRuns is how many drush runs a site keeps for the session.
const keepRuns = 10

// keyMap is the feature's keys.
type keyMap struct{ Drush, Purge, Shell key.Binding }

// Feature is the Drupal operations; it keeps the session's drush runs
// per site (connection context and namespace).
type Feature struct {
	c    *common.Common
	keys keyMap

	mu   sync.Mutex
	runs map[string][]*drushRun // newest last
	// due are the sites where new code rolled out and drush deploy has
	// not started since (OfferDeploy).
	due map[string]bool
}

// New returns the feature.
func New(c *common.Common) *Feature {
	return &Feature{c: c, runs: map[string][]*drushRun{}, due: map[string]bool{}, keys: keyMap{
		Drush: common.Bind("x", "drush"),
		Purge: common.Bind("P", "purge varnish"),
		Shell: common.Bind("s", "shell"),
	}}
}

// PodPage is a page with a pod cursor: site detail, or the pods list.
type PodPage interface {
	common.Page
	SelectedPod() (*store.PodEntry, bool)
}

// SiteActions are the site's Drupal keys: x drush, P purge Varnish.
func (f *Feature) SiteActions(p *pages.SiteDetail) []common.Action {
	return []common.Action{
		{Key: f.keys.Drush, Mutates: true, Need: capExec, Do: func() common.Plan { return f.drush(p.Namespace()) }},
		{Key: f.keys.Purge, Mutates: true, Need: capExec, Do: func() common.Plan { return f.purge(p.Namespace()) }},
	}
}

// PodActions are the keys on a selected pod: s shell.
func (f *Feature) PodActions(p PodPage) []common.Action {
	return []common.Action{
		{Key: f.keys.Shell, Mutates: true, Need: capExec, Do: func() common.Plan { return f.shell(p) }},
	}
}

// webPods are ns's Ready web pods from the store.
func (f *Feature) webPods(ns string) model.WebPods {
	o := f.c.Conn.Store.Objects(ns)
	for _, d := range o.Deployments {
		if d.Name == model.WebDeployment {
			return model.ReadyWebPods(d, o.ReplicaSets, o.Pods)
		}
	}
	return model.WebPods{}
}

// run is kube.Exec on the connected cluster.
func (f *Feature) run() actions.Run {
	cl := f.c.Conn.Cluster
	return actions.ExecOn(cl.Config, cl.Client)
}

// siteKey names a site's runs: the same namespace on another cluster is
// another site.
func (f *Feature) siteKey(ns string) string { return f.c.Conn.Context + "/" + ns }

// connCtx is the connection's context: runs end with it (cluster switch,
// quit), not with the page that shows them.
func (f *Feature) connCtx() context.Context { return f.c.Conn.Ctx() }
