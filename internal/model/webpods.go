package model

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

// WebPods are the web Deployment's pods that take work from fdtui's
// Drupal operations (drush, Varnish purge): Ready and not terminating.
type WebPods struct {
	// Current are those of the newest revision's ReplicaSet, by name:
	// drush runs in the first, so it runs the code being deployed.
	Current []string
	// All are those of every revision (a rollout in progress serves from
	// both): a purge must reach every Varnish that answers requests.
	All []string
	// Revision is the newest revision (0: no ReplicaSet yet).
	Revision int64
}

// ReadyWebPods picks d's Ready web pods from the namespace's ReplicaSets
// and pods (ownership by UID, as the rollout history decides it). A nil d
// has none.
func ReadyWebPods(d *appsv1.Deployment, rss []*appsv1.ReplicaSet, pods []*corev1.Pod) WebPods {
	var out WebPods
	for i, rs := range ownedReplicaSets(d, rss) {
		if i == 0 {
			out.Revision = revisionOf(rs)
		}
		for _, p := range podsOf(rs, pods) {
			if p.DeletionTimestamp != nil || !podConditionTrue(p, corev1.PodReady) {
				continue
			}
			if i == 0 {
				out.Current = append(out.Current, p.Name)
			}
			out.All = append(out.All, p.Name)
		}
	}
	return out
}
