package cli_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/cli"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// result is one run of the commands: what went to stdout and stderr,
// and the exit code.
type result struct {
	out, err string
	code     int
}

// demoWorld is the TUI golden tests' world (uitest.DemoSites: a healthy,
// a rolling, an image-pull stuck and a crash-looping site at 3 a.m.)
// read through the same store, as context "demo".
func demoWorld(t *testing.T, client kubernetes.Interface) func(context.Context, *cli.Globals, time.Duration) (*cli.World, error) {
	t.Helper()
	return func(context.Context, *cli.Globals, time.Duration) (*cli.World, error) {
		static, err := kube.NewStatic("demo", demoObjects()...)
		if err != nil {
			return nil, err
		}
		st := store.New(static.Listers)
		st.Now = uitest.Now
		st.Resync()
		return &cli.World{Context: "demo", Store: st, Client: client, Now: uitest.Now}, nil
	}
}

func demoObjects() []runtime.Object { return uitest.Objects(uitest.DemoSites()) }

// runOn runs fdtui's commands (cli.NewRoot, as cmd/fdtui builds it) on
// load's world; stdin is a terminal when tty, reading in.
func runOn(t *testing.T, load func(context.Context, *cli.Globals, time.Duration) (*cli.World, error), tty bool, in string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &cli.Env{Globals: cli.NewGlobals(), Version: "v9.9.9-test", In: strings.NewReader(in), Out: &out, Err: &errOut,
		InTerminal: func() bool { return tty }, Load: load}
	root := cli.NewRoot(env)
	root.RunE = func(*cobra.Command, []string) error { return nil } // the TUI, not opened here
	code := cli.Execute(context.Background(), root, env, args)
	return result{out: out.String(), err: errOut.String(), code: code}
}

// run runs the commands on the demo world without a terminal.
func run(t *testing.T, args ...string) result {
	t.Helper()
	return runOn(t, demoWorld(t, nil), false, "", args...)
}

func (r result) wantCode(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.out, r.err)
	}
}
