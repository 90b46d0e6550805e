package ui_test

import (
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// The :events filter matches the namespace column too (issue 11, smaller
// items): "/shop-acme" keeps that site's events and drops the others'.
func TestEventsFilterMatchesTheNamespace(t *testing.T) {
	d, static := newDemoApp(t)
	for ns, msg := range map[string]string{"shop-acme-org": "probe one", "www-example-com": "probe two"} {
		ev := &corev1.Event{
			ObjectMeta:     metav1.ObjectMeta{Namespace: ns, Name: "mysql-0.filtertest"},
			InvolvedObject: corev1.ObjectReference{Kind: "Pod", Namespace: ns, Name: "mysql-0"},
			Type:           corev1.EventTypeWarning, Reason: "FilterTest", Message: msg, Count: 1,
			LastTimestamp: metav1.NewTime(uitest.Now().Add(-time.Minute)),
		}
		if err := static.Set(ev); err != nil {
			t.Fatal(err)
		}
	}
	d.Keys(":")
	d.Type("events")
	d.Keys("enter")
	d.WaitFor(t, 5*time.Second, "both test events", contains("probe one", "probe two"))
	d.Keys("/")
	d.Type("shop-acme")
	d.Keys("enter")
	d.WaitFor(t, 5*time.Second, "only the namespace's events", func(s string) bool {
		return strings.Contains(s, "probe one") && !strings.Contains(s, "probe two")
	})
}
