package triage

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// web returns the site's web Deployment and its ReplicaSets from the listers.
func (h *siteHook) web(ns string) (*appsv1.Deployment, []*appsv1.ReplicaSet, error) {
	l := h.c.Conn.Store.L
	d, err := l.Deployments.Deployments(ns).Get(model.WebDeployment)
	if err != nil {
		return nil, nil, fmt.Errorf("no web Deployment in %s", ns)
	}
	rss, _ := l.ReplicaSets.ReplicaSets(ns).List(labels.Everything())
	return d, rss, nil
}

// rollback rolls web back to the previous revision, after saying exactly
// from what to what.
func (h *siteHook) rollback(d *pages.SiteDetail) tea.Cmd {
	dep, rss, err := h.web(d.Namespace())
	if err != nil {
		return common.Toast(err.Error(), true)
	}
	hist := model.RevisionHistory(dep, rss)
	if len(hist) < 2 {
		return common.Toast("web has no previous revision to roll back to", true)
	}
	return h.confirmRollback(d, hist[0], hist[1])
}

func (h *siteHook) confirmRollback(d *pages.SiteDetail, from, to model.Revision) tea.Cmd {
	ns, cs := d.Namespace(), h.c.Conn.Cluster.Client
	lines := []string{
		fmt.Sprintf("from revision %d  %s  (%s)", from.Number, from.Image, d.Site().Web.Label()),
		fmt.Sprintf("to   revision %d  %s", to.Number, to.Image),
		"Pods are replaced one at a time (maxSurge 1, maxUnavailable 0), so serving pods stay up.",
	}
	rev := to.Number
	run := actions.Run("rolling back web in "+ns, func(ctx context.Context) (string, error) {
		res, err := kube.RollbackDeployment(ctx, cs, ns, model.WebDeployment, rev)
		if err != nil {
			return "", err
		}
		return "web in " + ns + ": " + res.String() + "; new pods are coming up", nil
	})
	h.rollout = newRolloutWatch(ns, "rollback to revision "+fmt.Sprint(rev), h.c.Now())
	return common.Push(pages.NewConfirm(h.c, "Roll back web in "+ns, lines, run))
}

func (h *siteHook) restart(d *pages.SiteDetail) tea.Cmd {
	ns, cs := d.Namespace(), h.c.Conn.Cluster.Client
	run := actions.Run("restarting web in "+ns, func(ctx context.Context) (string, error) {
		if err := kube.RestartDeployment(ctx, cs, ns, model.WebDeployment, time.Now()); err != nil {
			return "", err
		}
		return "web in " + ns + " restarting: pods are replaced one at a time", nil
	})
	h.rollout = newRolloutWatch(ns, "restart", h.c.Now())
	return common.Push(pages.NewConfirm(h.c, "Restart web in "+ns, []string{
		"Every web pod is replaced by a new one, one at a time (like kubectl rollout restart).",
		"The image stays " + d.Site().Web.Image + ".",
	}, run))
}

func (h *siteHook) pause(d *pages.SiteDetail) tea.Cmd {
	dep, _, err := h.web(d.Namespace())
	if err != nil {
		return common.Toast(err.Error(), true)
	}
	ns, cs, paused := d.Namespace(), h.c.Conn.Cluster.Client, !dep.Spec.Paused
	verb, what := "Pause", "The rollout stops where it is; pods keep serving. Resume with p."
	if !paused {
		verb, what = "Resume", "The rollout continues from where it stopped."
	}
	run := actions.Run(verb+" web in "+ns, func(ctx context.Context) (string, error) {
		if err := kube.SetDeploymentPaused(ctx, cs, ns, model.WebDeployment, paused); err != nil {
			return "", err
		}
		return "web in " + ns + ": rollout " + map[bool]string{true: "paused", false: "resumed"}[paused], nil
	})
	return common.Push(pages.NewConfirm(h.c, verb+" the web rollout in "+ns, []string{what}, run))
}

// deletePod deletes the selected pod and watches for its replacement.
func (h *siteHook) deletePod(d podPage, force bool) tea.Cmd {
	pod, ok := d.SelectedPod()
	if !ok {
		return common.Toast("no pod selected", true)
	}
	ns, name, cs := pod.Namespace, pod.Name, h.c.Conn.Cluster.Client
	title := "Delete pod " + name
	lines := []string{
		fmt.Sprintf("%s is %s (%d/%d ready, %d restarts) on %s.", name, pod.Status, pod.ReadyContainers, pod.Containers, pod.Restarts, pod.Node),
		"Its controller creates a replacement; fdtui tells you when the replacement is Ready.",
	}
	if force {
		title = "Force delete pod " + name
		lines = append(lines,
			"Force delete removes the pod from the API at once, without waiting for its node to confirm",
			"the containers stopped (kubectl delete --force --grace-period=0). Use it for a pod stuck Terminating.")
		if pod.Status != "Terminating" {
			lines = append(lines, "This pod is not Terminating: a normal delete (ctrl+d) is usually the right choice.")
		}
	}
	run := actions.Run("deleting pod "+name, func(ctx context.Context) (string, error) {
		if err := kube.DeletePod(ctx, cs, ns, name, force); err != nil {
			return "", err
		}
		return "pod " + name + " deleted; waiting for its replacement", nil
	})
	h.replacements = append(h.replacements, newReplacement(ns, name, h.c.Now()))
	return common.Push(pages.NewConfirm(h.c, title, lines, run))
}
