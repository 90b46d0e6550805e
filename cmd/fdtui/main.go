// Command fdtui is the Flight Deck terminal dashboard. This file only wires
// flags, clients and the one *tea.Program together, and adds the
// scriptable commands (internal/cli) beside it.
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"
	xterm "golang.org/x/term"

	"github.com/flightdeck/fdtui/internal/cli"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/watch"
)

var version = "dev"

// tuiFlags are the flags of the full-screen UI alone (fdtui without a
// command); the flags every command shares are cli.Globals.
type tuiFlags struct {
	cloud           *cloudui.Flags
	metricsInterval time.Duration
	pingInterval    time.Duration
	logLines        int
	fleet           bool
	fleetFile       string
}

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	return runWith(args, nil)
}

// runWith is run with an optional wrapper around the app's model (tests
// use it to make the shipped program panic on cue).
func runWith(args []string, wrap func(tea.Model) tea.Model) int {
	// fdtui's own messages go to the terminal's stderr as it was at start;
	// while the UI runs everything else written there goes to the log.
	term := os.Stderr
	g := cli.NewGlobals()
	env := &cli.Env{Globals: g, Version: version, In: os.Stdin, Out: os.Stdout, Err: term,
		InTerminal: func() bool { return xterm.IsTerminal(int(os.Stdin.Fd())) }}
	var log logged
	defer log.close()
	code := 0
	tf := &tuiFlags{}
	root := cli.NewRoot(env)
	// client-go logs through klog, which would tear through the
	// full-screen UI or a command's output; its lines go to a log file.
	// A command ends on ctrl+c or SIGTERM through its context (a followed
	// log); the TUI reads its keys in raw mode and handles both itself.
	stop := func() {}
	defer func() { stop() }()
	root.PersistentPreRunE = func(cmd *cobra.Command, _ []string) error {
		if cmd != root {
			var ctx context.Context
			ctx, stop = signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			cmd.SetContext(ctx)
		}
		return log.open(g.LogFile)
	}
	root.RunE = func(*cobra.Command, []string) error {
		code = runTUI(g, tf, log, wrap, term)
		return nil
	}
	fs := root.Flags()
	tf.cloud = cloudui.AddFlags(fs)
	fs.DurationVar(&tf.metricsInterval, "metrics-interval", 15*time.Second, "how often to poll metrics.k8s.io while a usage view is open")
	fs.DurationVar(&tf.pingInterval, "ping-interval", 20*time.Second, "how often to ask the apiserver whether it answers (/readyz); a frozen apiserver shows within one interval")
	fs.IntVar(&tf.logLines, "log-lines", 5000, "lines of logs kept in memory per log view")
	fs.BoolVar(&tf.fleet, "fleet", false, "open on the fleet screen: every site of every context (or of the fleet file, or of the --context flags) in one list")
	fs.StringVar(&tf.fleetFile, "fleet-file", "", "the fleet file (default $XDG_CONFIG_HOME/fdtui/fleet.yaml, ~/.config/fdtui/fleet.yaml); when it names a fleet, fdtui opens on it")
	addCommands(root, env)
	if exit := cli.Execute(context.Background(), root, env, args); exit != 0 {
		return exit
	}
	return code
}

// addCommands adds the commands beside the scriptable ones cli.NewRoot
// has: fdtui watch (package internal/watch), whose exit codes come out as
// cli's.
func addCommands(root *cobra.Command, env *cli.Env) {
	root.AddCommand(watch.NewCommand(watch.Deps{Version: env.Version, DigitalOcean: doClusters, CaptureStderr: func(log *os.File) (func(), error) {
		c, err := captureStderrVar(log)
		if err != nil {
			return nil, err
		}
		return c.Restore, nil
	}}))
}

// logged is the log file klog writes to, opened before any command runs.
type logged struct {
	path string
	file *os.File
}

func (l *logged) open(path string) error {
	p, f, err := logToFile(path)
	if err != nil {
		return &cli.ExitError{Code: cli.ExitUsage, Err: err}
	}
	l.path, l.file = p, f
	return nil
}

func (l *logged) close() {
	if l.file != nil {
		l.file.Close()
	}
}

// runTUI runs the full-screen dashboard and returns the exit code.
func runTUI(g *cli.Globals, f *tuiFlags, log logged, wrap func(tea.Model) tea.Model, term *os.File) int {
	logPath, logFile := log.path, log.file
	// Before any client exists: client-go gives exec credential plugins
	// the os.Stderr of the moment it first builds their authenticator.
	capture, err := captureStderr(logFile)
	if err != nil {
		fmt.Fprintln(term, "fdtui:", err)
		return 2
	}
	restored := false
	restore := func() {
		if !restored {
			capture.Restore()
			restored = true
		}
	}
	defer restore()
	cloudCfg, err := cloudui.FlagsToConfig(f.cloud, os.Getenv)
	if err != nil {
		fmt.Fprintln(term, "fdtui:", err)
		return 2
	}
	if addr := os.Getenv("FDTUI_PPROF"); addr != "" {
		// Profiling for `make bench` work: go tool pprof http://ADDR/debug/pprof/heap
		go func() { _ = http.ListenAndServe(addr, nil) }()
	}
	kc := kube.NewKubeconfig(g.Kube, g.Namespaces...)
	fleetCfg, err := fleetConfig(kc, g, f)
	if err != nil {
		restore()
		fmt.Fprintln(term, "fdtui:", err)
		return 2
	}
	var conn *common.Conn
	if !fleetCfg.Start {
		conn, err = connectInitial(kc)
	}
	if err != nil && cloudCfg.DO == nil {
		restore()
		fmt.Fprintln(term, noClusterMessage(err))
		return 1
	}
	// With a DigitalOcean account, an unreachable (or expired) context is
	// not the end: start on the clusters screen, where enter on a DO
	// cluster fetches fresh credentials.
	c := &common.Common{Kubeconfig: kc, LibraryOutput: capture.Last, Options: common.Options{
		ReadOnly: g.ReadOnly, MetricsInterval: f.metricsInterval, PingInterval: f.pingInterval,
		LogLines: f.logLines, ProgressDeadline: 300,
	}}
	var model tea.Model = ui.New(ui.Config{Common: c, Conn: conn, Cloud: cloudCfg, Fleet: fleetCfg})
	if wrap != nil {
		model = wrap(model)
	}
	// A full-screen program on a pipe draws nothing and looks hung (found
	// by a new user running `make demo | tee`): say so instead.
	if !xterm.IsTerminal(int(os.Stdin.Fd())) || !xterm.IsTerminal(int(os.Stdout.Fd())) {
		restore()
		fmt.Fprintln(term, "fdtui: standard input and output must be a terminal: fdtui is a full-screen program (run it without a pipe or redirection; the commands in fdtui --help work on a pipe)")
		return 2
	}
	model, panicked := newGuard(model)
	// The renderer (Bubble Tea with upstream pull request #1776, see
	// third_party/bubbletea) draws a frame when the view changes: at
	// once after a quiet spell, so a keystroke's result is not kept
	// waiting for a tick, and at most frameRate times a second under a
	// stream of changes. When nothing changes it does not wake at all:
	// the stock renderer's 60 ticks a second cost 0.7-0.9 % of a core on
	// an idle screen (issue 13 wants under 1 % in all).
	p := tea.NewProgram(model, tea.WithFPS(frameRate))
	_, err = p.Run()
	restore()
	switch {
	case panicked.Value() != nil || errors.Is(err, tea.ErrProgramPanic):
		what := "in a command"
		if v := panicked.Value(); v != nil {
			what = fmt.Sprint(v)
		}
		fmt.Fprintf(term, "fdtui: crashed (panic: %s).\nThe terminal was restored; the stack trace is in %s\n", what, logPath)
		return 70
	case err != nil:
		fmt.Fprintln(term, "fdtui:", err)
		return 1
	}
	return 0
}

func connectInitial(kc *kube.Kubeconfig) (*common.Conn, error) {
	name, err := kc.CurrentContext()
	if err != nil {
		return nil, err
	}
	return ui.Dial(kc, name, 1)
}

// noClusterMessage is the one paragraph a user sees when no cluster answers:
// what failed, and how to get a cluster to look at.
func noClusterMessage(err error) string {
	return fmt.Sprintf(`fdtui: no reachable Kubernetes cluster.
  %v
fdtui reads your kubeconfig like kubectl does (--kubeconfig, $KUBECONFIG, ~/.kube/config; --context to pick one).
To try fdtui on a local cluster with demo sites, run "make demo" in the fdtui source tree;
to use the local cluster if it is already running: fdtui --kubeconfig .local/kubeconfig`, err)
}

// frameRate caps the renderer's frames per second (Bubble Tea's maximum
// is 120).
const frameRate = 60
