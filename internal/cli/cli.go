// Package cli is fdtui's scriptable commands: `fdtui sites`, `diagnose`,
// `rollback`, `restart`, `delete-pod`, `logs` and `version`. They read
// the same site model as the TUI (internal/ui/store over the informers'
// caches, internal/model's state and diagnosis) and change the world
// through the same internal/actions; nothing here imports Bubble Tea
// (internal/arch_test.go checks it).
//
// Output: a table for people, or -o json|yaml: a versioned document
// {"apiVersion":"fdtui/v1","kind":...,"items":[...]} (see Document).
// Exit codes (ExitCode): 0 ok, 1 error, 2 usage, 3 found a problem.
package cli

import (
	"context"
	"io"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"k8s.io/cli-runtime/pkg/genericclioptions"
)

// Globals are the flags every command shares, kubectl's conventions:
// --kubeconfig, --context, -n/--namespace and cli-runtime's auth flags,
// plus fdtui's --readonly and --log-file. The TUI reads them too.
type Globals struct {
	// Kube are cli-runtime's kubeconfig flags without its -n (fdtui's
	// -n takes several namespaces).
	Kube *genericclioptions.ConfigFlags
	// Namespaces are the -n values ("a,b" or several -n): the informers
	// watch only these.
	Namespaces []string
	// ReadOnly refuses every command that changes the cluster.
	ReadOnly bool
	// LogFile is where client-go's log lines go ("" = the XDG state dir).
	LogFile string
	// Contexts are every --context given, in order: kubectl's flag takes
	// one (the last wins there, and in Kube.Context); fdtui's fleet takes
	// several.
	Contexts []string
}

// everyValue is a flag that keeps each value it is given, in all, and
// passes it on to the flag it wraps.
type everyValue struct {
	pflag.Value
	all *[]string
}

func (v everyValue) Set(s string) error {
	*v.all = append(*v.all, s)
	return v.Value.Set(s)
}

// NewGlobals returns the globals with the non-caching kubeconfig loader
// (contexts saved while fdtui runs must be read again).
func NewGlobals() *Globals {
	g := &Globals{Kube: genericclioptions.NewConfigFlags(false)}
	g.Kube.Namespace = nil
	return g
}

// AddFlags registers the globals on fs (the root command's persistent
// flags, so `fdtui -n a sites` and `fdtui sites -n a` both work).
func (g *Globals) AddFlags(fs *pflag.FlagSet) {
	g.Kube.AddFlags(fs)
	if f := fs.Lookup("context"); f != nil {
		f.Value = everyValue{Value: f.Value, all: &g.Contexts}
		f.Usage = "the kubeconfig context to use; given several times, the TUI opens on the fleet of those contexts"
	}
	fs.StringSliceVarP(&g.Namespaces, "namespace", "n", nil, "watch only these namespaces (-n a,b or -n a -n b); default: all, or the context's namespace for a user who may not list pods cluster-wide")
	fs.BoolVar(&g.ReadOnly, "readonly", false, "refuse (commands) or hide (TUI) every action that changes the cluster")
	fs.StringVar(&g.LogFile, "log-file", "", "where client-go's log lines go (default $XDG_STATE_HOME/fdtui/fdtui.log, ~/.local/state/fdtui/fdtui.log)")
}

// Env is what the commands run with: the globals, the terminal, the
// version, and where the cluster's state comes from.
type Env struct {
	Globals *Globals
	Version string
	In      io.Reader
	Out     io.Writer
	Err     io.Writer
	// InTerminal reports whether standard input is a terminal: only then
	// may a destructive command ask y/N; otherwise it needs --yes.
	InTerminal func() bool
	// Load reads one cluster's state once (Connect by default; golden
	// tests give a fixed world). timeout bounds the informers' sync.
	Load func(ctx context.Context, g *Globals, timeout time.Duration) (*World, error)
}

// NewRoot returns the root command `fdtui` with the global flags and
// the scriptable commands; the caller gives it what fdtui alone does
// (RunE: the TUI, its own flags) and any further command.
func NewRoot(env *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "fdtui",
		Short: "fdtui: the Flight Deck terminal dashboard for Drupal sites on Kubernetes",
		Long: `fdtui: the Flight Deck terminal dashboard for Drupal sites on Kubernetes.

Without a command, fdtui opens the full-screen dashboard. The commands do
what its keys do, for scripts: -o json|yaml prints a versioned document
(apiVersion fdtui/v1, kind, items). Exit codes: 0 ok, 1 error, 2 usage
(including a change refused without --yes or under --readonly), 3 found a
problem (sites: some site STUCK, DOWN or DEGRADED; diagnose: the site is
not OK; rollback/restart --wait: the rollout is stuck).`,
		Version:       env.Version,
		Args:          NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		// cobra's own default, which SuggestionsFor does not apply.
		SuggestionsMinimumDistance: 2,
	}
	root.SetVersionTemplate("fdtui {{.Version}}\n")
	root.SetFlagErrorFunc(FlagError)
	root.SetIn(env.In)
	root.SetOut(env.Out)
	root.SetErr(env.Err)
	env.Globals.AddFlags(root.PersistentFlags())
	root.AddCommand(Commands(env)...)
	return root
}

// Execute runs root on args and returns the exit code, having printed
// any error to env.Err (see ExitCode).
func Execute(ctx context.Context, root *cobra.Command, env *Env, args []string) int {
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	return ExitCode(cmd, err, env.Err)
}

// Commands are the scriptable commands, to add to the root command.
// (`fdtui watch` is built by package watch and added beside them.)
func Commands(env *Env) []*cobra.Command {
	if env.Load == nil {
		env.Load = Connect
	}
	return []*cobra.Command{
		sitesCommand(env),
		diagnoseCommand(env),
		rollbackCommand(env),
		restartCommand(env),
		deletePodCommand(env),
		logsCommand(env),
		versionCommand(env),
	}
}

// defaultTimeout bounds the one-shot load of a cluster's state.
const defaultTimeout = 30 * time.Second

// addTimeout gives a command that reads the cluster its --timeout flag.
func addTimeout(cmd *cobra.Command, d *time.Duration) {
	cmd.Flags().DurationVar(d, "timeout", defaultTimeout, "how long to wait for the cluster's state to load (an informer sync, like the TUI's first screen)")
}
