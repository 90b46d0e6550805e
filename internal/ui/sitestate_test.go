package ui_test

import (
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// unreadySite is shared case 06 on a demo site: its one revision rolled
// out long ago, then every web pod stopped being ready (readiness probe
// failing) with no rollout anywhere.
func unreadySite(domain string) []runtime.Object {
	objs := uitest.SiteObjects(uitest.Site{Domain: domain, State: uitest.Healthy, Age: 30 * 24 * time.Hour})
	now := uitest.Now()
	for _, o := range objs {
		switch o := o.(type) {
		case *appsv1.Deployment:
			o.Status.ReadyReplicas, o.Status.AvailableReplicas, o.Status.UnavailableReplicas = 0, 0, o.Status.Replicas
		case *appsv1.ReplicaSet:
			o.Status.ReadyReplicas, o.Status.AvailableReplicas = 0, 0
		case *corev1.Pod:
			for i := range o.Status.ContainerStatuses {
				cs := &o.Status.ContainerStatuses[i]
				cs.State.Running.StartedAt = metav1.NewTime(now.Add(-3 * time.Hour))
				cs.Ready = cs.Name != "web"
			}
			for i := range o.Status.Conditions {
				if c := &o.Status.Conditions[i]; c.Type == corev1.PodReady {
					c.Status, c.LastTransitionTime = corev1.ConditionFalse, metav1.NewTime(now.Add(-time.Minute))
				}
			}
		}
	}
	return objs
}

// scaledToZeroSite is shared case 09: web scaled to 0, no pod left.
func scaledToZeroSite(domain string) []runtime.Object {
	var out []runtime.Object
	for _, o := range uitest.SiteObjects(uitest.Site{Domain: domain, State: uitest.Healthy, Age: 30 * 24 * time.Hour}) {
		switch o := o.(type) {
		case *corev1.Pod:
			continue
		case *appsv1.Deployment:
			zero := int32(0)
			o.Spec.Replicas = &zero
			o.Status.Replicas, o.Status.UpdatedReplicas, o.Status.ReadyReplicas, o.Status.AvailableReplicas = 0, 0, 0, 0
		case *appsv1.ReplicaSet:
			zero := int32(0)
			o.Spec.Replicas, o.Status = &zero, appsv1.ReplicaSetStatus{}
		}
		out = append(out, o)
	}
	return out
}

// mysqlStuckSite is shared case 07 on a demo site: mysql-0 left on the bad
// revision after a revert, which OrderedReady never replaces.
func mysqlStuckSite(domain string) []runtime.Object {
	objs := uitest.SiteObjects(uitest.Site{Domain: domain, State: uitest.Healthy, Age: 30 * 24 * time.Hour})
	ns := uitest.Namespace(domain)
	for _, o := range objs {
		if s, ok := o.(*appsv1.StatefulSet); ok && s.Name == "mysql" {
			s.Spec.Template.Spec.Containers = []corev1.Container{{Name: "mysql", Image: "mariadb:11.4.4"}}
			s.Status.ReadyReplicas, s.Status.AvailableReplicas = 0, 0
			s.Status.CurrentRevision, s.Status.UpdateRevision = "mysql-5d8f7c6b9d", "mysql-5d8f7c6b9d"
		}
	}
	yes := true
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "mysql-0", UID: types.UID(ns + "/mysql-0"),
			CreationTimestamp: metav1.NewTime(uitest.Now().Add(-4 * time.Minute)),
			Labels:            map[string]string{appsv1.ControllerRevisionHashLabelKey: "mysql-7b9c4d8f6a"},
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "StatefulSet", Name: "mysql",
				UID: types.UID(ns + "/mysql"), Controller: &yes}}},
		Spec: corev1.PodSpec{NodeName: "pool-db-1", Containers: []corev1.Container{{Name: "mysql", Image: "mariadb:11.4.5-broken"}}},
		Status: corev1.PodStatus{Phase: corev1.PodPending,
			Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionFalse}},
			ContainerStatuses: []corev1.ContainerStatus{{Name: "mysql", Image: "mariadb:11.4.5-broken",
				State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff",
					Message: `Back-off pulling image "mariadb:11.4.5-broken"`}}}}},
	}
	return append(objs, pod)
}

func setAll(t *testing.T, static *kube.Static, objs []runtime.Object) {
	t.Helper()
	for _, o := range objs {
		if err := static.Set(o); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDownSiteRanksFirstAndScaledToZeroWarns(t *testing.T) {
	d, static := newDemoApp(t)
	setAll(t, static, unreadySite("down.example.org"))
	setAll(t, static, scaledToZeroSite("zero.example.org"))
	d.WaitFor(t, 5*time.Second, "the two new sites", contains("down.example.org", "zero.example.org", "6 sites"))

	screen := d.Screen()
	lines := strings.Split(screen, "\n")
	first := lines[4]
	if !strings.Contains(first, "down.example.org") || !strings.Contains(first, "DOWN") || strings.Contains(first, "ROLLING") {
		t.Fatalf("a site serving nothing, with no rollout, ranks first as DOWN:\n%s", screen)
	}
	if !strings.Contains(lines[1], "1 down") || !strings.Contains(lines[1], "1 scaled to 0") || !strings.Contains(lines[1], "2 stuck") {
		t.Errorf("summary should count down and scaled-to-0 sites: %q", lines[1])
	}
	var zero string
	for i, l := range lines {
		if strings.Contains(l, "zero.example.org") {
			zero = l
			// Below every site that needs a human, above the OK one.
			if !strings.Contains(lines[i+1], "www.example.com") {
				t.Errorf("scaled to 0 should rank just above the OK site:\n%s", screen)
			}
		}
	}
	if !strings.Contains(zero, "SCALED TO 0") || strings.Contains(zero, " OK ") || !strings.Contains(zero, "0/0") {
		t.Errorf("a web scaled to 0 is not OK: %q", zero)
	}

	// Its page says why, instead of a bare "Rollout complete".
	d.Keys("/", "z", "e", "r", "o", "enter", "enter")
	d.WaitFor(t, 2*time.Second, "the scaled-to-zero site's page",
		contains("SCALED TO 0 web is scaled to 0 replicas: nothing runs, so the site serves nothing", "spec.replicas is 0",
			"→ scale web back up"))

	d.Keys("esc", "esc", "g", "enter") // the first site: the DOWN one
	d.WaitFor(t, 2*time.Second, "the down site's page",
		contains("DOWN no web pod serves: 3 running but not ready",
			"no rollout is under way: revision 4 (4f9c2e1) rolled out and is the only revision"))
	if strings.Contains(d.Screen(), "ROLLING") {
		t.Errorf("nothing is rolling out:\n%s", d.Screen())
	}
}

func TestMySQLStuckAfterRevertPointsAtThePod(t *testing.T) {
	d, static := newDemoApp(t)
	setAll(t, static, mysqlStuckSite("db.example.org"))
	d.WaitFor(t, 5*time.Second, "the new site", contains("db.example.org", "5 sites"))
	lines := strings.Split(d.Screen(), "\n")
	if !strings.Contains(lines[4], "db.example.org") || !strings.Contains(lines[4], "STUCK") {
		t.Fatalf("web serves but the database does not: the site ranks first:\n%s", d.Screen())
	}
	d.Keys("g", "enter") // the cursor stayed on the row it was on
	screen := d.Screen()
	for _, want := range []string{
		"STUCK mysql-0 is stuck on revision mysql-7b9c4d8f6a (mariadb:11.4.5-broken, ImagePullBackOff)",
		"the StatefulSet wants revision mysql-5d8f7c6b9d (mariadb:11.4.4)",
		"an OrderedReady rolling update never replaces an unready pod",
		"→ delete mysql-0: the StatefulSet recreates it at revision mysql-5d8f7c6b9d (ctrl+d on mysql-0)",
		"mysql 0/1 STUCK",
		"web Rollout complete", // web itself is fine
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("site page lacks %q:\n%s", want, screen)
		}
	}
	// The cursor is on mysql-0, so ctrl+d deletes it.
	d.Keys("ctrl+d")
	d.WaitFor(t, 2*time.Second, "the prompt to delete mysql-0", contains("Delete pod mysql-0"))
}

// Shared case 09: restarting a web scaled to zero warns that nothing will
// run (and arms no watch that would call it "complete").
func TestRestartWarnsWhenScaledToZero(t *testing.T) {
	d, static := newDemoApp(t)
	dep, err := static.Listers.Deployments.Deployments("www-example-com").Get("web")
	if err != nil {
		t.Fatal(err)
	}
	zero := dep.DeepCopy()
	var none int32
	zero.Spec.Replicas = &none
	zero.Status.Replicas, zero.Status.ReadyReplicas, zero.Status.AvailableReplicas, zero.Status.UpdatedReplicas = 0, 0, 0, 0
	if err := static.Set(zero); err != nil {
		t.Fatal(err)
	}
	d.WaitFor(t, 5*time.Second, "scaled to zero", contains("SCALED TO 0"))
	openSite(d, "www-example-com")
	d.Keys("r")
	d.WaitFor(t, 5*time.Second, "the warning", contains("Restart web in www-example-com", "web has 0 replicas (scaled to zero)"))
}
