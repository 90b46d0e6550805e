package model

import (
	"reflect"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

func TestReadyWebPods(t *testing.T) {
	d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "s", UID: "d"}}
	rs := func(name string, rev string) *appsv1.ReplicaSet {
		return &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "s", UID: types.UID(name),
			Annotations:     map[string]string{AnnotationRevision: rev},
			OwnerReferences: []metav1.OwnerReference{{UID: "d"}}}}
	}
	pod := func(name, owner string, ready bool, deleting bool) *corev1.Pod {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "s", OwnerReferences: []metav1.OwnerReference{{UID: types.UID(owner)}}}}
		st := corev1.ConditionFalse
		if ready {
			st = corev1.ConditionTrue
		}
		p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: st}}
		if deleting {
			p.DeletionTimestamp = &metav1.Time{Time: time.Unix(1, 0)}
		}
		return p
	}
	rss := []*appsv1.ReplicaSet{rs("web-old", "3"), rs("web-new", "4"), rs("other", "9")}
	rss[2].OwnerReferences = nil
	pods := []*corev1.Pod{
		pod("web-new-b", "web-new", true, false),
		pod("web-new-a", "web-new", true, false),
		pod("web-new-c", "web-new", false, false), // starting
		pod("web-old-a", "web-old", true, false),  // still serving
		pod("web-old-b", "web-old", true, true),   // going away
		pod("stray", "other", true, false),        // not web's
	}
	got := ReadyWebPods(d, rss, pods)
	want := WebPods{Current: []string{"web-new-a", "web-new-b"}, All: []string{"web-new-a", "web-new-b", "web-old-a"}, Revision: 4}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadyWebPods = %+v, want %+v", got, want)
	}
	if got := ReadyWebPods(nil, rss, pods); len(got.All) != 0 {
		t.Errorf("no Deployment: %+v, want none", got)
	}
}
