package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// TestMain lets a test run the shipped program in a pseudo-terminal: the
// test binary re-executes itself with FDTUI_TEST_CHILD set and the
// child is fdtui (run), or fdtui with a model that panics on "!".
func TestMain(m *testing.M) {
	switch os.Getenv("FDTUI_TEST_CHILD") {
	case "run":
		os.Exit(run(os.Args[1:]))
	case "panic":
		os.Exit(runWith(os.Args[1:], func(m tea.Model) tea.Model { return panicOnBang{m} }))
	}
	os.Exit(m.Run())
}

// panicOnBang is the shipped app, except that "!" panics in Update.
type panicOnBang struct{ tea.Model }

func (p panicOnBang) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "!" {
		panic("boom on cue")
	}
	m, cmd := p.Model.Update(msg)
	return panicOnBang{m}, cmd
}

// ptyRun is fdtui running in a pseudo-terminal of 140x40.
type ptyRun struct {
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	done chan error
	log  string
}

func startInPty(t *testing.T, mode string, args ...string) *ptyRun {
	t.Helper()
	r := &ptyRun{log: filepath.Join(t.TempDir(), "fdtui.log"), done: make(chan error, 1)}
	r.cmd = exec.Command(os.Args[0], append([]string{"--log-file", r.log}, args...)...)
	r.cmd.Env = append(os.Environ(), "FDTUI_TEST_CHILD="+mode, "TERM=xterm-256color",
		"DIGITALOCEAN_ACCESS_TOKEN=", "HOME="+t.TempDir(), "XDG_STATE_HOME="+t.TempDir())
	tty, err := pty.StartWithSize(r.cmd, &pty.Winsize{Rows: 40, Cols: 140})
	if err != nil {
		t.Fatal(err)
	}
	r.tty = tty
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			r.mu.Lock()
			r.out.Write(buf[:n])
			r.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() { err := r.cmd.Wait(); <-copied; r.done <- err }()
	t.Cleanup(func() {
		_ = r.cmd.Process.Kill()
		tty.Close()
	})
	return r
}

func (r *ptyRun) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.String()
}

// waitOutput waits until the terminal has received want.
func (r *ptyRun) waitOutput(t *testing.T, timeout time.Duration, want string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !strings.Contains(r.output(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("terminal never showed %q in %s; it ends:\n%s\nlog file ends:\n%s", want, timeout,
				tail(ansi.Strip(r.output()), 1500), tail(readFile(r.log), 1500))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// exit waits for the program to end and returns its exit code.
func (r *ptyRun) exit(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case err := <-r.done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(timeout):
		t.Fatalf("fdtui did not exit in %s; terminal:\n%q", timeout, r.output())
		return -1
	}
}

func readFile(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// klogLine matches a klog header (E1202 20:31:03.250738 12855 file.go:1]).
var klogLine = regexp.MustCompile(`[EIWF]\d{4} \d{2}:\d{2}:\d{2}\.\d{6}`)

// A user forbidden everything (a ServiceAccount without a single role):
// client-go's retried "Failed to watch ... forbidden" lines go to the log
// file, the terminal holds only what fdtui draws, and fdtui says what it
// cannot see in its status bar.
func TestTerminalHoldsOnlyFdtuiForAForbiddenUser(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	user := testenv.ServiceAccountKubeconfig(t, admin, cs, ns)
	r := startInPty(t, "run", "--kubeconfig", user.Path)
	r.waitOutput(t, 30*time.Second, "forbidden")
	time.Sleep(3 * time.Second)                            // reflectors retry forbidden lists within this
	if _, err := r.tty.Write([]byte("\x03")); err != nil { // ctrl+c
		t.Fatal(err)
	}
	code := r.exit(t, 10*time.Second)
	out := r.output()
	if code != 0 {
		t.Errorf("exit code %d", code)
	}
	for _, leak := range []string{"reflector.go", "Failed to watch", "failed to list"} {
		if strings.Contains(out, leak) {
			t.Errorf("the terminal shows a library's log line (%q)", leak)
		}
	}
	if m := klogLine.FindString(out); m != "" {
		t.Errorf("the terminal shows a klog line (%q)", m)
	}
	if log := readFile(r.log); !strings.Contains(log, "forbidden") {
		t.Errorf("log file lacks the forbidden watches:\n%s", log)
	}
}

// A panic inside the UI: the terminal is restored (main screen, cursor,
// cooked mode), fdtui says what panicked and where the stack trace is,
// and exits non-zero.
func TestPanicRestoresTheTerminal(t *testing.T) {
	testenv.Kubeconfig(t)
	r := startInPty(t, "panic", "--kubeconfig", os.Getenv(testenv.KubeconfigEnv))
	r.waitOutput(t, 30*time.Second, "connected")
	if _, err := r.tty.Write([]byte("!")); err != nil {
		t.Fatal(err)
	}
	code := r.exit(t, 10*time.Second)
	out := r.output()
	if code == 0 {
		t.Error("exit code 0 after a panic")
	}
	crash := strings.Index(out, "fdtui: crashed (panic: boom on cue)")
	if crash < 0 || !strings.Contains(out[crash:], r.log) {
		t.Errorf("no crash message naming the panic and the log file %s; terminal ends:\n%q", r.log, tail(out, 600))
	}
	if i := strings.LastIndex(out, "\x1b[?1049l"); i < 0 || (crash >= 0 && i > crash) {
		t.Errorf("the alternate screen was not left before the message; terminal ends:\n%q", tail(out, 600))
	}
	tio, err := unix.IoctlGetTermios(int(r.tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if tio.Lflag&unix.ICANON == 0 || tio.Lflag&unix.ECHO == 0 {
		t.Errorf("terminal left in raw mode (lflag %#x)", tio.Lflag)
	}
	if log := readFile(r.log); !strings.Contains(log, "boom on cue") || !strings.Contains(log, "goroutine") {
		t.Errorf("log file lacks the panic's stack trace:\n%s", tail(log, 2000))
	}
}

// An exec credential plugin failing mid-session writes to stderr; that
// goes to the log file, and the status bar says what it last said.
func TestCredentialPluginStderrStaysOffTheScreen(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	user := testenv.ServiceAccountKubeconfig(t, admin, cs, ns, ns)
	path, dir := testenv.ExecPluginKubeconfig(t, admin, ns, user.Token)
	r := startInPty(t, "run", "--kubeconfig", path, "--ping-interval", "1s")
	r.waitOutput(t, 30*time.Second, "connected")
	const said = "PLUGIN-STDERR token service unavailable"
	if err := os.WriteFile(filepath.Join(dir, "fail"), []byte("first line of the plugin\n"+said+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r.waitOutput(t, 15*time.Second, "cannot get credentials")
	r.waitOutput(t, 5*time.Second, "it said: "+said[:13]) // the bar may cut the rest
	if _, err := r.tty.Write([]byte("\x03")); err != nil {
		t.Fatal(err)
	}
	r.exit(t, 10*time.Second)
	if strings.Contains(r.output(), "first line of the plugin") {
		t.Errorf("the plugin's stderr reached the terminal")
	}
	if !strings.Contains(readFile(r.log), "first line of the plugin") {
		t.Errorf("the plugin's stderr is not in the log file")
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// On a pipe fdtui says it needs a terminal and exits 2, instead of
// drawing nothing (found by a new user running `make demo | tee`).
func TestNotATerminalSaysSo(t *testing.T) {
	testenv.Kubeconfig(t)
	cmd := exec.Command(os.Args[0], "--kubeconfig", os.Getenv(testenv.KubeconfigEnv), "--log-file", filepath.Join(t.TempDir(), "fdtui.log"))
	cmd.Env = append(os.Environ(), "FDTUI_TEST_CHILD=run", "DIGITALOCEAN_ACCESS_TOKEN=", "HOME="+t.TempDir(), "XDG_STATE_HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("exit %v, want 2; output:\n%s", err, out)
	}
	if !strings.Contains(string(out), "must be a terminal") {
		t.Errorf("output lacks the reason:\n%s", out)
	}
}
