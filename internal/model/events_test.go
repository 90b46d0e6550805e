package model

import (
	"reflect"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

func TestEventTime(t *testing.T) {
	at := func(d time.Duration) metav1.MicroTime { return metav1.NewMicroTime(now.Add(-d)) }
	tests := []struct {
		name string
		e    corev1.Event
		want time.Time
	}{
		{"core/v1 event: lastTimestamp", corev1.Event{LastTimestamp: ago(time.Minute), FirstTimestamp: ago(time.Hour)}, now.Add(-time.Minute)},
		// The scheduler writes events.k8s.io/v1 events: eventTime and series.
		{"events.k8s.io series", corev1.Event{EventTime: at(time.Hour), Series: &corev1.EventSeries{LastObservedTime: at(2 * time.Minute)}}, now.Add(-2 * time.Minute)},
		{"events.k8s.io single", corev1.Event{EventTime: at(3 * time.Minute)}, now.Add(-3 * time.Minute)},
		{"only firstTimestamp", corev1.Event{FirstTimestamp: ago(4 * time.Minute)}, now.Add(-4 * time.Minute)},
		{"only creation", corev1.Event{ObjectMeta: metav1.ObjectMeta{CreationTimestamp: ago(5 * time.Minute)}}, now.Add(-5 * time.Minute)},
	}
	for _, tt := range tests {
		if got := EventTime(&tt.e); !got.Equal(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

// The scheduler's per-node reasons, read for the verdict and the fix;
// the nodes of other pools ("didn't match … selector") explain nothing
// when another reason is given (shared case 08: a cordoned pool).
func TestSchedulingVerdict(t *testing.T) {
	const pre = " preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling."
	tests := []struct{ msg, verdict, hint string }{
		{"0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 3 node(s) were unschedulable." + pre,
			"all nodes of pool web are cordoned", "uncordon them"},
		{"0/4 nodes are available: 4 Insufficient cpu.", "not enough room (Insufficient cpu)", "add a node"},
		{"0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 3 Insufficient memory.",
			"not enough room (Insufficient memory)", "add a node"},
		{"0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: db}.", "taints", "toleration"},
		{"0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.", "nodeSelector", "nodeSelector (pool web)"},
		{`0/3 nodes are available: persistentvolumeclaim "files" not found.`, "volume", "PersistentVolumeClaims"},
		{"0/3 nodes are available: 3 node(s) had volume node affinity conflict.", "volume", "PersistentVolumeClaims"},
		{"something new the scheduler says", "", ""},
	}
	for _, tt := range tests {
		verdict, hint := schedulingVerdict(tt.msg, "web", nil)
		if !strings.Contains(verdict, tt.verdict) || !strings.Contains(hint, tt.hint) || (tt.verdict == "") != (verdict == "") {
			t.Errorf("%q:\n got  %q / %q\n want %q / %q", tt.msg, verdict, hint, tt.verdict, tt.hint)
		}
	}
}

// With the nodes known, the pool's own nodes decide: the scheduler counts
// a node under the first filter it fails, taints before the nodeSelector,
// so another pool's tainted (or NotReady) nodes read as "untolerated
// taint" beside the cordoned pool.
func TestSchedulingVerdictKnowsThePool(t *testing.T) {
	cordon := func(n *corev1.Node) *corev1.Node { n.Spec.Unschedulable = true; return n }
	cordonedWeb := []*corev1.Node{cordon(node("web-1", "web", true, "2", "4Gi")), cordon(node("web-2", "web", true, "2", "4Gi")),
		node("db-1", "db", true, "4", "8Gi"), node("gpu-1", "gpu", true, "8", "32Gi")}
	const mixed = "0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) were unschedulable."
	tests := []struct {
		name, msg, pool string
		nodes           []*corev1.Node
		verdict, hint   string
	}{
		{"another pool's taint beside the cordoned pool", mixed, "web", cordonedWeb, "all nodes of pool web are cordoned", "uncordon them"},
		{"the same message, nodes unknown", mixed, "web", nil, "taints", "toleration"},
		{"the pool only partly cordoned", "0/4 nodes are available: 2 node(s) didn't match Pod's node affinity/selector, 1 Insufficient memory, 1 node(s) were unschedulable.",
			"web", []*corev1.Node{cordon(node("web-1", "web", true, "2", "4Gi")), node("web-2", "web", true, "2", "4Gi"), node("db-1", "db", true, "4", "8Gi")},
			"not enough room (Insufficient memory)", "add a node"},
		{"no node in the pool", "0/4 nodes are available: 2 node(s) didn't match Pod's node affinity/selector, 2 node(s) had untolerated taint {dedicated: gpu}.",
			"wbe", cordonedWeb, "no node is in pool wbe", "nodeSelector (pool wbe)"},
		{"no pool asked for: the message alone", "0/4 nodes are available: 4 node(s) were unschedulable.", "", cordonedWeb, "the pool's nodes are cordoned", "uncordon them"},
	}
	for _, tt := range tests {
		verdict, hint := schedulingVerdict(tt.msg, tt.pool, tt.nodes)
		if !strings.Contains(verdict, tt.verdict) || !strings.Contains(hint, tt.hint) {
			t.Errorf("%s:\n got  %q / %q\n want %q / %q", tt.name, verdict, hint, tt.verdict, tt.hint)
		}
	}
}

func TestDiagnoseReplicaFailureCondition(t *testing.T) {
	s := midRollout(nil, 0)
	s.new.Spec.Replicas = ptr(int32(1))
	s.d.Status.Conditions = append(s.d.Status.Conditions, appsv1.DeploymentCondition{
		Type: appsv1.DeploymentReplicaFailure, Status: corev1.ConditionTrue, Reason: "FailedCreate",
		Message: `pods "web-rs5-abcde" is forbidden: violates PodSecurity "restricted:latest"`})
	got := Diagnose(s.d, s.rss, s.pods, nil, nil, now)
	want := `New pods cannot be created: pods "web-rs5-abcde" is forbidden: violates PodSecurity "restricted:latest"`
	if got.Cause != CauseFailedCreate || got.Verdict != want {
		t.Errorf("got %d %q", got.Cause, got.Verdict)
	}
}

// Events about a deleted pod, or about an earlier pod of the same name (a
// recreated mysql-0), are not the current pod's (issue 11, kind 6).
func TestEventsByUID(t *testing.T) {
	pod := func(name, uid string) *corev1.Pod {
		return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, UID: types.UID(uid)}}
	}
	ev := func(name, uid, reason string) *corev1.Event {
		return &corev1.Event{InvolvedObject: corev1.ObjectReference{Kind: "Pod", Name: name, UID: types.UID(uid)}, Reason: reason}
	}
	pods := []*corev1.Pod{pod("mysql-0", "new"), pod("web-a", "wa")}
	events := []*corev1.Event{
		ev("mysql-0", "old", "Failed"),  // the deleted mysql-0's pull failures
		ev("mysql-0", "new", "Started"), // the new one's
		ev("web-gone", "wg", "BackOff"), // a pod a rollback deleted
		ev("web-a", "", "Unhealthy"),    // a writer without UID: by name
		{InvolvedObject: corev1.ObjectReference{Kind: "Deployment", Name: "web"}, Reason: "ScalingReplicaSet"},
	}
	var got []string
	for _, e := range LiveEvents(events, pods) {
		got = append(got, e.InvolvedObject.Name+" "+e.Reason)
	}
	want := []string{"mysql-0 Started", "web-a Unhealthy", "web ScalingReplicaSet"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("live events %v, want %v", got, want)
	}
	if EventIsAbout(events[0], "Pod", "mysql-0", "new") || !EventIsAbout(events[1], "Pod", "mysql-0", "new") {
		t.Error("EventIsAbout must tell the two mysql-0 apart by UID")
	}
}

// events.k8s.io/v1 series (the scheduler's FailedScheduling): no
// lastTimestamp, a series with its own count and time (shared case 08).
func TestEventSeriesTimeAndCount(t *testing.T) {
	last := now.Add(-40 * time.Second)
	e := &corev1.Event{EventTime: metav1.NewMicroTime(now.Add(-10 * time.Minute)),
		Series: &corev1.EventSeries{Count: 17, LastObservedTime: metav1.NewMicroTime(last)}}
	if got := EventTime(e); !got.Equal(last) {
		t.Errorf("time %v, want the series' last observation %v", got, last)
	}
	if got := EventCount(e); got != 17 {
		t.Errorf("count %d, want 17", got)
	}
	if got := EventCount(&corev1.Event{}); got != 1 {
		t.Errorf("an event without count happened once, got %d", got)
	}
}

// DiagnoseWeb reads the nodes from NamespaceObjects (shared case 08 on a
// cluster where another pool is tainted).
func TestDiagnoseWebCordonedPoolBesideTaintedPool(t *testing.T) {
	s := midRollout([]deployOpt{inPool("web")}, 0, newPod("new01", unschedulable(
		"0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 node(s) were unschedulable.")))
	web := node("web-1", "web", true, "2", "4Gi")
	web.Spec.Unschedulable = true
	o := NamespaceObjects{Deployments: []*appsv1.Deployment{s.d}, ReplicaSets: s.rss, Pods: s.pods,
		Nodes: []*corev1.Node{web, node("gpu-1", "gpu", true, "8", "32Gi")}}
	got := DiagnoseWeb(o, now)
	if !strings.Contains(got.Verdict, "all nodes of pool web are cordoned") || !strings.Contains(got.Hint, "uncordon them") {
		t.Errorf("got %q / %q", got.Verdict, got.Hint)
	}
	o.Nodes = nil
	if got := DiagnoseWeb(o, now); !strings.Contains(got.Verdict, "taints") {
		t.Errorf("nodes unknown: the message alone says taints; got %q", got.Verdict)
	}
}
