package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
)

type logsFlags struct {
	previous, follow bool
	container        string
	tail             int64
	timeout          time.Duration
}

func logsCommand(env *Env) *cobra.Command {
	var f logsFlags
	cmd := &cobra.Command{
		Use:   "logs SITE [POD]",
		Short: "Print a site's pod logs (default: the troubled pod and container the TUI would pick)",
		Long: `Print the logs of one of the site's pods. Without POD, the pod the TUI's
site screen starts on: the first failing pod of web's new revision, else the
pod that holds a stuck StatefulSet, else the first pod that has a problem,
else the first web pod. Without -c, the container whose logs explain the pod
(a failing init container, else a crashing one, else web). SITE is the site's
domain or namespace.`,
		Args:              Args(cobra.RangeArgs(1, 2)),
		ValidArgsFunction: completeSitePods(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			return env.logs(cmd, args, f)
		},
	}
	fl := cmd.Flags()
	fl.BoolVarP(&f.previous, "previous", "p", false, "the previous (crashed) instance of the container")
	fl.BoolVarP(&f.follow, "follow", "f", false, "keep printing new lines until interrupted")
	fl.StringVarP(&f.container, "container", "c", "", "the container (default: the one whose logs explain the pod)")
	fl.Int64Var(&f.tail, "tail", kube.DefaultTailLines, fmt.Sprintf("the last lines to print (at most %d)", kube.MaxTailLines))
	addTimeout(cmd, &f.timeout)
	return cmd
}

func (env *Env) logs(cmd *cobra.Command, args []string, f logsFlags) error {
	w, err := env.load(cmd.Context(), f.timeout)
	if err != nil {
		return err
	}
	defer w.Close()
	site, err := w.Site(args[0])
	if err != nil {
		return err
	}
	name := ""
	if len(args) > 1 {
		name = args[1]
	} else if name = troubledPod(w, site); name == "" {
		return fmt.Errorf("site %s has no pods", site.Domain)
	}
	pod, err := w.Store.L.Pods.Pods(site.Namespace).Get(name)
	if err != nil {
		return fmt.Errorf("site %s (namespace %s) has no pod %q", site.Domain, site.Namespace, name)
	}
	container := f.container
	if container == "" {
		container = model.TroubledContainer(pod)
	} else if !hasContainer(pod, container) {
		return Usagef("pod %s has no container %q (it has %s)", name, container, strings.Join(containerNames(pod), ", "))
	}
	if len(args) < 2 || f.container == "" {
		// What was chosen goes to stderr, as kubectl's "Defaulted
		// container" note: stdout is the log alone.
		fmt.Fprintf(env.Err, "fdtui: logs of pod %s container %s (pass POD and -c to choose another)\n", name, container)
	}
	row := model.DerivePod(pod, nil, w.Now())
	if model.NoLogsYet(row.Status) && !f.previous {
		return env.noLogs(w, pod, fmt.Sprintf("%s has no logs yet (%s)", name, row.Status))
	}
	if f.previous && !model.HasPreviousInstance(pod, container) {
		return env.noLogs(w, pod, fmt.Sprintf("%s in %s has not restarted, so it has no previous log", container, name))
	}
	r, err := kube.StreamLogs(cmd.Context(), w.Client, site.Namespace, name, container,
		kube.LogOptions{Follow: f.follow, Previous: f.previous, TailLines: max(f.tail, 1)})
	if err != nil {
		return err
	}
	defer r.Close()
	// A followed stream ends when the user interrupts: not a failure.
	if _, err := io.Copy(env.Out, r); err != nil && cmd.Context().Err() == nil {
		return err
	}
	return nil
}

// noLogs is exit 1 with the pod's events, which say why it never ran.
func (env *Env) noLogs(w *World, pod *corev1.Pod, why string) error {
	var b strings.Builder
	b.WriteString(why + "; its events:")
	n := 0
	for _, e := range w.Store.Events(pod.Namespace) {
		if e.InvolvedObject.Kind == "Pod" && e.InvolvedObject.Name == pod.Name && n < 10 {
			fmt.Fprintf(&b, "\n  %s %s: %s", e.Type, e.Reason, oneLine(e.Message))
			n++
		}
	}
	if n == 0 {
		b.WriteString(" none")
	}
	return errors.New(b.String())
}

// troubledPod is the pod the TUI's site screen puts its cursor on (the
// first failing new web pod, else the pod a stuck part names), else the
// first pod with a problem, else the first web pod, else the first pod.
func troubledPod(w *World, site model.Site) string {
	if site.HasWeb {
		diag := model.DiagnoseWeb(w.Store.ObjectsWithEvents(site.Namespace), w.Now())
		if len(diag.StuckPods) > 0 {
			return diag.StuckPods[0]
		}
	}
	for _, p := range site.Parts {
		if p.Pod != "" {
			return p.Pod
		}
	}
	pods := w.Store.PodsOf(site.Namespace)
	for _, e := range pods {
		if e.Problem {
			return e.Name
		}
	}
	for _, e := range pods {
		if strings.HasPrefix(e.Owner, "ReplicaSet/"+model.WebDeployment+"-") && !e.Terminal {
			return e.Name
		}
	}
	if len(pods) > 0 {
		return pods[0].Name
	}
	return ""
}

func containerNames(p *corev1.Pod) []string {
	var names []string
	for _, c := range p.Spec.InitContainers {
		names = append(names, c.Name)
	}
	for _, c := range p.Spec.Containers {
		names = append(names, c.Name)
	}
	return names
}

func hasContainer(p *corev1.Pod, name string) bool {
	for _, n := range containerNames(p) {
		if n == name {
			return true
		}
	}
	return false
}
