package model

import (
	"fmt"
	"sort"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
)

// maxEvidence bounds each kind of evidence so the panel stays readable.
const maxEvidence = 3

// Diagnose explains in plain words why d's rollout is where it is, with
// the evidence behind it and what to do. It looks at the Deployment's
// conditions, its ReplicaSets by revision, the pods of the newest one and
// the recent events about them. secretNames lists the namespace's Secrets;
// nil means "not known" and suppresses the missing-pull-secret check.
func Diagnose(d *appsv1.Deployment, rss []*appsv1.ReplicaSet, pods []*corev1.Pod, events []*corev1.Event, secretNames []string, now time.Time) Diagnosis {
	return diagnose(d, rss, pods, events, secretNames, nil, now)
}

// diagnose is Diagnose knowing the cluster's nodes (nil: not known), which
// tell whether a pending pod's pool is all cordoned.
func diagnose(d *appsv1.Deployment, rss []*appsv1.ReplicaSet, pods []*corev1.Pod, events []*corev1.Event, secretNames []string, nodes []*corev1.Node, now time.Time) Diagnosis {
	if d == nil {
		return Diagnosis{Verdict: "No Deployment to diagnose", ServingLine: "No pod is available: the site is DOWN"}
	}
	c := newRolloutFacts(d, rss, pods, events, secretNames, now)
	c.nodes = nodes
	diag := c.explain()
	diag.Available = d.Status.AvailableReplicas
	diag.Serving = diag.Available > 0
	diag.ServingLine = c.servingLine()
	diag.StuckPods = c.stuckPodNames()
	return diag
}

// rolloutFacts is everything Diagnose gathered, ready to be explained.
type rolloutFacts struct {
	d           *appsv1.Deployment
	rollout     Rollout
	current     *appsv1.ReplicaSet
	old         []*appsv1.ReplicaSet
	newPods     []*corev1.Pod
	oldPods     []*corev1.Pod
	failing     []failingPod // new pods failing, worst first
	unready     []string     // new pods running unready, once judged a failure
	events      []*corev1.Event
	secretNames []string
	nodes       []*corev1.Node // nil: not known (a user confined to a namespace)
	now         time.Time
}

type failingPod struct {
	pod *corev1.Pod
	podFailure
}

func newRolloutFacts(d *appsv1.Deployment, rss []*appsv1.ReplicaSet, pods []*corev1.Pod, events []*corev1.Event, secretNames []string, now time.Time) *rolloutFacts {
	c := &rolloutFacts{d: d, rollout: DeriveRollout(d, rss, pods, now), secretNames: secretNames, now: now}
	owned := ownedReplicaSets(d, rss)
	about := map[objectRef]types.UID{{"Deployment", d.Name}: d.UID}
	var since time.Time
	if len(owned) > 0 {
		c.current, c.old = owned[0], owned[1:]
		c.newPods = podsOf(c.current, pods)
		about[objectRef{"ReplicaSet", c.current.Name}] = c.current.UID
		since = c.current.CreationTimestamp.Time
	}
	for _, rs := range c.old {
		c.oldPods = append(c.oldPods, podsOf(rs, pods)...)
	}
	for _, p := range c.newPods {
		about[objectRef{"Pod", p.Name}] = p.UID
	}
	c.events = eventsAbout(events, about, since)
	c.failing = failingPods(c.newPods, c.events)
	return c
}

// failingPods classifies the new pods and sorts the failing ones worst
// first: by cause priority, then most restarts, then name. A pod waiting
// on a volume that cannot mount fails from its first FailedMount event.
func failingPods(pods []*corev1.Pod, events []*corev1.Event) []failingPod {
	var out []failingPod
	for _, p := range pods {
		if f, ok := failureOf(p); ok {
			out = append(out, failingPod{pod: p, podFailure: f})
		} else if f, ok := mountFailure(p, events); ok && !podTerminal(p) && !podReady(p) {
			out = append(out, failingPod{pod: p, podFailure: f})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		pi, pj := causePriority(out[i].Cause), causePriority(out[j].Cause)
		if pi != pj {
			return pi < pj
		}
		ri, _ := podRestarts(out[i].pod)
		rj, _ := podRestarts(out[j].pod)
		if ri != rj {
			return ri > rj
		}
		return out[i].pod.Name < out[j].pod.Name
	})
	return out
}

// causePriority: the lower, the more it explains. A bad image explains a
// crash of the sidecar waiting for it; a crash explains more than a full
// cluster, which could also merely be slow.
func causePriority(c Cause) int {
	switch c {
	case CauseImagePull:
		return 0
	case CauseConfig:
		return 1
	case CauseCrashLoop:
		return 2
	case CauseUnschedulable:
		return 3
	default:
		return 4
	}
}

// explain tries the explanations from most to least specific; the first
// that applies wins.
func (c *rolloutFacts) explain() Diagnosis {
	explanations := []func() (Diagnosis, bool){
		c.explainPodFailure,
		c.explainFailedCreate,
		c.explainNotReady,
		c.explainDeadline,
		c.explainPaused,
		c.explainTerminating,
		c.explainMinReady,
		c.explainComplete,
	}
	for _, explain := range explanations {
		if diag, ok := explain(); ok {
			return c.withContext(diag)
		}
	}
	return c.explainProgressing()
}

// withContext adds the facts that matter whatever the cause: a passed
// deadline or a pause that the verdict does not already say.
func (c *rolloutFacts) withContext(diag Diagnosis) Diagnosis {
	if deadlineExceeded(c.d) && diag.Cause != CauseDeadline {
		diag.Evidence = append(diag.Evidence, c.deadlineLine())
	}
	if c.d.Spec.Paused && diag.Cause != CausePaused {
		diag.Evidence = append(diag.Evidence, "Rollout is paused")
	}
	return diag
}

func (c *rolloutFacts) deadlineLine() string {
	since := conditionTime(deploymentCondition(c.d, appsv1.DeploymentProgressing))
	return fmt.Sprintf("Progress deadline exceeded %s ago", shortAge(c.now.Sub(since)))
}

// progressLine is "2 of 3 updated, 1 available" for the current revision.
func (c *rolloutFacts) progressLine() string {
	r := c.rollout
	return fmt.Sprintf("%d of %d updated, %d available", r.Updated, r.Desired, r.UpdatedAvailable)
}

// stuckPodNames lists the failing new pods, then those whose readiness
// probe was judged failing.
func (c *rolloutFacts) stuckPodNames() []string {
	var names []string
	for _, f := range c.failing {
		names = append(names, f.pod.Name)
	}
	return append(names, c.unready...)
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// servingLine says whether visitors still get pages, and from which pods.
func (c *rolloutFacts) servingLine() string {
	available := c.d.Status.AvailableReplicas
	if available == 0 {
		return "No pod is available: the site is DOWN"
	}
	var oldAvailable, newAvailable int32
	for _, rs := range c.old {
		oldAvailable += rs.Status.AvailableReplicas
	}
	if c.current != nil {
		newAvailable = c.current.Status.AvailableReplicas
	}
	switch {
	case oldAvailable > 0 && newAvailable == 0:
		return fmt.Sprintf("%s still %s traffic, so the site is up", pods(oldAvailable, "old"), verb(oldAvailable))
	case oldAvailable > 0:
		return fmt.Sprintf("%d old and %s serve traffic, so the site is up", oldAvailable, pods(newAvailable, "new"))
	case available < c.rollout.Desired:
		return fmt.Sprintf("Only %d of %d pods %s traffic: the site is up with less capacity",
			available, c.rollout.Desired, verb(available))
	default:
		return fmt.Sprintf("%s %s traffic", pods(available, ""), verb(available))
	}
}

// pods is "1 old pod", "2 new pods", "3 pods".
func pods(n int32, adjective string) string {
	noun := "pods"
	if n == 1 {
		noun = "pod"
	}
	if adjective != "" {
		return fmt.Sprintf("%d %s %s", n, adjective, noun)
	}
	return fmt.Sprintf("%d %s", n, noun)
}

func verb(n int32) string {
	if n == 1 {
		return "serves"
	}
	return "serve"
}

// DiagnoseWeb diagnoses a site's web rollout from its namespace's objects
// (events included); the zero Diagnosis when the site has no web
// Deployment.
func DiagnoseWeb(o NamespaceObjects, now time.Time) Diagnosis {
	d := findDeployment(o.Deployments, WebDeployment)
	if d == nil {
		return Diagnosis{}
	}
	return diagnose(d, o.ReplicaSets, o.Pods, o.Events, o.SecretNames, o.Nodes, now)
}
