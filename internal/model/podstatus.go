package model

import (
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// nodeLostReason is what the node lifecycle controller puts in
// pod.status.reason when it gives up on an unreachable node.
const nodeLostReason = "NodeLost"

// evictedReason is pod.status.reason of a pod the kubelet evicted (node
// pressure) or the API evicted.
const evictedReason = "Evicted"

// podStatus reproduces kubectl's STATUS column (printPod in
// k8s.io/kubernetes/pkg/printers/internalversion) and counts ready
// containers the same way, sidecars (restartable init containers) included.
func podStatus(p *corev1.Pod) (status string, ready, total int) {
	status, ready, total, _, _ = kubectlPod(p)
	return status, ready, total
}

// podRestarts is kubectl's RESTARTS: while the pod initializes, every init
// container's restarts; once initialized, the app containers' and the
// sidecars' only (an init container that failed and then succeeded is
// history). last is the newest restart (LastTerminationState.FinishedAt)
// among those counted, zero when unknown; kubectl prints "N (4m ago)".
func podRestarts(p *corev1.Pod) (n int32, last time.Time) {
	_, _, _, n, last = kubectlPod(p)
	return n, last
}

// kubectlPod is printPod's STATUS, READY and RESTARTS, in one pass.
func kubectlPod(p *corev1.Pod) (status string, ready, total int, restarts int32, lastRestart time.Time) {
	status = string(p.Status.Phase)
	if p.Status.Reason != "" {
		status = p.Status.Reason
	}
	if c := podCondition(p, corev1.PodScheduled); c != nil && c.Reason == corev1.PodReasonSchedulingGated {
		status = corev1.PodReasonSchedulingGated
	}
	total = len(p.Spec.Containers) + countSidecars(p)

	initStatus, initializing, sidecarsReady, looked := initContainersStatus(p)
	ready = sidecarsReady
	if initializing {
		status = initStatus
	}
	// kubectl sums init containers' restarts in the loop that stops at the
	// first unfinished one (printers.go:966-1011): a later init container's
	// old restarts (from a previous sandbox) do not count.
	inits := p.Status.InitContainerStatuses[:looked]
	restarts, lastRestart = countRestarts(inits, nil)
	if !initializing || podConditionTrue(p, corev1.PodInitialized) {
		var appReady int
		status, appReady = appContainersStatus(p, status)
		ready += appReady
		specs := initContainerSpecs(p)
		restarts, lastRestart = countRestarts(inits, func(name string) bool { return isSidecar(specs[name]) })
		n, last := countRestarts(p.Status.ContainerStatuses, nil)
		restarts += n
		if last.After(lastRestart) {
			lastRestart = last
		}
	}

	// Deliberately unlike kubectl 1.36, which prints the evicted
	// containers' "Error" (kubernetes#105467): a Failed pod the kubelet
	// evicted says Evicted, the reason an on-call engineer needs.
	if p.Status.Phase == corev1.PodFailed && p.Status.Reason == evictedReason {
		status = evictedReason
	}
	switch {
	case p.DeletionTimestamp != nil && p.Status.Reason == nodeLostReason:
		status = "Unknown"
	case p.DeletionTimestamp != nil && !podTerminal(p):
		status = "Terminating"
	}
	return status, ready, total, restarts, lastRestart
}

// countRestarts sums the restarts of the statuses that count (all when
// counts is nil) and finds the newest restart among them.
func countRestarts(statuses []corev1.ContainerStatus, counts func(name string) bool) (n int32, last time.Time) {
	for _, cs := range statuses {
		if counts != nil && !counts(cs.Name) {
			continue
		}
		n += cs.RestartCount
		if t := cs.LastTerminationState.Terminated; t != nil && t.FinishedAt.Time.After(last) {
			last = t.FinishedAt.Time
		}
	}
	return n, last
}

// initContainersStatus returns "Init:..." while a regular init container is
// pending or failing, plus how many sidecars are ready and how many init
// container statuses kubectl looked at (up to the unfinished one).
func initContainersStatus(p *corev1.Pod) (status string, initializing bool, sidecarsReady, looked int) {
	specs := initContainerSpecs(p)
	for i, cs := range p.Status.InitContainerStatuses {
		sidecar := isSidecar(specs[cs.Name])
		switch {
		case cs.State.Terminated != nil && cs.State.Terminated.ExitCode == 0:
			continue
		case sidecar && cs.Started != nil && *cs.Started:
			if cs.Ready {
				sidecarsReady++
			}
			continue
		case cs.State.Terminated != nil:
			status = "Init:" + terminatedReason(cs.State.Terminated)
		case cs.State.Waiting != nil && cs.State.Waiting.Reason != "" && cs.State.Waiting.Reason != "PodInitializing":
			status = "Init:" + cs.State.Waiting.Reason
		default:
			status = fmt.Sprintf("Init:%d/%d", i, len(p.Spec.InitContainers))
		}
		return status, true, sidecarsReady, i + 1
	}
	return "", false, sidecarsReady, len(p.Status.InitContainerStatuses)
}

// appContainersStatus walks the app containers last to first as kubectl
// does, so the first container's trouble wins.
func appContainersStatus(p *corev1.Pod, status string) (string, int) {
	ready, hasRunning, errorReason := 0, false, ""
	for i := len(p.Status.ContainerStatuses) - 1; i >= 0; i-- {
		cs := p.Status.ContainerStatuses[i]
		switch {
		case cs.State.Waiting != nil && cs.State.Waiting.Reason != "":
			status = cs.State.Waiting.Reason
		case cs.State.Terminated != nil:
			status = terminatedReason(cs.State.Terminated)
			if cs.State.Terminated.ExitCode != 0 {
				errorReason = status
			}
		case cs.Ready && cs.State.Running != nil:
			hasRunning = true
			ready++
		}
	}
	if status == "Completed" {
		switch {
		case hasRunning && podConditionTrue(p, corev1.PodReady):
			status = "Running"
		case errorReason != "":
			status = errorReason
		case hasRunning:
			status = "NotReady"
		}
	}
	return status, ready
}

func terminatedReason(t *corev1.ContainerStateTerminated) string {
	switch {
	case t.Reason != "":
		return t.Reason
	case t.Signal != 0:
		return fmt.Sprintf("Signal:%d", t.Signal)
	default:
		return fmt.Sprintf("ExitCode:%d", t.ExitCode)
	}
}

func initContainerSpecs(p *corev1.Pod) map[string]*corev1.Container {
	m := make(map[string]*corev1.Container, len(p.Spec.InitContainers))
	for i := range p.Spec.InitContainers {
		m[p.Spec.InitContainers[i].Name] = &p.Spec.InitContainers[i]
	}
	return m
}

// isSidecar reports a restartable init container (restartPolicy Always),
// which runs alongside the app containers.
func isSidecar(c *corev1.Container) bool {
	return c != nil && c.RestartPolicy != nil && *c.RestartPolicy == corev1.ContainerRestartPolicyAlways
}

func countSidecars(p *corev1.Pod) int {
	n := 0
	for i := range p.Spec.InitContainers {
		if isSidecar(&p.Spec.InitContainers[i]) {
			n++
		}
	}
	return n
}

func podConditionTrue(p *corev1.Pod, t corev1.PodConditionType) bool {
	c := podCondition(p, t)
	return c != nil && c.Status == corev1.ConditionTrue
}

func podTerminal(p *corev1.Pod) bool {
	return p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed
}

// TroubledContainer is the container whose logs explain the pod: the init
// container that fails or has not finished, else the app container that
// is waiting in a failure, terminated in error or restarted most, else
// the main one ("web").
func TroubledContainer(p *corev1.Pod) string {
	for _, cs := range p.Status.InitContainerStatuses {
		if cs.State.Terminated != nil && cs.State.Terminated.ExitCode == 0 {
			continue
		}
		if isSidecar(initContainerSpecs(p)[cs.Name]) && cs.Ready {
			continue
		}
		// Running is an init container that has not finished (a drush
		// deploy under way): the app containers wait for it, so its log
		// is the one that says what the pod is doing.
		if cs.RestartCount > 0 || cs.State.Terminated != nil || cs.State.Running != nil ||
			cs.State.Waiting != nil && cs.State.Waiting.Reason != "PodInitializing" {
			return cs.Name
		}
	}
	worst, restarts := "", int32(0)
	for _, cs := range p.Status.ContainerStatuses {
		if w := cs.State.Waiting; w != nil && failingWaitingReasons[w.Reason] != CauseNone {
			return cs.Name
		}
		if t := cs.State.Terminated; t != nil && t.ExitCode != 0 {
			return cs.Name
		}
		if cs.RestartCount > restarts {
			worst, restarts = cs.Name, cs.RestartCount
		}
	}
	if worst != "" {
		return worst
	}
	if c := findContainer(&p.Spec, MainContainerName); c != nil {
		return c.Name
	}
	if len(p.Spec.Containers) > 0 {
		return p.Spec.Containers[0].Name
	}
	return ""
}

// noLogsYet are the pod STATUS values (kubectl's column) in which no
// container has run, so there is no log to read.
var noLogsYet = map[string]bool{"ImagePullBackOff": true, "ErrImagePull": true, "InvalidImageName": true,
	"ContainerCreating": true, "Pending": true, "CreateContainerConfigError": true, "PodInitializing": true}

// NoLogsYet reports whether a pod of this STATUS (PodRow.Status) has no
// log yet: its containers never started (an image that cannot be pulled,
// a missing Secret, not scheduled). Its events say why instead.
func NoLogsYet(status string) bool { return noLogsYet[status] }

// HasPreviousInstance says the container ran before (it restarted or a
// previous instance terminated), so `kubectl logs --previous` has
// something to show.
func HasPreviousInstance(p *corev1.Pod, container string) bool {
	for _, cs := range allContainerStatuses(p) {
		if cs.Name == container {
			return cs.RestartCount > 0 || cs.LastTerminationState.Terminated != nil
		}
	}
	return false
}
