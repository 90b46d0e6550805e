package model

import (
	"fmt"
	"regexp"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

// Deployment condition reasons set by the deployment controller.
const (
	reasonDeadlineExceeded = "ProgressDeadlineExceeded"
	reasonPaused           = "DeploymentPaused"
	reasonNewRSAvailable   = "NewReplicaSetAvailable"
	reasonResumed          = "DeploymentResumed"
)

func (p RolloutPhase) String() string {
	switch p {
	case RolloutComplete:
		return "Complete"
	case RolloutProgressing:
		return "Progressing"
	case RolloutPaused:
		return "Paused"
	case RolloutStuck:
		return "Stuck"
	default:
		return "Unknown"
	}
}

// Label is the short rollout cell: "OK" (no rollout under way — the
// pods may still have failed since: Site.Label says so), "ROLLING 2/3",
// "STUCK", "PAUSED", or "—" when unknown. Tables show Site.Label.
func (r Rollout) Label() string {
	switch r.Phase {
	case RolloutComplete:
		return "OK"
	case RolloutProgressing:
		return fmt.Sprintf("ROLLING %d/%d", r.UpdatedAvailable, r.Desired)
	case RolloutPaused:
		return "PAUSED"
	case RolloutStuck:
		return "STUCK"
	default:
		return "—"
	}
}

// DeriveRollout computes the rollout state of d from its status, its
// ReplicaSets (matched by owner UID) and the pods of the newest ReplicaSet.
func DeriveRollout(d *appsv1.Deployment, rss []*appsv1.ReplicaSet, pods []*corev1.Pod, now time.Time) Rollout {
	if d == nil {
		return Rollout{}
	}
	r := Rollout{
		Namespace: d.Namespace,
		Name:      d.Name,
		Desired:   desiredReplicas(d),
		Updated:   d.Status.UpdatedReplicas,
		Ready:     d.Status.ReadyReplicas,
		Available: d.Status.AvailableReplicas,
		Revision:  revisionOf(d),
		Image:     mainImage(&d.Spec.Template.Spec),
	}
	owned := ownedReplicaSets(d, rss)
	var current *appsv1.ReplicaSet
	if len(owned) > 0 {
		current = owned[0]
		r.Revision = revisionOf(current)
		r.Image = mainImage(&current.Spec.Template.Spec)
		r.UpdatedAvailable = current.Status.AvailableReplicas
	}
	if len(owned) > 1 {
		r.PrevRevision = revisionOf(owned[1])
		r.PrevImage = mainImage(&owned[1].Spec.Template.Spec)
	}
	r.InProgress = rolloutInProgress(d, current)
	r.Phase, r.Reason, r.Since = rolloutPhase(d, r.InProgress, current, podsOf(current, pods))
	return r
}

// rolloutPhase decides the phase; a failure beats a pause because a paused
// rollout with broken pods still needs a human first. Only a rollout
// under way can be stuck or progressing: once the newest revision has
// rolled out, pods that fail later (a readiness probe that stops
// answering, a scale-up that cannot schedule) leave the rollout Complete
// and make the site DOWN or DEGRADED instead (see deriveState).
func rolloutPhase(d *appsv1.Deployment, inProgress bool, current *appsv1.ReplicaSet, newPods []*corev1.Pod) (RolloutPhase, string, time.Time) {
	progressing := deploymentCondition(d, appsv1.DeploymentProgressing)
	if d.Status.ObservedGeneration == 0 && len(d.Status.Conditions) == 0 {
		return RolloutUnknown, "", time.Time{}
	}
	// A deadline the controller passed on a spec it has since been given
	// again (an undo, a new image) is about the old spec.
	if deadlineExceeded(d) && d.Status.ObservedGeneration >= d.Generation {
		return RolloutStuck, reasonDeadlineExceeded, conditionTime(progressing)
	}
	if inProgress {
		if f, pod, ok := firstFailure(newPods); ok {
			return RolloutStuck, f.Reason, pod.CreationTimestamp.Time
		}
	}
	if d.Spec.Paused {
		return RolloutPaused, reasonPaused, conditionTime(progressing)
	}
	if !inProgress {
		return RolloutComplete, "", conditionTime(progressing)
	}
	reason := ""
	if progressing != nil {
		reason = progressing.Reason
	}
	if current != nil {
		return RolloutProgressing, reason, current.CreationTimestamp.Time
	}
	return RolloutProgressing, reason, conditionTime(progressing)
}

// rolloutInProgress asks the Deployment controller whether a rollout is
// under way. It has not seen the latest spec yet (observedGeneration
// behind): a change is coming. Its Progressing condition says
// NewReplicaSetAvailable once the newest revision has fully rolled out,
// and keeps saying it until the template changes again — through a
// scale-up, or pods that fail afterwards: neither is a rollout. Any other
// reason (NewReplicaSetCreated, FoundNewReplicaSet, ReplicaSetUpdated,
// ProgressDeadlineExceeded) is a rollout under way. Only without that
// answer (no progress deadline; paused or just resumed, when the
// controller overwrites the condition) do the replica counts decide: a
// rollout leaves replicas not yet updated or old replicas running.
//
// NewReplicaSetAvailable names its ReplicaSet (the controller's
// `ReplicaSet "web-5c8ce92" has successfully progressed.`): right after
// a template change the controller has observed the new generation and
// made (or re-labelled, for an undo) the newest ReplicaSet, but until its
// pods count the condition still names the previous one. That is a
// rollout under way, not a complete one (found by `fdtui rollback
// --wait`, which saw an undo to a broken revision "complete" in 1 s).
func rolloutInProgress(d *appsv1.Deployment, current *appsv1.ReplicaSet) bool {
	if d.Status.ObservedGeneration < d.Generation {
		return true
	}
	if c := deploymentCondition(d, appsv1.DeploymentProgressing); c != nil &&
		c.Reason != reasonPaused && c.Reason != reasonResumed {
		if c.Reason == reasonNewRSAvailable && current != nil {
			if m := availableRS.FindStringSubmatch(c.Message); m != nil && m[1] != current.Name {
				return true
			}
		}
		return c.Reason != reasonNewRSAvailable
	}
	s := d.Status
	return s.UpdatedReplicas < desiredReplicas(d) || s.Replicas > s.UpdatedReplicas
}

// rolloutComplete mirrors `kubectl rollout status`: the controller has seen
// the latest spec, every replica is updated, ready and available, and no
// old replica is left.
func rolloutComplete(d *appsv1.Deployment) bool {
	want := desiredReplicas(d)
	s := d.Status
	return s.ObservedGeneration >= d.Generation &&
		s.UpdatedReplicas == want && s.ReadyReplicas == want &&
		s.AvailableReplicas == want && s.Replicas == want
}

// availableRS reads the ReplicaSet a NewReplicaSetAvailable condition
// names (k8s.io/kubernetes/pkg/controller/deployment/util:
// ReplicaSet %q has successfully progressed.).
var availableRS = regexp.MustCompile(`^ReplicaSet "([^"]+)" has successfully progressed`)

func deadlineExceeded(d *appsv1.Deployment) bool {
	c := deploymentCondition(d, appsv1.DeploymentProgressing)
	return c != nil && c.Status == corev1.ConditionFalse && c.Reason == reasonDeadlineExceeded
}

func firstFailure(pods []*corev1.Pod) (podFailure, *corev1.Pod, bool) {
	for _, p := range pods {
		if f, ok := failureOf(p); ok {
			return f, p, true
		}
	}
	return podFailure{}, nil, false
}

func desiredReplicas(d *appsv1.Deployment) int32 {
	if d.Spec.Replicas == nil {
		return 1 // the API server's default
	}
	return *d.Spec.Replicas
}

func deploymentCondition(d *appsv1.Deployment, t appsv1.DeploymentConditionType) *appsv1.DeploymentCondition {
	for i := range d.Status.Conditions {
		if d.Status.Conditions[i].Type == t {
			return &d.Status.Conditions[i]
		}
	}
	return nil
}

// conditionTime is when the condition last changed: lastUpdateTime moves
// with every reason change, lastTransitionTime only with the status.
func conditionTime(c *appsv1.DeploymentCondition) time.Time {
	if c == nil {
		return time.Time{}
	}
	if !c.LastUpdateTime.IsZero() {
		return c.LastUpdateTime.Time
	}
	return c.LastTransitionTime.Time
}
