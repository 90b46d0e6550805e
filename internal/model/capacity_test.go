package model

import (
	"reflect"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func node(name, pool string, ready bool, cpu, mem string) *corev1.Node {
	status := corev1.ConditionTrue
	if !ready {
		status = corev1.ConditionFalse
	}
	return &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{LabelDOPool: pool}},
		Status: corev1.NodeStatus{
			Allocatable: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu),
				corev1.ResourceMemory: resource.MustParse(mem), corev1.ResourcePods: resource.MustParse("110")},
			Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: status}},
		},
	}
}

// podOn is a web pod (varnish 100m/128Mi + web 250m/512Mi) on a node.
func podOn(nodeName, suffix string, opts ...podOpt) *corev1.Pod {
	d := webDeployment(4, "example/web:abc1234")
	p := runningPod(replicaSet(d, 4, "example/web:abc1234", 3, 3), suffix, opts...)
	p.Spec.NodeName = nodeName
	return p
}

func initContainers(cs ...corev1.Container) podOpt {
	return func(p *corev1.Pod) { p.Spec.InitContainers = cs }
}

func TestPodRequests(t *testing.T) {
	always := corev1.ContainerRestartPolicyAlways
	tests := []struct {
		name    string
		opts    []podOpt
		wantCPU int64
		wantMem int64
	}{
		{"app containers summed", nil, 350, 640 * mib},
		{"small init container does not add",
			[]podOpt{initContainers(corev1.Container{Name: "chown", Resources: requests("10m", "16Mi")})}, 350, 640 * mib},
		{"large init container wins per resource",
			[]podOpt{initContainers(corev1.Container{Name: "migrate", Resources: requests("1", "64Mi")})}, 1000, 640 * mib},
		{"sidecar adds to the apps and to later init containers",
			[]podOpt{initContainers(
				corev1.Container{Name: "proxy", RestartPolicy: &always, Resources: requests("50m", "64Mi")},
				corev1.Container{Name: "migrate", Resources: requests("1", "1Gi")},
			)}, 1050, 1088 * mib},
		{"runtime class overhead added",
			[]podOpt{func(p *corev1.Pod) { p.Spec.Overhead = requests("250m", "120Mi").Requests }}, 600, 760 * mib},
		{"pod-level requests replace the sum",
			[]podOpt{func(p *corev1.Pod) { p.Spec.Resources = ptr(requests("2", "2Gi")) }}, 2000, 2 * gib},
	}
	for _, tt := range tests {
		got := podRequests(podOn("n1", "x", tt.opts...))
		if got.cpu != tt.wantCPU || got.mem != tt.wantMem {
			t.Errorf("%s: got %dm %s, want %dm %s", tt.name, got.cpu, FormatMem(got.mem), tt.wantCPU, FormatMem(tt.wantMem))
		}
	}
}

func TestDeriveCapacity(t *testing.T) {
	gke := node("gke-b-1", "", true, "2", "4Gi")
	gke.Labels = map[string]string{"cloud.google.com/gke-nodepool": "pool-b"}
	nodes := []*corev1.Node{
		node("pool-a-2", "pool-a", true, "3900m", "6Gi"),
		gke,
		node("pool-a-1", "pool-a", true, "3900m", "6Gi"),
		node("pool-a-3", "pool-a", false, "3900m", "6Gi"),
	}
	pods := []*corev1.Pod{
		podOn("pool-a-1", "a1"), podOn("pool-a-1", "a2"), podOn("pool-a-2", "b1"),
		podOn("pool-a-1", "done", succeededJob),
		podOn("pool-a-1", "evicted", func(p *corev1.Pod) { p.Status.Phase = corev1.PodFailed }),
		podOn("", "pending", unschedulable("0/4 nodes are available")),
	}
	usage := map[string]Usage{"pool-a-1": {CPU: 1200, Mem: 3 * gib}, "pool-a-2": {CPU: 300, Mem: gib}}

	rows, total := DeriveCapacity(nodes, pods, usage)

	var order []string
	for _, r := range rows {
		order = append(order, r.Pool+"/"+r.Name)
	}
	if want := []string{"pool-a/pool-a-1", "pool-a/pool-a-2", "pool-a/pool-a-3", "pool-b/gke-b-1"}; !reflect.DeepEqual(order, want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	wantA1 := NodeCapacity{Name: "pool-a-1", Pool: "pool-a", Ready: true, Status: "Ready", Schedulable: true, AllocCPU: 3900, AllocMem: 6 * gib, AllocPods: 110,
		ReqCPU: 700, ReqMem: 1280 * mib, UseCPU: 1200, UseMem: 3 * gib, HasUsage: true, Pods: 2}
	if rows[0] != wantA1 {
		t.Errorf("pool-a-1:\n got  %+v\n want %+v", rows[0], wantA1)
	}
	if rows[2].Ready || rows[2].Pods != 0 {
		t.Errorf("pool-a-3 should be not ready and empty: %+v", rows[2])
	}
	// Free room counts the three schedulable nodes only: pool-a-3 is NotReady.
	wantTotal := NodeCapacity{Name: "total", Ready: false, AllocCPU: 3*3900 + 2000, AllocMem: 22 * gib, AllocPods: 440,
		ReqCPU: 1050, ReqMem: 1920 * mib, UseCPU: 1500, UseMem: 4 * gib, HasUsage: false, Pods: 3,
		FreeCPU: 3900 - 700 + 3900 - 350 + 2000, FreeMem: 6*gib - 1280*mib + 6*gib - 640*mib + 4*gib, Unschedulable: 1}
	if total != wantTotal {
		t.Errorf("total:\n got  %+v\n want %+v", total, wantTotal)
	}

	// Usage for every ready node: the not-ready one may lack it.
	usage["gke-b-1"] = Usage{CPU: 100, Mem: gib}
	if _, total := DeriveCapacity(nodes, pods, usage); !total.HasUsage {
		t.Error("total.HasUsage should be true when every ready node reports usage")
	}
	if _, total := DeriveCapacity(nil, nil, nil); total.HasUsage {
		t.Error("no nodes: no usage")
	}
}

// kubectl's node STATUS (printNode), and what a cordoned node's room is
// worth.
func TestNodeStatusLikeKubectl(t *testing.T) {
	cordon := func(n *corev1.Node) *corev1.Node { n.Spec.Unschedulable = true; return n }
	unknown := node("u", "web", true, "1", "1Gi")
	unknown.Status.Conditions[0].Status = corev1.ConditionUnknown
	none := node("n", "web", true, "1", "1Gi")
	none.Status.Conditions = nil
	// Two Ready conditions (the API takes them): the last one counts.
	twice := func(name string, first, last corev1.ConditionStatus) *corev1.Node {
		n := node(name, "web", true, "1", "1Gi")
		n.Status.Conditions = []corev1.NodeCondition{{Type: corev1.NodeReady, Status: first}, {Type: corev1.NodeReady, Status: last}}
		return n
	}
	tests := []struct {
		node *corev1.Node
		want string
	}{
		{node("a", "web", true, "1", "1Gi"), "Ready"},
		{node("b", "web", false, "1", "1Gi"), "NotReady"},
		{unknown, "NotReady"},
		{none, "Unknown"},
		{cordon(node("c", "web", true, "1", "1Gi")), "Ready,SchedulingDisabled"},
		{cordon(node("d", "web", false, "1", "1Gi")), "NotReady,SchedulingDisabled"},
		{twice("e", corev1.ConditionFalse, corev1.ConditionTrue), "Ready"},
		{twice("f", corev1.ConditionTrue, corev1.ConditionUnknown), "NotReady"},
	}
	for _, tt := range tests {
		if got := NodeStatus(tt.node); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.node.Name, got, tt.want)
		}
		if ready := strings.HasPrefix(NodeStatus(tt.node), "Ready"); nodeReady(tt.node) != ready {
			t.Errorf("%s: ready %v, but STATUS %q", tt.node.Name, nodeReady(tt.node), NodeStatus(tt.node))
		}
	}
	// A web pool that is all cordoned: Ready, but no room for new pods.
	nodes := []*corev1.Node{cordon(node("web-1", "web", true, "2", "4Gi")), cordon(node("web-2", "web", true, "2", "4Gi")),
		node("db-1", "db", true, "2", "4Gi")}
	rows, total := DeriveCapacity(nodes, []*corev1.Pod{podOn("db-1", "x")}, nil)
	if rows[1].Schedulable || !rows[1].Ready || rows[1].Status != "Ready,SchedulingDisabled" {
		t.Errorf("web-1: %+v", rows[1])
	}
	if total.Unschedulable != 2 || total.FreeCPU != 2000-350 {
		t.Errorf("total: %d unschedulable, %dm CPU free; want 2 and %dm", total.Unschedulable, total.FreeCPU, 2000-350)
	}
	if sum := Summarize(nil, nodes); sum.NodesReady != 3 || sum.NodesCordoned != 2 {
		t.Errorf("summary: %+v", sum)
	}
}

func TestNodePoolLabels(t *testing.T) {
	for _, label := range poolLabels {
		n := node("n", "", true, "1", "1Gi")
		n.Labels = map[string]string{label: "workers"}
		if got := nodePool(n); got != "workers" {
			t.Errorf("label %s: pool %q", label, got)
		}
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		part, whole int64
		want        int
	}{{0, 0, 0}, {5, 0, 0}, {1, 3, 33}, {2, 3, 66}, {3900, 3900, 100}, {5000, 4000, 125}}
	for _, tt := range tests {
		if got := Percent(tt.part, tt.whole); got != tt.want {
			t.Errorf("Percent(%d, %d) = %d, want %d", tt.part, tt.whole, got, tt.want)
		}
	}
}

func TestFormatCPU(t *testing.T) {
	tests := map[int64]string{0: "0", 5: "5m", 250: "250m", 999: "999m", 1000: "1", 1500: "1.5", 2000: "2", 3250: "3.25", 3900: "3.9"}
	for milli, want := range tests {
		if got := FormatCPU(milli); got != want {
			t.Errorf("FormatCPU(%d) = %q, want %q", milli, got, want)
		}
	}
}

func TestFormatMem(t *testing.T) {
	tests := map[int64]string{0: "0", 512: "512", 64 * kib: "64Ki", 512 * mib: "512Mi", 1023 * mib: "1023Mi",
		gib: "1Gi", 7*gib + gib/2: "7.5Gi", 2 * tib: "2Ti"}
	for b, want := range tests {
		if got := FormatMem(b); got != want {
			t.Errorf("FormatMem(%d) = %q, want %q", b, got, want)
		}
	}
}
