package model

import (
	"sort"
	"strconv"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Revision is one entry of a Deployment's rollout history.
type Revision struct {
	Number      int64
	Image       string // main container image
	ChangeCause string // kubernetes.io/change-cause, "" when not recorded
	Created     time.Time
	ReplicaSet  string
	Replicas    int32 // pods the ReplicaSet currently has (status.replicas)
}

// RevisionHistory lists the revisions of d, newest first, one per
// ReplicaSet the Deployment owns.
func RevisionHistory(d *appsv1.Deployment, rss []*appsv1.ReplicaSet) []Revision {
	owned := ownedReplicaSets(d, rss)
	history := make([]Revision, 0, len(owned))
	for _, rs := range owned {
		history = append(history, Revision{
			Number:      revisionOf(rs),
			Image:       mainImage(&rs.Spec.Template.Spec),
			ChangeCause: rs.Annotations[AnnotationChangeCause],
			Created:     rs.CreationTimestamp.Time,
			ReplicaSet:  rs.Name,
			Replicas:    rs.Status.Replicas,
		})
	}
	return history
}

// RevisionsByReplicaSet maps ReplicaSet name to its Deployment revision, for
// labelling pods. ReplicaSets without a revision annotation are left out.
func RevisionsByReplicaSet(rss []*appsv1.ReplicaSet) map[string]string {
	m := make(map[string]string, len(rss))
	for _, rs := range rss {
		if rev, ok := rs.Annotations[AnnotationRevision]; ok && rev != "" {
			m[rs.Name] = rev
		}
	}
	return m
}

// ownedReplicaSets returns the ReplicaSets owned by d, newest revision first.
// Ownership is decided by UID, not by name or selector, because a deleted
// and recreated Deployment of the same name leaves orphans behind.
func ownedReplicaSets(d *appsv1.Deployment, rss []*appsv1.ReplicaSet) []*appsv1.ReplicaSet {
	if d == nil {
		return nil
	}
	var owned []*appsv1.ReplicaSet
	for _, rs := range rss {
		if rs != nil && rs.Namespace == d.Namespace && ownedBy(rs.OwnerReferences, d.UID) {
			owned = append(owned, rs)
		}
	}
	sort.SliceStable(owned, func(i, j int) bool {
		ri, rj := revisionOf(owned[i]), revisionOf(owned[j])
		if ri != rj {
			return ri > rj
		}
		return owned[i].CreationTimestamp.After(owned[j].CreationTimestamp.Time)
	})
	return owned
}

// revisionOf parses the deployment.kubernetes.io/revision annotation; 0 when
// missing or malformed.
func revisionOf(obj metav1.Object) int64 {
	n, err := strconv.ParseInt(obj.GetAnnotations()[AnnotationRevision], 10, 64)
	if err != nil {
		return 0
	}
	return n
}

func ownedBy(refs []metav1.OwnerReference, uid types.UID) bool {
	if uid == "" {
		return false
	}
	for _, ref := range refs {
		if ref.UID == uid {
			return true
		}
	}
	return false
}

// podsOf returns the pods owned by rs (nil rs: none).
func podsOf(rs *appsv1.ReplicaSet, pods []*corev1.Pod) []*corev1.Pod {
	if rs == nil {
		return nil
	}
	var out []*corev1.Pod
	for _, p := range pods {
		if p != nil && p.Namespace == rs.Namespace && ownedBy(p.OwnerReferences, rs.UID) {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// replicaSetName is the name of the ReplicaSet controlling p, or "".
func replicaSetName(p *corev1.Pod) string {
	if ref := metav1.GetControllerOf(p); ref != nil && ref.Kind == "ReplicaSet" {
		return ref.Name
	}
	return ""
}
