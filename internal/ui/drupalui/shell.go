package drupalui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"
	"k8s.io/client-go/tools/remotecommand"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// exitCode is a command's exit code when it ran and failed.
func exitCode(err error) (int, bool) { return kube.ExitCode(err) }

// shell opens the container picker of the selected pod (init containers
// included, as kubectl lists them).
func (f *Feature) shell(p PodPage) common.Plan {
	e, ok := p.SelectedPod()
	if !ok {
		return common.Refuse("no pod selected")
	}
	pod, err := f.c.Conn.Store.L.Pods.Pods(e.Namespace).Get(e.Name)
	if err != nil {
		return common.Refuse(err.Error())
	}
	if pod.Status.Phase != "Running" {
		return common.Refuse(e.Name + " is " + e.Status + ": a shell needs a running container")
	}
	var cs []container
	for _, c := range pod.Spec.InitContainers {
		cs = append(cs, container{name: c.Name, init: true})
	}
	pick := 0
	for _, c := range pod.Spec.Containers {
		if c.Name == actions.WebContainer {
			pick = len(cs)
		}
		cs = append(cs, container{name: c.Name})
	}
	return common.Plan{Open: common.Push(&picker{Owner: common.NewOwner(f.c), f: f, ns: e.Namespace, pod: e.Name, containers: cs, cursor: pick,
		keys: listKeys(common.Bind("enter", "open shell", "enter"))})}
}

type container struct {
	name string
	init bool
}

// picker chooses the container the shell opens in.
type picker struct {
	common.Owner
	f          *Feature
	ns, pod    string
	containers []container
	cursor     int
	width      int
	keys       paletteKeys
}

// shellEndedMsg says the terminal is fdtui's again.
type shellEndedMsg struct {
	target string
	err    error
}

func (p *picker) Init() tea.Cmd       { return nil }
func (p *picker) Title() string       { return "shell " + p.pod }
func (p *picker) SetSize(w, _ int)    { p.width = w }
func (p *picker) Refresh(store.Dirty) {}

func (p *picker) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case shellEndedMsg:
		if msg.err != nil {
			return p, common.Toast("shell in "+msg.target+": "+msg.err.Error(), true)
		}
		return p, tea.Batch(common.Pop, common.Toast("shell in "+msg.target+" ended", false))
	case tea.KeyPressMsg:
		if c, moved := p.keys.move(msg, p.cursor, len(p.containers)); moved {
			p.cursor = c
		} else if key.Matches(msg, p.keys.Run) {
			return p, p.open(p.containers[p.cursor].name)
		}
	}
	return p, nil
}

// open hands the terminal to a session in container c and takes it back
// when the session ends (tea.Exec restores fdtui's screen).
func (p *picker) open(c string) tea.Cmd {
	cl := p.f.c.Conn.Cluster
	s := &session{ctx: p.Ctx(), run: actions.ExecOn(cl.Config, cl.Client), ns: p.ns, pod: p.pod, container: c}
	target, id := p.pod+"/"+c, p.ID()
	// Not wrapped in Reply: the program itself must see tea.Exec's message.
	return tea.Exec(s, func(err error) tea.Msg { return common.PageMsg{To: id, Msg: shellEndedMsg{target: target, err: err}} })
}

func (p *picker) View() string {
	st := p.f.c.Styles
	var b strings.Builder
	fmt.Fprintf(&b, " %s  %s\n\n", st.Title.Render("shell · "+p.pod), st.Paint(styles.Dim, "bash when the container has it, else sh; exit ends it"))
	for i, c := range p.containers {
		text := c.name
		if c.init {
			text += st.Paint(styles.Dim, " (init container)")
		}
		line := "   " + text
		if i == p.cursor {
			line = st.Selected.Render(" ▸ " + text)
		}
		b.WriteString(ansi.Truncate(line, max(10, p.width), "…") + "\n")
	}
	return b.String()
}

func (p *picker) ShortHelp() []key.Binding  { return []key.Binding{p.keys.Run, p.keys.Up, p.keys.Down} }
func (p *picker) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

// session is an interactive shell as kubectl exec -it runs it: the local
// terminal in raw mode, its size sent at the start and on every SIGWINCH,
// restored when the shell ends. It implements tea.ExecCommand.
type session struct {
	ctx                context.Context
	run                actions.Run
	ns, pod, container string
	stdin              io.Reader
	stdout, stderr     io.Writer
}

func (s *session) SetStdin(r io.Reader)  { s.stdin = r }
func (s *session) SetStdout(w io.Writer) { s.stdout = w }
func (s *session) SetStderr(w io.Writer) { s.stderr = w }

// Run picks the shell (bash, else sh), then runs it with the terminal.
// Error: no terminal, exec refused; a shell that exits non-zero is not an
// error (its last command failed).
func (s *session) Run() error {
	in, ok := s.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		return errors.New("a shell needs a terminal")
	}
	// A clean screen: the terminal's main screen still shows whatever was
	// there before fdtui (or the last session).
	fmt.Fprint(s.stdout, "\x1b[H\x1b[2J")
	fmt.Fprintf(s.stdout, "fdtui: connecting to %s/%s container %s…\r\n", s.ns, s.pod, s.container)
	sh, err := actions.PickShell(s.ctx, s.run, s.ns, s.pod, s.container)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.stdout, "fdtui: %s in %s/%s; exit (or ctrl+d) returns to fdtui\r\n", sh, s.pod, s.container)
	state, err := term.MakeRaw(int(in.Fd()))
	if err != nil {
		return err
	}
	defer func() { _ = term.Restore(int(in.Fd()), state) }()
	// Nothing may be left reading the terminal when the shell ends: the
	// first key typed into fdtui after it was lost (terminalInput).
	stdin, err := openTerminalInput(in)
	if err != nil {
		return err
	}
	defer stdin.Close()
	sizes := newSizeQueue(s.stdout, in)
	defer sizes.stop()
	err = s.run(s.ctx, kube.ExecRequest{Namespace: s.ns, Pod: s.pod, Container: s.container, Command: []string{sh},
		Stdin: stdin, Stdout: s.stdout, TTY: true, Resize: sizes})
	if _, exited := kube.ExitCode(err); exited {
		return nil
	}
	return err
}

// sizeQueue is the terminal's size, first as it is, then after each
// SIGWINCH (remotecommand.TerminalSizeQueue; nil ends it).
type sizeQueue struct {
	fd    int
	winch chan os.Signal
	done  chan struct{}
	first bool
}

func newSizeQueue(out io.Writer, in *os.File) *sizeQueue {
	fd := int(in.Fd())
	if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fd = int(f.Fd())
	}
	q := &sizeQueue{fd: fd, winch: make(chan os.Signal, 1), done: make(chan struct{}), first: true}
	signal.Notify(q.winch, syscall.SIGWINCH)
	return q
}

func (q *sizeQueue) Next() *remotecommand.TerminalSize {
	if !q.first {
		select {
		case <-q.winch:
		case <-q.done:
			return nil
		}
	}
	q.first = false
	w, h, err := term.GetSize(q.fd)
	if err != nil {
		return nil
	}
	return &remotecommand.TerminalSize{Width: uint16(w), Height: uint16(h)}
}

func (q *sizeQueue) stop() {
	signal.Stop(q.winch)
	close(q.done)
}
