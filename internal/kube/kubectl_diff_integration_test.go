package kube

// Issue 11: a differential test against kubectl. A corpus of pods in
// distinct states is built on the local cluster (kwok brings most of them
// to Running, then their status subresource is written with what a kubelet
// would report), and for every pod fdtui's STATUS, READY and RESTARTS
// (model.DerivePod, on the full object and on the informer's compact copy)
// must equal the project's own `kubectl get pods` (the apiserver's table
// printer, v1.36). The one deliberate difference, documented in the README,
// is an evicted pod: kubectl prints "Error", fdtui "Evicted". Nodes are
// compared in kubectl_diff_nodes_integration_test.go.

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/util/retry"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/testenv"
)

const (
	kdImage      = "registry.example.com/site:4f9c2e1"
	kdCacheImage = "varnish:7.5"
	kdInitImage  = "busybox:1.36"
	kdStuck      = "stuck-terminating" // fdtui.dev/simulate: kwok never finishes deleting
)

// kdCase is one pod of the corpus. Without status, kwok's own stages make
// the state (natural says when it is reached); with status, the pod is
// first brought to Running and Ready by kwok, then its status is replaced
// (phase Running, Failed or Succeeded: no kwok stage touches it again).
type kdCase struct {
	name     string
	want     []string // the kubectl STATUS the case exists for
	spec     func(p *corev1.Pod)
	status   func(s *corev1.PodStatus, now time.Time)
	natural  func(p *corev1.Pod) bool
	terminal bool // delete it after the status is written (stuck Terminating)
}

func TestKubectlDiffPods(t *testing.T) {
	t.Parallel()
	kubectl := testenv.Kubectl(t)
	kubeconfig := testenv.Kubeconfig(t)
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := itContext(t, 2*time.Minute)
	start := time.Now()

	cases := kdCorpus()
	for _, c := range cases {
		p := kdPod(ns, c.name)
		if c.spec != nil {
			c.spec(p)
		}
		if c.terminal {
			p.Annotations = map[string]string{"fdtui.dev/simulate": kdStuck}
		}
		if _, err := cs.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{}); err != nil {
			t.Fatalf("create pod %s: %v", c.name, err)
		}
	}
	// Release the stuck pods first so testenv's cleanup deletes them.
	t.Cleanup(func() { kdRelease(t, cs, ns, cases) })

	kdWaitPods(ctx, t, cs, ns, "kwok to run the pods to patch", func(name string, p *corev1.Pod) bool {
		c := kdFind(cases, name)
		if c.status == nil && !c.terminal {
			return true
		}
		return p.Status.Phase == corev1.PodRunning && podConditionIs(p, corev1.PodReady)
	})
	t.Logf("corpus created and running in %s", since(start))

	for _, c := range cases {
		if c.status != nil {
			kdWriteStatus(ctx, t, cs, ns, c)
		}
		if c.terminal {
			if err := cs.CoreV1().Pods(ns).Delete(ctx, c.name, metav1.DeleteOptions{}); err != nil {
				t.Fatalf("delete pod %s: %v", c.name, err)
			}
		}
	}
	kdWaitPods(ctx, t, cs, ns, "the natural states", func(name string, p *corev1.Pod) bool {
		c := kdFind(cases, name)
		if c.terminal && p.DeletionTimestamp == nil {
			return false
		}
		return c.natural == nil || c.natural(p)
	})
	t.Logf("corpus in place after %s", since(start))

	results := kdCompare(ctx, t, cs, kubectl, kubeconfig, ns, len(cases))
	var bad []string
	statuses := map[string]bool{}
	for _, c := range cases {
		r, ok := results[c.name]
		if !ok {
			bad = append(bad, fmt.Sprintf("%s\t(never stable)\t\t", c.name))
			continue
		}
		statuses[r.kubectl.status] = true
		if r.problem != "" {
			bad = append(bad, fmt.Sprintf("%s\t%s\t%s\t%s", c.name, r.kubectl, r.fdtui, r.problem))
		} else if !slices.Contains(c.want, r.kubectl.status) {
			bad = append(bad, fmt.Sprintf("%s\t%s\t%s\tcorpus: kubectl STATUS not one of %q", c.name, r.kubectl, r.fdtui, c.want))
		}
	}
	t.Logf("%d pods, %d distinct kubectl STATUS values, compared after %s", len(cases), len(statuses), since(start))
	if len(bad) > 0 {
		var b bytes.Buffer
		w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "POD\tKUBECTL (READY STATUS RESTARTS)\tFDTUI\tPROBLEM")
		for _, l := range bad {
			fmt.Fprintln(w, l)
		}
		w.Flush()
		t.Errorf("%d of %d pods differ from kubectl:\n%s", len(bad), len(cases), b.String())
	}
}

// kdCorpus: at least 30 pods, each in a state of its own.
func kdCorpus() []kdCase {
	sidecar := func(p *corev1.Pod) {
		p.Spec.InitContainers = []corev1.Container{
			{Name: "proxy", Image: kdCacheImage, RestartPolicy: new(corev1.ContainerRestartPolicyAlways)},
			{Name: "migrate", Image: kdInitImage},
		}
	}
	return []kdCase{
		// kwok's stages alone.
		{name: "running", want: []string{"Running"}, natural: podReadyNow},
		{name: "running-two", want: []string{"Running"}, spec: twoContainers, natural: podReadyNow},
		{name: "running-after-init", want: []string{"Running"}, spec: twoInits, natural: podReadyNow},
		{name: "running-sidecar", want: []string{"Running"}, spec: sidecar, natural: podReadyNow},
		{name: "unschedulable", want: []string{"Pending"}, spec: func(p *corev1.Pod) {
			p.Spec.NodeSelector = map[string]string{"doks.digitalocean.com/node-pool": "no-such-pool"}
		}, natural: func(p *corev1.Pod) bool {
			c := podCondition(p, corev1.PodScheduled)
			return c != nil && c.Reason == corev1.PodReasonUnschedulable
		}},
		{name: "gated", want: []string{"SchedulingGated"}, spec: func(p *corev1.Pod) {
			p.Spec.SchedulingGates = []corev1.PodSchedulingGate{{Name: "fdtui.dev/hold"}}
		}, natural: func(p *corev1.Pod) bool {
			c := podCondition(p, corev1.PodScheduled)
			return c != nil && c.Reason == corev1.PodReasonSchedulingGated
		}},
		{name: "image-pull", want: []string{"ErrImagePull", "ImagePullBackOff"}, spec: func(p *corev1.Pod) {
			p.Spec.Containers[0].Image = itBrokenImage
		}, natural: func(p *corev1.Pod) bool {
			return kdWaiting(p, "web") == "ErrImagePull" || kdWaiting(p, "web") == "ImagePullBackOff"
		}},
		{name: "crashloop", want: []string{"CrashLoopBackOff", "Error", "Running"}, spec: func(p *corev1.Pod) {
			p.Spec.Containers[0].Image = "registry.example.com/site:crashloop-5b2c9f0"
		}, natural: func(p *corev1.Pod) bool {
			return len(p.Status.ContainerStatuses) > 0 && p.Status.ContainerStatuses[0].RestartCount >= 1
		}},
		{name: "terminating", want: []string{"Terminating"}, terminal: true},

		// Status written as the kubelet would.
		{name: "ready-one-of-two", want: []string{"Running"}, spec: twoContainers, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdRunning("web", true, 0, 0, now), kdRunning("varnish", false, 0, 0, now)}
		}},
		{name: "completed", want: []string{"Completed"}, status: func(s *corev1.PodStatus, now time.Time) {
			s.Phase = corev1.PodSucceeded
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdTerminated("web", "Completed", 0, 0, 0, 0, now)}
		}},
		{name: "error", want: []string{"Error"}, status: func(s *corev1.PodStatus, now time.Time) {
			s.Phase = corev1.PodFailed
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdTerminated("web", "Error", 1, 0, 0, 0, now)}
		}},
		{name: "oomkilled", want: []string{"OOMKilled"}, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdTerminated("web", "OOMKilled", 137, 0, 2, 3*time.Minute+20*time.Second, now)}
		}},
		{name: "failed-oomkilled", want: []string{"OOMKilled"}, status: func(s *corev1.PodStatus, now time.Time) {
			s.Phase = corev1.PodFailed
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdTerminated("web", "OOMKilled", 137, 0, 0, 0, now)}
		}},
		{name: "container-creating", want: []string{"ContainerCreating"}, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "ContainerCreating", 0, 0, now)}
		}},
		{name: "config-error", want: []string{"CreateContainerConfigError"}, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "CreateContainerConfigError", 0, 0, now)}
		}},
		{name: "err-image-pull", want: []string{"ErrImagePull"}, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "ErrImagePull", 0, 0, now)}
		}},
		{name: "image-pull-backoff", want: []string{"ImagePullBackOff"}, spec: twoContainers, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "ImagePullBackOff", 0, 0, now), kdRunning("varnish", true, 0, 0, now)}
		}},
		{name: "crashloop-restarts", want: []string{"CrashLoopBackOff"}, spec: twoContainers, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "CrashLoopBackOff", 4, 4*time.Minute+10*time.Second, now), kdRunning("varnish", true, 0, 0, now)}
		}},
		{name: "restarts-in-both", want: []string{"Running"}, spec: twoContainers, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, true)
			s.ContainerStatuses = []corev1.ContainerStatus{kdRunning("web", true, 2, 20*time.Minute, now), kdRunning("varnish", true, 3, 7*time.Minute+30*time.Second, now)}
		}},
		{name: "signal", want: []string{"Signal:9"}, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdTerminated("web", "", 137, 9, 1, 50*time.Second, now)}
		}},
		{name: "exit-code", want: []string{"ExitCode:2"}, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdTerminated("web", "", 2, 0, 0, 0, now)}
		}},
		{name: "not-ready", want: []string{"NotReady"}, spec: twoContainers, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdTerminated("web", "Completed", 0, 0, 0, 0, now), kdRunning("varnish", true, 0, 0, now)}
		}},
		{name: "completed-next-to-running", want: []string{"Running"}, spec: twoContainers, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, true)
			s.ContainerStatuses = []corev1.ContainerStatus{kdTerminated("web", "Completed", 0, 0, 0, 0, now), kdRunning("varnish", true, 0, 0, now)}
		}},
		{name: "completed-next-to-error", want: []string{"Error"}, spec: twoContainers, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdTerminated("web", "Completed", 0, 0, 0, 0, now), kdTerminated("varnish", "Error", 1, 0, 1, 2*time.Minute+5*time.Second, now)}
		}},
		{name: "init-0-of-2", want: []string{"Init:0/2"}, spec: twoInits, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(false, false)
			s.InitContainerStatuses = []corev1.ContainerStatus{kdRunning("migrate", false, 0, 0, now), kdWaitingStatus("warm", "PodInitializing", 0, 0, now)}
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "PodInitializing", 0, 0, now)}
		}},
		{name: "init-1-of-2", want: []string{"Init:1/2"}, spec: twoInits, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(false, false)
			s.InitContainerStatuses = []corev1.ContainerStatus{kdTerminated("migrate", "Completed", 0, 0, 1, 90*time.Second, now), kdRunning("warm", false, 0, 0, now)}
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "PodInitializing", 0, 0, now)}
		}},
		{name: "init-error", want: []string{"Init:Error"}, spec: twoInits, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(false, false)
			s.InitContainerStatuses = []corev1.ContainerStatus{kdTerminated("migrate", "Error", 1, 0, 1, 40*time.Second, now), kdWaitingStatus("warm", "PodInitializing", 0, 0, now)}
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "PodInitializing", 0, 0, now)}
		}},
		{name: "init-crashloop", want: []string{"Init:CrashLoopBackOff"}, spec: twoInits, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(false, false)
			s.InitContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("migrate", "CrashLoopBackOff", 4, 41*time.Second, now), kdWaitingStatus("warm", "PodInitializing", 0, 0, now)}
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "PodInitializing", 0, 0, now)}
		}},
		{name: "init-oomkilled", want: []string{"Init:OOMKilled"}, spec: twoInits, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(false, false)
			s.InitContainerStatuses = []corev1.ContainerStatus{kdTerminated("migrate", "OOMKilled", 137, 0, 2, 5*time.Minute, now), kdWaitingStatus("warm", "PodInitializing", 0, 0, now)}
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "PodInitializing", 0, 0, now)}
		}},
		{name: "init-signal", want: []string{"Init:Signal:15"}, spec: twoInits, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(false, false)
			s.InitContainerStatuses = []corev1.ContainerStatus{kdTerminated("migrate", "", 143, 15, 0, 0, now), kdWaitingStatus("warm", "PodInitializing", 0, 0, now)}
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "PodInitializing", 0, 0, now)}
		}},
		{name: "init-exit-code", want: []string{"Init:ExitCode:3"}, spec: twoInits, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(false, false)
			s.InitContainerStatuses = []corev1.ContainerStatus{kdTerminated("migrate", "Completed", 0, 0, 0, 0, now), kdTerminated("warm", "", 3, 0, 0, 0, now)}
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "PodInitializing", 0, 0, now)}
		}},
		// The kubelet re-runs init containers in a new sandbox: the second
		// one still shows its old run. kubectl counts restarts only up to
		// the init container being waited on.
		{name: "init-rerun", want: []string{"Init:0/2"}, spec: twoInits, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(false, false)
			s.InitContainerStatuses = []corev1.ContainerStatus{kdRunning("migrate", false, 1, 30*time.Second, now), kdTerminated("warm", "Completed", 0, 0, 2, 15*time.Minute, now)}
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "PodInitializing", 0, 0, now)}
		}},
		{name: "pod-initializing", want: []string{"PodInitializing"}, spec: twoInits, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, false)
			s.InitContainerStatuses = []corev1.ContainerStatus{kdTerminated("migrate", "Completed", 0, 0, 0, 0, now), kdTerminated("warm", "Completed", 0, 0, 0, 0, now)}
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "PodInitializing", 0, 0, now)}
		}},
		// Case 05: init restarts before success are history once initialized.
		{name: "init-restarts-after-success", want: []string{"Running"}, spec: func(p *corev1.Pod) {
			twoContainers(p)
			p.Spec.InitContainers = []corev1.Container{{Name: "wait-for-mysql", Image: kdInitImage}}
		}, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, true)
			s.InitContainerStatuses = []corev1.ContainerStatus{kdTerminated("wait-for-mysql", "Completed", 0, 0, 5, 20*time.Minute, now)}
			s.ContainerStatuses = []corev1.ContainerStatus{kdRunning("web", true, 1, 12*time.Minute, now), kdRunning("varnish", true, 0, 0, now)}
		}},
		{name: "sidecar-restarts", want: []string{"Running"}, spec: sidecar, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, true)
			proxy := kdRunning("proxy", true, 2, 6*time.Minute, now)
			s.InitContainerStatuses = []corev1.ContainerStatus{proxy, kdTerminated("migrate", "Completed", 0, 0, 3, 9*time.Minute, now)}
			s.ContainerStatuses = []corev1.ContainerStatus{kdRunning("web", true, 0, 0, now)}
		}},
		{name: "sidecar-not-started", want: []string{"Init:0/2"}, spec: sidecar, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(false, false)
			proxy := kdRunning("proxy", false, 0, 0, now)
			proxy.Started = new(false)
			s.InitContainerStatuses = []corev1.ContainerStatus{proxy, kdWaitingStatus("migrate", "PodInitializing", 0, 0, now)}
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "PodInitializing", 0, 0, now)}
		}},
		{name: "sidecar-then-init", want: []string{"Init:1/2"}, spec: sidecar, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(false, false)
			s.InitContainerStatuses = []corev1.ContainerStatus{kdRunning("proxy", true, 1, 3*time.Minute, now), kdRunning("migrate", false, 0, 0, now)}
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "PodInitializing", 0, 0, now)}
		}},
		{name: "sidecar-crashloop", want: []string{"Init:CrashLoopBackOff"}, spec: sidecar, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(false, false)
			proxy := kdWaitingStatus("proxy", "CrashLoopBackOff", 3, time.Minute+15*time.Second, now)
			proxy.Started = new(false)
			s.InitContainerStatuses = []corev1.ContainerStatus{proxy, kdWaitingStatus("migrate", "PodInitializing", 0, 0, now)}
			s.ContainerStatuses = []corev1.ContainerStatus{kdWaitingStatus("web", "PodInitializing", 0, 0, now)}
		}},
		// Case 01's shape: README's one deliberate difference.
		{name: "evicted", want: []string{"Error"}, spec: twoContainers, status: func(s *corev1.PodStatus, now time.Time) {
			s.Phase, s.Reason = corev1.PodFailed, "Evicted"
			s.Message = "The node was low on resource: memory. "
			s.Conditions = append(kdConditions(true, false), corev1.PodCondition{Type: corev1.DisruptionTarget, Status: corev1.ConditionTrue,
				Reason: "TerminationByKubelet", LastTransitionTime: metav1.NewTime(now)})
			unknown := kdTerminated("varnish", "ContainerStatusUnknown", 137, 0, 0, 0, now)
			unknown.State.Terminated.StartedAt, unknown.State.Terminated.FinishedAt = metav1.Time{}, metav1.Time{}
			s.ContainerStatuses = []corev1.ContainerStatus{kdTerminated("web", "Error", 137, 0, 0, 0, now), unknown}
		}},
		{name: "terminating-restarts", want: []string{"Terminating"}, terminal: true, status: func(s *corev1.PodStatus, now time.Time) {
			s.Conditions = kdConditions(true, true)
			s.ContainerStatuses = []corev1.ContainerStatus{kdRunning("web", true, 1, 2*time.Hour, now)}
		}},
		{name: "node-lost", want: []string{"Unknown"}, terminal: true, status: func(s *corev1.PodStatus, now time.Time) {
			s.Reason, s.Message = "NodeLost", "Node web-1 which was running pod node-lost is unresponsive"
			s.Conditions = kdConditions(true, false)
			s.ContainerStatuses = []corev1.ContainerStatus{kdRunning("web", true, 0, 0, now)}
		}},
	}
}

func kdPod(ns, name string) *corev1.Pod {
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: map[string]string{"app": "kubectl-diff"}},
		Spec: corev1.PodSpec{
			NodeSelector:                  map[string]string{"doks.digitalocean.com/node-pool": "web"},
			TerminationGracePeriodSeconds: new(int64(1)),
			Containers:                    []corev1.Container{{Name: "web", Image: kdImage}},
		},
	}
}

func twoContainers(p *corev1.Pod) {
	p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: "varnish", Image: kdCacheImage})
}

func twoInits(p *corev1.Pod) {
	p.Spec.InitContainers = []corev1.Container{{Name: "migrate", Image: kdInitImage}, {Name: "warm", Image: kdInitImage}}
}

func podReadyNow(p *corev1.Pod) bool { return podConditionIs(p, corev1.PodReady) }

func podConditionIs(p *corev1.Pod, t corev1.PodConditionType) bool {
	c := podCondition(p, t)
	return c != nil && c.Status == corev1.ConditionTrue
}

func podCondition(p *corev1.Pod, t corev1.PodConditionType) *corev1.PodCondition {
	for i := range p.Status.Conditions {
		if p.Status.Conditions[i].Type == t {
			return &p.Status.Conditions[i]
		}
	}
	return nil
}

func kdWaiting(p *corev1.Pod, container string) string {
	for _, s := range p.Status.ContainerStatuses {
		if s.Name == container && s.State.Waiting != nil {
			return s.State.Waiting.Reason
		}
	}
	return ""
}

func kdFind(cases []kdCase, name string) kdCase {
	for _, c := range cases {
		if c.name == name {
			return c
		}
	}
	return kdCase{}
}

// kdConditions are the kubelet's pod conditions.
func kdConditions(initialized, ready bool) []corev1.PodCondition {
	b := func(v bool) corev1.ConditionStatus {
		if v {
			return corev1.ConditionTrue
		}
		return corev1.ConditionFalse
	}
	at := metav1.NewTime(time.Now().Add(-30 * time.Minute))
	return []corev1.PodCondition{
		{Type: corev1.PodReadyToStartContainers, Status: corev1.ConditionTrue, LastTransitionTime: at},
		{Type: corev1.PodInitialized, Status: b(initialized), LastTransitionTime: at},
		{Type: corev1.PodReady, Status: b(ready), LastTransitionTime: at},
		{Type: corev1.ContainersReady, Status: b(ready), LastTransitionTime: at},
		{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, LastTransitionTime: at},
	}
}

// kdStatus is a container status with restarts restarts, the last one
// lastAgo before now (exit 1).
func kdStatus(name string, restarts int32, lastAgo time.Duration, now time.Time) corev1.ContainerStatus {
	s := corev1.ContainerStatus{Name: name, RestartCount: restarts, Started: new(false)}
	if restarts > 0 {
		s.LastTerminationState.Terminated = &corev1.ContainerStateTerminated{ExitCode: 1, Reason: "Error",
			StartedAt: metav1.NewTime(now.Add(-lastAgo - time.Minute)), FinishedAt: metav1.NewTime(now.Add(-lastAgo))}
	}
	return s
}

func kdRunning(name string, ready bool, restarts int32, lastAgo time.Duration, now time.Time) corev1.ContainerStatus {
	s := kdStatus(name, restarts, lastAgo, now)
	s.Ready, s.Started = ready, new(true)
	s.State.Running = &corev1.ContainerStateRunning{StartedAt: metav1.NewTime(now.Add(-lastAgo))}
	return s
}

func kdWaitingStatus(name, reason string, restarts int32, lastAgo time.Duration, now time.Time) corev1.ContainerStatus {
	s := kdStatus(name, restarts, lastAgo, now)
	s.State.Waiting = &corev1.ContainerStateWaiting{Reason: reason}
	return s
}

func kdTerminated(name, reason string, exit, signal, restarts int32, lastAgo time.Duration, now time.Time) corev1.ContainerStatus {
	s := kdStatus(name, restarts, lastAgo, now)
	s.State.Terminated = &corev1.ContainerStateTerminated{Reason: reason, ExitCode: exit, Signal: signal,
		StartedAt: metav1.NewTime(now.Add(-time.Minute)), FinishedAt: metav1.NewTime(now.Add(-10 * time.Second))}
	return s
}

// kdWriteStatus replaces the pod's status with the case's, keeping what
// kwok assigned (IPs, start time) and each container's image.
func kdWriteStatus(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns string, c kdCase) {
	t.Helper()
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		p, err := cs.CoreV1().Pods(ns).Get(ctx, c.name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		s := p.Status
		s.Phase, s.Reason, s.Message = corev1.PodRunning, "", ""
		s.InitContainerStatuses, s.ContainerStatuses = nil, nil
		c.status(&s, time.Now())
		images := map[string]string{}
		for _, ct := range append(slices.Clone(p.Spec.InitContainers), p.Spec.Containers...) {
			images[ct.Name] = ct.Image
		}
		for _, list := range [][]corev1.ContainerStatus{s.InitContainerStatuses, s.ContainerStatuses} {
			for i := range list {
				list[i].Image = images[list[i].Name]
			}
		}
		p.Status = s
		_, err = cs.CoreV1().Pods(ns).UpdateStatus(ctx, p, metav1.UpdateOptions{})
		return err
	})
	if err != nil {
		t.Fatalf("write status of pod %s: %v", c.name, err)
	}
}

// kdWaitPods polls the namespace's pods until ok holds for every case.
func kdWaitPods(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, what string, ok func(name string, p *corev1.Pod) bool) {
	t.Helper()
	var pending []string
	err := wait.PollUntilContextCancel(ctx, 250*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		list, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, nil
		}
		pending = pending[:0]
		for i := range list.Items {
			if p := &list.Items[i]; !ok(p.Name, p) {
				pending = append(pending, p.Name)
			}
		}
		return len(pending) == 0, nil
	})
	if err != nil {
		t.Fatalf("waiting for %s: %v; still waiting on %v", what, err, pending)
	}
}

// kdRelease lets kwok finish deleting the stuck pods.
func kdRelease(t *testing.T, cs kubernetes.Interface, ns string, cases []kdCase) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	patch := []byte(`{"metadata":{"annotations":{"fdtui.dev/simulate":null}}}`)
	for _, c := range cases {
		if c.terminal {
			if _, err := cs.CoreV1().Pods(ns).Patch(ctx, c.name, "application/merge-patch+json", patch, metav1.PatchOptions{}); err != nil {
				t.Logf("release pod %s: %v", c.name, err)
			}
		}
	}
}

func kdRun(ctx context.Context, t *testing.T, kubectl, kubeconfig string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, kubectl, append([]string{"--kubeconfig", kubeconfig}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kubectl %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

type kdRow struct{ ready, status, restarts string }

func (r kdRow) String() string { return r.ready + " " + r.status + " " + r.restarts }

type kdResult struct {
	kubectl, fdtui kdRow
	problem        string
}

// kubectl's table pads columns with at least 3 spaces; RESTARTS holds
// single spaces ("2 (4m ago)").
var kdColumns = regexp.MustCompile(`\s{2,}`)

// kdCompare runs `kubectl get pods` between two lists of the namespace and
// compares the pods whose resourceVersion did not change meanwhile, again
// until every pod has been compared once (kwok keeps the natural crash
// loops and image pulls moving).
func kdCompare(ctx context.Context, t *testing.T, cs kubernetes.Interface, kubectl, kubeconfig, ns string, want int) map[string]kdResult {
	t.Helper()
	results := map[string]kdResult{}
	deadline := time.Now().Add(20 * time.Second)
	for len(results) < want && time.Now().Before(deadline) {
		before, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatalf("list pods: %v", err)
		}
		from := time.Now()
		out := kdRun(ctx, t, kubectl, kubeconfig, "get", "pods", "-n", ns, "--no-headers")
		to := time.Now()
		after, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			t.Fatalf("list pods: %v", err)
		}
		rows := map[string]kdRow{}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if f := kdColumns.Split(strings.TrimSpace(line), -1); len(f) >= 5 {
				rows[f[0]] = kdRow{ready: f[1], status: f[2], restarts: f[3]}
			}
		}
		versions := map[string]string{}
		for _, p := range before.Items {
			versions[p.Name] = p.ResourceVersion
		}
		for i := range after.Items {
			p := &after.Items[i]
			row, listed := rows[p.Name]
			if _, done := results[p.Name]; done || !listed || versions[p.Name] != p.ResourceVersion {
				continue
			}
			results[p.Name] = kdJudge(p, row, from, to)
		}
		if len(results) < want {
			time.Sleep(300 * time.Millisecond)
		}
	}
	return results
}

// kdJudge compares one pod's kubectl row with fdtui's, derived from the
// full object and from the informer cache's compact copy. kubectl printed
// its row at some moment between from and to: the RESTARTS age must match
// at one of them.
func kdJudge(p *corev1.Pod, k kdRow, from, to time.Time) kdResult {
	full := model.DerivePod(p, nil, to)
	slimObj, _ := (&slimmer{}).slimObject(p.DeepCopy())
	slim := model.DerivePod(slimObj.(*corev1.Pod), nil, to)

	fd := kdRow{ready: fmt.Sprintf("%d/%d", full.ReadyContainers, full.Containers), status: full.Status,
		restarts: model.FormatRestarts(full.Restarts, full.LastRestart, to)}
	var problems []string
	if slim.Status != full.Status || slim.ReadyContainers != full.ReadyContainers || slim.Containers != full.Containers ||
		slim.Restarts != full.Restarts || !slim.LastRestart.Equal(full.LastRestart) {
		problems = append(problems, fmt.Sprintf("compact copy gives %d/%d %s %s", slim.ReadyContainers, slim.Containers, slim.Status,
			model.FormatRestarts(slim.Restarts, slim.LastRestart, to)))
	}
	if fd.ready != k.ready {
		problems = append(problems, "READY")
	}
	evicted := p.Status.Phase == corev1.PodFailed && p.Status.Reason == "Evicted"
	switch {
	case evicted && (k.status != "Error" || fd.status != "Evicted"):
		problems = append(problems, `STATUS: evicted pod, want kubectl "Error" and fdtui "Evicted" (README)`)
	case !evicted && fd.status != k.status:
		problems = append(problems, "STATUS")
	}
	restartsOK := false
	for at := from.Add(-time.Second); !at.After(to.Add(time.Second)); at = at.Add(250 * time.Millisecond) {
		if model.FormatRestarts(full.Restarts, full.LastRestart, at) == k.restarts {
			restartsOK = true
			break
		}
	}
	if !restartsOK {
		problems = append(problems, "RESTARTS")
	}
	sort.Strings(problems)
	return kdResult{kubectl: k, fdtui: fd, problem: strings.Join(problems, ", ")}
}
