package main

import (
	"context"
	"encoding/json"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// writeStatus patches the pod's status subresource as the kubelet would
// after the last container: each container terminated with its exit
// code (Completed or Error), one that never ran waiting, the phase
// Succeeded when every container exited 0, else Failed.
func (r *runner) writeStatus(ctx context.Context, pod *corev1.Pod, inits, mains []result) error {
	phase := corev1.PodSucceeded
	for _, res := range append(append([]result{}, inits...), mains...) {
		if res.exitCode != 0 || !res.ran {
			phase = corev1.PodFailed
		}
	}
	now := metav1.NewTime(time.Now())
	reason := "PodCompleted"
	if phase == corev1.PodFailed {
		reason = "PodFailed"
	}
	cond := func(t corev1.PodConditionType, s corev1.ConditionStatus, reason string) corev1.PodCondition {
		return corev1.PodCondition{Type: t, Status: s, Reason: reason, LastTransitionTime: now}
	}
	initialized := corev1.ConditionTrue
	for _, res := range inits {
		if res.exitCode != 0 || !res.ran {
			initialized = corev1.ConditionFalse
		}
	}
	status := map[string]any{
		"phase": phase,
		"conditions": []corev1.PodCondition{
			cond(corev1.PodInitialized, initialized, ""),
			cond(corev1.PodReady, corev1.ConditionFalse, reason),
			cond(corev1.ContainersReady, corev1.ConditionFalse, reason),
			cond(corev1.PodScheduled, corev1.ConditionTrue, ""),
		},
		"initContainerStatuses": containerStatuses(pod.Spec.InitContainers, inits, pod.Status.InitContainerStatuses),
		"containerStatuses":     containerStatuses(pod.Spec.Containers, mains, pod.Status.ContainerStatuses),
	}
	patch, err := json.Marshal(map[string]any{"status": status})
	if err != nil {
		return err
	}
	_, err = r.cs.CoreV1().Pods(pod.Namespace).Patch(ctx, pod.Name, types.StrategicMergePatchType, patch, metav1.PatchOptions{}, "status")
	return err
}

func containerStatuses(specs []corev1.Container, results []result, was []corev1.ContainerStatus) []corev1.ContainerStatus {
	out := make([]corev1.ContainerStatus, 0, len(specs))
	for i, c := range specs {
		st := corev1.ContainerStatus{Name: c.Name, Image: c.Image}
		for _, w := range was {
			if w.Name == c.Name {
				st.ImageID, st.ContainerID = w.ImageID, w.ContainerID
			}
		}
		res := results[i]
		if !res.ran && res.exitCode == 0 {
			st.State.Waiting = &corev1.ContainerStateWaiting{Reason: "PodInitializing"}
			out = append(out, st)
			continue
		}
		reason := "Completed"
		if res.exitCode != 0 {
			reason = "Error"
		}
		started := res.started
		if started.IsZero() {
			started = time.Now()
		}
		finish := res.finish
		if finish.IsZero() {
			finish = started
		}
		st.State.Terminated = &corev1.ContainerStateTerminated{
			ExitCode: res.exitCode, Reason: reason, Message: res.message, ContainerID: st.ContainerID,
			StartedAt: metav1.NewTime(started), FinishedAt: metav1.NewTime(finish),
		}
		out = append(out, st)
	}
	return out
}
