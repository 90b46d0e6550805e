package triage

import (
	"context"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// web returns the site's web Deployment and its ReplicaSets from the listers.
func (f *Feature) web(ns string) (*appsv1.Deployment, []*appsv1.ReplicaSet, error) {
	l := f.c.Conn.Store.L
	d, err := l.Deployments.Deployments(ns).Get(model.WebDeployment)
	if err != nil {
		return nil, nil, fmt.Errorf("no web Deployment in %s", ns)
	}
	rss, _ := l.ReplicaSets.ReplicaSets(ns).List(labels.Everything())
	return d, rss, nil
}

// rollback rolls web back to the previous revision, after saying exactly
// from what to what.
func (f *Feature) rollback(p *pages.SiteDetail) common.Plan {
	dep, rss, err := f.web(p.Namespace())
	if err != nil {
		return common.Refuse(err.Error())
	}
	hist := model.RevisionHistory(dep, rss)
	if len(hist) < 2 {
		return common.Refuse("web has no previous revision to roll back to")
	}
	return f.rollbackPlan(p.Namespace(), p.Site().Label(), hist[0], hist[1])
}

// rollbackPlan rolls web in ns back from one revision to another; its
// follow-up reports when the rollout completes or sticks.
func (f *Feature) rollbackPlan(ns, state string, from, to model.Revision) common.Plan {
	cs, rev := f.c.Conn.Cluster.Client, to.Number
	task := common.NewTask("rolling back web in "+ns, func(ctx context.Context) (string, error) {
		return actions.RollbackWeb(ctx, cs, ns, rev)
	})
	w := newRolloutWatch(ns, fmt.Sprintf("rollback to revision %d", rev), from.Number)
	w.then = f.afterNewCode
	task.Watch = w
	return common.Plan{Task: task, Confirm: &common.Prompt{Title: "Roll back web in " + ns, Lines: []string{
		fmt.Sprintf("from revision %d  %s  (%s)", from.Number, from.Image, state),
		fmt.Sprintf("to   revision %d  %s", to.Number, to.Image),
		"Pods are replaced one at a time (maxSurge 1, maxUnavailable 0), so serving pods stay up.",
	}}}
}

func (f *Feature) restart(site model.Site) common.Plan {
	ns, cs := site.Namespace, f.c.Conn.Cluster.Client
	task := common.NewTask("restarting web in "+ns, func(ctx context.Context) (string, error) {
		return actions.RestartWeb(ctx, cs, ns)
	})
	lines := []string{
		"Every web pod is replaced by a new one, one at a time (like kubectl rollout restart).",
		"The image stays " + site.Web.Image + ".",
	}
	if zero, warning := scaledToZero(site); zero {
		lines = append(lines, warning)
	} else {
		task.Watch = newRolloutWatch(ns, "restart", site.Web.Revision)
	}
	return common.Plan{Task: task, Confirm: &common.Prompt{Title: "Restart web in " + ns, Lines: lines}}
}

// scaledToZero warns that web runs no pod (shared case 09): a restart or
// a new image changes the template, but nothing runs, so nothing is
// checked, and "complete" would mean nothing.
func scaledToZero(site model.Site) (bool, string) {
	if site.HasWeb && site.Web.Desired == 0 {
		return true, "Warning: web has 0 replicas (scaled to zero): no pod will run the change, so nothing will be checked. Scale web up to serve the site."
	}
	return false, ""
}

func (f *Feature) pause(ns string) common.Plan {
	dep, _, err := f.web(ns)
	if err != nil {
		return common.Refuse(err.Error())
	}
	cs, paused := f.c.Conn.Cluster.Client, !dep.Spec.Paused
	verb, what := "Pause", "The rollout stops where it is; pods keep serving. Resume with p."
	if !paused {
		verb, what = "Resume", "The rollout continues from where it stopped."
	}
	task := common.NewTask(verb+" web in "+ns, func(ctx context.Context) (string, error) {
		return actions.PauseWeb(ctx, cs, ns, paused)
	})
	return common.Plan{Task: task, Confirm: &common.Prompt{Title: verb + " the web rollout in " + ns, Lines: []string{what}}}
}

// deletePod deletes the selected pod; its follow-up reports when the
// replacement is Ready.
func (f *Feature) deletePod(p PodPage, force bool) common.Plan {
	pod, ok := p.SelectedPod()
	if !ok {
		return common.Refuse("no pod selected")
	}
	ns, name, cs := pod.Namespace, pod.Name, f.c.Conn.Cluster.Client
	// What the toast says after the delete matches what the prompt said
	// would follow (an evicted pod was replaced long ago).
	w := actions.DeletePodWordsFor(pod.PodRow, force,
		"Its controller creates a replacement; fdtui tells you when it is Ready, or after 5 minutes that it is not.",
		"waiting for its replacement", "ctrl+d", pod.Node)
	then := w.Then
	task := common.NewTask("deleting pod "+name, func(ctx context.Context) (string, error) {
		return actions.DeletePod(ctx, cs, ns, name, force, then)
	})
	if !pod.Terminal && pod.Owner != "" {
		task.Watch = newReplacement(ns, name, pod.Owner)
	}
	return common.Plan{Task: task, Confirm: &common.Prompt{Title: w.Title, Lines: w.Lines}}
}
