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
	want := WebPods{Current: []string{"web-new-a", "web-new-b"}, All: []string{"web-new-a", "web-new-b", "web-old-a"}, Revision: 4,
		Drush: DrushTarget{Pod: "web-new-a", Revision: 4, Tag: "latest"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadyWebPods = %+v, want %+v", got, want)
	}
	if got := ReadyWebPods(nil, rss, pods); len(got.All) != 0 {
		t.Errorf("no Deployment: %+v, want none", got)
	}
}

// drush runs on the newest revision's first Ready pod; on a stuck site
// (the newest revision has none) on the serving older revision's, saying
// so; with no Ready pod at all, nowhere.
func TestDrushTarget(t *testing.T) {
	d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "s", UID: "d"}}
	rs := func(name, rev, image string) *appsv1.ReplicaSet {
		r := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "s", UID: types.UID(name),
			Annotations: map[string]string{AnnotationRevision: rev}, OwnerReferences: []metav1.OwnerReference{{UID: "d"}}}}
		r.Spec.Template.Spec.Containers = []corev1.Container{{Name: "varnish", Image: "varnish:7.6"}, {Name: "web", Image: image}}
		return r
	}
	pod := func(name, owner string, ready bool) *corev1.Pod {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "s", OwnerReferences: []metav1.OwnerReference{{UID: types.UID(owner)}}}}
		st := corev1.ConditionFalse
		if ready {
			st = corev1.ConditionTrue
		}
		p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: st}}
		return p
	}
	rss := []*appsv1.ReplicaSet{rs("web-3", "3", "reg/site:3b8d0c1"), rs("web-4", "4", "reg/site:broken-7d1e9a2"), rs("web-2", "2", "reg/site:aaa")}
	cases := []struct {
		name  string
		pods  []*corev1.Pod
		want  DrushTarget
		where string
	}{
		{"the newest revision's Ready pod", []*corev1.Pod{pod("web-4-b", "web-4", true), pod("web-4-a", "web-4", true), pod("web-3-a", "web-3", true)},
			DrushTarget{Pod: "web-4-a", Revision: 4, Tag: "broken-7d1e9a2"}, "web-4-a (container web, revision 4)"},
		{"stuck: the newest has none Ready, the previous serves", []*corev1.Pod{pod("web-4-a", "web-4", false), pod("web-3-b", "web-3", true), pod("web-2-a", "web-2", true)},
			DrushTarget{Pod: "web-3-b", Revision: 3, Tag: "3b8d0c1", Previous: true},
			"web-3-b of the previous revision 3 (tag 3b8d0c1): the new one has no Ready pod"},
		{"only an older revision serves", []*corev1.Pod{pod("web-2-a", "web-2", true)},
			DrushTarget{Pod: "web-2-a", Revision: 2, Tag: "aaa", Previous: true}, "web-2-a of the previous revision 2 (tag aaa): the new one has no Ready pod"},
		{"nothing Ready", []*corev1.Pod{pod("web-4-a", "web-4", false)}, DrushTarget{}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ReadyWebPods(d, rss, tc.pods).Drush
			if got != tc.want {
				t.Fatalf("Drush = %+v, want %+v", got, tc.want)
			}
			if tc.where != "" && got.Where("web") != tc.where {
				t.Errorf("Where = %q, want %q", got.Where("web"), tc.where)
			}
		})
	}
}
