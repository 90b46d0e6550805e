package cloudui_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// recorder wraps the app as cmd/fdtui would run it, plus what the lead
// wires on every new connection (cloudui.WatchCredentials), and keeps the
// latest screen for the test goroutine.
type recorder struct {
	inner tea.Model
	c     *common.Common
	conn  *common.Conn

	mu     sync.Mutex
	screen string
}

func (r *recorder) Init() tea.Cmd {
	r.conn = r.c.Conn
	return tea.Batch(r.inner.Init(), cloudui.WatchCredentials(r.c, r.conn))
}

func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := r.inner.Update(msg)
	r.inner = m
	if r.c.Conn != r.conn {
		r.conn = r.c.Conn
		cmd = tea.Batch(cmd, cloudui.WatchCredentials(r.c, r.conn))
	}
	screen := ansi.Strip(m.View().Content)
	r.mu.Lock()
	r.screen = screen
	r.mu.Unlock()
	return r, cmd
}

func (r *recorder) View() tea.View { return r.inner.View() }

// live runs the real app in a tea.Program (commands, ticks, sequences and
// batches all run as in production) without a terminal.
type live struct {
	t    *testing.T
	p    *tea.Program
	rec  *recorder
	done chan struct{}
}

func startLive(t *testing.T, c *common.Common, conn *common.Conn) *live {
	t.Helper()
	rec := &recorder{inner: ui.New(c, conn), c: c}
	p := tea.NewProgram(rec, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithoutRenderer(),
		tea.WithoutSignalHandler(), tea.WithoutCatchPanics(), tea.WithWindowSize(140, 36))
	l := &live{t: t, p: p, rec: rec, done: make(chan struct{})}
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
		// Quitting the program leaves the connection's informers running
		// (the app closes it on its own quit key); stop them.
		if c.Conn != nil {
			c.Conn.Close()
		}
	})
	return l
}

func (l *live) Screen() string {
	l.rec.mu.Lock()
	defer l.rec.mu.Unlock()
	return l.rec.screen
}

func (l *live) Keys(keys ...string) {
	for _, k := range keys {
		l.p.Send(uitest.Key(k))
		// Let each key's commands land (huh moves between fields by
		// command), as a typist's pace would.
		time.Sleep(60 * time.Millisecond)
	}
}

func (l *live) Type(s string) {
	for _, r := range s {
		l.p.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	time.Sleep(15 * time.Millisecond)
}

// WaitFor waits until the screen contains every want.
func (l *live) WaitFor(timeout time.Duration, want ...string) string {
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

// body drops the status bar (toasts and task spinners come and go with
// timing), for golden files.
func body(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	return strings.Join(lines[:len(lines)-1], "\n") + "\n"
}

// tempKubeconfig writes content to a kubeconfig in a temp dir and points
// KUBECONFIG there too, so nothing in a test can touch ~/.kube/config.
func tempKubeconfig(t *testing.T, content string) (string, *kube.Kubeconfig) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KUBECONFIG", path)
	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = &path
	return path, kube.NewKubeconfig(flags)
}
