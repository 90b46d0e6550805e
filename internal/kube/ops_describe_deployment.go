package kube

import (
	"fmt"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// DescribeDeployment lists what `kubectl describe deployment` shows first:
// revision and change cause, replica counts, strategy, the template's
// images, conditions (a stuck rollout's ProgressDeadlineExceeded among
// them) and the ReplicaSets of each revision, newest first. rss are the
// Deployment's ReplicaSets (e.g. from a lister); others are ignored.
func DescribeDeployment(dep *appsv1.Deployment, rss []*appsv1.ReplicaSet) []DescribeLine {
	d := &describer{}
	d.add(0, "Name", dep.Name)
	d.add(0, "Namespace", dep.Namespace)
	d.addIf(0, "Revision", dep.Annotations[RevisionAnnotation])
	d.addIf(0, "Change Cause", dep.Annotations[ChangeCauseAnnotation])
	d.add(0, "Selector", selectorText(dep.Spec.Selector))
	d.add(0, "Replicas", replicasText(dep))
	d.add(0, "Strategy", strategyText(dep.Spec.Strategy))
	d.add(0, "Min Ready", fmt.Sprintf("%ds", dep.Spec.MinReadySeconds))
	if pd := dep.Spec.ProgressDeadlineSeconds; pd != nil {
		d.add(0, "Progress Deadline", fmt.Sprintf("%ds", *pd))
	}
	if dep.Spec.Paused {
		d.warn(0, "Paused", "true (rollouts wait until resumed)", true)
	}
	for _, c := range dep.Spec.Template.Spec.Containers {
		d.add(0, "Container", c.Name)
		d.add(1, "Image", c.Image)
	}
	d.describeDeploymentConditions(dep.Status.Conditions)
	d.describeReplicaSets(dep, rss)
	return d.lines
}

func selectorText(s *metav1.LabelSelector) string {
	if s == nil {
		return "<none>"
	}
	sel, err := metav1.LabelSelectorAsSelector(s)
	if err != nil {
		return "<invalid: " + err.Error() + ">"
	}
	return orNone(sel.String())
}

func replicasText(dep *appsv1.Deployment) string {
	desired := int32(1)
	if dep.Spec.Replicas != nil {
		desired = *dep.Spec.Replicas
	}
	st := dep.Status
	return fmt.Sprintf("%d desired | %d updated | %d total | %d available | %d unavailable",
		desired, st.UpdatedReplicas, st.Replicas, st.AvailableReplicas, st.UnavailableReplicas)
}

func strategyText(s appsv1.DeploymentStrategy) string {
	text := orNone(string(s.Type))
	if ru := s.RollingUpdate; ru != nil {
		text += fmt.Sprintf(" (maxSurge %s, maxUnavailable %s)", intOrStringText(ru.MaxSurge), intOrStringText(ru.MaxUnavailable))
	}
	return text
}

func (d *describer) describeDeploymentConditions(conds []appsv1.DeploymentCondition) {
	if len(conds) == 0 {
		return
	}
	d.add(0, "Conditions", "")
	for _, c := range conds {
		value := string(c.Status)
		if why := reasonMessage(c.Reason, c.Message); why != "" {
			value += " (" + why + ")"
		}
		d.warn(1, string(c.Type), value, deploymentConditionBad(c))
	}
}

// deploymentConditionBad: Available and Progressing should be True
// (ProgressDeadlineExceeded makes Progressing False); ReplicaFailure
// should not be.
func deploymentConditionBad(c appsv1.DeploymentCondition) bool {
	if c.Type == appsv1.DeploymentReplicaFailure {
		return c.Status == corev1.ConditionTrue
	}
	return c.Status != corev1.ConditionTrue
}

// describeReplicaSets lists the Deployment's ReplicaSets, newest revision
// first, marking the one that matches the current template.
func (d *describer) describeReplicaSets(dep *appsv1.Deployment, rss []*appsv1.ReplicaSet) {
	var owned []*appsv1.ReplicaSet
	for _, rs := range rss {
		if metav1.IsControlledBy(rs, dep) {
			owned = append(owned, rs)
		}
	}
	if len(owned) == 0 {
		return
	}
	sort.SliceStable(owned, func(i, j int) bool { return revisionOf(&owned[i].ObjectMeta) > revisionOf(&owned[j].ObjectMeta) })
	d.add(0, "ReplicaSets", "")
	for _, rs := range owned {
		d.add(1, fmt.Sprintf("revision %d", revisionOf(&rs.ObjectMeta)), replicaSetText(dep, rs))
	}
}

func replicaSetText(dep *appsv1.Deployment, rs *appsv1.ReplicaSet) string {
	desired := int32(0)
	if rs.Spec.Replicas != nil {
		desired = *rs.Spec.Replicas
	}
	var images []string
	for _, c := range rs.Spec.Template.Spec.Containers {
		images = append(images, c.Image)
	}
	text := fmt.Sprintf("%s %d/%d ready, %s", rs.Name, rs.Status.ReadyReplicas, desired, strings.Join(images, ", "))
	if templatesEqualIgnoringHash(&rs.Spec.Template, &dep.Spec.Template) {
		text += " (current)"
	}
	if cause := rs.Annotations[ChangeCauseAnnotation]; cause != "" {
		text += " — " + cause
	}
	return text
}
