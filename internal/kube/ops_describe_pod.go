package kube

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// DescribePod lists what `kubectl describe pod` shows first: where the pod
// runs and why, each container's state with reasons and exit codes, and
// the pod's conditions.
func DescribePod(p *corev1.Pod) []DescribeLine {
	d := &describer{}
	d.add(0, "Name", p.Name)
	d.add(0, "Namespace", p.Namespace)
	d.add(0, "Node", orNone(p.Spec.NodeName))
	status, bad := podStatusText(p)
	d.warn(0, "Status", status, bad)
	d.addIf(0, "Reason", reasonMessage(p.Status.Reason, p.Status.Message))
	d.addIf(0, "Started", timeText(p.Status.StartTime))
	d.addIf(0, "IP", p.Status.PodIP)
	d.addIf(0, "Controlled By", controllerText(p.OwnerReferences))
	d.addIf(0, "QoS Class", string(p.Status.QOSClass))
	d.describeContainers("Init Container", p.Spec.InitContainers, p.Status.InitContainerStatuses)
	d.describeContainers("Container", p.Spec.Containers, p.Status.ContainerStatuses)
	d.describePodConditions(p.Status.Conditions)
	return d.lines
}

// podStatusText is the phase, or what overrides it for a person:
// Terminating (with how long it was given) or a pod-level reason.
func podStatusText(p *corev1.Pod) (string, bool) {
	if p.DeletionTimestamp != nil {
		text := "Terminating since " + timeText(p.DeletionTimestamp)
		if g := p.DeletionGracePeriodSeconds; g != nil {
			text += fmt.Sprintf(" (grace period %ds)", *g)
		}
		return text, true
	}
	phase := string(p.Status.Phase)
	if phase == "" {
		phase = "Unknown"
	}
	return phase, p.Status.Phase == corev1.PodFailed || phase == string(corev1.PodUnknown)
}

func controllerText(refs []metav1.OwnerReference) string {
	for _, r := range refs {
		if r.Controller != nil && *r.Controller {
			return r.Kind + "/" + r.Name
		}
	}
	return ""
}

func (d *describer) describeContainers(label string, specs []corev1.Container, statuses []corev1.ContainerStatus) {
	byName := map[string]*corev1.ContainerStatus{}
	for i := range statuses {
		byName[statuses[i].Name] = &statuses[i]
	}
	for _, c := range specs {
		d.add(0, label, c.Name)
		d.add(1, "Image", c.Image)
		d.addIf(1, "Ports", portsText(c.Ports))
		d.describeContainerStatus(byName[c.Name])
		d.addIf(1, "Requests", resourcesText(c.Resources.Requests))
		d.addIf(1, "Limits", resourcesText(c.Resources.Limits))
	}
}

func (d *describer) describeContainerStatus(st *corev1.ContainerStatus) {
	if st == nil {
		d.add(1, "State", "not created yet")
		return
	}
	state, bad := containerStateText(st.State)
	d.warn(1, "State", state, bad)
	if last, lastBad := containerStateText(st.LastTerminationState); last != "" {
		d.warn(1, "Last State", last, lastBad)
	}
	d.warn(1, "Ready", fmt.Sprint(st.Ready), !st.Ready)
	d.warn(1, "Restart Count", itoa32(st.RestartCount), st.RestartCount > 0)
}

// containerStateText says what a container is doing; bad is true for
// waiting and for a non-zero exit.
func containerStateText(s corev1.ContainerState) (string, bool) {
	switch {
	case s.Running != nil:
		return "Running since " + timeText(&s.Running.StartedAt), false
	case s.Waiting != nil:
		return "Waiting: " + orNone(reasonMessage(s.Waiting.Reason, s.Waiting.Message)), true
	case s.Terminated != nil:
		return terminatedText(s.Terminated), s.Terminated.ExitCode != 0
	}
	return "", false
}

func terminatedText(t *corev1.ContainerStateTerminated) string {
	parts := []string{"Terminated: " + orNone(t.Reason), fmt.Sprintf("exit code %d", t.ExitCode)}
	if t.Signal != 0 {
		parts = append(parts, fmt.Sprintf("signal %d", t.Signal))
	}
	if t.Message != "" {
		parts = append(parts, t.Message)
	}
	if from, to := timeText(&t.StartedAt), timeText(&t.FinishedAt); from != "" || to != "" {
		parts = append(parts, from+" -> "+to)
	}
	return strings.Join(parts, ", ")
}

func portsText(ports []corev1.ContainerPort) string {
	parts := make([]string, len(ports))
	for i, p := range ports {
		parts[i] = fmt.Sprintf("%d/%s", p.ContainerPort, orDefault(string(p.Protocol), "TCP"))
		if p.Name != "" {
			parts[i] += " (" + p.Name + ")"
		}
	}
	return strings.Join(parts, ", ")
}

func resourcesText(r corev1.ResourceList) string {
	var parts []string
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory, corev1.ResourceEphemeralStorage} {
		if q, ok := r[name]; ok {
			parts = append(parts, string(name)+" "+q.String())
		}
	}
	return strings.Join(parts, ", ")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (d *describer) describePodConditions(conds []corev1.PodCondition) {
	if len(conds) == 0 {
		return
	}
	d.add(0, "Conditions", "")
	for _, c := range conds {
		value := string(c.Status)
		if why := reasonMessage(c.Reason, c.Message); why != "" {
			value += " (" + why + ")"
		}
		d.warn(1, string(c.Type), value, c.Status != corev1.ConditionTrue)
	}
}
