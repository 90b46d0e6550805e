package model

import (
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/duration"
)

// stuckTerminatingAfter is how long past its grace period a terminating pod
// may linger before we call it stuck (finalizer, dead node, hung kubelet).
const stuckTerminatingAfter = 60 * time.Second

// DerivePod turns a pod into a table row. revisionByRS maps ReplicaSet name
// to Deployment revision (see RevisionsByReplicaSet).
func DerivePod(p *corev1.Pod, revisionByRS map[string]string, now time.Time) PodRow {
	status, ready, total, restarts, lastRestart := kubectlPod(p)
	row := PodRow{
		Namespace:       p.Namespace,
		Name:            p.Name,
		ReadyContainers: ready,
		Containers:      total,
		Status:          status,
		Restarts:        restarts,
		LastRestart:     lastRestart,
		Node:            p.Spec.NodeName,
		Created:         p.CreationTimestamp.Time,
		Revision:        revisionByRS[replicaSetName(p)],
		Owner:           ownerOf(p),
		Terminal:        podTerminal(p),
	}
	if image := mainImage(&p.Spec); image != "" {
		row.ImageTag = ImageTag(image)
	}
	row.Problem = podHasProblem(p, row, now)
	row.ChangesAt = rowChangesAt(p, row, now)
	return row
}

// rowChangesAt is the next moment after now at which a time-based
// judgement of the row flips: stuck Terminating, restarts no longer
// recent. Zero when none will.
func rowChangesAt(p *corev1.Pod, row PodRow, now time.Time) time.Time {
	var next time.Time
	soonest := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	if p.DeletionTimestamp != nil {
		soonest(p.DeletionTimestamp.Time.Add(stuckTerminatingAfter))
	}
	if row.Restarts >= crashRestartThreshold && !row.LastRestart.IsZero() {
		soonest(row.LastRestart.Add(restartsRecentFor))
	}
	return next
}

// ownerOf is "Kind/name" of the pod's controller, "" for a bare pod.
func ownerOf(p *corev1.Pod) string {
	if ref := metav1.GetControllerOf(p); ref != nil {
		return ref.Kind + "/" + ref.Name
	}
	return ""
}

// podHasProblem is true when a human should look: the pod fails in a way
// that will not heal, it restarted often and is not ready, it is stuck
// terminating, or its node is lost. Old restarts of a ready pod are not a
// problem (kubectl shows them with their age).
func podHasProblem(p *corev1.Pod, row PodRow, now time.Time) bool {
	if _, failing := failureOf(p); failing {
		return true
	}
	if row.Restarts >= crashRestartThreshold && (row.ReadyContainers < row.Containers || restartedLately(row.LastRestart, now)) {
		return true
	}
	if row.Status == "Unknown" || row.Status == "Evicted" {
		return true
	}
	return stuckTerminating(p, now)
}

// stuckTerminating: deletionTimestamp is already "deletion time + grace",
// so anything well past it is overdue.
func stuckTerminating(p *corev1.Pod, now time.Time) bool {
	return p.DeletionTimestamp != nil && now.Sub(p.DeletionTimestamp.Time) > stuckTerminatingAfter
}

// terminatingSince is when the pod was asked to stop (deletionTimestamp
// minus its grace period).
func terminatingSince(p *corev1.Pod) time.Time {
	t := p.DeletionTimestamp.Time
	if p.DeletionGracePeriodSeconds != nil {
		t = t.Add(-time.Duration(*p.DeletionGracePeriodSeconds) * time.Second)
	}
	return t
}

// restartsRecentFor is how long restarts keep a ready pod flagged.
const restartsRecentFor = time.Hour

// restartedLately: the last restart was within restartsRecentFor, or its
// time is unknown (then the count alone must speak).
func restartedLately(last, now time.Time) bool {
	return last.IsZero() || now.Sub(last) < restartsRecentFor
}

// FormatRestarts is kubectl's RESTARTS cell: "0", "6", or "2 (4m12s ago)"
// when the last restart's time is known.
func FormatRestarts(n int32, last, now time.Time) string {
	if n == 0 || last.IsZero() {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("%d (%s ago)", n, FormatAge(now.Sub(last)))
}

// FormatAge renders a duration like kubectl's AGE column ("45s", "3m12s",
// "5h", "12d").
func FormatAge(d time.Duration) string {
	return duration.HumanDuration(d)
}

// shortAge is the coarser form used in sentences ("3m ago").
func shortAge(d time.Duration) string {
	return duration.ShortHumanDuration(d)
}
