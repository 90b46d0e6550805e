package pages

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	authorizationv1 "k8s.io/api/authorization/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/teamsg"
)

var (
	capPatch = common.Capability{Verb: "patch", Group: "apps", Resource: "deployments"}
	capLogs  = common.Capability{Verb: "get", Resource: "pods", Subresource: "log"}
)

// fixture is a page's actions whose Do functions count their calls:
//
//	r  restart   mutates, needs patch deployments.apps, asks first
//	x  scale     mutates, needs patch deployments.apps, no question
//	l  logs      reads, needs get pods/log, opens a page
//	z  refused   reads, always refuses
type fixture struct {
	c       *common.Common
	actions *Actions
	calls   map[string]int
	watch   *countingWatch
}

type openedMsg struct{}

func newFixture(c *common.Common) *fixture {
	f := &fixture{c: c, calls: map[string]int{}, watch: &countingWatch{doneAfter: 2}}
	do := func(name string, plan func() common.Plan) func() common.Plan {
		return func() common.Plan { f.calls[name]++; return plan() }
	}
	task := func(label string) *common.Task {
		t := common.NewTask(label, func(context.Context) (string, error) {
			panic("the app runs tasks, not the page") // never called here
		})
		t.Watch = f.watch
		return t
	}
	f.actions = NewActions(c, 7, "shop-acme-org", []common.Action{
		{Key: common.Bind("r", "restart"), Mutates: true, Need: capPatch, Do: do("r", func() common.Plan {
			return common.Plan{Task: task("restarting web"), Confirm: &common.Prompt{Title: "Restart web", Lines: []string{"one at a time"}}}
		})},
		{Key: common.Bind("x", "scale"), Mutates: true, Need: capPatch, Do: do("x", func() common.Plan {
			return common.Plan{Task: task("scaling web")}
		})},
	}, []common.Action{
		{Key: common.Bind("l", "logs"), Need: capLogs, Do: do("l", func() common.Plan {
			return common.Plan{Open: func() tea.Msg { return openedMsg{} }}
		})},
		{Key: common.Bind("z", "refused"), Do: do("z", func() common.Plan { return common.Refuse("no pod selected") })},
	})
	return f
}

// press sends a key to the actions and returns what its command says.
func (f *fixture) press(t *testing.T, k string) []tea.Msg {
	t.Helper()
	cmd, handled := f.actions.Update(keyPress(k))
	if !handled {
		t.Fatalf("key %q not handled by the actions", k)
	}
	return runCmd(cmd)
}

func helpOf(bs []key.Binding) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Help().Key+" "+b.Help().Desc)
	}
	return out
}

func TestActionsKeys(t *testing.T) {
	all := []string{"r restart", "x scale", "l logs", "z refused"}
	cases := []struct {
		name     string
		readOnly bool
		denied   map[common.Capability]string
		want     []string
	}{
		{"all allowed", false, nil, all},
		{"read-only leaves mutating keys out", true, nil, []string{"l logs", "z refused"}},
		{"denied keys are marked", false, map[common.Capability]string{capPatch: "RBAC says no"},
			[]string{"r restart (forbidden)", "x scale (forbidden)", "l logs", "z refused"}},
		{"read-only wins over denied", true, map[common.Capability]string{capPatch: "no", capLogs: "no"},
			[]string{"l logs (forbidden)", "z refused"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := testCommon()
			c.Options.ReadOnly = tc.readOnly
			f := newFixture(c)
			if tc.denied != nil {
				if _, handled := f.actions.Update(accessMsg{namespace: "shop-acme-org", denied: tc.denied}); !handled {
					t.Fatal("accessMsg not handled")
				}
			}
			if got := helpOf(f.actions.Keys()); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("keys %q, want %q", got, tc.want)
			}
			if got := len(f.actions.List()); got != 4 {
				t.Fatalf("List has %d actions, want all 4 whatever the mode", got)
			}
		})
	}
}

func TestActionsGates(t *testing.T) {
	denied := map[common.Capability]string{capPatch: "not allowed to patch apps/deployments in namespace shop-acme-org"}
	cases := []struct {
		name     string
		readOnly bool
		denied   map[common.Capability]string
		key      string
		want     []string
		doCalls  int
	}{
		{"read-only refuses a mutating key", true, nil, "r", []string{"error: " + ReadOnlyRefusal}, 0},
		{"read-only refuses a mutating key without a prompt", true, nil, "x", []string{"error: " + ReadOnlyRefusal}, 0},
		{"read-only lets a reading key through", true, nil, "l", []string{"pages.openedMsg"}, 1},
		{"RBAC denial refuses with the apiserver's reason", false, denied, "r", []string{"error: " + denied[capPatch]}, 0},
		{"RBAC denial refuses a key without a prompt too", false, denied, "x", []string{"error: " + denied[capPatch]}, 0},
		{"RBAC denial of one capability only", false, denied, "l", []string{"pages.openedMsg"}, 1},
		{"a refusing plan toasts its reason", false, nil, "z", []string{"error: no pod selected"}, 1},
		{"a plan with a prompt asks first", false, nil, "r", []string{"push: Restart web"}, 1},
		{"a plan without a prompt runs its task", false, nil, "x", []string{"task: scaling web"}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := testCommon()
			c.Options.ReadOnly = tc.readOnly
			f := newFixture(c)
			if tc.denied != nil {
				f.actions.Update(accessMsg{namespace: "shop-acme-org", denied: tc.denied})
			}
			got := describe(f.press(t, tc.key))
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("pressing %s answered %q, want %q", tc.key, got, tc.want)
			}
			if f.calls[tc.key] != tc.doCalls {
				t.Fatalf("Do ran %d times, want %d", f.calls[tc.key], tc.doCalls)
			}
			if f.actions.Watching() != 0 {
				t.Fatal("a press armed a follow-up before any task ran")
			}
		})
	}
}

// An RBAC answer for another namespace (a page since re-pointed) is not
// this page's.
func TestAccessForAnotherNamespaceIgnored(t *testing.T) {
	f := newFixture(testCommon())
	f.actions.Update(accessMsg{namespace: "other", denied: map[common.Capability]string{capPatch: "no"}})
	if got := describe(f.press(t, "x")); !reflect.DeepEqual(got, []string{"task: scaling web"}) {
		t.Fatalf("x answered %q", got)
	}
}

func TestOtherMessagesNotHandled(t *testing.T) {
	f := newFixture(testCommon())
	for _, msg := range []tea.Msg{keyPress("q"), keyPress("enter"), tea.WindowSizeMsg{}, common.DataChangedMsg{}} {
		if cmd, handled := f.actions.Update(msg); handled || cmd != nil {
			t.Errorf("%T %v: handled %v cmd %v", msg, msg, handled, cmd != nil)
		}
	}
}

// The prompt's yes runs the task, addressed to the page whose follow-ups
// it arms; no runs nothing and leaves nothing armed.
func TestPromptGatesTask(t *testing.T) {
	cases := []struct {
		name      string
		followUps common.PageID // 0: the page itself
		answer    string
		want      []string
		page      common.PageID
	}{
		{"yes", 0, "y", []string{"pop", "task: restarting web"}, 7},
		{"enter", 0, "enter", []string{"pop", "task: restarting web"}, 7},
		{"yes with follow-ups on another page", 3, "y", []string{"pop", "task: restarting web"}, 3},
		{"no", 0, "n", []string{"pop", "toast: cancelled: Restart web"}, 0},
		{"esc", 0, "esc", []string{"pop", "toast: cancelled: Restart web"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(testCommon())
			if tc.followUps != 0 {
				if f.actions.FollowUpsOn(tc.followUps) != f.actions {
					t.Fatal("FollowUpsOn should return its receiver")
				}
			}
			msgs := f.press(t, "r")
			if len(msgs) != 1 {
				t.Fatalf("r answered %q, want one push", describe(msgs))
			}
			push, ok := msgs[0].(common.PushMsg)
			if !ok {
				t.Fatalf("r answered %T, want a PushMsg", msgs[0])
			}
			prompt, ok := push.Page.(*Confirm)
			if !ok || prompt.typed != "" || prompt.Title() != "Restart web" {
				t.Fatalf("pushed %T %v, want the y/n prompt", push.Page, push.Page)
			}
			_, cmd := prompt.Update(keyPress(tc.answer))
			msgs = runCmd(cmd)
			if got := describe(msgs); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("%s answered %q, want %q", tc.answer, got, tc.want)
			}
			for _, m := range msgs {
				if task, ok := m.(common.TaskMsg); ok {
					if task.Task.Page != tc.page {
						t.Fatalf("task addressed to page %d, want %d", task.Task.Page, tc.page)
					}
					if task.Task.Watch != f.watch {
						t.Fatal("task lost its follow-up")
					}
				}
			}
			if f.actions.Watching() != 0 || f.watch.checks != 0 {
				t.Fatalf("Watching %d, checks %d: nothing is armed before the task succeeded", f.actions.Watching(), f.watch.checks)
			}
		})
	}
}

// A plan's Open runs before its prompt (a list closes before the prompt
// replaces it).
func TestOpenRunsBeforePrompt(t *testing.T) {
	c := testCommon()
	a := NewActions(c, 1, "ns", []common.Action{{Key: common.Bind("enter", "roll back"), Mutates: true, Do: func() common.Plan {
		return common.Plan{Open: common.Pop, Task: common.NewTask("rolling back", nil), Confirm: &common.Prompt{Title: "Roll back"}}
	}}})
	cmd, _ := a.Update(keyPress("enter"))
	if got, want := describe(runCmd(cmd)), []string{"pop", "push: Roll back"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("answered %q, want %q", got, want)
	}
}

// countingWatch reports done on its doneAfter-th check.
type countingWatch struct {
	name              string
	doneAfter, checks int
	at                []time.Time
}

func (w *countingWatch) Check(c *common.Common, now time.Time) (tea.Cmd, bool) {
	w.checks++
	w.at = append(w.at, now)
	if w.checks >= w.doneAfter {
		return common.Toast(w.name+" is done", false), true
	}
	return nil, false
}

func staticConn(t *testing.T, objs ...runtime.Object) (*common.Conn, *kube.Static) {
	t.Helper()
	static, err := kube.NewStatic("demo", objs...)
	if err != nil {
		t.Fatal(err)
	}
	conn := common.NewConn(1, "demo", "https://127.0.0.1:36443", "v1.36.3", static.Cluster)
	conn.Store.Now = func() time.Time { return testNow }
	t.Cleanup(conn.Close)
	return conn, static
}

// A follow-up is checked when armed and after every data change, until it
// says it is done; the others keep going.
func TestWatchRunsUntilDone(t *testing.T) {
	c := testCommon()
	c.Conn, _ = staticConn(t)
	a := NewActions(c, 1, "ns")
	quick := &countingWatch{name: "quick", doneAfter: 2}
	slow := &countingWatch{name: "slow", doneAfter: 3}
	changed := common.DataChangedMsg{Dirty: store.Dirty{Pods: true}}
	steps := []struct {
		msg      tea.Msg
		handled  bool // data changes are also the page's
		says     []string
		watching int
	}{
		{common.WatchMsg{Watch: quick}, true, nil, 1},
		{common.WatchMsg{Watch: slow}, true, []string{"toast: quick is done"}, 1},
		{changed, false, nil, 1},
		{changed, false, []string{"toast: slow is done"}, 0},
		{changed, false, nil, 0},
	}
	for i, st := range steps {
		cmd, handled := a.Update(st.msg)
		got := describe(runCmd(cmd))
		if handled != st.handled || !reflect.DeepEqual(got, st.says) || a.Watching() != st.watching {
			t.Fatalf("step %d (%T): handled %v, said %q, watching %d; want %v, %q, %d",
				i, st.msg, handled, got, a.Watching(), st.handled, st.says, st.watching)
		}
	}
	if quick.checks != 2 || slow.checks != 3 {
		t.Fatalf("checks: quick %d, slow %d; a finished follow-up must not be checked again", quick.checks, slow.checks)
	}
	for _, at := range append(quick.at, slow.at...) {
		if !at.Equal(testNow) {
			t.Fatalf("checked at %v, want the Common's clock %v", at, testNow)
		}
	}
}

func TestWatchWithoutConnIsKeptUnchecked(t *testing.T) {
	a := NewActions(testCommon(), 1, "ns")
	w := &countingWatch{doneAfter: 1}
	a.Update(common.WatchMsg{Watch: w})
	a.Update(common.DataChangedMsg{})
	if a.Watching() != 1 || w.checks != 0 {
		t.Fatalf("watching %d, checks %d without a connection", a.Watching(), w.checks)
	}
}

// Init asks the apiserver about each capability once, in the page's
// namespace, and addresses the answer to the page; read-only mode does not
// ask about what it hides anyway.
func TestInitAsksRBAC(t *testing.T) {
	cases := []struct {
		name     string
		readOnly bool
		asked    []string
		denied   []string
	}{
		{"all", false, []string{"patch deployments.apps in shop-acme-org", "get pods/log in shop-acme-org"}, []string{"patch deployments.apps"}},
		{"read-only", true, []string{"get pods/log in shop-acme-org"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := testCommon()
			c.Options.ReadOnly = tc.readOnly
			c.Conn, _ = staticConn(t)
			cs := fake.NewClientset()
			var asked []string
			cs.PrependReactor("create", "selfsubjectaccessreviews", func(action k8stesting.Action) (bool, runtime.Object, error) {
				r := action.(k8stesting.CreateAction).GetObject().(*authorizationv1.SelfSubjectAccessReview)
				ra := r.Spec.ResourceAttributes
				need := common.Capability{Verb: ra.Verb, Group: ra.Group, Resource: ra.Resource, Subresource: ra.Subresource}
				asked = append(asked, need.String()+" in "+ra.Namespace)
				r.Status.Allowed = need != capPatch
				return true, r, nil
			})
			c.Conn.Access = kube.NewAccess(cs)
			f := newFixture(c)
			msgs := teamsg.Run(f.actions.Init(context.Background()), 5*time.Second)
			if !reflect.DeepEqual(asked, tc.asked) {
				t.Fatalf("asked %q, want %q", asked, tc.asked)
			}
			if len(msgs) != 1 {
				t.Fatalf("Init answered %d messages", len(msgs))
			}
			pm, ok := msgs[0].(common.PageMsg)
			if !ok || pm.To != 7 {
				t.Fatalf("answer %#v not addressed to page 7", msgs[0])
			}
			am := pm.Msg.(accessMsg)
			var denied []string
			for cap, reason := range am.denied {
				denied = append(denied, cap.String())
				if !strings.Contains(reason, "not allowed to patch apps/deployments in namespace shop-acme-org") {
					t.Errorf("reason %q", reason)
				}
			}
			if !reflect.DeepEqual(denied, tc.denied) {
				t.Fatalf("denied %q, want %q", denied, tc.denied)
			}
		})
	}
}

func TestInitWithoutAccessAsksNothing(t *testing.T) {
	c := testCommon()
	if cmd := newFixture(c).actions.Init(context.Background()); cmd != nil {
		t.Fatal("no connection: nothing to ask")
	}
	c.Conn, _ = staticConn(t) // a static cluster has no Access: all allowed
	if cmd := newFixture(c).actions.Init(context.Background()); cmd != nil {
		t.Fatal("no Access: nothing to ask")
	}
}
