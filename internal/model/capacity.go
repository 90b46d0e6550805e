package model

import (
	"sort"

	corev1 "k8s.io/api/core/v1"
)

// poolLabels name a node's pool on common providers, most specific first.
var poolLabels = []string{
	LabelDOPool,
	"cloud.google.com/gke-nodepool",
	"eks.amazonaws.com/nodegroup",
	"kubernetes.azure.com/agentpool",
	"agentpool",
	"node.kubernetes.io/pool",
	"pool",
}

// DeriveCapacity lines up allocatable, requested and (when metrics are
// available) used CPU and memory per node. Rows are sorted by pool, then
// name. total sums all nodes; total.HasUsage is true only when every ready
// node reported usage, so a partial sum is never shown as the whole.
func DeriveCapacity(nodes []*corev1.Node, pods []*corev1.Pod, usage map[string]Usage) (rows []NodeCapacity, total NodeCapacity) {
	podsByNode := activePodsByNode(pods)
	total = NodeCapacity{Name: "total", Ready: true, HasUsage: len(nodes) > 0}
	for _, n := range nodes {
		if n == nil {
			continue
		}
		row := nodeCapacity(n, podsByNode[n.Name], usage)
		rows = append(rows, row)
		total = addCapacity(total, row)
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Pool != rows[j].Pool {
			return rows[i].Pool < rows[j].Pool
		}
		return rows[i].Name < rows[j].Name
	})
	return rows, total
}

// NodeStatus is kubectl's STATUS column for a node (printNode in
// k8s.io/kubernetes/pkg/printers/internalversion): "Ready", "NotReady"
// (the Ready condition False or Unknown), "Unknown" (no Ready condition),
// followed by ",SchedulingDisabled" when the node is cordoned
// (spec.unschedulable).
func NodeStatus(n *corev1.Node) string {
	status := "Unknown"
	if c := readyCondition(n); c != nil {
		status = "NotReady"
		if c.Status == corev1.ConditionTrue {
			status = "Ready"
		}
	}
	if n.Spec.Unschedulable {
		status += ",SchedulingDisabled"
	}
	return status
}

// readyCondition is the node's Ready condition; of several (the API
// accepts duplicates), the last, as printNode reads them into a map.
func readyCondition(n *corev1.Node) *corev1.NodeCondition {
	var ready *corev1.NodeCondition
	for i := range n.Status.Conditions {
		if n.Status.Conditions[i].Type == corev1.NodeReady {
			ready = &n.Status.Conditions[i]
		}
	}
	return ready
}

// nodeSchedulable: Ready and not cordoned; only such nodes' room can take
// new pods.
func nodeSchedulable(n *corev1.Node) bool { return nodeReady(n) && !n.Spec.Unschedulable }

func nodeCapacity(n *corev1.Node, pods []*corev1.Pod, usage map[string]Usage) NodeCapacity {
	alloc := n.Status.Allocatable
	row := NodeCapacity{
		Name:        n.Name,
		Pool:        nodePool(n),
		Ready:       nodeReady(n),
		Status:      NodeStatus(n),
		Schedulable: nodeSchedulable(n),
		AllocCPU:    alloc.Cpu().MilliValue(),
		AllocMem:    alloc.Memory().Value(),
		AllocPods:   alloc.Pods().Value(),
		Pods:        len(pods),
	}
	for _, p := range pods {
		req := podRequests(p)
		row.ReqCPU += req.cpu
		row.ReqMem += req.mem
	}
	if u, ok := usage[n.Name]; ok {
		row.UseCPU, row.UseMem, row.HasUsage = u.CPU, u.Mem, true
	}
	return row
}

func addCapacity(total, row NodeCapacity) NodeCapacity {
	total.Ready = total.Ready && row.Ready
	if row.Schedulable {
		total.FreeCPU += max(0, row.AllocCPU-row.ReqCPU)
		total.FreeMem += max(0, row.AllocMem-row.ReqMem)
	} else {
		total.Unschedulable++
	}
	total.AllocCPU += row.AllocCPU
	total.AllocMem += row.AllocMem
	total.AllocPods += row.AllocPods
	total.ReqCPU += row.ReqCPU
	total.ReqMem += row.ReqMem
	total.UseCPU += row.UseCPU
	total.UseMem += row.UseMem
	total.Pods += row.Pods
	if row.Ready && !row.HasUsage {
		total.HasUsage = false
	}
	return total
}

// activePodsByNode groups scheduled pods that still hold their requests:
// Succeeded and Failed pods release them.
func activePodsByNode(pods []*corev1.Pod) map[string][]*corev1.Pod {
	m := map[string][]*corev1.Pod{}
	for _, p := range pods {
		if p == nil || p.Spec.NodeName == "" || podTerminal(p) {
			continue
		}
		m[p.Spec.NodeName] = append(m[p.Spec.NodeName], p)
	}
	return m
}

func nodePool(n *corev1.Node) string {
	for _, l := range poolLabels {
		if v := n.Labels[l]; v != "" {
			return v
		}
	}
	return ""
}
