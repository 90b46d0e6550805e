package fleet

import (
	"maps"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/model"
)

// NewNode is bench node i, labelled like a DOKS node of pool "bench"
// (hack/localcluster/lib/nodes.sh makes the "web" and "db" ones). kwok
// plays its kubelet. The pod capacity is above DOKS' 110 because 10,000
// pods on 50 nodes is the benchmark's shape, not a real pool's.
func NewNode(i int) *corev1.Node {
	name := NodeName(i)
	capacity := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("4"),
		corev1.ResourceMemory: resource.MustParse("8148236Ki"), corev1.ResourcePods: resource.MustParse("250")}
	alloc := corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("3900m"),
		corev1.ResourceMemory: resource.MustParse("6656Mi"), corev1.ResourcePods: resource.MustParse("250")}
	labels := map[string]string{model.LabelDOPool: NodePool, "doks.digitalocean.com/managed": "true",
		"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
		"node.kubernetes.io/instance-type": "s-4vcpu-8gb", "topology.kubernetes.io/region": "nyc3", "type": "kwok"}
	maps.Copy(labels, BenchLabels())
	return &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels, Annotations: map[string]string{
			"kwok.x-k8s.io/node":                   "fake",
			"node.alpha.kubernetes.io/ttl":         "0",
			"metrics.k8s.io/resource-metrics-path": "/metrics/nodes/" + name + "/metrics/resource",
		}},
		Spec: corev1.NodeSpec{ProviderID: "digitalocean://" + name},
		Status: corev1.NodeStatus{Capacity: capacity, Allocatable: alloc,
			Addresses: []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "127.0.0.1"}, {Type: corev1.NodeHostName, Address: name}},
			NodeInfo: corev1.NodeSystemInfo{Architecture: "amd64", OperatingSystem: "linux", OSImage: "Debian GNU/Linux 12 (bookworm)",
				KernelVersion: "6.1.0-31-amd64", ContainerRuntimeVersion: "containerd://1.7.27", KubeletVersion: "v1.36.3"}},
	}
}
