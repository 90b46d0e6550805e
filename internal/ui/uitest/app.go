package uitest

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

// Static is the common start of UI tests: the app as shipped (ui.New, the
// same composition as cmd/fdtui) on a static cluster holding objs,
// connected as "demo" at the fixed test clock, sized w x h, caches
// synced. cfg's zero fields get those defaults. The app is closed when
// the test ends.
func Static(t testing.TB, cfg ui.Config, w, h int, objs ...runtime.Object) (*Driver, *kube.Static) {
	t.Helper()
	static, err := kube.NewStatic("demo", objs...)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Common == nil {
		cfg.Common = &common.Common{}
	}
	if cfg.Common.Now == nil {
		cfg.Common.Now = func() time.Time { return Now() }
	}
	if cfg.Conn == nil {
		cfg.Conn = common.NewConn(1, "demo", "https://127.0.0.1:36443", "v1.36.3", static.Cluster)
		cfg.Conn.Store.Now = cfg.Common.Now
	}
	d := NewApp(t, cfg, w, h)
	d.Send(common.SyncedMsg{ConnID: cfg.Conn.ID})
	return d, static
}

// NewApp builds the app as shipped from cfg and drives it without a
// terminal, sized w x h. The app is closed when the test ends.
func NewApp(t testing.TB, cfg ui.Config, w, h int) *Driver {
	t.Helper()
	app := ui.New(cfg)
	t.Cleanup(app.Close)
	d := NewDriver(app)
	d.Run(app.Init())
	d.Send(tea.WindowSizeMsg{Width: w, Height: h})
	return d
}

// Live runs the app as shipped in a real tea.Program (commands, ticks,
// sequences and batches all run as in production) without a terminal;
// use it where the program loop matters (timers, a live cluster's feed).
type Live struct {
	t    testing.TB
	p    *tea.Program
	rec  *recorder
	done chan struct{}
}

// recorder keeps the latest screen for the test goroutine.
type recorder struct {
	inner tea.Model
	mu    sync.Mutex
	// screen is the last frame, colours stripped.
	screen string
}

func (r *recorder) Init() tea.Cmd { return r.inner.Init() }

func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := r.inner.Update(msg)
	r.inner = m
	screen := ansi.Strip(m.View().Content)
	r.mu.Lock()
	r.screen = screen
	r.mu.Unlock()
	return r, cmd
}

func (r *recorder) View() tea.View { return r.inner.View() }

// StartLive starts the app from cfg in a program sized w x h; the test's
// end quits it and closes the app.
func StartLive(t testing.TB, cfg ui.Config, w, h int) *Live {
	t.Helper()
	app := ui.New(cfg)
	rec := &recorder{inner: app}
	p := tea.NewProgram(rec, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutRenderer(),
		tea.WithoutSignalHandler(), tea.WithoutCatchPanics(), tea.WithWindowSize(w, h))
	l := &Live{t: t, p: p, rec: rec, done: make(chan struct{})}
	go func() {
		defer close(l.done)
		if _, err := p.Run(); err != nil {
			t.Errorf("program: %v", err)
		}
	}()
	t.Cleanup(func() {
		p.Quit()
		select {
		case <-l.done:
		case <-time.After(5 * time.Second):
			p.Kill()
			<-l.done
		}
		app.Close()
	})
	return l
}

// Screen is the latest frame without colours.
func (l *Live) Screen() string {
	l.rec.mu.Lock()
	defer l.rec.mu.Unlock()
	return l.rec.screen
}

// Send delivers a message to the program.
func (l *Live) Send(msg tea.Msg) { l.p.Send(msg) }

// Keys types keys at a typist's pace, so each key's commands land (huh
// moves between fields by command).
func (l *Live) Keys(keys ...string) {
	for _, k := range keys {
		l.p.Send(Key(k))
		time.Sleep(60 * time.Millisecond)
	}
}

// Type types text.
func (l *Live) Type(s string) {
	for _, r := range s {
		l.p.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	time.Sleep(15 * time.Millisecond)
}

// WaitFor waits until the screen contains every want, and returns it.
func (l *Live) WaitFor(timeout time.Duration, want ...string) string {
	l.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		screen := l.Screen()
		missing := ""
		for _, w := range want {
			if !strings.Contains(screen, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return screen
		}
		if time.Now().After(deadline) {
			l.t.Fatalf("timed out after %s waiting for %q on:\n%s", timeout, missing, screen)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
