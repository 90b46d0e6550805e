package model

import (
	"fmt"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

// readinessGrace is how long a running container may stay unready before
// we stop calling it "starting": Drupal boots in seconds, not minutes.
const readinessGrace = time.Minute

// explainFailedCreate: the ReplicaSet cannot even create its pods (quota,
// LimitRange, pod security admission).
func (c *rolloutFacts) explainFailedCreate() (Diagnosis, bool) {
	if c.current == nil || !c.missingPods() {
		return Diagnosis{}, false // old FailedCreate events no longer matter
	}
	msgs := eventMessages(c.events, nil, maxEvidence, "FailedCreate")
	if cond := replicaFailure(c.d, c.current); cond != "" && !containsString(msgs, cond) {
		msgs = append([]string{cond}, msgs...)
	}
	if len(msgs) == 0 {
		return Diagnosis{}, false
	}
	return Diagnosis{Cause: CauseFailedCreate,
		Verdict:  "New pods cannot be created: " + msgs[0],
		Evidence: msgs[1:],
		Hint:     "check the namespace's ResourceQuota, LimitRange and pod security level against the pod spec",
	}, true
}

// missingPods: the newest ReplicaSet has fewer pods than it wants.
func (c *rolloutFacts) missingPods() bool {
	want := int32(1)
	if c.current.Spec.Replicas != nil {
		want = *c.current.Spec.Replicas
	}
	return int32(len(c.newPods)) < want
}

// replicaFailure is the message of a true ReplicaFailure condition on the
// Deployment or its newest ReplicaSet.
func replicaFailure(d *appsv1.Deployment, rs *appsv1.ReplicaSet) string {
	if cond := deploymentCondition(d, appsv1.DeploymentReplicaFailure); cond != nil && cond.Status == corev1.ConditionTrue {
		return oneLine(cond.Message)
	}
	if rs == nil {
		return ""
	}
	for _, cond := range rs.Status.Conditions {
		if cond.Type == appsv1.ReplicaSetReplicaFailure && cond.Status == corev1.ConditionTrue {
			return oneLine(cond.Message)
		}
	}
	return ""
}

// explainNotReady: new pods run but stay unready. Called a failure once a
// readiness probe is seen failing, the pod has had time to boot, or the
// deadline passed.
func (c *rolloutFacts) explainNotReady() (Diagnosis, bool) {
	unready := map[string]bool{}
	for _, p := range c.newPods {
		if c.runningUnready(p) {
			unready[p.Name] = true
		}
	}
	if len(unready) == 0 {
		return Diagnosis{}, false
	}
	probeFailures := eventMessages(c.events, unready, maxEvidence, "Unhealthy")
	var readiness []string
	for _, m := range probeFailures {
		if strings.HasPrefix(m, "Readiness probe") {
			readiness = append(readiness, m)
		}
	}
	if len(readiness) == 0 && !deadlineExceeded(c.d) && !c.unreadyLong(unready) {
		return Diagnosis{}, false
	}
	c.unready = sortedKeys(unready)
	if !c.rollout.InProgress {
		// No rollout: the pods that serve (served) the site stopped
		// passing readiness; there is no "new" revision to blame, and
		// with no earlier one, nothing to undo (shared case 06).
		hint := "look at the pods' events and logs (e, l); restart web (r) once the cause is fixed"
		if c.rollout.PrevRevision > 0 {
			hint += ", or roll back (u) if revision " + fmt.Sprint(c.rollout.Revision) + " is to blame"
		}
		evidence := append(readiness, fmt.Sprintf("%d of %d current pods running but not ready", len(unready), len(c.newPods)))
		return Diagnosis{Cause: CauseNotReady,
			Verdict:  fmt.Sprintf("The current pods (revision %d) fail their readiness probe: no rollout is under way", c.rollout.Revision),
			Evidence: evidence, Hint: hint}, true
	}
	evidence := append(readiness, fmt.Sprintf("%d of %d new pods running but not ready", len(unready), len(c.newPods)))
	return Diagnosis{Cause: CauseNotReady,
		Verdict:  "New pods run but never become ready (readiness probe failing)",
		Evidence: evidence,
		Hint:     "check the readiness probe path and port, and the app's logs",
	}, true
}

func (c *rolloutFacts) runningUnready(p *corev1.Pod) bool {
	if p.DeletionTimestamp != nil || p.Status.Phase != corev1.PodRunning || podReady(p) {
		return false
	}
	for _, cs := range p.Status.ContainerStatuses {
		if cs.State.Running == nil {
			return false
		}
	}
	return len(p.Status.ContainerStatuses) > 0
}

// unreadyLong: some unready pod's containers have run past readinessGrace.
func (c *rolloutFacts) unreadyLong(names map[string]bool) bool {
	for _, p := range c.newPods {
		if !names[p.Name] {
			continue
		}
		for _, cs := range p.Status.ContainerStatuses {
			if !cs.Ready && cs.State.Running != nil && c.now.Sub(cs.State.Running.StartedAt.Time) > readinessGrace {
				return true
			}
		}
	}
	return false
}

// explainDeadline: the controller gave up and nothing more specific shows.
func (c *rolloutFacts) explainDeadline() (Diagnosis, bool) {
	if !deadlineExceeded(c.d) {
		return Diagnosis{}, false
	}
	cond := deploymentCondition(c.d, appsv1.DeploymentProgressing)
	evidence := []string{fmt.Sprintf("revision %d: %s", c.rollout.Revision, c.progressLine())}
	if msg := oneLine(cond.Message); msg != "" {
		evidence = append([]string{msg}, evidence...)
	}
	hint := "look at the new pods' events"
	if c.rollout.PrevRevision > 0 {
		hint = fmt.Sprintf("look at the new pods' events, or undo to revision %d", c.rollout.PrevRevision)
	}
	return Diagnosis{Cause: CauseDeadline, Verdict: c.deadlineLine(), Evidence: evidence, Hint: hint}, true
}

func (c *rolloutFacts) explainPaused() (Diagnosis, bool) {
	if !c.d.Spec.Paused {
		return Diagnosis{}, false
	}
	return Diagnosis{Cause: CausePaused, Verdict: "Rollout paused",
		Evidence: []string{fmt.Sprintf("revision %d: %s", c.rollout.Revision, c.progressLine())},
		Hint:     "resume the rollout to continue",
	}, true
}

// explainTerminating: an old pod outlived its grace period (a finalizer,
// an unreachable node), so the old ReplicaSet never reaches zero.
func (c *rolloutFacts) explainTerminating() (Diagnosis, bool) {
	var stuck *corev1.Pod
	for _, p := range c.oldPods {
		if stuckTerminating(p, c.now) && (stuck == nil || terminatingSince(p).Before(terminatingSince(stuck))) {
			stuck = p
		}
	}
	if stuck == nil {
		return Diagnosis{}, false
	}
	verdict := fmt.Sprintf("Old pod %s has been terminating for %s", stuck.Name, shortAge(c.now.Sub(terminatingSince(stuck))))
	var evidence []string
	if len(stuck.Finalizers) > 0 {
		evidence = append(evidence, "finalizers: "+strings.Join(stuck.Finalizers, ", "))
	}
	if stuck.Spec.NodeName != "" {
		evidence = append(evidence, "on node "+stuck.Spec.NodeName)
	}
	return Diagnosis{Cause: CauseTerminating, Verdict: verdict, Evidence: evidence,
		Hint: "check the node is healthy; force-delete the pod if its node is gone"}, true
}

// explainMinReady: new pods are ready but not yet counted available.
func (c *rolloutFacts) explainMinReady() (Diagnosis, bool) {
	rs := c.current
	if rs == nil || c.d.Spec.MinReadySeconds == 0 || rs.Status.ReadyReplicas <= rs.Status.AvailableReplicas || rolloutComplete(c.d) {
		return Diagnosis{}, false
	}
	return Diagnosis{Cause: CauseMinReady,
		Verdict:  fmt.Sprintf("Waiting for minReadySeconds (%ds)", c.d.Spec.MinReadySeconds),
		Evidence: []string{fmt.Sprintf("revision %d: %s", c.rollout.Revision, c.progressLine())},
	}, true
}

func (c *rolloutFacts) explainComplete() (Diagnosis, bool) {
	if !rolloutComplete(c.d) {
		return Diagnosis{}, false
	}
	return Diagnosis{Cause: CauseNone,
		Verdict: fmt.Sprintf("Rollout complete: revision %d, image %s", c.rollout.Revision, c.rollout.Image)}, true
}

// explainProgressing is the default: a rollout moving normally, with what
// each not-yet-ready new pod is doing.
func (c *rolloutFacts) explainProgressing() Diagnosis {
	var evidence []string
	for _, p := range c.newPods {
		if !podReady(p) {
			status, ready, total := podStatus(p)
			evidence = append(evidence, fmt.Sprintf("%s: %s, %d/%d ready", p.Name, status, ready, total))
		}
	}
	if c.d.Status.ObservedGeneration < c.d.Generation {
		evidence = append(evidence, "the controller has not yet seen the latest spec")
	}
	return Diagnosis{Cause: CauseProgressing,
		Verdict:  fmt.Sprintf("Rolling out revision %d: %s", c.rollout.Revision, c.progressLine()),
		Evidence: evidence,
	}
}
