package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/model"
)

// ResultItem says what a command that changes the cluster did (fdtui/v1).
type ResultItem struct {
	// Action is rollback, restart or delete-pod.
	Action    string `json:"action"`
	Site      string `json:"site"`
	Namespace string `json:"namespace"`
	// Object is what was changed: deployment/web or pod/NAME.
	Object string `json:"object"`
	// Message is the one-line result, as the TUI's status bar says it.
	Message string `json:"message"`
	// Rollout is how the rollout the change started ended, with --wait:
	// "complete" or "stuck" ("" without --wait).
	Rollout string `json:"rollout,omitempty"`
}

// actFlags are the flags of every command that changes the cluster.
type actFlags struct {
	yes     bool
	format  string
	timeout time.Duration
	wait    time.Duration // rollback and restart only
}

func (f *actFlags) add(cmd *cobra.Command) {
	cmd.Flags().BoolVarP(&f.yes, "yes", "y", false, "do it without asking (required when standard input is not a terminal)")
	addOutput(cmd, &f.format)
	addTimeout(cmd, &f.timeout)
}

// addWait gives rollback and restart --wait.
func (f *actFlags) addWait(cmd *cobra.Command) {
	cmd.Flags().DurationVar(&f.wait, "wait", 0, "then wait up to this long for the rollout to end (like the TUI's follow-up): exit 0 complete, 3 stuck, 1 not ended in time")
}

// act is the common run of rollback, restart and delete-pod: load the
// world, find the site, let plan describe the change (or refuse it),
// confirm, do it through internal/actions, print the result.
func (env *Env) act(cmd *cobra.Command, f *actFlags, site string, plan func(*World, model.Site) (actPlan, error)) error {
	if err := checkOutput(f.format); err != nil {
		return err
	}
	if env.Globals.ReadOnly {
		return Usagef("%s changes the cluster and --readonly is set: refused, nothing was changed", cmd.Name())
	}
	w, err := env.load(cmd.Context(), f.timeout)
	if err != nil {
		return err
	}
	defer w.Close()
	s, err := w.Site(site)
	if err != nil {
		return err
	}
	p, err := plan(w, s)
	if err != nil {
		return err
	}
	if err := env.confirm(cmd.Name(), f.yes, p.prompt); err != nil {
		return err
	}
	var gen int64 // web's generation before the change, as last seen
	if d, err := w.Store.L.Deployments.Deployments(s.Namespace).Get(model.WebDeployment); err == nil {
		gen = d.Generation
	}
	msg, err := p.do(cmd.Context())
	if err != nil {
		return err
	}
	item := ResultItem{Action: cmd.Name(), Site: s.Domain, Namespace: s.Namespace, Object: p.object, Message: msg}
	var waited error
	if f.wait > 0 && p.rollout {
		if f.format == FormatTable {
			fmt.Fprintln(env.Out, msg)
		}
		item.Message, item.Rollout, waited = env.waitRollout(cmd.Context(), w, s, gen, f.wait)
		if item.Rollout == "" {
			return waited // timed out or interrupted: nothing to report but that
		}
	}
	if f.format == FormatTable {
		_, err = fmt.Fprintln(env.Out, item.Message)
	} else {
		err = writeDocument(env.Out, f.format, Document[ResultItem]{Kind: KindResult, Context: w.Context, Items: []ResultItem{item}})
	}
	if err != nil {
		return err
	}
	return waited
}

// waitRollout follows the rollout a change to web started, from the
// informers' changes folded into the store as the TUI does, and judges
// it as the TUI's follow-up does (model.Site.RolloutEnded on the revision
// web had before): complete, or stuck (exit 3, the diagnosis on stderr).
// Not ended within limit is an error (exit 1). gen is web's generation
// before the change.
func (env *Env) waitRollout(ctx context.Context, w *World, before model.Site, gen int64, limit time.Duration) (msg, outcome string, err error) {
	if w.Changes == nil {
		return "", "", errors.New("--wait needs a live connection")
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	// A change that changed nothing (two restarts within one second:
	// kubectl's restartedAt has second precision) makes no revision to
	// wait for.
	if d, err := w.Client.AppsV1().Deployments(before.Namespace).Get(ctx, model.WebDeployment, metav1.GetOptions{}); err == nil && d.Generation == gen {
		return fmt.Sprintf("web in %s: the change left web's template as it was: nothing to roll out", before.Namespace), "complete", nil
	}
	start := time.Now()
	for {
		site, _ := w.Store.Site(before.Namespace)
		if ended, stuck := site.RolloutEnded(before.Web.Revision); ended {
			if stuck {
				diag := model.DiagnoseWeb(w.Store.ObjectsWithEvents(site.Namespace), w.Now())
				msg = fmt.Sprintf("web in %s: rollout of revision %d stuck: %s", site.Namespace, site.Web.Revision, diag.Verdict)
				fmt.Fprintln(env.Err, "fdtui: "+msg)
				return msg, "stuck", problem()
			}
			msg = fmt.Sprintf("web in %s: rollout complete in %s: revision %d, %s", site.Namespace,
				time.Since(start).Round(time.Second), site.Web.Revision, model.ImageTag(site.Web.Image))
			return msg, "complete", nil
		}
		// Some judgements change with time alone (a pod unready too
		// long): look again at least every second, as the TUI's timer.
		tick, untick := context.WithTimeout(ctx, time.Second)
		b, err := w.Changes.Next(tick, 100*time.Millisecond)
		untick()
		switch {
		case err == nil:
			w.Store.Apply(b)
		case ctx.Err() == context.DeadlineExceeded:
			return "", "", fmt.Errorf("web in %s: the rollout has not ended after %s (%s)", site.Namespace, limit, site.Label())
		case ctx.Err() != nil:
			return "", "", ctx.Err()
		}
		w.Store.Reevaluate(w.Now())
	}
}

// actPlan is one change: what to ask, on what object, and how to do it;
// rollout: it starts a rollout of web that --wait can follow.
type actPlan struct {
	prompt  Prompt
	object  string
	do      func(ctx context.Context) (string, error)
	rollout bool
}

func rollbackCommand(env *Env) *cobra.Command {
	var f actFlags
	var to int64
	cmd := &cobra.Command{
		Use:   "rollback SITE",
		Short: "Roll web back to the previous revision (works on a stuck rollout)",
		Long: `Roll the site's web Deployment back to the previous revision (or
--to-revision N), like kubectl rollout undo and the TUI's u: it works on a
stuck rollout, and pods are replaced one at a time. SITE is the site's domain
or namespace. Asks y/N on a terminal; without one it needs --yes.`,
		Args:              Args(cobra.ExactArgs(1)),
		ValidArgsFunction: completeSites(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			return env.act(cmd, &f, args[0], func(w *World, s model.Site) (actPlan, error) { return rollbackPlan(w, s, to) })
		},
	}
	cmd.Flags().Int64Var(&to, "to-revision", 0, "the revision to roll back to (0: the previous one)")
	f.add(cmd)
	f.addWait(cmd)
	return cmd
}

// rollbackPlan says from which revision to which, like the TUI's prompt.
func rollbackPlan(w *World, s model.Site, to int64) (actPlan, error) {
	l := w.Store.L
	dep, err := l.Deployments.Deployments(s.Namespace).Get(model.WebDeployment)
	if err != nil {
		return actPlan{}, fmt.Errorf("no web Deployment in %s", s.Namespace)
	}
	rss, _ := l.ReplicaSets.ReplicaSets(s.Namespace).List(labels.Everything())
	hist := model.RevisionHistory(dep, rss)
	if len(hist) < 2 {
		return actPlan{}, fmt.Errorf("web in %s has no previous revision to roll back to", s.Namespace)
	}
	from, target := hist[0], hist[1]
	if to != 0 {
		found := false
		for _, r := range hist {
			if r.Number == to {
				target, found = r, true
			}
		}
		if !found {
			return actPlan{}, fmt.Errorf("web in %s has no revision %d (revisionHistoryLimit may have pruned it)", s.Namespace, to)
		}
	}
	cs, ns, rev := w.Client, s.Namespace, target.Number
	return actPlan{
		prompt: Prompt{Title: "Roll back web in " + ns, Lines: []string{
			fmt.Sprintf("from revision %d  %s  (%s)", from.Number, from.Image, s.Label()),
			fmt.Sprintf("to   revision %d  %s", target.Number, target.Image),
			"Pods are replaced one at a time (maxSurge 1, maxUnavailable 0), so serving pods stay up.",
		}},
		object:  "deployment/" + model.WebDeployment,
		do:      func(ctx context.Context) (string, error) { return actions.RollbackWeb(ctx, cs, ns, rev) },
		rollout: true,
	}, nil
}

func restartCommand(env *Env) *cobra.Command {
	var f actFlags
	cmd := &cobra.Command{
		Use:   "restart SITE",
		Short: "Replace every web pod, one at a time (kubectl rollout restart)",
		Long: `Replace every pod of the site's web Deployment by a new one, one at a time,
like kubectl rollout restart and the TUI's r; the image stays. SITE is the
site's domain or namespace. Asks y/N on a terminal; without one it needs --yes.`,
		Args:              Args(cobra.ExactArgs(1)),
		ValidArgsFunction: completeSites(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			return env.act(cmd, &f, args[0], restartPlan)
		},
	}
	f.add(cmd)
	f.addWait(cmd)
	return cmd
}

func restartPlan(w *World, s model.Site) (actPlan, error) {
	if !s.HasWeb {
		return actPlan{}, fmt.Errorf("no web Deployment in %s", s.Namespace)
	}
	lines := []string{
		"Every web pod is replaced by a new one, one at a time (like kubectl rollout restart).",
		"The image stays " + s.Web.Image + ".",
	}
	if s.Web.Desired == 0 {
		lines = append(lines, "Warning: web has 0 replicas (scaled to zero): no pod will run the change, so nothing will be checked. Scale web up to serve the site.")
	}
	cs, ns := w.Client, s.Namespace
	return actPlan{
		prompt:  Prompt{Title: "Restart web in " + ns, Lines: lines},
		object:  "deployment/" + model.WebDeployment,
		do:      func(ctx context.Context) (string, error) { return actions.RestartWeb(ctx, cs, ns) },
		rollout: s.Web.Desired > 0, // nothing runs the change of a site scaled to 0
	}, nil
}

func deletePodCommand(env *Env) *cobra.Command {
	var f actFlags
	var force bool
	cmd := &cobra.Command{
		Use:   "delete-pod SITE POD",
		Short: "Delete one of a site's pods; its controller creates a replacement",
		Long: `Delete one of the site's pods, like the TUI's ctrl+d: its controller creates
a replacement. --force removes it from the API at once, without waiting for
its node to confirm the containers stopped (kubectl delete --force
--grace-period=0, the TUI's ctrl+k): for a pod stuck Terminating. SITE is the
site's domain or namespace. Asks y/N on a terminal; without one it needs --yes.`,
		Args:              Args(cobra.ExactArgs(2)),
		ValidArgsFunction: completeSitePods(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			return env.act(cmd, &f, args[0], func(w *World, s model.Site) (actPlan, error) {
				return deletePodPlan(w, s, args[1], force)
			})
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "delete at once (grace period 0), for a pod stuck Terminating")
	f.add(cmd)
	return cmd
}

// deletePodPlan refuses a pod that is not the site's; its words are the
// TUI's prompt's.
func deletePodPlan(w *World, s model.Site, name string, force bool) (actPlan, error) {
	var pod *model.PodRow
	for _, e := range w.Store.PodsOf(s.Namespace) {
		if e.Name == name {
			pod = &e.PodRow
		}
	}
	if pod == nil {
		return actPlan{}, fmt.Errorf("site %s (namespace %s) has no pod %q", s.Domain, s.Namespace, name)
	}
	words := actions.DeletePodWordsFor(*pod, force, "Its controller creates a replacement.",
		"its controller creates a replacement", "without --force", orDash(pod.Node))
	title, lines, then := words.Title, words.Lines, words.Then
	cs, ns := w.Client, s.Namespace
	return actPlan{
		prompt: Prompt{Title: title, Lines: lines},
		object: "pod/" + name,
		do:     func(ctx context.Context) (string, error) { return actions.DeletePod(ctx, cs, ns, name, force, then) },
	}, nil
}
