package sitewizard_test

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/sitewizard"
	"github.com/flightdeck/fdtui/internal/ui/teamsg"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// harness drives the app as shipped (ui.New, like uitest.NewApp) through
// a uitest.Driver. It hands the driver every command the app returns, its
// Init's included, wrapped: a command that waits by design (teamsg.Waits:
// timers, the informer feed, a page's listener) and does not answer
// within wait is left running and its message, if it is one of fdtui's
// own, is delivered after the next key or by Until when it arrives, like
// the runtime would; any other command is work and is waited for, up to
// work, so that a loaded machine (-race, every package at once) does not
// deliver a form's next step after the test's next key. Timer messages
// (cursor blink, toast expiry) are dropped so screens are stable.
// (uitest.NewApp runs Init unwrapped, so the feed would be the driver's,
// delivered only when polled: hence ui.New here.)
type harness struct {
	t    *testing.T
	d    *uitest.Driver
	late chan tea.Msg
	// wait is how long a waiter (teamsg.Waits) may run before it is set
	// aside: a timer that short fires at once, as it would in the program.
	wait time.Duration
	// work is how long a command that works (not a waiter) may run before
	// it is set aside like a waiter: a dry run against the apiserver, a
	// fake backend's deliberate pause.
	work time.Duration
}

// newHarness builds the app from cfg, sized w x h, and starts it like the
// program does; the app is closed when the test ends.
func newHarness(t *testing.T, cfg ui.Config, w, hgt int) *harness {
	t.Helper()
	app := ui.New(cfg)
	t.Cleanup(app.Close)
	h := &harness{t: t, late: make(chan tea.Msg, 1024), wait: 10 * time.Millisecond, work: 2 * time.Second}
	h.d = uitest.NewDriver(seqModel{Model: app, h: h})
	// Every command the driver runs is wrapped and answers within work:
	// the driver must never set one aside itself (it would never arrive).
	h.d.Wait, h.d.Work = time.Minute, time.Minute
	h.d.Run(h.wrap(app.Init()))
	h.Send(tea.WindowSizeMsg{Width: w, Height: hgt})
	return h
}

// seqModel wraps the app so that every command it returns goes through
// the harness.
type seqModel struct {
	tea.Model
	h *harness
}

func (m seqModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := m.Model.Update(msg)
	return seqModel{Model: next, h: m.h}, m.h.wrap(cmd)
}

func (h *harness) wrapAll(cmds []tea.Cmd) []tea.Cmd {
	out := make([]tea.Cmd, len(cmds))
	for i, c := range cmds {
		out[i] = h.wrap(c)
	}
	return out
}

func (h *harness) wrap(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	bound := teamsg.Bound(cmd, h.wait, h.work)
	return func() tea.Msg {
		ch := make(chan tea.Msg, 1)
		go func() { ch <- cmd() }()
		select {
		case msg := <-ch:
			return h.expand(msg)
		case <-time.After(bound):
			go func() {
				if msg := <-ch; wanted(msg) {
					h.late <- msg
				}
			}()
			return nil
		}
	}
}

func (h *harness) expand(msg tea.Msg) tea.Msg {
	if cmds, ok := teamsg.Commands(msg); ok {
		return tea.BatchMsg(h.wrapAll(cmds))
	}
	return msg
}

// wanted keeps every late message except timers (cursor blink, spinner,
// toast expiry, metrics polls): those would only make screens flicker.
// A late form message (huh's next field, a submit) must not be lost.
func wanted(msg tea.Msg) bool {
	if msg == nil {
		return false
	}
	t := reflect.TypeOf(msg)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case strings.HasPrefix(t.PkgPath(), "charm.land/bubbles/v2/cursor"),
		strings.HasPrefix(t.PkgPath(), "charm.land/bubbles/v2/spinner"):
		return false
	case t.Name() == "toastExpiredMsg", t.Name() == "pollMsg":
		return false
	}
	return true
}

// settle delivers the late messages that already arrived.
func (h *harness) settle() {
	for {
		select {
		case msg := <-h.late:
			h.d.Send(h.expand(msg))
		default:
			return
		}
	}
}

func (h *harness) Keys(keys ...string) {
	for _, k := range keys {
		h.d.Keys(k)
		h.settle()
	}
}

func (h *harness) Type(s string) {
	h.d.Type(s)
	h.settle()
}

// Paste sends text as one paste, like a terminal's bracketed paste: much
// faster than typing it for the values a test only passes through.
func (h *harness) Paste(s string) { h.Send(tea.PasteMsg{Content: s}) }
func (h *harness) Send(msgs ...tea.Msg) {
	for _, m := range msgs {
		h.d.Send(h.expand(m))
	}
	h.settle()
}
func (h *harness) Screen() string { return h.d.Screen() }

// Until delivers late messages until the screen satisfies cond; it fails
// the test with the last screen after timeout.
func (h *harness) Until(timeout time.Duration, what string, cond func(screen string) bool) {
	h.t.Helper()
	deadline := time.After(timeout)
	for !cond(h.Screen()) {
		select {
		case msg := <-h.late:
			h.Send(msg)
		case <-deadline:
			h.t.Fatalf("timed out after %s waiting for %s:\n%s", timeout, what, h.Screen())
		}
	}
}

// UntilShows waits for every text to be on the screen.
func (h *harness) UntilShows(timeout time.Duration, texts ...string) {
	h.t.Helper()
	h.Until(timeout, strings.Join(texts, " + "), func(s string) bool {
		for _, t := range texts {
			if !strings.Contains(s, t) {
				return false
			}
		}
		return true
	})
}

// ---- a backend without a cluster ----

type fakeBackend struct {
	classes  []sitewizard.StorageClass
	edge     sitewizard.EdgeFacts
	s3       blueprint.S3Settings
	plan     sitewizard.Plan
	planErr  error
	applyErr error
	applied  []blueprint.SiteSpec
	planned  []blueprint.SiteSpec
	exported []bool
	canDel   bool
	// deleteRun, if set, plays a deletion (progress, errors, waiting).
	deleteRun func(ctx context.Context, ns string, opt actions.DeleteOptions, progress func(actions.DeleteReport)) (actions.DeleteReport, error)

	mu      sync.Mutex // Delete runs on the page's goroutine
	deleted []actions.DeleteOptions
}

func (f *fakeBackend) StorageClasses(context.Context) ([]sitewizard.StorageClass, error) {
	return f.classes, nil
}
func (f *fakeBackend) Edge(context.Context, string) (sitewizard.EdgeFacts, error) {
	return f.edge, nil
}
func (f *fakeBackend) S3Settings(context.Context, string) (blueprint.S3Settings, error) {
	return f.s3, nil
}

func (f *fakeBackend) Plan(_ context.Context, s blueprint.SiteSpec) (sitewizard.Plan, error) {
	f.planned = append(f.planned, s)
	return f.plan, f.planErr
}

func (f *fakeBackend) Apply(_ context.Context, s blueprint.SiteSpec) ([]kube.ApplyResult, error) {
	f.applied = append(f.applied, s)
	if f.applyErr != nil {
		return nil, f.applyErr
	}
	return f.plan.Results, nil
}

func (f *fakeBackend) Export(_ context.Context, s blueprint.SiteSpec, redact bool) ([]byte, error) {
	f.exported = append(f.exported, redact)
	return []byte("---\nkind: Namespace\n---\nkind: Secret\n"), nil
}

func (f *fakeBackend) CanDeleteBuckets(blueprint.S3Settings) bool { return f.canDel }

// Delete records opt and runs f.deleteRun if set (a scripted deletion).
func (f *fakeBackend) Delete(ctx context.Context, ns string, _ blueprint.S3Settings, opt actions.DeleteOptions, progress func(actions.DeleteReport)) (actions.DeleteReport, error) {
	f.mu.Lock()
	f.deleted = append(f.deleted, opt)
	run := f.deleteRun
	f.mu.Unlock()
	if run != nil {
		return run(ctx, ns, opt, progress)
	}
	return actions.DeleteReport{Namespace: ns, Step: actions.StepDone}, nil
}

// deletes is a copy of the DeleteOptions Delete was called with.
func (f *fakeBackend) deletes() []actions.DeleteOptions {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]actions.DeleteOptions(nil), f.deleted...)
}

// demoEnv is the environment golden tests see: the object store prefill
// must not depend on the machine's variables.
func demoEnv(key string) string {
	return map[string]string{
		"FDTUI_S3_ENDPOINT": "127.0.0.1:39000", "FDTUI_S3_ACCESS_KEY": "fdtuidemo", "FDTUI_S3_SECRET_KEY": "not-a-real-secret",
	}[key]
}

// newStaticApp is the app as shipped on the demo sites (plus objs) of a
// static cluster, with the fake backend and demoEnv, sized w x h.
func newStaticApp(t *testing.T, fb sitewizard.Backend, w, h int, objs ...runtime.Object) (*harness, *kube.Static) {
	t.Helper()
	return newStaticAppWith(t, ui.Config{}, fb, w, h, objs...)
}

// newStaticAppWith is newStaticApp from cfg (read-only mode...). The
// cluster and the connection are uitest.Static's: "demo", ID 1, at the
// fixed test clock, caches synced.
func newStaticAppWith(t *testing.T, cfg ui.Config, fb sitewizard.Backend, w, h int, objs ...runtime.Object) (*harness, *kube.Static) {
	t.Helper()
	static, err := kube.NewStatic("demo", append(uitest.Objects(uitest.DemoSites()), objs...)...)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Common == nil {
		cfg.Common = &common.Common{}
	}
	if cfg.Common.Now == nil {
		cfg.Common.Now = func() time.Time { return uitest.Now() }
	}
	cfg.Conn = common.NewConn(1, "demo", "https://127.0.0.1:36443", "v1.36.3", static.Cluster)
	cfg.Conn.Store.Now = cfg.Common.Now
	cfg.SiteBackend = func(*common.Common) sitewizard.Backend { return fb }
	cfg.Getenv = demoEnv
	hs := newHarness(t, cfg, w, h)
	hs.Send(common.SyncedMsg{ConnID: cfg.Conn.ID})
	return hs, static
}

// setObjects puts objs in the static cluster and waits for the informer
// feed to bring them to the screen, until it shows every text.
func (h *harness) setObjects(static *kube.Static, objs []runtime.Object, texts ...string) {
	h.t.Helper()
	for _, o := range objs {
		if err := static.Set(o); err != nil {
			h.t.Fatal(err)
		}
	}
	h.UntilShows(5*time.Second, texts...)
}
