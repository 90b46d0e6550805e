package cli

import (
	"fmt"

	"github.com/flightdeck/fdtui/internal/model"
)

// Fix is one command that acts on a diagnosis, as the TUI's keys do on
// the site screen: Command is ready to paste, Does says what it does.
type Fix struct {
	Command string `json:"command"`
	Does    string `json:"does"`
}

// Fixes are the commands for site's trouble, best first, each naming
// the context so it can be pasted into another terminal (or a page):
//   - a stuck web rollout with a previous revision: `fdtui rollback`
//     (the TUI's u; it works on a stuck rollout);
//   - a part held by one pod (mysql-0 left on a reverted revision):
//     `fdtui delete-pod` of that pod (the TUI's ctrl+d);
//   - new pods crash-looping: `fdtui logs --previous` (the TUI's L).
//
// None for a site that is fine or whose trouble no command fixes.
func Fixes(kubeContext string, site model.Site, diag model.Diagnosis) []Fix {
	fixes := []Fix{}
	ctx := ""
	if kubeContext != "" {
		ctx = " --context " + kubeContext
	}
	if webStuck(site) && site.Web.PrevRevision > 0 {
		fixes = append(fixes, Fix{
			Command: fmt.Sprintf("fdtui rollback%s %s", ctx, site.Domain),
			Does: fmt.Sprintf("roll web back from revision %d (%s) to revision %d (%s); pods are replaced one at a time",
				site.Web.Revision, model.ImageTag(site.Web.Image), site.Web.PrevRevision, model.ImageTag(site.Web.PrevImage)),
		})
	}
	for _, p := range site.Parts {
		if p.Pod == "" {
			continue
		}
		does := p.Hint
		if does == "" {
			does = "delete " + p.Pod + ": its controller recreates it"
		}
		fixes = append(fixes, Fix{Command: fmt.Sprintf("fdtui delete-pod%s %s %s", ctx, site.Domain, p.Pod), Does: does})
	}
	if diag.Cause == model.CauseCrashLoop && len(diag.StuckPods) > 0 {
		fixes = append(fixes, Fix{
			Command: fmt.Sprintf("fdtui logs%s %s %s --previous", ctx, site.Domain, diag.StuckPods[0]),
			Does:    "read the crashed container's last log",
		})
	}
	return fixes
}

// webStuck: web's rollout will not finish without a human.
func webStuck(site model.Site) bool {
	if !site.HasWeb {
		return false
	}
	if p, ok := site.Part("web"); ok && p.State == model.SiteStuck {
		return true
	}
	return site.Web.Phase == model.RolloutStuck
}
