package triage

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// podOnly is a page whose cursor is on one pod.
type podOnly struct {
	common.Page
	c   *common.Common
	key string
}

func (p podOnly) SelectedPod() (*store.PodEntry, bool) {
	for _, e := range p.c.Conn.Store.Pods() {
		if e.Key == p.key {
			return e, true
		}
	}
	return nil, false
}

// initPod is a web pod whose drush-deploy init container runs for the
// (restarts+1)th time; last is how its previous run ended ("" for none).
func initPod(name string, restarts int32, last string) *corev1.Pod {
	init := corev1.ContainerStatus{Name: "drush-deploy", RestartCount: restarts,
		State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "CrashLoopBackOff"}}}
	if last == "" {
		init.State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: metav1.NewTime(t0)}}
	} else {
		init.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{Reason: last, ExitCode: 137}
	}
	waiting := func(n string) corev1.ContainerStatus {
		return corev1.ContainerStatus{Name: n, State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "PodInitializing"}}}
	}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: testNS, CreationTimestamp: metav1.NewTime(t0)},
		Spec: corev1.PodSpec{NodeName: "web-1",
			InitContainers: []corev1.Container{{Name: "drush-deploy", Image: "registry.example.com/site:4f9c2e1"}},
			Containers:     []corev1.Container{{Name: "varnish", Image: "varnish:7"}, {Name: "web", Image: "registry.example.com/site:4f9c2e1"}}},
		Status: corev1.PodStatus{Phase: corev1.PodPending, InitContainerStatuses: []corev1.ContainerStatus{init},
			ContainerStatuses: []corev1.ContainerStatus{waiting("varnish"), waiting("web")}},
	}
}

// L on a pod whose init container was OOM-killed opens that container's
// previous log, the init container listed first as kubectl lists them; L
// on one whose init container never restarted shows the pod's events, not
// an empty "previous" stream.
func TestPreviousLogReachesTheInitContainer(t *testing.T) {
	w := newWorld(t, namespace(testNS), initPod("web-oom", 3, "OOMKilled"), initPod("web-first", 0, ""))
	f := New(w.c)

	plan := f.logs(podOnly{c: w.c, key: testNS + "/web-oom"}, true)
	var page *logsPage
	for _, m := range messages(plan.Open) {
		if push, ok := m.(common.PushMsg); ok {
			page, _ = push.Page.(*logsPage)
		}
	}
	if page == nil {
		t.Fatalf("L on an OOM-killed init container opened no logs page: %+v", plan)
	}
	if got := page.containers[page.container]; got != "drush-deploy" || !page.previous {
		t.Errorf("opened %q previous=%v, want drush-deploy's previous log", got, page.previous)
	}
	if strings.Join(page.containers, ",") != "drush-deploy,varnish,web" {
		t.Errorf("container picker %v, want the init container first", page.containers)
	}

	plan = f.logs(podOnly{c: w.c, key: testNS + "/web-first"}, true)
	var said string
	var events bool
	for _, m := range messages(plan.Open) {
		switch m := m.(type) {
		case common.ToastMsg:
			said = m.Text
		case common.OpenMsg:
			events = m.Route.Kind == common.RouteEvents && m.Route.Pod == "web-first"
		case common.PushMsg:
			t.Fatalf("L on a container that never restarted streamed a log: %T", m.Page)
		}
	}
	if !events || !strings.Contains(said, "drush-deploy in web-first has not restarted") {
		t.Errorf("events opened %v, said %q", events, said)
	}
}
