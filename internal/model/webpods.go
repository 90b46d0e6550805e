package model

import (
	"fmt"

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
	// Drush is where drush runs (DrushTarget).
	Drush DrushTarget
}

// DrushTarget is the pod drush runs in: a Ready web pod of the newest
// revision, so that drush runs the code being deployed; when that
// revision has none (a stuck rollout), a Ready pod of the newest older
// revision that still serves, since that is the code answering requests
// and the database it uses is the same (the Varnish purge already runs
// there). Previous says so: the run must tell the user.
type DrushTarget struct {
	// Pod is "" when no web pod of any revision is Ready.
	Pod string
	// Revision is the pod's revision; Tag its web image's tag.
	Revision int64
	Tag      string
	// Previous: Pod is of an older revision, the newest has no Ready pod.
	Previous bool
}

// Where is how the palette and a run's header say it: "web-… (container
// web, revision 4)", or "web-… of the previous revision 3 (tag 3b8d0c1):
// the new one has no Ready pod".
func (t DrushTarget) Where(container string) string {
	if t.Previous {
		return fmt.Sprintf("%s of the previous revision %d (tag %s): the new one has no Ready pod", t.Pod, t.Revision, t.Tag)
	}
	return fmt.Sprintf("%s (container %s, revision %d)", t.Pod, container, t.Revision)
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
			if out.Drush.Pod == "" {
				out.Drush = DrushTarget{Pod: p.Name, Revision: revisionOf(rs), Tag: ImageTag(mainImage(&rs.Spec.Template.Spec)), Previous: i > 0}
			}
			out.All = append(out.All, p.Name)
		}
	}
	return out
}
