package main

import (
	"context"
	"encoding/json"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// rollManager is the field manager of the seed's applies and image rolls,
// as a CI job's `kubectl apply` and `kubectl set image` would have their
// own.
const rollManager = "fdtui-seed"

// liveImage is the web container's image in namespace ns ("" when the
// site has no web Deployment yet).
func liveImage(ctx context.Context, cs kubernetes.Interface, ns string) (string, error) {
	d, err := cs.AppsV1().Deployments(ns).Get(ctx, blueprint.ComponentWeb, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	for _, c := range d.Spec.Template.Spec.Containers {
		if c.Name == blueprint.ComponentWeb {
			return c.Image, nil
		}
	}
	return "", nil
}

// midRolloutMinReady makes each step of the mid-rollout site's roll wait
// 45 s, so three pods take ~2.5 min and the site is ROLLING when fdtui
// opens. It is set with the roll, not before: the old ReplicaSet keeps its
// own minReadySeconds, so the pods it runs stay available meanwhile.
const midRolloutMinReady = 45

// rollImage deploys image to the web container the way CI does: one
// strategic merge patch setting the image and the change-cause, which the
// deployment controller copies onto the new ReplicaSet for the history.
// minReady, when not 0, also sets the Deployment's minReadySeconds.
func rollImage(ctx context.Context, cs kubernetes.Interface, ns, image string, minReady int32) error {
	spec := map[string]any{"template": map[string]any{"spec": map[string]any{
		"containers": []map[string]string{{"name": blueprint.ComponentWeb, "image": image}},
	}}}
	if minReady != 0 {
		spec["minReadySeconds"] = minReady
	}
	patch := map[string]any{
		"metadata": map[string]any{"annotations": map[string]string{annChangeCause: changeCause(image)}},
		"spec":     spec,
	}
	body, err := json.Marshal(patch)
	if err != nil {
		return err
	}
	_, err = cs.AppsV1().Deployments(ns).Patch(ctx, blueprint.ComponentWeb, types.StrategicMergePatchType, body,
		metav1.PatchOptions{FieldManager: rollManager})
	return err
}
