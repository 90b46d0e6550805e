package sitewizard

import (
	"os"
	"time"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// BackendFunc opens the backend of the connected cluster.
type BackendFunc func(c *common.Common) Backend

// KubeBackend is the backend of the connected cluster, the default.
func KubeBackend(c *common.Common) Backend { return kubeBackendFor(c.Conn.Cluster) }

// Feature is the site wizard and the delete flow: n (new site) and D
// (delete) on the sites page, U (update) and D on a site's page, and the
// :newsite [domain] command.
type Feature struct {
	c       *common.Common
	backend BackendFunc
	getenv  func(string) string
	// Timeouts: loading a page's data, the dry run, the apply; and how
	// long the progress page waits on a component before it calls it
	// stuck. Tests shorten them.
	loadTimeout, planTimeout, applyTimeout, stuckAfter time.Duration
}

// New returns the feature; backend nil is the connected cluster's (one
// discovery-backed mapper per connection, kept by the cluster itself),
// getenv nil is os.Getenv.
func New(c *common.Common, backend BackendFunc, getenv func(string) string) *Feature {
	if backend == nil {
		backend = KubeBackend
	}
	if getenv == nil {
		getenv = os.Getenv
	}
	return &Feature{c: c, backend: backend, getenv: getenv,
		loadTimeout: 20 * time.Second, planTimeout: 60 * time.Second, applyTimeout: 3 * time.Minute, stuckAfter: 90 * time.Second}
}

// What the wizard's keys need RBAC to allow: a new site creates a
// namespace and everything in it, an update patches its Deployment, a
// delete removes the namespace.
var (
	capCreateNamespace = common.Capability{Verb: "create", Resource: "namespaces"}
	capDeleteNamespace = common.Capability{Verb: "delete", Resource: "namespaces"}
	capPatchDeployment = common.Capability{Verb: "patch", Group: "apps", Resource: "deployments"}
)

// SitesActions: n opens the wizard, D deletes the selected site.
func (w *Feature) SitesActions(p *pages.Sites) []common.Action {
	return []common.Action{
		{Key: common.Bind("n", "new site"), Mutates: true, Need: capCreateNamespace,
			Do: func() common.Plan { return common.Plan{Open: w.OpenNew("")} }},
		{Key: common.Bind("D", "delete site"), Mutates: true, Need: capDeleteNamespace,
			Do: func() common.Plan {
				s, ok := p.Selected()
				if !ok {
					return common.Refuse("no site selected")
				}
				return common.Plan{Open: w.OpenDelete(s)}
			}},
	}
}

// SiteActions: U re-runs the wizard on the site, D deletes it.
func (w *Feature) SiteActions(p *pages.SiteDetail) []common.Action {
	return []common.Action{
		{Key: common.Bind("U", "update site"), Mutates: true, Need: capPatchDeployment,
			Do: func() common.Plan { return common.Plan{Open: w.OpenUpdate(p.Namespace())} }},
		{Key: common.Bind("D", "delete site"), Mutates: true, Need: capDeleteNamespace,
			Do: func() common.Plan {
				site := p.Site()
				if site.Namespace == "" {
					return common.Refuse(p.Namespace() + " holds no site to delete")
				}
				return common.Plan{Open: w.OpenDelete(site)}
			}},
	}
}

// Commands is :newsite [domain].
func (w *Feature) Commands() []common.Command {
	return []common.Command{{Name: "newsite", Mutates: true, Run: w.OpenNew}}
}
