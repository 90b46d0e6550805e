package model

import (
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// ForwardPod is the pod a port-forward to a Service uses, among pods (those
// the Service's selector matches): current while it is Ready and not
// terminating, else the newest such pod (a rolling update replaces the
// oldest first, so the newest stays longest), by name on a tie; "" when
// none is Ready. kubectl port-forward svc/NAME picks once and dies with
// its pod; fdtui asks again whenever the pod it uses goes away.
func ForwardPod(current string, pods []*corev1.Pod) string {
	var ready []*corev1.Pod
	for _, p := range pods {
		if p.DeletionTimestamp != nil || p.Status.Phase != corev1.PodRunning || !podConditionTrue(p, corev1.PodReady) {
			continue
		}
		if p.Name == current {
			return current
		}
		ready = append(ready, p)
	}
	if len(ready) == 0 {
		return ""
	}
	slices.SortFunc(ready, func(a, b *corev1.Pod) int {
		if c := b.CreationTimestamp.Compare(a.CreationTimestamp.Time); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return ready[0].Name
}

// ForwardPodGone says why a forward's pod no longer serves it: "is gone"
// (not in pods), "is terminating", or "is not Ready".
func ForwardPodGone(name string, pods []*corev1.Pod) string {
	for _, p := range pods {
		if p.Name != name {
			continue
		}
		if p.DeletionTimestamp != nil {
			return "is terminating"
		}
		return "is not Ready"
	}
	return "is gone"
}
