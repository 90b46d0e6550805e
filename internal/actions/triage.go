package actions

import (
	"context"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// RollbackWeb rolls the site's web Deployment back to revision (kubectl
// rollout undo --to-revision semantics; works on a stuck rollout) and
// returns the one-line result.
func RollbackWeb(ctx context.Context, cs kubernetes.Interface, ns string, revision int64) (string, error) {
	res, err := kube.RollbackDeployment(ctx, cs, ns, model.WebDeployment, revision)
	if err != nil {
		return "", err
	}
	return "web in " + ns + ": " + res.String() + "; new pods are coming up" + cronFollowsWeb(ctx, cs, ns), nil
}

// RestartWeb replaces every web pod, one at a time (kubectl rollout
// restart).
func RestartWeb(ctx context.Context, cs kubernetes.Interface, ns string) (string, error) {
	if err := kube.RestartDeployment(ctx, cs, ns, model.WebDeployment, time.Now()); err != nil {
		return "", err
	}
	return "web in " + ns + " restarting: pods are replaced one at a time", nil
}

// PauseWeb pauses (or resumes) the web rollout.
func PauseWeb(ctx context.Context, cs kubernetes.Interface, ns string, paused bool) (string, error) {
	if err := kube.SetDeploymentPaused(ctx, cs, ns, model.WebDeployment, paused); err != nil {
		return "", err
	}
	what := "resumed"
	if paused {
		what = "paused"
	}
	return "web in " + ns + ": rollout " + what, nil
}

// DeletePod deletes a pod (force: at once, grace period 0, like kubectl
// delete --force); then says what follows ("waiting for its
// replacement", "nothing recreates it"), which only the caller knows.
func DeletePod(ctx context.Context, cs kubernetes.Interface, ns, name string, force bool, then string) (string, error) {
	if err := kube.DeletePod(ctx, cs, ns, name, force); err != nil {
		return "", err
	}
	return "pod " + name + " deleted; " + then, nil
}

// RollImage sets a container's image on web, first applying the Flight
// Deck rollout strategy when asked, and records cause as the change-cause.
func RollImage(ctx context.Context, cs kubernetes.Interface, ns, container, image, cause string, setStrategy bool, progressDeadline int32) (string, error) {
	if setStrategy {
		if err := kube.EnsureStrategy(ctx, cs, ns, model.WebDeployment, progressDeadline); err != nil {
			return "", err
		}
	}
	if err := kube.SetImage(ctx, cs, ns, model.WebDeployment, container, image, cause); err != nil {
		return "", err
	}
	return "web in " + ns + " rolling to " + image + "; watch the progress here" + cronFollowsWeb(ctx, cs, ns), nil
}

// cronFollowsWeb gives the drupal-cron CronJob web's site image, so `drush
// cron` runs the code the site serves (after a new image or a rollback an
// old cron against a migrated database could break it). It returns the
// words for the result line: "" when nothing changed, and the reason when
// the CronJob could not be changed (RBAC may allow the Deployment and not
// the CronJob): the web change stands either way.
func cronFollowsWeb(ctx context.Context, cs kubernetes.Interface, ns string) string {
	d, err := cs.AppsV1().Deployments(ns).Get(ctx, model.WebDeployment, metav1.GetOptions{})
	if err != nil {
		return "; drupal-cron not changed: " + err.Error()
	}
	image := ""
	for _, c := range d.Spec.Template.Spec.Containers {
		if c.Name == model.MainContainerName {
			image = c.Image
		}
	}
	if image == "" {
		return ""
	}
	changed, err := kube.SetCronJobImage(ctx, cs, ns, blueprint.CronJobCron, model.MainContainerName, image)
	switch {
	case err != nil:
		return "; drupal-cron still runs its old image: " + err.Error()
	case changed:
		return "; drupal-cron follows"
	}
	return ""
}
