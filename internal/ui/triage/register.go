// Package triage is the 3 a.m. toolkit on the site detail page: roll back,
// restart, pause/resume, roll a new image, delete (or force-delete) a pod
// and watch its replacement come up, logs, describe and YAML. Which keys
// are live follows from --readonly and from what RBAC allows.
package triage

import (
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// Register adds the triage keys to the site detail page. Call once at
// start-up.
func Register() {
	pages.RegisterHook(pages.PageSite, func(c *common.Common) pages.Hook { return newSiteHook(c) })
	pages.RegisterHook(pages.PagePods, func(c *common.Common) pages.Hook { return newPodsHook(c) })
}
