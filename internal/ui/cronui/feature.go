// Package cronui is a site's CronJobs (Drupal cron, backups): the site
// screen's CRONJOBS section (schedule, suspended, running now, last
// success, last failure with the failed Job's pod and reason), and a
// CronJobs page (J) with trigger now, suspend/resume, the failed pod's
// log and each CronJob's Jobs. It reads the CronJobs, Jobs and pods the
// store holds (model.DeriveCronJobs); the operations are
// internal/actions'.
package cronui

import (
	"charm.land/bubbles/v2/key"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// RBAC: trigger creates a Job (and reads the CronJob fresh), suspend
// patches the CronJob.
var (
	capTrigger = common.Capability{Verb: "create", Group: "batch", Resource: "jobs"}
	capSuspend = common.Capability{Verb: "patch", Group: "batch", Resource: "cronjobs"}
)

// PodPage is a page with a pod under the cursor (the logs key reads it).
type PodPage interface {
	common.Page
	SelectedPod() (*store.PodEntry, bool)
}

// LogsAction makes the logs key (l) for a PodPage: the triage feature's,
// given by the composition.
type LogsAction func(p PodPage) common.Action

type keyMap struct{ Open, Trigger, Suspend key.Binding }

// Feature is the CronJobs feature; it holds no state.
type Feature struct {
	c    *common.Common
	keys keyMap
	logs LogsAction
}

// New returns the feature; logs is the logs key it puts on its pages.
func New(c *common.Common, logs LogsAction) *Feature {
	return &Feature{c: c, logs: logs, keys: keyMap{
		Open:    common.Bind("J", "cronjobs"),
		Trigger: common.Bind("t", "trigger now"),
		Suspend: common.Bind("s", "suspend/resume"),
	}}
}

// SiteActions is J on the site screen: the site's CronJobs page.
func (f *Feature) SiteActions(p *pages.SiteDetail) []common.Action {
	return []common.Action{{Key: f.keys.Open, Do: func() common.Plan {
		return common.Plan{Open: common.Push(f.newCronJobsPage(p.Namespace()))}
	}}}
}

// cronJobs are ns's CronJobs judged, by name.
func (f *Feature) cronJobs(ns string) []model.CronJobStatus {
	if f.c.Conn == nil {
		return nil
	}
	return model.DeriveCronJobs(f.c.Conn.Store.Objects(ns))
}

// podEntry finds a pod of ns in the store.
func (f *Feature) podEntry(ns, name string) (*store.PodEntry, bool) {
	if name == "" {
		return nil, false
	}
	for _, e := range f.c.Conn.Store.PodsOf(ns) {
		if e.Name == name {
			return e, true
		}
	}
	return nil, false
}

// logsFor is the logs key on p, refusing with why when there is no pod.
func (f *Feature) logsFor(p PodPage, none func() string) common.Action {
	a := f.logs(p)
	do := a.Do
	a.Do = func() common.Plan {
		if _, ok := p.SelectedPod(); !ok {
			return common.Refuse(none())
		}
		return do()
	}
	return a
}
