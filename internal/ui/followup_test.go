package ui_test

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// Regression (issue 10): the follow-up of a cancelled action must not be
// armed. Before, ctrl+d then n on a pod left the replacement watch set,
// and the next Ready pod of the same ReplicaSet was reported as
// "replacement pod … is Ready (… after deleting …)" although nothing was
// deleted.
func TestCancelledDeleteArmsNoFollowUp(t *testing.T) {
	d, static := newDemoApp(t)
	ns := "www-example-com"
	openSite(d, ns)
	d.Keys("ctrl+d")
	if !strings.Contains(d.Screen(), "Delete pod web-") {
		t.Fatalf("no delete prompt:\n%s", d.Screen())
	}
	d.Keys("n")
	if !strings.Contains(d.Screen(), "cancelled") {
		t.Fatalf("no cancel toast:\n%s", d.Screen())
	}
	// A fresh, Ready pod of the same ReplicaSet appears (a scale-up, or
	// the controller replacing a pod someone else deleted).
	pods, _ := static.Listers.Pods.Pods(ns).List(labels.Everything())
	var web *corev1.Pod
	for _, p := range pods {
		if strings.HasPrefix(p.Name, "web-") {
			web = p
			break
		}
	}
	fresh := web.DeepCopy()
	fresh.Name = web.Name[:strings.LastIndexByte(web.Name, '-')+1] + "zzzzz"
	fresh.UID = "fresh"
	fresh.CreationTimestamp = metav1.NewTime(uitest.Now())
	apply(t, d, static, fresh.Name, fresh)
	if s := d.Screen(); strings.Contains(s, "replacement pod") {
		t.Fatalf("a cancelled delete reported a replacement:\n%s", s)
	}
}

// Regression (issue 10): u then n on a stuck site used to arm the rollout
// watch, which later toasted "rollout stuck … press u to roll back".
func TestCancelledRollbackArmsNoFollowUp(t *testing.T) {
	now := uitest.Now()
	d, static := newDemoAppWith(t, func(c *common.Common) { c.Now = func() time.Time { return now } })
	ns := "shop-acme-org"
	openSite(d, ns)
	d.Keys("u")
	if !strings.Contains(d.Screen(), "Roll back web in "+ns) {
		t.Fatalf("no rollback prompt:\n%s", d.Screen())
	}
	d.Keys("esc")
	// Two changes in the namespace, a minute apart: an armed watch would
	// see the site still stuck long after "the rollback" and say so.
	pods, _ := static.Listers.Pods.Pods(ns).List(labels.Everything())
	for i, name := range []string{"web-marker-00001", "web-marker-00002"} {
		marker := pods[0].DeepCopy()
		marker.Name, marker.UID = name, types.UID(name)
		apply(t, d, static, name, marker)
		if i == 0 {
			now = now.Add(time.Minute)
		}
	}
	if s := d.Screen(); strings.Contains(s, "rollout stuck") || strings.Contains(s, "complete in") {
		t.Fatalf("a cancelled rollback reported on the rollout:\n%s", s)
	}
}

// apply puts objects in the static cluster and waits until the app's own
// informer feed has shown the change (shown appears on screen).
func apply(t *testing.T, d *uitest.Driver, static *kube.Static, shown string, objs ...runtime.Object) {
	t.Helper()
	for _, o := range objs {
		if err := static.Set(o); err != nil {
			t.Fatal(err)
		}
	}
	d.WaitFor(t, 5*time.Second, shown+" on screen", func(s string) bool { return strings.Contains(s, shown) })
	d.Poll(300 * time.Millisecond) // and whatever the batch's follow-ups say
}
