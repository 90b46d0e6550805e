package watch

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/adrg/xdg"
	"github.com/spf13/cobra"
	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/flightdeck/fdtui/internal/cli"
	"github.com/flightdeck/fdtui/internal/kube"
)

// Deps is what the root command hands to watch.
type Deps struct {
	// Version is fdtui's version, sent in the User-Agent of
	// notifications ("fdtui-watch/VERSION").
	Version string
	// DigitalOcean makes the account's API client for --all-do-clusters
	// from --do-api-url and --do-context (cmd/fdtui: the TUI's own token
	// lookup, DIGITALOCEAN_ACCESS_TOKEN else doctl's config). Its error
	// says how to set a token and never contains one. nil refuses the
	// flag.
	DigitalOcean func(apiURL, authContext string) (DOClusters, error)
	// CaptureStderr, when set, sends what Go code writes to os.Stderr
	// from now on (exec credential plugins' messages: client-go hands
	// them os.Stderr) into log, until restore; the watcher's own lines
	// still go to the command's stderr.
	CaptureStderr func(log *os.File) (restore func(), err error)
}

// flags are the command's flags as given.
type flags struct {
	kubeconfig, config, heartbeat, listen, stateDir, output, logFile, inCluster string
	contexts, notify, namespaces                                                []string
	allContexts, once                                                           bool
	early, repeat, connectTimeout                                               time.Duration
	// DigitalOcean: --all-do-clusters, --do-api-url, --do-context,
	// --do-relist.
	allDO            bool
	doAPIURL, doAuth string
	doRelist         time.Duration
}

// exitStuck is --once's exit code when a rollout is stuck (kubectl
// rollout status exits non-zero the same way): cli's "found a problem".
const exitStuck = cli.ExitProblem

// NewCommand is `fdtui watch`. Exit codes (through *ExitError): 0 ok, 1
// error (a cluster unreachable with --once), 2 bad flags or config, 3
// --once found a stuck rollout.
func NewCommand(deps Deps) *cobra.Command {
	f := &flags{}
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Page (webhook, ntfy, Slack) within seconds when a site's rollout is stuck",
		Long: `watch follows the sites of one or more clusters and sends one notification when a
site's web rollout is stuck (Progressing=False, ProgressDeadlineExceeded; with --early N,
when its new pods have been failing for N), and one when it is resolved (a rollback, a fix,
a new revision). The message names the cause, the failing pod and its last log lines
(credentials redacted), and the fix: fdtui rollback --context CLUSTER SITE.

Targets (--notify, repeatable, or the config file): a URL on ntfy.sh or a host starting
"ntfy." is ntfy, hooks.slack.com is Slack, anything else a webhook with an Alertmanager v4
body; prefix "ntfy+", "slack+" or "webhook+" to say so outright.

--all-do-clusters also watches every running cluster of the DigitalOcean account
(token: DIGITALOCEAN_ACCESS_TOKEN, else doctl's config; --do-context picks a doctl auth
context), named do-<region>-<name> as doctl names its contexts, with credentials fetched
from the API and kept in memory only, renewed before they expire and on 401. A cluster
already watched through a kubeconfig context (same name or API server) is not watched
twice; the account is listed again every --do-relist; an API failure is reported
("digitalocean" among the clusters) and retried without touching the other clusters.`,
		Example: `  fdtui watch --context prod --notify https://ntfy.sh/acme-oncall
  fdtui watch --all-contexts --early 2m --listen :8080 --heartbeat https://hc-ping.com/UUID
  fdtui watch --once -o json   # exit 3 when a rollout is stuck (CI)
  fdtui watch --all-do-clusters --notify https://hooks.slack.com/services/T/B/X`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true, // the root prints errors (and exits with their code)
		RunE:          func(cmd *cobra.Command, _ []string) error { return run(cmd, deps, f) },
	}
	fs := cmd.Flags()
	fs.StringVar(&f.kubeconfig, "kubeconfig", "", "kubeconfig file (default $KUBECONFIG, ~/.kube/config)")
	fs.StringArrayVar(&f.contexts, "context", nil, "kubeconfig context to watch (repeatable; default the current context)")
	fs.StringSliceVarP(&f.namespaces, "namespace", "n", nil, "watch only these namespaces' sites (-n a,b), in every context; default: all, or the context's namespace for a user who may not list pods cluster-wide")
	fs.BoolVar(&f.allContexts, "all-contexts", false, "watch every context of the kubeconfig")
	fs.StringArrayVar(&f.notify, "notify", nil, "notification target URL (repeatable; see above for the kind)")
	fs.StringVar(&f.config, "config", "", "targets file (default $XDG_CONFIG_HOME/fdtui/watch.yaml, if present)")
	fs.DurationVar(&f.early, "early", 0, "also page when a rollout's new pods have been failing this long (0: at the progress deadline only)")
	fs.DurationVar(&f.repeat, "repeat", 4*time.Hour, "send a still-firing incident again after this")
	fs.StringVar(&f.heartbeat, "heartbeat", "", "URL to GET every minute while a cluster is watched (dead-man's switch)")
	fs.StringVar(&f.listen, "listen", "", "address for /healthz (e.g. :8080)")
	fs.StringVar(&f.stateDir, "state-dir", "", "where incidents are kept (default $XDG_STATE_HOME/fdtui/watch)")
	fs.BoolVar(&f.once, "once", false, "evaluate once, print a report and exit (3 when a rollout is stuck)")
	fs.StringVarP(&f.output, "output", "o", "text", "report format with --once: text or json")
	fs.StringVar(&f.logFile, "log-file", "", "where client-go's log lines go (default $XDG_STATE_HOME/fdtui/watch.log)")
	fs.StringVar(&f.inCluster, "in-cluster-name", "in-cluster", "inside a pod without a kubeconfig: the name the cluster goes by in pages (your context for it)")
	fs.DurationVar(&f.connectTimeout, "connect-timeout", 30*time.Second, "per cluster: connect and first sync within this, else reported and retried")
	fs.BoolVar(&f.allDO, "all-do-clusters", false, "also watch every running DigitalOcean Kubernetes cluster of the account (token: DIGITALOCEAN_ACCESS_TOKEN, else doctl's config), as do-<region>-<name>, with credentials fetched from the API in memory")
	fs.StringVar(&f.doAPIURL, "do-api-url", "", "DigitalOcean API base URL (e.g. the local stand-in from hack/doapi)")
	fs.StringVar(&f.doAuth, "do-context", "", "doctl auth context whose token to use (default: DIGITALOCEAN_ACCESS_TOKEN, else doctl's current context)")
	fs.DurationVar(&f.doRelist, "do-relist", doRelist, "with --all-do-clusters: list the account's clusters again this often (new ones watched, deleted ones dropped)")
	return cmd
}

// usage is a bad-input error: exit code 2.
func usage(format string, args ...any) error {
	return &cli.ExitError{Code: 2, Err: fmt.Errorf(format, args...)}
}

// resolve checks the flags and turns them into engine options.
func resolve(f *flags, kc *kube.Kubeconfig) (Options, error) {
	opt := Options{InCluster: f.inCluster, Early: f.early, Repeat: f.repeat, StateDir: f.stateDir, ConnectTimeout: f.connectTimeout}
	switch {
	case f.output != "text" && f.output != "json":
		return opt, usage("--output %q: want text or json", f.output)
	case f.early < 0:
		return opt, usage("--early %s: want a positive duration (or 0 for none)", f.early)
	case f.repeat <= 0:
		return opt, usage("--repeat %s: want a positive duration", f.repeat)
	case f.allContexts && len(f.contexts) > 0:
		return opt, usage("--all-contexts and --context: give one or the other")
	case f.doRelist <= 0:
		return opt, usage("--do-relist %s: want a positive duration", f.doRelist)
	case !f.allDO && (f.doAPIURL != "" || f.doAuth != ""):
		return opt, usage("--do-api-url and --do-context go with --all-do-clusters")
	}
	opt.DORelist = f.doRelist
	if f.heartbeat != "" {
		if u, err := url.Parse(f.heartbeat); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return opt, usage("--heartbeat: want an absolute http(s) URL, got %s", redactURL(f.heartbeat))
		}
	}
	var err error
	if opt.Contexts, err = contexts(f, kc); err != nil {
		return opt, err
	}
	for _, raw := range f.notify {
		t, err := ParseNotify(raw)
		if err != nil {
			return opt, usage("%v", err)
		}
		opt.Targets = append(opt.Targets, t)
	}
	path, required := f.config, f.config != ""
	if !required {
		if path, err = xdg.ConfigFile(filepath.Join("fdtui", "watch.yaml")); err != nil {
			return opt, usage("config: %v", err)
		}
	}
	cfg, err := LoadConfig(path, required)
	if err != nil {
		return opt, usage("%v", err)
	}
	opt.Targets = append(opt.Targets, cfg.Targets...)
	if len(opt.Targets) == 0 && !f.once {
		return opt, usage("no notification target: give --notify URL or targets in %s", path)
	}
	if opt.StateDir == "" {
		if opt.StateDir, err = xdg.StateFile(filepath.Join("fdtui", "watch", "incidents.json")); err != nil {
			return opt, usage("state dir: %v", err)
		}
		opt.StateDir = filepath.Dir(opt.StateDir)
	}
	return opt, nil
}

// contexts are the contexts to watch: --context, --all-contexts, else
// the current one.
func contexts(f *flags, kc *kube.Kubeconfig) ([]string, error) {
	all, err := kc.Contexts()
	if err != nil {
		return nil, usage("%v", err)
	}
	if len(all) == 0 && os.Getenv("KUBERNETES_SERVICE_HOST") != "" {
		// In a pod without a kubeconfig: the ServiceAccount's own
		// cluster (deploy/watch).
		return []string{f.inCluster}, nil
	}
	if f.allContexts {
		var names []string
		for _, c := range all {
			names = append(names, c.Name)
		}
		if len(names) == 0 {
			return nil, usage("--all-contexts: the kubeconfig has no context")
		}
		return names, nil
	}
	if len(f.contexts) == 0 {
		cur, err := kc.CurrentContext()
		if err != nil && f.allDO && len(all) == 0 {
			return nil, nil // DigitalOcean's clusters alone
		}
		if err != nil {
			return nil, usage("%v", err)
		}
		return []string{cur}, nil
	}
	known := map[string]bool{}
	for _, c := range all {
		known[c.Name] = true
	}
	seen := map[string]bool{}
	var names []string
	for _, n := range f.contexts {
		if !known[n] {
			return nil, usage("--context %q: no such context in the kubeconfig", n)
		}
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return names, nil
}

func run(cmd *cobra.Command, deps Deps, f *flags) error {
	cf := genericclioptions.NewConfigFlags(false)
	if f.kubeconfig != "" {
		cf.KubeConfig = &f.kubeconfig
	}
	kc := kube.NewKubeconfig(cf, f.namespaces...)
	opt, err := resolve(f, kc)
	if err != nil {
		return err
	}
	opt.Send.UserAgent = "fdtui-watch/" + deps.Version
	if f.allDO {
		if deps.DigitalOcean == nil {
			return usage("--all-do-clusters: this build has no DigitalOcean support")
		}
		if opt.DO, err = deps.DigitalOcean(f.doAPIURL, f.doAuth); err != nil {
			return usage("--all-do-clusters: %v", err)
		}
	}
	logFile, err := logToFile(f.logFile)
	if err != nil {
		return &cli.ExitError{Code: 1, Err: err}
	}
	defer logFile.Close()
	if deps.CaptureStderr != nil {
		// Before any client exists: client-go hands an exec plugin the
		// os.Stderr of the moment it builds its authenticator.
		restore, err := deps.CaptureStderr(logFile)
		if err != nil {
			return &cli.ExitError{Code: 1, Err: err}
		}
		defer restore()
	}
	e, err := NewEngine(kc, opt, cmd.ErrOrStderr())
	if err != nil {
		return &cli.ExitError{Code: 1, Err: err}
	}
	ctx := cmd.Context()
	if f.once {
		r := e.Once(ctx)
		if err := writeReport(cmd.OutOrStdout(), r, f.output); err != nil {
			return &cli.ExitError{Code: 1, Err: err}
		}
		switch {
		case r.Stuck > 0:
			return &cli.ExitError{Code: exitStuck} // the report says which
		case !allConnected(r.Clusters):
			return &cli.ExitError{Code: 1, Err: errors.New("a cluster could not be read")}
		}
		return nil
	}
	if f.listen != "" {
		if err := e.serveHealth(ctx, f.listen); err != nil {
			return usage("--listen %s: %v", f.listen, err)
		}
	}
	if f.heartbeat != "" {
		go e.heartbeat(ctx, f.heartbeat, heartbeatInterval)
	}
	doNote := ""
	if opt.DO != nil {
		doNote = " and the DigitalOcean account's running clusters"
	}
	e.logf("watching %d cluster(s)%s, %d target(s), state in %s", len(opt.Contexts), doNote, len(opt.Targets), opt.StateDir)
	return e.Run(ctx)
}

func allConnected(cs []ClusterStatus) bool {
	for _, c := range cs {
		if c.State != "connected" {
			return false
		}
	}
	return true
}
