package actions

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
)

// Run runs one command in a container: kube.Exec on a cluster, a fake in
// tests.
type Run func(ctx context.Context, req kube.ExecRequest) error

// ExecOn is Run on a connected cluster.
func ExecOn(cfg *rest.Config, cs kubernetes.Interface) Run {
	return func(ctx context.Context, req kube.ExecRequest) error { return kube.Exec(ctx, cfg, cs, req) }
}

// Containers of a Flight Deck web pod the Drupal operations run in.
const (
	WebContainer     = "web"
	VarnishContainer = "varnish"
)

// DrushCommand is one entry of the drush palette.
type DrushCommand struct {
	// Args follow "drush" (e.g. ["updatedb", "-y"]).
	Args []string
	// Help says what it does, in drush's terms.
	Help string
	// Confirm is true when it changes the site (the database, its
	// configuration) and is asked first.
	Confirm bool
}

// Line is the command as typed: "drush updatedb -y".
func (c DrushCommand) Line() string { return "drush " + strings.Join(c.Args, " ") }

// DrushPalette is the short list the site screen offers (drush 13's
// names). drush deploy is what a Drupal release runs after new code is
// live: updatedb, config:import, cache:rebuild, deploy hooks.
func DrushPalette() []DrushCommand {
	return []DrushCommand{
		{Args: []string{"deploy"}, Help: "updatedb, config:import, cache:rebuild and deploy hooks, as after a release", Confirm: true},
		{Args: []string{"cr"}, Help: "rebuild all caches"},
		{Args: []string{"updatedb:status"}, Help: "list pending database updates (changes nothing)"},
		{Args: []string{"updatedb", "-y"}, Help: "apply pending database updates", Confirm: true},
		{Args: []string{"cron"}, Help: "run Drupal's cron once"},
	}
}

// ParseDrush turns typed text ("cr", "drush sql:query 'SELECT 1'") into
// drush's arguments: words split on spaces, single or double quotes
// keep spaces together, a leading "drush" is dropped. Errors: nothing to
// run, an unclosed quote. It is not a shell: no variables, globs, pipes.
func ParseDrush(text string) ([]string, error) {
	var args []string
	var word strings.Builder
	inWord := false
	var quote rune
	for _, r := range text {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			word.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			if inWord {
				args = append(args, word.String())
				word.Reset()
				inWord = false
			}
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c quote", quote)
	}
	if inWord {
		args = append(args, word.String())
	}
	if len(args) > 0 && args[0] == "drush" {
		args = args[1:]
	}
	if len(args) == 0 {
		return nil, errors.New("no drush command given")
	}
	return args, nil
}

// DrushResult is how one drush run ended.
type DrushResult struct {
	// ExitCode is drush's exit code (-1 when it did not run to the end:
	// Err says why).
	ExitCode int
	Duration time.Duration
	// Err is set for a run that did not end with an exit code (RBAC,
	// the pod went away, cancelled).
	Err error
}

// OK is a run that exited 0.
func (r DrushResult) OK() bool { return r.Err == nil && r.ExitCode == 0 }

// Summary is the result line: "exit 0 in 2.1s", "exit 1 in 0.4s",
// "failed after 3s: ...".
func (r DrushResult) Summary() string {
	d := model.FormatDuration(r.Duration)
	if r.Err != nil {
		return fmt.Sprintf("failed after %s: %v", d, r.Err)
	}
	return fmt.Sprintf("exit %d in %s", r.ExitCode, d)
}

// RunDrush runs drush args in pod's web container, streaming its
// standard output and error to stdout and stderr as they come, until it
// ends or ctx does. now is the clock the duration is measured with.
func RunDrush(ctx context.Context, run Run, ns, pod string, args []string, stdout, stderr io.Writer, now func() time.Time) DrushResult {
	start := now()
	err := run(ctx, kube.ExecRequest{Namespace: ns, Pod: pod, Container: WebContainer,
		Command: append([]string{"drush"}, args...), Stdout: stdout, Stderr: stderr})
	res := DrushResult{Duration: now().Sub(start)}
	if err == nil {
		return res
	}
	if code, ok := kube.ExitCode(err); ok {
		res.ExitCode = code
		return res
	}
	res.ExitCode, res.Err = -1, err
	return res
}

// BanCommand is varnishadm's ban of every cached URL matching pattern
// (a Varnish regular expression; "" or "." is everything). Error: a
// pattern with spaces or quotes, which varnishadm would split or
// misread.
func BanCommand(pattern string) ([]string, error) {
	if pattern == "" {
		pattern = "."
	}
	if strings.ContainsAny(pattern, " \t\n\"'\\") {
		return nil, fmt.Errorf("URL pattern %q: spaces, quotes and backslashes are not allowed", pattern)
	}
	return []string{"varnishadm", "ban", "req.url", "~", pattern}, nil
}

// PodResult is one pod's answer to a purge.
type PodResult struct {
	Pod string
	// Err is nil when the ban was accepted.
	Err error
	// Output is what varnishadm said (its error, usually).
	Output string
}

// PurgeResult is a purge across a site's web pods.
type PurgeResult struct {
	Pattern string
	// Pods are in the order given.
	Pods []PodResult
}

// Purged is how many pods accepted the ban.
func (r PurgeResult) Purged() int {
	n := 0
	for _, p := range r.Pods {
		if p.Err == nil {
			n++
		}
	}
	return n
}

// Summary is "varnish purged on 3/3 web pods (req.url ~ .)"; a partial
// purge says how many failed.
func (r PurgeResult) Summary() string {
	s := fmt.Sprintf("varnish purged on %d/%d web pods (req.url ~ %s)", r.Purged(), len(r.Pods), r.Pattern)
	if failed := len(r.Pods) - r.Purged(); failed > 0 {
		s += fmt.Sprintf(": %d failed, their caches still serve old pages", failed)
	}
	return s
}

// Err is nil when every pod purged, else one error naming the pods that
// did not (a partial purge is a failure: stale pages are still served).
func (r PurgeResult) Err() error {
	var failed []string
	for _, p := range r.Pods {
		if p.Err != nil {
			failed = append(failed, p.Pod)
		}
	}
	if len(failed) == 0 {
		return nil
	}
	return fmt.Errorf("%d/%d web pods purged; not purged: %s", r.Purged(), len(r.Pods), strings.Join(failed, ", "))
}

// PurgeVarnish bans pattern in the varnish container of every pod in
// pods, all at once, and waits for every answer: a ban must reach every
// Varnish that serves the site, since each caches on its own. Errors are
// per pod, in the result. Error: the pattern (BanCommand) or no pods.
func PurgeVarnish(ctx context.Context, run Run, ns string, pods []string, pattern string) (PurgeResult, error) {
	cmd, err := BanCommand(pattern)
	if err != nil {
		return PurgeResult{}, err
	}
	if len(pods) == 0 {
		return PurgeResult{}, errors.New("no Ready web pod in " + ns + ": nothing to purge")
	}
	res := PurgeResult{Pattern: cmd[len(cmd)-1], Pods: make([]PodResult, len(pods))}
	var wg sync.WaitGroup
	for i, pod := range pods {
		wg.Go(func() {
			var out strings.Builder
			w := &lockedWriter{w: &out}
			err := run(ctx, kube.ExecRequest{Namespace: ns, Pod: pod, Container: VarnishContainer, Command: cmd, Stdout: w, Stderr: w})
			res.Pods[i] = PodResult{Pod: pod, Err: err, Output: strings.TrimSpace(out.String())}
		})
	}
	wg.Wait()
	return res, nil
}

// lockedWriter serialises a command's stdout and stderr into one buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// PickShell is the shell to start in pod's container: it asks the
// container whether bash runs (`bash -c true`, no terminal) and falls
// back to sh when bash is not found. Other errors (forbidden, no such
// container) are returned as they are.
func PickShell(ctx context.Context, run Run, ns, pod, container string) (string, error) {
	err := run(ctx, kube.ExecRequest{Namespace: ns, Pod: pod, Container: container, Command: []string{"bash", "-c", "true"},
		Stdout: io.Discard, Stderr: io.Discard})
	switch {
	case err == nil:
		return "bash", nil
	case kube.IsCommandNotFound(err):
		return "sh", nil
	}
	return "", err
}
