package model

import (
	corev1 "k8s.io/api/core/v1"
)

// Container waiting reasons that do not fix themselves: the kubelet will
// keep retrying, but without a change by a human the pod never runs.
var failingWaitingReasons = map[string]Cause{
	"ImagePullBackOff":           CauseImagePull,
	"ErrImagePull":               CauseImagePull,
	"InvalidImageName":           CauseImagePull,
	"ErrImageNeverPull":          CauseImagePull,
	"CreateContainerConfigError": CauseConfig,
	"CreateContainerError":       CauseConfig,
	"CrashLoopBackOff":           CauseCrashLoop,
	"RunContainerError":          CauseCrashLoop,
}

// Terminated reasons of a container that should be running.
var failingTerminatedReasons = map[string]bool{
	"Error":              true,
	"OOMKilled":          true,
	"ContainerCannotRun": true,
}

// ReasonUnschedulable is the PodScheduled condition reason (and our failure
// reason) for a pod no node can take.
const ReasonUnschedulable = corev1.PodReasonUnschedulable

// crashRestartThreshold is the restart count from which a not-ready
// container counts as crash looping even between back-offs.
const crashRestartThreshold = 3

// podFailure says why a pod is failing in a way that needs a human.
type podFailure struct {
	Cause     Cause
	Reason    string // e.g. "ImagePullBackOff", "Unschedulable", "OOMKilled"
	Container string // the failing container, "" for scheduling
	Message   string // waiting message or PodScheduled message
	// Verdict and Hint, when set, are read from an event's own words
	// (a FailedMount naming the missing Secret).
	Verdict, Hint string
}

// failureOf classifies p; ok is false when p is healthy or merely starting.
func failureOf(p *corev1.Pod) (podFailure, bool) {
	if cond := podCondition(p, corev1.PodScheduled); cond != nil &&
		cond.Status == corev1.ConditionFalse && cond.Reason == ReasonUnschedulable {
		return podFailure{Cause: CauseUnschedulable, Reason: ReasonUnschedulable, Message: cond.Message}, true
	}
	if podTerminal(p) {
		// Succeeded, or Failed (evicted, a node shut down): the pod will
		// not run again and its controller has made another; it neither
		// holds up a rollout nor says the new image crashes.
		return podFailure{}, false
	}
	statuses := allContainerStatuses(p)
	for _, cs := range statuses {
		if w := cs.State.Waiting; w != nil {
			if cause, bad := failingWaitingReasons[w.Reason]; bad {
				return podFailure{Cause: cause, Reason: w.Reason, Container: cs.Name, Message: w.Message}, true
			}
		}
	}
	for _, cs := range statuses {
		if t := cs.State.Terminated; t != nil && failingTerminatedReasons[t.Reason] {
			return podFailure{Cause: CauseCrashLoop, Reason: t.Reason, Container: cs.Name, Message: t.Message}, true
		}
	}
	for _, cs := range statuses {
		// Between back-offs a crash-looping container briefly shows Running;
		// the restart count gives it away.
		done := cs.State.Terminated != nil && cs.State.Terminated.ExitCode == 0
		if !cs.Ready && !done && cs.RestartCount >= crashRestartThreshold {
			return podFailure{Cause: CauseCrashLoop, Reason: "CrashLoopBackOff", Container: cs.Name}, true
		}
	}
	return podFailure{}, false
}

func allContainerStatuses(p *corev1.Pod) []corev1.ContainerStatus {
	out := make([]corev1.ContainerStatus, 0, len(p.Status.InitContainerStatuses)+len(p.Status.ContainerStatuses))
	out = append(out, p.Status.InitContainerStatuses...)
	return append(out, p.Status.ContainerStatuses...)
}

func podCondition(p *corev1.Pod, t corev1.PodConditionType) *corev1.PodCondition {
	for i := range p.Status.Conditions {
		if p.Status.Conditions[i].Type == t {
			return &p.Status.Conditions[i]
		}
	}
	return nil
}

func podReady(p *corev1.Pod) bool {
	c := podCondition(p, corev1.PodReady)
	return c != nil && c.Status == corev1.ConditionTrue
}
