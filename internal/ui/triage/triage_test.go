package triage

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/teamsg"
)

const testNS = "shop-acme-org"

// t0 is when the user acted (the fixtures' 3 a.m.).
var t0 = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

// world is a static cluster behind a Common whose clock the test moves.
type world struct {
	c      *common.Common
	static *kube.Static
	now    time.Time
}

func newWorld(t *testing.T, objs ...runtime.Object) *world {
	t.Helper()
	static, err := kube.NewStatic("demo", objs...)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{static: static, now: t0}
	w.c = &common.Common{Styles: styles.Default(true), Width: 120, Height: 40, Now: func() time.Time { return w.now }}
	w.c.Conn = common.NewConn(1, "demo", "https://127.0.0.1:36443", "v1.36.3", static.Cluster)
	w.c.Conn.Store.Now = w.c.Now
	w.c.Conn.Store.Resync()
	t.Cleanup(w.c.Conn.Close)
	return w
}

// set changes objects and folds the change into the store, as the app
// does with an informer batch.
func (w *world) set(t *testing.T, objs ...runtime.Object) {
	t.Helper()
	for _, o := range objs {
		if err := w.static.Set(o); err != nil {
			t.Fatal(err)
		}
	}
	b, err := w.static.Changes.Next(t.Context(), 0)
	if err != nil {
		t.Fatal(err)
	}
	w.c.Conn.Store.Apply(b)
}

func (w *world) at(d time.Duration) { w.now = t0.Add(d) }

// check runs a watch's Check at the world's clock and says what it said.
func (w *world) check(wt common.Watch) (string, bool) {
	cmd, done := wt.Check(w.c, w.now)
	return toastOf(cmd), done
}

func toastOf(cmd tea.Cmd) string {
	if cmd == nil {
		return ""
	}
	switch msg := quick(cmd).(type) {
	case common.ToastMsg:
		if msg.Error {
			return "error: " + msg.Text
		}
		return msg.Text
	case tea.BatchMsg:
		var out []string
		for _, c := range msg {
			if s := toastOf(c); s != "" {
				out = append(out, s)
			}
		}
		return strings.Join(out, " | ")
	default:
		return ""
	}
}

// ---- fixtures ----

func namespace(ns string) *corev1.Namespace {
	return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns, CreationTimestamp: metav1.NewTime(t0.Add(-40 * 24 * time.Hour)),
		Labels: map[string]string{"app.kubernetes.io/part-of": "flightdeck"}}}
}

// pod is a two-container web pod created at t0+created with ready of its
// containers ready; ready < 0 means still Pending (ContainerCreating).
func pod(ns, name string, created time.Duration, ready int) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name, UID: types.UID(ns + "/" + name),
		CreationTimestamp: metav1.NewTime(t0.Add(created).Truncate(time.Second))}}
	kind, owner := ownerOfName(name)
	p.OwnerReferences = []metav1.OwnerReference{{Kind: kind, Name: owner, Controller: ptr(true)}}
	p.Spec.NodeName = "pool-web-1"
	p.Spec.Containers = []corev1.Container{{Name: "varnish", Image: "varnish:7.6"}, {Name: "web", Image: "registry.example/acme/shop:3b8d0c1"}}
	if ready < 0 {
		p.Status.Phase = corev1.PodPending
		for _, c := range p.Spec.Containers {
			p.Status.ContainerStatuses = append(p.Status.ContainerStatuses, corev1.ContainerStatus{Name: c.Name,
				State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ContainerCreating"}}})
		}
		return p
	}
	p.Status.Phase = corev1.PodRunning
	for i, c := range p.Spec.Containers {
		p.Status.ContainerStatuses = append(p.Status.ContainerStatuses, corev1.ContainerStatus{Name: c.Name, Ready: i < ready,
			State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{}}})
	}
	return p
}

// ownerOfName is the controller a test pod's name implies:
// web-5cac23b-q9z8w is ReplicaSet web-5cac23b's, mysql-0 StatefulSet
// mysql's, mysql-exporter-0 StatefulSet mysql-exporter's.
func ownerOfName(name string) (kind, owner string) {
	i := strings.LastIndexByte(name, '-')
	if _, err := strconv.Atoi(name[i+1:]); err == nil {
		return "StatefulSet", name[:i]
	}
	return "ReplicaSet", name[:i]
}

func ownerKey(name string) string {
	kind, owner := ownerOfName(name)
	return kind + "/" + owner
}

func ptr[T any](v T) *T { return &v }

func terminating(p *corev1.Pod) *corev1.Pod {
	ts := metav1.NewTime(t0.Add(30 * time.Second))
	p.DeletionTimestamp = &ts
	return p
}

// ---- replacement ----

func TestReplacement(t *testing.T) {
	const deleted = "web-5cac23b-x7k2p"
	cases := []struct {
		name      string
		deleted   string
		deletedAt time.Duration // after t0
		pods      []*corev1.Pod
		want      string
	}{
		{name: "fresh Ready pod of the same ReplicaSet", deleted: deleted,
			pods: []*corev1.Pod{terminating(pod(testNS, deleted, -47*time.Minute, 2)), pod(testNS, "web-5cac23b-q9z8w", 3*time.Second, 2)},
			want: "replacement pod web-5cac23b-q9z8w is Ready (12s after deleting web-5cac23b-x7k2p)"},
		// Creation timestamps have whole seconds: a pod created in the
		// second of the delete counts.
		{name: "created in the second of the delete", deleted: deleted, deletedAt: 900 * time.Millisecond,
			pods: []*corev1.Pod{pod(testNS, "web-5cac23b-q9z8w", 950*time.Millisecond, 2)},
			want: "replacement pod web-5cac23b-q9z8w is Ready (11s after deleting web-5cac23b-x7k2p)"},
		{name: "fresh but not all containers ready", deleted: deleted,
			pods: []*corev1.Pod{pod(testNS, "web-5cac23b-q9z8w", 3*time.Second, 1)}},
		{name: "fresh but still pending", deleted: deleted,
			pods: []*corev1.Pod{pod(testNS, "web-5cac23b-q9z8w", 3*time.Second, -1)}},
		{name: "an older sibling of the same ReplicaSet", deleted: deleted,
			pods: []*corev1.Pod{pod(testNS, "web-5cac23b-m4n8q", -2*time.Second, 2)}},
		{name: "the deleted pod, still terminating", deleted: deleted,
			pods: []*corev1.Pod{terminating(pod(testNS, deleted, -47*time.Minute, 2))}},
		{name: "a fresh pod of another ReplicaSet", deleted: deleted,
			pods: []*corev1.Pod{pod(testNS, "web-9a7b3c2-abcde", 3*time.Second, 2)}},
		{name: "a fresh pod of the same name in another namespace", deleted: deleted,
			pods: []*corev1.Pod{pod("other", "web-5cac23b-q9z8w", 3*time.Second, 2)}},
		// A StatefulSet's replacement has the deleted pod's name.
		{name: "StatefulSet pod recreated", deleted: "mysql-0",
			pods: []*corev1.Pod{pod(testNS, "mysql-0", 5*time.Second, 2)},
			want: "replacement pod mysql-0 is Ready (12s after deleting mysql-0)"},
		// Owner, not name prefix: mysql-exporter-0 is not mysql-0's.
		{name: "a fresh pod of a like-named StatefulSet", deleted: "mysql-0",
			pods: []*corev1.Pod{pod(testNS, "mysql-exporter-0", 5*time.Second, 2)}},
		{name: "StatefulSet pod not recreated yet", deleted: "mysql-0",
			pods: []*corev1.Pod{terminating(pod(testNS, "mysql-0", -30*24*time.Hour, 2))}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, namespace(testNS), namespace("other"))
			// Armed right after the delete succeeded: its first check
			// starts the clock.
			w.at(tc.deletedAt)
			r := newReplacement(testNS, tc.deleted, ownerKey(tc.deleted))
			if got, done := w.check(r); got != "" || done {
				t.Fatalf("on arming: said %q (done %v)", got, done)
			}
			for _, p := range tc.pods {
				w.set(t, p)
			}
			w.at(12 * time.Second)
			got, done := w.check(r)
			if got != tc.want || done != (tc.want != "") {
				t.Fatalf("said %q (done %v), want %q", got, done, tc.want)
			}
		})
	}
}

// Armed on a page, the replacement is reported once, when it is Ready,
// and the follow-up is then dropped.
func TestReplacementReportedOnce(t *testing.T) {
	const deleted = "web-5cac23b-x7k2p"
	w := newWorld(t, namespace(testNS), terminating(pod(testNS, deleted, -47*time.Minute, 2)))
	a := pages.NewActions(w.c, 1, testNS)
	a.Update(common.WatchMsg{Watch: newReplacement(testNS, deleted, ownerKey(deleted))})

	fresh := pod(testNS, "web-5cac23b-q9z8w", 2*time.Second, -1)
	steps := []struct {
		at       time.Duration
		pod      *corev1.Pod
		says     string
		watching int
	}{
		{2 * time.Second, fresh, "", 1},
		{5 * time.Second, pod(testNS, fresh.Name, 2*time.Second, 1), "", 1},
		{9 * time.Second, pod(testNS, fresh.Name, 2*time.Second, 2), "replacement pod web-5cac23b-q9z8w is Ready (9s after deleting web-5cac23b-x7k2p)", 0},
		{20 * time.Second, pod(testNS, fresh.Name, 2*time.Second, 2), "", 0},
	}
	for i, st := range steps {
		w.at(st.at)
		w.set(t, st.pod)
		cmd, _ := a.Update(common.DataChangedMsg{})
		if got := toastOf(cmd); got != st.says || a.Watching() != st.watching {
			t.Fatalf("step %d: said %q, watching %d; want %q, %d", i, got, a.Watching(), st.says, st.watching)
		}
	}
}

// ---- rolloutWatch ----

// webAt is the site's web Deployment whose current ReplicaSet (named
// after its image tag) is at revision rev, in one of the states a rollout
// passes through.
type webState int

const (
	complete webState = iota
	progressing
	stuck
	paused
)

func webAt(state webState, rev int, tag string) []runtime.Object {
	rs := replicaSet(rev, tag, 0)
	three := int32(3)
	d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Namespace: testNS, Name: "web", UID: "web", Generation: 10,
		CreationTimestamp: metav1.NewTime(t0.Add(-40 * 24 * time.Hour)),
		Annotations:       map[string]string{"deployment.kubernetes.io/revision": fmt.Sprint(rev)}}}
	d.Spec.Replicas = &three
	d.Spec.Template = rs.Spec.Template
	cond := func(typ appsv1.DeploymentConditionType, status corev1.ConditionStatus, reason, msg string) appsv1.DeploymentCondition {
		at := metav1.NewTime(t0)
		return appsv1.DeploymentCondition{Type: typ, Status: status, Reason: reason, Message: msg, LastUpdateTime: at, LastTransitionTime: at}
	}
	avail := cond(appsv1.DeploymentAvailable, corev1.ConditionTrue, "MinimumReplicasAvailable", "")
	rolling := appsv1.DeploymentStatus{ObservedGeneration: 10, Replicas: 4, UpdatedReplicas: 1, ReadyReplicas: 3, AvailableReplicas: 3,
		UnavailableReplicas: 1, Conditions: []appsv1.DeploymentCondition{avail,
			cond(appsv1.DeploymentProgressing, corev1.ConditionTrue, "ReplicaSetUpdated", "ReplicaSet "+rs.Name+" is progressing.")}}
	switch state {
	case complete:
		d.Status = appsv1.DeploymentStatus{ObservedGeneration: 10, Replicas: 3, UpdatedReplicas: 3, ReadyReplicas: 3, AvailableReplicas: 3,
			Conditions: []appsv1.DeploymentCondition{avail,
				cond(appsv1.DeploymentProgressing, corev1.ConditionTrue, "NewReplicaSetAvailable", "ReplicaSet "+rs.Name+" has successfully progressed.")}}
		rs.Status = appsv1.ReplicaSetStatus{Replicas: 3, ReadyReplicas: 3, AvailableReplicas: 3}
	case progressing:
		d.Status = rolling
		rs.Status = appsv1.ReplicaSetStatus{Replicas: 1}
	case stuck:
		d.Status = rolling
		d.Status.Conditions[1] = cond(appsv1.DeploymentProgressing, corev1.ConditionFalse, "ProgressDeadlineExceeded",
			"ReplicaSet "+rs.Name+" has timed out progressing.")
		rs.Status = appsv1.ReplicaSetStatus{Replicas: 1}
	case paused:
		d.Status = rolling
		d.Spec.Paused = true
		rs.Status = appsv1.ReplicaSetStatus{Replicas: 1}
	}
	return []runtime.Object{d, rs}
}

// replicaSet is one of web's ReplicaSets, at revision rev running tag.
func replicaSet(rev int, tag string, replicas int32) *appsv1.ReplicaSet {
	rs := &appsv1.ReplicaSet{ObjectMeta: metav1.ObjectMeta{Namespace: testNS, Name: "web-" + tag, UID: types.UID("rs-" + tag),
		CreationTimestamp: metav1.NewTime(t0.Add(-time.Duration(10-rev) * 24 * time.Hour)),
		Annotations:       map[string]string{"deployment.kubernetes.io/revision": fmt.Sprint(rev)},
		OwnerReferences:   []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "Deployment", Name: "web", UID: "web"}}}}
	rs.Spec.Template.Spec.Containers = []corev1.Container{{Name: "web", Image: "registry.example/acme/shop:" + tag}}
	rs.Status = appsv1.ReplicaSetStatus{Replicas: replicas, ReadyReplicas: replicas, AvailableReplicas: replicas}
	return rs
}

func webObjects(state webState) []runtime.Object { return webAt(state, 6, "3b8d0c1") }

func TestRolloutWatch(t *testing.T) {
	type step struct {
		at   time.Duration // since the watch was armed
		objs []runtime.Object
		says string
		done bool
	}
	stuckToast := "error: rollout stuck: "
	// The key was pressed on revision 5; every change makes a new one.
	cases := []struct {
		name  string
		steps []step
	}{
		{"complete on the new revision", []step{
			{1 * time.Second, webAt(complete, 5, "9b3d0f6"), "", false}, // the old state: not the outcome
			{3 * time.Second, webAt(progressing, 6, "3b8d0c1"), "", false},
			{42 * time.Second, webAt(complete, 6, "3b8d0c1"), "restart of web complete in 42s: revision 6, 3b8d0c1", true},
		}},
		// A rollback of a stuck rollout goes straight from stuck to
		// complete: the old pods kept serving (seen on the demo).
		{"straight from the old stuck state to complete", []step{
			{1 * time.Second, webAt(stuck, 5, "broken1"), "", false},
			{6 * time.Second, webAt(complete, 7, "9b3d0f6"), "restart of web complete in 6s: revision 7, 9b3d0f6", true},
		}},
		{"the old stuck state never counts", []step{
			{1 * time.Second, webAt(stuck, 5, "broken1"), "", false},
			{time.Minute, webAt(stuck, 5, "broken1"), "", false},
		}},
		{"stuck on the new revision is reported", []step{
			{2 * time.Second, webAt(progressing, 6, "3b8d0c1"), "", false},
			{4 * time.Second, webAt(stuck, 6, "3b8d0c1"), stuckToast, true},
		}},
		{"paused says nothing", []step{
			{2 * time.Second, webAt(paused, 6, "3b8d0c1"), "", false},
			{time.Minute, webAt(paused, 6, "3b8d0c1"), "", false},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t, append([]runtime.Object{namespace(testNS)}, webAt(complete, 5, "9b3d0f6")...)...)
			rw := newRolloutWatch(testNS, "restart", 5)
			// Armed right after the change succeeded: the first check
			// starts the clock.
			if got, done := w.check(rw); got != "" || done {
				t.Fatalf("on arming: said %q (done %v)", got, done)
			}
			for i, st := range tc.steps {
				w.at(st.at)
				w.set(t, st.objs...)
				got, done := w.check(rw)
				if done != st.done || !strings.HasPrefix(got, st.says) || (st.says == "") != (got == "") {
					t.Fatalf("step %d: said %q (done %v), want %q… (done %v)", i, got, done, st.says, st.done)
				}
				if strings.HasPrefix(got, stuckToast) && !strings.HasSuffix(got, " — press u to roll back") {
					t.Fatalf("step %d: a stuck rollout must say how to undo it: %q", i, got)
				}
			}
		})
	}
}

// The stuck toast carries the diagnosis.
func TestRolloutWatchStuckVerdict(t *testing.T) {
	w := newWorld(t, namespace(testNS))
	rw := newRolloutWatch(testNS, "rollback to revision 4", 5)
	w.set(t, webObjects(progressing)...)
	w.check(rw)
	w.at(10 * time.Minute)
	w.set(t, webObjects(stuck)...)
	got, _ := w.check(rw)
	if want := "error: rollout stuck: Progress deadline exceeded 10m ago — press u to roll back"; got != want {
		t.Fatalf("said %q, want %q", got, want)
	}
}

func TestRolloutWatchWithoutSite(t *testing.T) {
	w := newWorld(t, namespace(testNS))
	got, done := w.check(newRolloutWatch("gone", "restart", 5))
	if got != "" || done {
		t.Fatalf("said %q (done %v) about a namespace that is not there", got, done)
	}
}

// ---- the actions' gates ----

func TestActionFlags(t *testing.T) {
	w := newWorld(t, append([]runtime.Object{namespace(testNS)}, webObjects(stuck)...)...)
	f := New(w.c)
	detail := pages.NewSiteDetail(w.c, testNS)
	type flags struct {
		mutates bool
		need    string
	}
	patch, del, logs, get := "patch deployments.apps", "delete pods", "get pods/log", "get pods"
	want := map[string]flags{
		"u": {true, patch}, "i": {true, patch}, "r": {true, patch}, "p": {true, patch},
		"h":      {false, ""},
		"ctrl+d": {true, del}, "ctrl+k": {true, del},
		"l": {false, logs}, "L": {false, logs},
		"d": {false, get}, "y": {false, get},
	}
	got := map[string]flags{}
	for _, a := range append(f.SiteActions(detail), f.PodActions(detail)...) {
		k := a.Key.Help().Key
		if _, dup := got[k]; dup {
			t.Errorf("key %s declared twice", k)
		}
		need := ""
		if a.Need != (common.Capability{}) {
			need = a.Need.String()
		}
		got[k] = flags{a.Mutates, need}
		if !reflect.DeepEqual(a.Key.Keys(), []string{k}) {
			t.Errorf("key %s is bound to %q", k, a.Key.Keys())
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("flags\n got %v\nwant %v", got, want)
	}

	// Read-only mode therefore shows only the reading keys.
	w.c.Options.ReadOnly = true
	a := pages.NewActions(w.c, detail.ID(), testNS, f.SiteActions(detail), f.PodActions(detail))
	var keys []string
	for _, b := range a.Keys() {
		keys = append(keys, b.Help().Key)
	}
	if want := []string{"h", "l", "L", "d", "y"}; !reflect.DeepEqual(keys, want) {
		t.Fatalf("read-only keys %q, want %q", keys, want)
	}
}

// ---- follow-ups through the gates, with the clock running ----

// press sends a key to the actions, answers the prompt it pushes with
// answer at the world's clock, and returns the task the answer runs.
func press(t *testing.T, w *world, a *pages.Actions, k string, wait time.Duration, answer string) *common.Task {
	t.Helper()
	cmd, handled := a.Update(keyPress(k))
	if !handled || cmd == nil {
		t.Fatalf("%s: handled %v, cmd %v", k, handled, cmd != nil)
	}
	push, ok := cmd().(common.PushMsg)
	if !ok {
		t.Fatalf("%s did not ask first", k)
	}
	w.now = w.now.Add(wait) // the user reads the prompt
	_, cmd = push.Page.Update(keyPress(answer))
	for _, msg := range messages(cmd) {
		if tm, ok := msg.(common.TaskMsg); ok {
			return &tm.Task
		}
	}
	return nil
}

func keyPress(k string) tea.KeyPressMsg {
	if strings.HasPrefix(k, "ctrl+") {
		return tea.KeyPressMsg{Code: rune(k[5]), Mod: tea.ModCtrl}
	}
	return tea.KeyPressMsg{Code: rune(k[0]), Text: k}
}

// quick runs cmd and returns its message, or nil when it takes longer
// than a moment (timers such as a watch's deadline tick).
func quick(cmd tea.Cmd) tea.Msg {
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		return msg
	case <-time.After(100 * time.Millisecond):
		return nil
	}
}

// messages runs cmd, unpacking tea.Batch and tea.Sequence, and returns
// the messages in order.
func messages(cmd tea.Cmd) []tea.Msg { return teamsg.Run(cmd, 100*time.Millisecond) }

// A stuck site rolled back after the user read the prompt for 8 s: when
// the follow-up is armed (the patch succeeded) the store still shows the
// old stuck state. That is not the rollback's outcome; its completion is.
func TestRollbackConfirmedAfterReadingThePrompt(t *testing.T) {
	w := newWorld(t, append([]runtime.Object{namespace(testNS), replicaSet(5, "4f9c2e1", 3)}, webAt(stuck, 6, "broken1")...)...)
	f := New(w.c)
	detail := pages.NewSiteDetail(w.c, testNS)
	a := pages.NewActions(w.c, detail.ID(), testNS, f.SiteActions(detail))

	task := press(t, w, a, "u", 8*time.Second, "y")
	if task == nil || task.Watch == nil || task.Page != detail.ID() {
		t.Fatalf("yes should run a watched task for the site's page: %+v", task)
	}
	w.now = w.now.Add(200 * time.Millisecond) // the patch returns
	armed := w.now
	cmd, _ := a.Update(common.WatchMsg{Watch: task.Watch})
	if got := toastOf(cmd); got != "" || a.Watching() != 1 {
		t.Fatalf("on arming: said %q, watching %d; the old stuck state is not the outcome", got, a.Watching())
	}
	// The controller picks the change up, then finishes: revision 5's
	// ReplicaSet comes back as revision 7.
	steps := []struct {
		after time.Duration
		objs  []runtime.Object
		says  string
	}{
		{2 * time.Second, webAt(progressing, 7, "4f9c2e1"), ""},
		{30 * time.Second, webAt(complete, 7, "4f9c2e1"), "rollback to revision 5 of web complete in 30s: revision 7, 4f9c2e1"},
	}
	for i, st := range steps {
		w.now = armed.Add(st.after)
		w.set(t, st.objs...)
		cmd, _ := a.Update(common.DataChangedMsg{})
		if got := toastOf(cmd); got != st.says {
			t.Fatalf("step %d: said %q, want %q", i, got, st.says)
		}
	}
	if a.Watching() != 0 {
		t.Fatal("the follow-up should be over")
	}
}

// A pod deleted after the user read the prompt for 8 s: the replacement's
// time counts from the delete, and a pod that came up while the prompt was
// shown is not the replacement.
func TestDeleteConfirmedAfterReadingThePrompt(t *testing.T) {
	const deleted = "web-5cac23b-x7k2p"
	w := newWorld(t, namespace(testNS), pod(testNS, deleted, -47*time.Minute, 1))
	f := New(w.c)
	detail := pages.NewSiteDetail(w.c, testNS)
	if p, ok := detail.SelectedPod(); !ok || p.Name != deleted {
		t.Fatalf("selected %v", p)
	}
	a := pages.NewActions(w.c, detail.ID(), testNS, f.PodActions(detail))

	// While the prompt is shown, a sibling of the same ReplicaSet comes up
	// (a scale-up, or someone else's delete).
	task := press(t, w, a, "ctrl+d", 8*time.Second, "y")
	w.set(t, pod(testNS, "web-5cac23b-s1b1n", 4*time.Second, 2))
	if task == nil || task.Watch == nil {
		t.Fatalf("yes should run a watched task: %+v", task)
	}
	cmd, _ := a.Update(common.WatchMsg{Watch: task.Watch})
	if got := toastOf(cmd); got != "" {
		t.Fatalf("on arming: said %q; nothing has replaced the deleted pod yet", got)
	}
	w.now = t0.Add(20 * time.Second)
	w.set(t, terminating(pod(testNS, deleted, -47*time.Minute, 1)), pod(testNS, "web-5cac23b-q9z8w", 9*time.Second, 2))
	cmd, _ = a.Update(common.DataChangedMsg{})
	if got, want := toastOf(cmd), "replacement pod web-5cac23b-q9z8w is Ready (12s after deleting "+deleted+")"; got != want {
		t.Fatalf("said %q, want %q", got, want)
	}
}

// A replacement that never comes is reported at the bound, not waited for
// forever (issue 11, kind 7).
func TestReplacementGivesUp(t *testing.T) {
	const deleted = "web-5cac23b-x7k2p"
	w := newWorld(t, namespace(testNS))
	r := newReplacement(testNS, deleted, ownerKey(deleted))
	if got, done := w.check(r); got != "" || done {
		t.Fatalf("on arming: %q %v", got, done)
	}
	w.at(4 * time.Minute)
	if got, done := w.check(r); got != "" || done {
		t.Fatalf("before the bound: %q %v", got, done)
	}
	w.at(replacementBound + time.Second)
	got, done := w.check(r)
	if !done || !strings.Contains(got, "error: no replacement for "+deleted+" is Ready") {
		t.Fatalf("at the bound: %q %v", got, done)
	}
}

// A restart after a rollback: the newer rollout watch replaces the older,
// so the restart's end is not reported as the rollback's (seen on the
// demo before watches were keyed).
func TestNewerRolloutWatchReplacesOlder(t *testing.T) {
	w := newWorld(t, append([]runtime.Object{namespace(testNS)}, webAt(complete, 5, "9b3d0f6")...)...)
	a := pages.NewActions(w.c, 1, testNS)
	a.Update(common.WatchMsg{Watch: newRolloutWatch(testNS, "rollback to revision 3", 5)})
	a.Update(common.WatchMsg{Watch: newRolloutWatch(testNS, "restart", 5)})
	a.Update(common.WatchMsg{Watch: newReplacement(testNS, "web-5cac23b-x7k2p", ownerKey("web-5cac23b-x7k2p"))})
	if got := a.Watching(); got != 2 {
		t.Fatalf("watching %d, want 2: one rollout watch per site, plus the replacement", got)
	}
	w.at(30 * time.Second)
	w.set(t, webAt(complete, 6, "9b3d0f6")...)
	cmd, _ := a.Update(common.DataChangedMsg{})
	if got := toastOf(cmd); !strings.HasPrefix(got, "restart of web complete") {
		t.Fatalf("said %q, want the restart's completion", got)
	}
}
