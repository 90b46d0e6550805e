// Package watch is `fdtui watch`: one process that watches the sites of
// one or more clusters through the same informers, store and site model
// as the TUI, and pages (webhook, ntfy, Slack) when a site's web rollout
// is stuck, once per site and revision. It has no Bubble Tea.
package watch

import (
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/flightdeck/fdtui/internal/model"
)

// reasonDeadline is the Deployment controller's Progressing=False reason
// when a rollout passed spec.progressDeadlineSeconds (the reason
// `kubectl rollout status` gives up on).
const reasonDeadline = "ProgressDeadlineExceeded"

// Finding is what the watcher makes of one site at one moment. It is
// derived from model.Site (the TUI's own state) plus the web Deployment's
// spec, never from replica arithmetic of its own.
type Finding struct {
	Namespace, Domain string
	// Revision is web's newest revision (deployment.kubernetes.io/revision).
	Revision int64
	Image    string
	// Stuck: page now. Early says it is the --early rule (new pods failing
	// longer than N), not the progress deadline.
	Stuck, Early bool
	// InProgress is the controller's own account (Progressing condition,
	// observedGeneration): false once the revision has rolled out.
	InProgress bool
	// Expected names a state that is meant ("paused", "scaled to 0",
	// "deleting"): never paged.
	Expected string
	// Since is when the trouble began: the Progressing condition's
	// lastTransitionTime for the deadline, the failing pod's creation for
	// --early. DueAt is when --early will fire if nothing changes (zero:
	// not pending).
	Since, DueAt time.Time
	// Diagnosis is internal/model's plain-words cause (only when Stuck).
	Diagnosis model.Diagnosis
}

// Evaluate judges one site. o must hold the site's objects with events
// (store.ObjectsWithEvents), early is --early (0: deadline only). Rules:
//   - a paused rollout, a web scaled to 0 and a namespace being deleted
//     are expected: never stuck;
//   - stuck when the controller says Progressing=False with reason
//     ProgressDeadlineExceeded for the spec it has observed (model's
//     RolloutStuck with that reason: observedGeneration >= generation)
//     and about the current ReplicaSet (deadlineOfCurrent);
//   - with early > 0, also when a rollout is in progress and its new
//     pods have been failing (image pull, crash loop, unschedulable, a
//     volume that cannot mount) for at least early.
func Evaluate(site model.Site, o model.NamespaceObjects, early time.Duration, now time.Time) Finding {
	f := Finding{Namespace: site.Namespace, Domain: site.Domain, Revision: site.Web.Revision,
		Image: site.Web.Image, InProgress: site.Web.InProgress}
	web := webDeployment(o.Deployments)
	switch {
	case web == nil:
		return f
	case site.State == model.SiteDeleting:
		f.Expected = "deleting"
		return f
	case web.Spec.Paused:
		f.Expected = "paused"
		return f
	case site.Web.Desired == 0:
		f.Expected = "scaled to 0"
		return f
	}
	if site.Web.Phase == model.RolloutStuck && site.Web.Reason == reasonDeadline && deadlineOfCurrent(web, o.ReplicaSets) {
		f.Stuck, f.Since = true, deadlineSince(web)
	} else if early > 0 && site.Web.InProgress && webStuck(site) {
		f.Since = site.Web.Since
		if f.Since.IsZero() {
			f.Since = now
		}
		if now.Sub(f.Since) >= early {
			f.Stuck, f.Early = true, true
		} else {
			f.DueAt = f.Since.Add(early)
		}
	}
	if f.Stuck {
		f.Diagnosis = model.DiagnoseWeb(o, now)
	}
	return f
}

// webStuck: the model calls web's rollout stuck before its deadline (new
// pods failing; a mount the kubelet refuses).
func webStuck(site model.Site) bool {
	if site.Web.Phase == model.RolloutStuck {
		return true
	}
	p, ok := site.Part("web")
	return ok && p.State == model.SiteStuck
}

func webDeployment(ds []*appsv1.Deployment) *appsv1.Deployment {
	for _, d := range ds {
		if d != nil && d.Name == model.WebDeployment {
			return d
		}
	}
	return nil
}

// deadlineOfCurrent: the passed deadline is about the newest revision.
// Right after a rollback the controller has observed the new spec and
// re-labelled the old ReplicaSet as the newest revision a moment before
// it rewrites the Progressing condition: for that moment the condition
// still says the broken revision timed out, and a watcher trusting it
// paged the rollback itself as stuck (seen on the local cluster). The
// controller's message names the ReplicaSet that timed out
// ("ReplicaSet \"web-5c8ce92\" has timed out progressing."): it must be
// the current one.
func deadlineOfCurrent(d *appsv1.Deployment, rss []*appsv1.ReplicaSet) bool {
	history := model.RevisionHistory(d, rss)
	if len(history) == 0 {
		return true // no ReplicaSet seen: nothing to contradict the controller
	}
	for _, c := range d.Status.Conditions {
		if c.Type == appsv1.DeploymentProgressing {
			name, ok := timedOutReplicaSet(c.Message)
			return !ok || name == history[0].ReplicaSet
		}
	}
	return true
}

// timedOutReplicaSet reads the ReplicaSet name out of the Deployment
// controller's timeout message (kube-controller-manager's
// deploymentutil: `ReplicaSet %q has timed out progressing.`).
func timedOutReplicaSet(msg string) (string, bool) {
	rest, ok := strings.CutPrefix(msg, `ReplicaSet "`)
	if !ok {
		return "", false
	}
	name, _, ok := strings.Cut(rest, `"`)
	return name, ok
}

// deadlineSince is when the Progressing condition flipped to False: the
// moment the page latency is measured from.
func deadlineSince(d *appsv1.Deployment) time.Time {
	for _, c := range d.Status.Conditions {
		if c.Type == appsv1.DeploymentProgressing && c.Status == corev1.ConditionFalse {
			return c.LastTransitionTime.Time
		}
	}
	return time.Time{}
}
