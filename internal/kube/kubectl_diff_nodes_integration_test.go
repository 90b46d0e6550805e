package kube

// The node half of the kubectl differential test (issue 11): nodes the
// test makes in every state kubectl's STATUS column tells apart, and the
// cluster's own nodes as they are, compared with the project's
// `kubectl get nodes`. The test's nodes are frozen (kwok's node stages
// leave them alone: fdtui.dev/simulate=frozen-node in
// hack/localcluster/stages/node.yaml) so their written Ready conditions
// stay; they are tainted (no other test's pod lands there), carry no pool
// label (no site or wizard sees a pool), and go when the test ends.

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/util/retry"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/testenv"
)

// kdNodeCase is one node of the corpus: its Ready conditions in order
// (several: the API takes duplicates), other conditions set True, and
// whether it is cordoned.
type kdNodeCase struct {
	name     string
	want     string // the kubectl STATUS the case exists for
	ready    []corev1.ConditionStatus
	other    []corev1.NodeConditionType
	cordoned bool
}

func kdNodeCorpus() []kdNodeCase {
	T, F, U := corev1.ConditionTrue, corev1.ConditionFalse, corev1.ConditionUnknown
	return []kdNodeCase{
		{name: "ready", want: "Ready", ready: []corev1.ConditionStatus{T}},
		{name: "cordoned", want: "Ready,SchedulingDisabled", ready: []corev1.ConditionStatus{T}, cordoned: true},
		{name: "not-ready", want: "NotReady", ready: []corev1.ConditionStatus{F}},
		{name: "not-ready-cordoned", want: "NotReady,SchedulingDisabled", ready: []corev1.ConditionStatus{F}, cordoned: true},
		// The node lifecycle controller's "Kubelet stopped posting node
		// status": kubectl says NotReady, not Unknown.
		{name: "ready-unknown", want: "NotReady", ready: []corev1.ConditionStatus{U}},
		{name: "ready-unknown-cordoned", want: "NotReady,SchedulingDisabled", ready: []corev1.ConditionStatus{U}, cordoned: true},
		// No Ready condition at all (a kubelet that never reported).
		{name: "no-conditions", want: "Unknown"},
		{name: "no-conditions-cordoned", want: "Unknown,SchedulingDisabled", cordoned: true},
		{name: "pressure-only", want: "Unknown", other: []corev1.NodeConditionType{corev1.NodeMemoryPressure}},
		// Only Ready counts: pressure and network conditions are not shown.
		{name: "ready-under-pressure", want: "Ready", ready: []corev1.ConditionStatus{T},
			other: []corev1.NodeConditionType{corev1.NodeDiskPressure, corev1.NodePIDPressure, corev1.NodeNetworkUnavailable}},
		// Duplicates: kubectl reads the conditions into a map, the last wins.
		{name: "ready-twice-last-true", want: "Ready", ready: []corev1.ConditionStatus{F, T}},
		{name: "ready-twice-last-unknown", want: "NotReady", ready: []corev1.ConditionStatus{T, U}},
	}
}

func TestKubectlDiffNodes(t *testing.T) {
	t.Parallel()
	kubectl := testenv.Kubectl(t)
	kubeconfig := testenv.Kubeconfig(t)
	_, cs := testenv.Clients(t)
	ctx := itContext(t, 45*time.Second)
	start := time.Now()

	id := testenv.UniqueName(t)
	cases := kdNodeCorpus()
	want := map[string]string{}
	var nodes []*corev1.Node
	for _, c := range cases {
		n := testenv.FakeNode(id+"-"+c.name, "", id)
		n.Annotations[testenv.SimulateAnnotation] = testenv.FrozenNode
		n.Spec.Unschedulable = c.cordoned
		nodes = append(nodes, n)
		want[n.Name] = c.want
	}
	testenv.CreateNodes(t, cs, nodes...)
	for i, c := range cases {
		kdWriteNodeConditions(ctx, t, cs, nodes[i].Name, c)
	}
	t.Logf("%d nodes created and their conditions written in %s", len(cases), since(start))

	// Every node, the cluster's and other tests' included, from one
	// `kubectl get nodes` between two lists that agree (a heartbeat or a
	// taint the node lifecycle controller adds in between: again).
	err := wait.PollUntilContextCancel(ctx, 200*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		before, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, err
		}
		out := kdRun(ctx, t, kubectl, kubeconfig, "get", "nodes", "--no-headers")
		after, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
		if err != nil {
			return false, err
		}
		if !kdSameVersions(before.Items, after.Items) {
			return false, nil
		}
		got := map[string]string{}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			if f := strings.Fields(line); len(f) >= 2 {
				got[f[0]] = f[1]
			}
		}
		if len(got) != len(after.Items) {
			return false, nil // a node came or went between the lists and kubectl
		}
		all := make([]*corev1.Node, len(after.Items))
		for i := range after.Items {
			all[i] = &after.Items[i]
		}
		// As the nodes screen derives them (STATUS, Ready, takes pods).
		rows, _ := model.DeriveCapacity(all, nil, nil)
		statuses := map[string]bool{}
		for _, r := range rows {
			k := got[r.Name]
			if w, ours := want[r.Name]; ours {
				statuses[k] = true
				if k != w {
					t.Errorf("node %s: kubectl STATUS %q, the corpus wants %q", r.Name, k, w)
				}
			}
			if r.Status != k {
				t.Errorf("node %s: kubectl STATUS %q, fdtui %q", r.Name, k, r.Status)
			}
			if ready := strings.HasPrefix(k, "Ready"); r.Ready != ready || r.Schedulable != (k == "Ready") {
				t.Errorf("node %s (kubectl %q): fdtui ready %v, takes new pods %v", r.Name, k, r.Ready, r.Schedulable)
			}
		}
		t.Logf("%d nodes compared (%d of the corpus, %d distinct kubectl STATUS values) after %s",
			len(rows), len(cases), len(statuses), since(start))
		return true, nil
	})
	if err != nil {
		t.Fatalf("nodes never held still for a comparison: %v", err)
	}
}

// kdWriteNodeConditions writes the case's conditions through the status
// subresource, as a kubelet (or the node lifecycle controller) would.
func kdWriteNodeConditions(ctx context.Context, t *testing.T, cs kubernetes.Interface, name string, c kdNodeCase) {
	t.Helper()
	at := metav1.NewTime(time.Now().Add(-10 * time.Minute).Truncate(time.Second))
	var conds []corev1.NodeCondition
	for _, s := range c.ready {
		reason := map[corev1.ConditionStatus]string{corev1.ConditionTrue: "KubeletReady", corev1.ConditionFalse: "KubeletNotReady",
			corev1.ConditionUnknown: "NodeStatusUnknown"}[s]
		conds = append(conds, corev1.NodeCondition{Type: corev1.NodeReady, Status: s, Reason: reason, LastHeartbeatTime: at, LastTransitionTime: at})
	}
	for _, typ := range c.other {
		conds = append(conds, corev1.NodeCondition{Type: typ, Status: corev1.ConditionTrue, Reason: "Simulated", LastHeartbeatTime: at, LastTransitionTime: at})
	}
	err := retry.RetryOnConflict(retry.DefaultRetry, func() error {
		n, err := cs.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		n.Status.Conditions = conds
		_, err = cs.CoreV1().Nodes().UpdateStatus(ctx, n, metav1.UpdateOptions{})
		return err
	})
	if err != nil {
		t.Fatalf("write the conditions of node %s: %v", name, err)
	}
}

func kdSameVersions(a, b []corev1.Node) bool {
	if len(a) != len(b) {
		return false
	}
	versions := map[string]string{}
	for _, n := range a {
		versions[n.Name] = n.ResourceVersion
	}
	for _, n := range b {
		if versions[n.Name] != n.ResourceVersion {
			return false
		}
	}
	return true
}
