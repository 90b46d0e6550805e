// Command fdtui is the Flight Deck terminal dashboard. This file only wires
// flags, clients and the one *tea.Program together.
package main

import (
	"errors"
	"fmt"
	"net/http"
	_ "net/http/pprof"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/pflag"
	xterm "golang.org/x/term"
	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

var version = "dev"

type flags struct {
	kube            *genericclioptions.ConfigFlags
	cloud           *cloudui.Flags
	readOnly        bool
	metricsInterval time.Duration
	pingInterval    time.Duration
	logLines        int
	showVersion     bool
	logFile         string
	namespaces      []string
}

func parseFlags(args []string) (*flags, error) {
	// Not the caching loader: contexts saved while fdtui runs (a new
	// DigitalOcean cluster, refreshed credentials) must be read again.
	f := &flags{kube: genericclioptions.NewConfigFlags(false)}
	fs := pflag.NewFlagSet("fdtui", pflag.ContinueOnError)
	// The kubectl flags that make sense here: kubeconfig, context and the
	// usual auth overrides; -n is fdtui's own, since it takes several
	// namespaces (a user who may read two client sites).
	f.kube.Namespace = nil
	f.kube.AddFlags(fs)
	fs.StringSliceVarP(&f.namespaces, "namespace", "n", nil, "watch only these namespaces (-n a,b or -n a -n b); default: all, or the context's namespace for a user who may not list pods cluster-wide")
	f.cloud = cloudui.AddFlags(fs)
	fs.BoolVar(&f.readOnly, "readonly", false, "hide every action that changes the cluster")
	fs.DurationVar(&f.metricsInterval, "metrics-interval", 15*time.Second, "how often to poll metrics.k8s.io while a usage view is open")
	fs.DurationVar(&f.pingInterval, "ping-interval", 20*time.Second, "how often to ask the apiserver whether it answers (/readyz); a frozen apiserver shows within one interval")
	fs.IntVar(&f.logLines, "log-lines", 5000, "lines of logs kept in memory per log view")
	fs.BoolVar(&f.showVersion, "version", false, "print the version and exit")
	fs.StringVar(&f.logFile, "log-file", "", "where client-go's log lines go (default $XDG_STATE_HOME/fdtui/fdtui.log, ~/.local/state/fdtui/fdtui.log)")
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "fdtui: the Flight Deck terminal dashboard for Drupal sites on Kubernetes\n\nUsage: fdtui [flags]\n\n%s", fs.FlagUsages())
	}
	return f, fs.Parse(args)
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
	f, err := parseFlags(args)
	if errors.Is(err, pflag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(term, "fdtui:", err)
		return 2
	}
	if f.showVersion {
		fmt.Println("fdtui", version)
		return 0
	}
	// client-go logs through klog, which would tear through the
	// full-screen UI; fdtui shows connection problems in its status bar
	// and client-go's own lines go to a log file.
	logPath, logFile, err := logToFile(f.logFile)
	if err != nil {
		fmt.Fprintln(term, "fdtui:", err)
		return 2
	}
	defer logFile.Close()
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
	kc := kube.NewKubeconfig(f.kube, f.namespaces...)
	conn, err := connectInitial(kc)
	if err != nil && cloudCfg.DO == nil {
		restore()
		fmt.Fprintln(term, noClusterMessage(err))
		return 1
	}
	// With a DigitalOcean account, an unreachable (or expired) context is
	// not the end: start on the clusters screen, where enter on a DO
	// cluster fetches fresh credentials.
	c := &common.Common{Kubeconfig: kc, LibraryOutput: capture.Last, Options: common.Options{
		ReadOnly: f.readOnly, MetricsInterval: f.metricsInterval, PingInterval: f.pingInterval,
		LogLines: f.logLines, ProgressDeadline: 300,
	}}
	var model tea.Model = ui.New(ui.Config{Common: c, Conn: conn, Cloud: cloudCfg})
	if wrap != nil {
		model = wrap(model)
	}
	// A full-screen program on a pipe draws nothing and looks hung (found
	// by a new user running `make demo | tee`): say so instead.
	if !xterm.IsTerminal(int(os.Stdin.Fd())) || !xterm.IsTerminal(int(os.Stdout.Fd())) {
		restore()
		fmt.Fprintln(term, "fdtui: standard input and output must be a terminal: fdtui is a full-screen program (run it without a pipe or redirection)")
		return 2
	}
	model, panicked := newGuard(model)
	// The renderer writes a frame on its ticks only, so the frame rate
	// bounds how soon a key's result is seen: at 30 a filter keystroke
	// waited up to 33 ms for its frame (issue 13 wants 16 ms median, 33 ms
	// worst). An idle tick compares the frame with the last and writes
	// nothing, a few microseconds.
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

// frameRate is the renderer's frames per second (Bubble Tea's maximum is
// 120).
const frameRate = 60
