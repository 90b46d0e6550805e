package ui_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// Case 08: every node of the site's web pool is cordoned (a DOKS pool
// upgrade) and a restart is started: the surge pod cannot be scheduled,
// the old pods keep serving. The script cordons the shared pool "web";
// here the site gets a pool of its own (testenv.NodePool: 3 fake nodes,
// tainted so that no other test's pod lands there), so tests running at
// the same time keep their nodes.
func TestCase08CordonedWebPool(t *testing.T) {
	d := liveApp(t)
	_, cs := testenv.Clients(t)
	ctx := context.Background()
	ns := caseNamespace(t, cs)
	pool, nodes := testenv.NodePool(t, cs, 3)

	dep := caseWeb(ns, caseImage1)
	dep.Spec.Template.Spec.NodeSelector = map[string]string{testenv.PoolLabel: pool}
	dep.Spec.Template.Spec.Tolerations = []corev1.Toleration{testenv.NodeToleration(pool)}
	createDeployment(t, cs, dep)
	rolledOut(t, cs, ns)
	old := readyPods(t, cs, ns, webSelector(ns), 2)

	for _, n := range nodes { // kubectl cordon
		if _, err := cs.CoreV1().Nodes().Patch(ctx, n, types.MergePatchType, []byte(`{"spec":{"unschedulable":true}}`), metav1.PatchOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	// kubectl rollout restart deployment/web
	patchDeployment(t, cs, ns, types.StrategicMergePatchType, fmt.Sprintf(
		`{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":%q}}}}}`, time.Now().Format(time.RFC3339)))
	var pending string
	poll(t, 30*time.Second, "the surge pod Unschedulable", func() (bool, error) {
		l, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: webSelector(ns)})
		if err != nil {
			return false, err
		}
		for _, p := range l.Items {
			if c := podCondition(&p, corev1.PodScheduled); c != nil && c.Reason == corev1.PodReasonUnschedulable {
				pending = p.Name
				return true, nil
			}
		}
		return false, nil
	})

	// Sites screen: STUCK, and the summary says nodes are cordoned (other
	// tests may cordon nodes of their own meanwhile: at least ours).
	d.WaitFor(t, 30*time.Second, "the site STUCK", func(s string) bool { return strings.Contains(siteRow(s, domain(ns)), "STUCK") })
	s := d.Screen()
	t.Logf("sites row: %s", siteRow(s, domain(ns)))
	if m := regexp.MustCompile(`(\d+)/(\d+) nodes ready, (\d+) cordoned`).FindStringSubmatch(s); m == nil {
		t.Errorf("the summary does not say nodes are cordoned:\n%s", s)
	} else if n, _ := strconv.Atoi(m[3]); n < len(nodes) {
		t.Errorf("summary %q: want at least our %d cordoned nodes", m[0], len(nodes))
	}

	// Nodes screen: kubectl's STATUS, and their room not counted as free.
	d.Keys(":")
	d.Type("nodes")
	d.Keys("enter")
	d.WaitFor(t, 15*time.Second, "our nodes Ready,SchedulingDisabled", func(s string) bool {
		for _, n := range nodes {
			if !strings.Contains(nodeRow(s, n), "Ready,SchedulingDisabled") {
				return false
			}
		}
		return true
	})
	s = d.Screen()
	t.Logf("nodes screen:\n%s", s)
	if m := regexp.MustCompile(`(\d+) nodes take no new pods; free on the rest`).FindStringSubmatch(s); m == nil {
		t.Errorf("the nodes summary counts the cordoned nodes' room as free:\n%s", s)
	} else if n, _ := strconv.Atoi(m[1]); n < len(nodes) {
		t.Errorf("nodes summary %q: want at least our %d nodes taking no new pods", m[0], len(nodes))
	}

	// Site page: the verdict names the cordoned pool, the hint uncordons.
	d.Keys(":")
	d.Type("sites")
	d.Keys("enter")
	openCaseSite(t, d, ns)
	d.WaitFor(t, 20*time.Second, "the verdict: all nodes of the pool cordoned", contains(
		"STUCK", "cannot be scheduled: all nodes of pool "+pool+" are cordoned"))
	s = d.Screen()
	t.Logf("site page:\n%s", s)
	hint := hintLines(s)
	if !contains("uncordon them", "or wait for the pool upgrade")(hint) || strings.Contains(hint, "nodeSelector") || strings.Contains(hint, "affinity") {
		t.Errorf("the hint: want uncordon or wait for the pool upgrade, no nodeSelector/affinity advice; got %q", hint)
	}
	if row := podRow(s, pending); !contains("Pending", "0/2")(row) {
		t.Errorf("pod %s: want Pending 0/2, row %q", pending, row)
	}
	for _, p := range old {
		if row := podRow(s, p.Name); !contains("Running", "2/2")(row) {
			t.Errorf("old pod %s: want Running 2/2, row %q", p.Name, row)
		}
	}
	if !strings.Contains(s, "still serve traffic") {
		t.Errorf("the page does not say the old pods still serve traffic:\n%s", s)
	}

	schedulerSeries(t, d, cs, ns, pending)
	d.Keys("esc")
	d.WaitFor(t, 5*time.Second, "back on the site page", contains("namespace "+ns, "STUCK"))

	// u rolls back to revision 1, whose pods are the ones still serving.
	d.Keys("u")
	d.WaitFor(t, 5*time.Second, "the rollback prompt", contains("Roll back web in "+ns, "to   revision 1"))
	d.Keys("y")
	d.WaitFor(t, 60*time.Second, "the site OK on the old pods", func(s string) bool {
		return contains("OK", "2/2")(s) && podRow(s, pending) == ""
	})
}

// schedulerSeries: the scheduler reports FailedScheduling as
// events.k8s.io/v1 events without lastTimestamp, and each retry of the
// same message (every few minutes, or when a node changes) only adds to
// the event's series. The test writes the series as the scheduler's event
// recorder would after 3 more tries, instead of waiting minutes for them,
// and the events view must show the series' count and a real age.
//
// A scheduler that started while the apiserver could not yet answer
// discovery for events.k8s.io/v1 records core/v1 events for the rest of
// its life instead (client-go's NewEventBroadcasterAdapter picks once, at
// start; clean-clone CI met one after the cluster restarted it). Real
// clusters have both, so the test then bumps count and lastTimestamp as
// that recorder would, and the view must show the same.
func schedulerSeries(t *testing.T, d *uitest.Driver, cs kubernetes.Interface, ns, pod string) {
	t.Helper()
	ctx := context.Background()
	var ev *eventsv1.Event
	poll(t, 15*time.Second, "the scheduler's FailedScheduling event about "+pod, func() (bool, error) {
		l, err := cs.EventsV1().Events(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, err
		}
		for i := range l.Items {
			if e := &l.Items[i]; e.Reason == "FailedScheduling" && e.Regarding.Name == pod {
				ev = e
				return true, nil
			}
		}
		return false, nil
	})
	if ev.ReportingController != "default-scheduler" {
		t.Errorf("not the scheduler's event: %+v", ev)
	}
	const count = 4
	last := time.Now().Add(-2 * time.Second)
	if ev.EventTime.IsZero() {
		t.Logf("the scheduler records core/v1 events (count, lastTimestamp), not events.k8s.io/v1 series")
		ev.DeprecatedCount, ev.DeprecatedLastTimestamp = count, metav1.NewTime(last)
	} else {
		if !ev.DeprecatedLastTimestamp.IsZero() {
			t.Errorf("an events.k8s.io/v1 event with eventTime and lastTimestamp: %+v", ev)
		}
		ev.Series = &eventsv1.EventSeries{Count: count, LastObservedTime: metav1.NewMicroTime(last)}
	}
	if _, err := cs.EventsV1().Events(ns).Update(ctx, ev, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	d.Keys("e")
	var row []string
	d.WaitFor(t, 15*time.Second, "the FailedScheduling row with the series' count", func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			// LAST TYPE REASON OBJECT COUNT MESSAGE
			if f := strings.Fields(l); len(f) > 4 && f[2] == "FailedScheduling" && f[3] == "pod/"+pod {
				row = f
				return f[4] == strconv.Itoa(count)
			}
		}
		return false
	})
	t.Logf("events: %s", strings.Join(row, " "))
	if !regexp.MustCompile(`^\d+s$`).MatchString(row[0]) {
		t.Errorf("the event's age %q: want the seconds since the series' last try", row[0])
	}
}

func podCondition(p *corev1.Pod, t corev1.PodConditionType) *corev1.PodCondition {
	for i := range p.Status.Conditions {
		if p.Status.Conditions[i].Type == t {
			return &p.Status.Conditions[i]
		}
	}
	return nil
}

// nodeRow is the nodes-table line of node name.
func nodeRow(screen, name string) string {
	for _, l := range strings.Split(screen, "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == name {
			return l
		}
	}
	return ""
}

// hintLines are the diagnosis's "→" lines (the key help at the bottom
// lists every key whatever the site's state).
func hintLines(screen string) string {
	var b strings.Builder
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "→") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}
