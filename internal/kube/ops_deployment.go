package kube

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

// OpsFieldManager names fdtui's imperative changes (rollback, restart,
// image, strategy, pause) in managedFields, apart from its server-side
// applies, the way kubectl uses "kubectl-rollout" and "kubectl-set".
const OpsFieldManager = "fdtui-ops"

// RestartedAtAnnotation is the pod-template annotation `kubectl rollout
// restart` sets; changing it is what makes the controller roll new pods.
const RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt"

// ErrRestartPaused: kubectl refuses to restart a paused Deployment because
// the new template would not roll until it is resumed.
var ErrRestartPaused = errors.New("cannot restart a paused deployment; resume it first")

// RestartDeployment does what `kubectl rollout restart` does: a strategic
// merge patch of the pod template's restartedAt annotation to now.
func RestartDeployment(ctx context.Context, cs kubernetes.Interface, ns, name string, now time.Time) error {
	d, err := cs.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("restart %s/%s: %w", ns, name, err)
	}
	if d.Spec.Paused {
		return fmt.Errorf("restart %s/%s: %w", ns, name, ErrRestartPaused)
	}
	patch := map[string]any{"spec": map[string]any{"template": map[string]any{"metadata": map[string]any{
		"annotations": map[string]string{RestartedAtAnnotation: now.Format(time.RFC3339)},
	}}}}
	return patchDeployment(ctx, cs, ns, name, "restart", types.StrategicMergePatchType, patch)
}

// SetDeploymentPaused pauses or resumes a Deployment's rollouts
// (`kubectl rollout pause|resume`). Setting the state it already has is
// not an error.
func SetDeploymentPaused(ctx context.Context, cs kubernetes.Interface, ns, name string, paused bool) error {
	verb := map[bool]string{true: "pause", false: "resume"}[paused]
	patch := map[string]any{"spec": map[string]any{"paused": paused}}
	return patchDeployment(ctx, cs, ns, name, verb, types.MergePatchType, patch)
}

// SetImage sets one container's image and records changeCause as the
// Deployment's kubernetes.io/change-cause in the same patch, so the new
// revision's ReplicaSet carries it (e.g. "fdtui: web image -> reg/x:4f9c2e1").
// An empty changeCause leaves the annotation alone.
func SetImage(ctx context.Context, cs kubernetes.Interface, ns, deployment, container, image, changeCause string) error {
	if image == "" {
		return fmt.Errorf("set image %s/%s: empty image", ns, deployment)
	}
	d, err := cs.AppsV1().Deployments(ns).Get(ctx, deployment, metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("set image %s/%s: %w", ns, deployment, err)
	}
	// A strategic merge patch naming an unknown container would add a new,
	// half-specified container instead of failing.
	if !hasContainer(d, container) {
		return fmt.Errorf("set image %s/%s: no container %q (have %s)", ns, deployment, container, strings.Join(containerNames(d), ", "))
	}
	patch := map[string]any{"spec": map[string]any{"template": map[string]any{"spec": map[string]any{
		"containers": []map[string]string{{"name": container, "image": image}},
	}}}}
	if changeCause != "" {
		patch["metadata"] = map[string]any{"annotations": map[string]string{ChangeCauseAnnotation: changeCause}}
	}
	return patchDeployment(ctx, cs, ns, deployment, "set image", types.StrategicMergePatchType, patch)
}

func hasContainer(d *appsv1.Deployment, name string) bool {
	for _, c := range d.Spec.Template.Spec.Containers {
		if c.Name == name {
			return true
		}
	}
	return false
}

func containerNames(d *appsv1.Deployment) []string {
	var names []string
	for _, c := range d.Spec.Template.Spec.Containers {
		names = append(names, c.Name)
	}
	return names
}

func patchDeployment(ctx context.Context, cs kubernetes.Interface, ns, name, what string, pt types.PatchType, patch any) error {
	body, err := json.Marshal(patch)
	if err != nil {
		return fmt.Errorf("%s %s/%s: %w", what, ns, name, err)
	}
	if _, err := cs.AppsV1().Deployments(ns).Patch(ctx, name, pt, body, metav1.PatchOptions{FieldManager: OpsFieldManager}); err != nil {
		return fmt.Errorf("%s %s/%s: %w", what, ns, name, err)
	}
	return nil
}
