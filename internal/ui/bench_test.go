package ui_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/flightdeck/fdtui/hack/bench/fleet"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// The benchmark fleet of issue 7 (make bench): 1,000 sites of ten pods on
// 50 nodes, the objects hack/bench/scale creates on the local cluster, in
// a 200x50 terminal like the side-by-side run with k9s.
const (
	benchSites, benchPodsPerSite, benchNodes = 1000, 10, 50
	benchWidth, benchHeight                  = 200, 50
)

var benchFleet = sync.OnceValues(func() (*kube.Static, error) { return settledFleet(benchSites) })

// bigFleet is make bench's largest size, 3,000 sites of ten pods: the
// keystroke's cost must grow no faster than the pods.
var bigFleet = sync.OnceValues(func() (*kube.Static, error) { return settledFleet(3 * benchSites) })

func settledFleet(sites int) (*kube.Static, error) {
	objs, err := fleet.Settled(sites, benchPodsPerSite, benchNodes, uitest.Now())
	if err != nil {
		return nil, err
	}
	return kube.NewStatic("bench", objs...)
}

// benchApp is the app on the fleet after its caches synced, on the sites
// page. Messages go straight to Update: the commands it returns (cursor
// blink, the informer feed) are not part of a frame's cost.
func benchApp(b *testing.B) *ui.App { return benchAppOn(b, benchFleet) }

func benchAppOn(b *testing.B, load func() (*kube.Static, error)) *ui.App {
	b.Helper()
	static, err := load()
	if err != nil {
		b.Fatal(err)
	}
	c := &common.Common{Now: func() time.Time { return uitest.Now() }}
	conn := common.NewConn(1, "bench", "https://127.0.0.1:36443", "v1.36.3", static.Cluster)
	conn.Store.Now = c.Now
	app := ui.New(ui.Config{Common: c, Conn: conn})
	b.Cleanup(app.Close)
	send(app, tea.WindowSizeMsg{Width: benchWidth, Height: benchHeight}, common.SyncedMsg{ConnID: 1})
	if want := podsShown(static); !strings.Contains(app.View().Content, want) {
		b.Fatalf("sites page lacks %q", want)
	}
	return app
}

// podsShown is the pod count a page of the fleet shows ("10000 pods").
func podsShown(static *kube.Static) string {
	pods, _ := static.Listers.Pods.List(labels.Everything())
	return fmt.Sprintf("%d pods", len(pods))
}

func send(app *ui.App, msgs ...tea.Msg) {
	for _, m := range msgs {
		app.Update(m)
	}
}

func keys(app *ui.App, ks ...string) {
	for _, k := range ks {
		app.Update(uitest.Key(k))
	}
}

func toPods(b *testing.B, app *ui.App, want string) {
	keys(app, ":", "p", "o", "d", "s", "enter")
	if !strings.Contains(app.View().Content, want) {
		b.Fatal("pods page not shown")
	}
}

// BenchmarkViewSites draws the sites page: 1,000 sites, 45 visible.
func BenchmarkViewSites(b *testing.B) {
	app := benchApp(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = app.View()
	}
}

// BenchmarkViewPods draws the pods page of all 10,000 pods.
func BenchmarkViewPods(b *testing.B) {
	app := benchApp(b)
	toPods(b, app, "10000 pods")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = app.View()
	}
}

// BenchmarkViewNodes draws the nodes page: 50 nodes with their capacity
// summed from 10,000 pods' requests.
func BenchmarkViewNodes(b *testing.B) {
	benchView(b, "50 nodes · CPU", ":", "n", "o", "d", "e", "s", "enter")
}

// BenchmarkViewEvents draws the events page of every namespace.
func BenchmarkViewEvents(b *testing.B) {
	benchView(b, "Events", ":", "e", "v", "e", "n", "t", "s", "enter")
}

// BenchmarkViewSiteDetail draws one site's page (the first site, opened
// with enter): its state, parts, audit and pods among 10,000.
func BenchmarkViewSiteDetail(b *testing.B) { benchView(b, "namespace ", "enter") }

// benchView opens a screen with keys, checks it shows want, and draws it.
func benchView(b *testing.B, want string, ks ...string) {
	app := benchApp(b)
	// A driver runs the commands the keys return (opening a page is one).
	uitest.NewDriver(app).Keys(ks...)
	if !strings.Contains(app.View().Content, want) {
		b.Fatalf("screen lacks %q:\n%s", want, app.View().Content)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = app.View()
	}
}

// BenchmarkFilterKeystroke is one key typed into the pods page's filter
// and the frame that shows its result: the filter alternates between
// "maple" and "maple-" so that every keystroke filters 10,000 pods.
func BenchmarkFilterKeystroke(b *testing.B) { benchFilter(b, benchFleet, "10000 pods") }

// BenchmarkFilterKeystroke30000 is BenchmarkFilterKeystroke among 30,000
// pods (3,000 sites): a straight line is three times the time.
func BenchmarkFilterKeystroke30000(b *testing.B) { benchFilter(b, bigFleet, "30000 pods") }

func benchFilter(b *testing.B, load func() (*kube.Static, error), pods string) {
	app := benchAppOn(b, load)
	toPods(b, app, pods)
	keys(app, "/", "m", "a", "p", "l", "e")
	add := true
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if add {
			keys(app, "-")
		} else {
			keys(app, "backspace")
		}
		add = !add
		_ = app.View()
	}
}

// BenchmarkChurnFrame is one informer batch of the churn run (5 pod
// updates in a 100 ms window) on the sites page, up to its new frame.
func BenchmarkChurnFrame(b *testing.B) {
	app := benchApp(b)
	static, _ := benchFleet()
	pods, err := static.Listers.Pods.List(labels.Everything())
	if err != nil {
		b.Fatal(err)
	}
	var batch kube.Batch
	for i := 0; len(batch.Changes) < 5; i += 997 {
		p := pods[i%len(pods)]
		if p.Status.Phase == corev1.PodRunning {
			batch.Changes = append(batch.Changes, kube.Change{Kind: kube.KindPod, Namespace: p.Namespace, Name: p.Name})
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		send(app, common.KubeBatchMsg{ConnID: 1, Batch: batch})
		_ = app.View()
	}
}
