package testenv

import (
	"context"
	"fmt"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// Tests that need nodes in some state (cordoned, NotReady) make nodes of
// their own: the cluster's pools "web" and "db" are shared by every test
// running at the same time, and cordoning them would strand the others'
// pods.
const (
	// PoolLabel is the label DigitalOcean puts on every node of a pool;
	// Flight Deck pins pods to a pool with it.
	PoolLabel = "doks.digitalocean.com/node-pool"
	// NodeTaintKey taints every test node NoSchedule: many tests' pods
	// have no nodeSelector, and one landing on a node that goes away with
	// another test would be deleted under it. Only pods with
	// NodeToleration(value) go there.
	NodeTaintKey = "fdtui.dev/test-node"
	// SimulateAnnotation with the value FrozenNode keeps kwok's node
	// stages (hack/localcluster/stages/node.yaml) off a node, so the test
	// may write its conditions; kwok still renews its lease, so the node
	// lifecycle controller does not mark it Unknown either.
	SimulateAnnotation = "fdtui.dev/simulate"
	FrozenNode         = "frozen-node"
)

// FakeNode is a node shaped like hack/localcluster/lib/nodes.sh's web
// nodes (s-2vcpu-4gb in nyc3, played by kwok), tainted
// NodeTaintKey=taint:NoSchedule. pool "" leaves the pool label out, so no
// site's nodeSelector matches the node and no wizard offers its pool.
func FakeNode(name, pool, taint string) *corev1.Node {
	labels := map[string]string{
		"beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/instance-type": "s-2vcpu-4gb", "beta.kubernetes.io/os": "linux",
		"kubernetes.io/arch": "amd64", "kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
		"node.kubernetes.io/instance-type": "s-2vcpu-4gb", "region": "nyc3", "topology.kubernetes.io/region": "nyc3",
		"failure-domain.beta.kubernetes.io/region": "nyc3", "type": "kwok", "doks.digitalocean.com/managed": "true",
	}
	if pool != "" {
		labels[PoolLabel] = pool
	}
	res := func(cpu, mem, storage string) corev1.ResourceList {
		return corev1.ResourceList{corev1.ResourceCPU: resource.MustParse(cpu), corev1.ResourceMemory: resource.MustParse(mem),
			corev1.ResourceEphemeralStorage: resource.MustParse(storage), corev1.ResourcePods: resource.MustParse("110")}
	}
	return &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels, Annotations: map[string]string{
			"kwok.x-k8s.io/node":           "fake",
			"node.alpha.kubernetes.io/ttl": "0",
			// Where kwok serves the node's kubelet metrics (metrics-server scrapes them).
			"metrics.k8s.io/resource-metrics-path": "/metrics/nodes/" + name + "/metrics/resource",
		}},
		Spec: corev1.NodeSpec{Taints: []corev1.Taint{{Key: NodeTaintKey, Value: taint, Effect: corev1.TaintEffectNoSchedule}}},
		Status: corev1.NodeStatus{
			// kwok serves every node's kubelet endpoints on 127.0.0.1.
			Addresses:   []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "127.0.0.1"}, {Type: corev1.NodeHostName, Address: name}},
			Capacity:    res("2", "4008972Ki", "82517840Ki"),
			Allocatable: res("1900m", "3328Mi", "76048441Ki"),
			NodeInfo: corev1.NodeSystemInfo{Architecture: "amd64", OperatingSystem: "linux", OSImage: "Debian GNU/Linux 12 (bookworm)",
				KernelVersion: "6.1.0-31-amd64", ContainerRuntimeVersion: "containerd://1.7.27", KubeletVersion: "v1.36.3", KubeProxyVersion: "v1.36.3"},
		},
	}
}

// NodeToleration lets a pod onto the test nodes tainted with value.
func NodeToleration(value string) corev1.Toleration {
	return corev1.Toleration{Key: NodeTaintKey, Operator: corev1.TolerationOpEqual, Value: value, Effect: corev1.TaintEffectNoSchedule}
}

// CreateNodes creates the nodes and deletes them when the test ends (their
// pods, if any, are garbage-collected with them).
func CreateNodes(t testing.TB, cs kubernetes.Interface, nodes ...*corev1.Node) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, n := range nodes {
		name := n.Name
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := cs.CoreV1().Nodes().Delete(ctx, name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
				t.Logf("delete node %s: %v", name, err)
			}
		})
		if _, err := cs.CoreV1().Nodes().Create(ctx, n, metav1.CreateOptions{}); err != nil {
			t.Fatalf("create node %s: %v", name, err)
		}
	}
}

// UniqueName is "fdtui-test-<6 hex>", for cluster-scoped objects (nodes,
// pools) that no other test may share.
func UniqueName(t testing.TB) string { return "fdtui-test-" + randomSuffix(t) }

// NodePool creates n Ready nodes (kwok brings them up) in a pool of their
// own, named UniqueName, tainted with the pool's name: pods reach them
// only with a nodeSelector for the pool and NodeToleration(pool). They are
// deleted when the test ends.
func NodePool(t testing.TB, cs kubernetes.Interface, n int) (pool string, names []string) {
	t.Helper()
	pool = UniqueName(t)
	nodes := make([]*corev1.Node, n)
	for i := range nodes {
		nodes[i] = FakeNode(fmt.Sprintf("%s-%d", pool, i+1), pool, pool)
		names = append(names, nodes[i].Name)
	}
	CreateNodes(t, cs, nodes...)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, name := range names {
		for {
			node, err := cs.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
			if err == nil && nodeIsReady(node) {
				break
			}
			if ctx.Err() != nil {
				t.Fatalf("node %s never became Ready (is kwok running? hack/cluster.sh status)", name)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	return pool, names
}

func nodeIsReady(n *corev1.Node) bool {
	for _, c := range n.Status.Conditions {
		if c.Type == corev1.NodeReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}
