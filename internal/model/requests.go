package model

import (
	corev1 "k8s.io/api/core/v1"
)

// resources is a CPU/memory pair: millicores and bytes.
type resources struct{ cpu, mem int64 }

func (r resources) plus(o resources) resources { return resources{r.cpu + o.cpu, r.mem + o.mem} }

func (r resources) max(o resources) resources {
	return resources{max(r.cpu, o.cpu), max(r.mem, o.mem)}
}

func requestsOf(list corev1.ResourceList) resources {
	var r resources
	if q, ok := list[corev1.ResourceCPU]; ok {
		r.cpu = q.MilliValue()
	}
	if q, ok := list[corev1.ResourceMemory]; ok {
		r.mem = q.Value()
	}
	return r
}

// podRequests is what the scheduler reserves for p (as
// k8s.io/component-helpers/resource.PodRequests): app containers plus
// sidecars, or the largest regular init container plus the sidecars started
// before it, whichever is larger; plus the runtime class overhead.
// Pod-level requests (spec.resources), when set, replace the sum.
func podRequests(p *corev1.Pod) resources {
	var apps resources
	for _, c := range p.Spec.Containers {
		apps = apps.plus(requestsOf(c.Resources.Requests))
	}
	var sidecars, initPeak resources
	for _, c := range p.Spec.InitContainers {
		req := requestsOf(c.Resources.Requests)
		if isSidecar(&c) {
			apps = apps.plus(req)
			sidecars = sidecars.plus(req)
			initPeak = initPeak.max(sidecars)
			continue
		}
		initPeak = initPeak.max(req.plus(sidecars))
	}
	total := apps.max(initPeak)
	total = withPodLevelRequests(total, p.Spec.Resources)
	return total.plus(requestsOf(p.Spec.Overhead))
}

func withPodLevelRequests(r resources, pod *corev1.ResourceRequirements) resources {
	if pod == nil {
		return r
	}
	if q, ok := pod.Requests[corev1.ResourceCPU]; ok {
		r.cpu = q.MilliValue()
	}
	if q, ok := pod.Requests[corev1.ResourceMemory]; ok {
		r.mem = q.Value()
	}
	return r
}
