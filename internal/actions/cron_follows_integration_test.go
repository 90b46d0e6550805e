package actions

import (
	"context"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/testenv"
)

// A new image on web, then a rollback: drupal-cron runs the image web
// runs each time, so `drush cron` never runs old code against a database
// the new code migrated (or the reverse).
func TestLiveCronFollowsWebImage(t *testing.T) {
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	liveWeb(ctx, t, cs, ns, 1)
	cj := &batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Name: blueprint.CronJobCron, Namespace: ns}, Spec: batchv1.CronJobSpec{
		Schedule: blueprint.DefaultCronSchedule, Suspend: new(true),
		JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
			RestartPolicy: corev1.RestartPolicyNever,
			Containers:    []corev1.Container{{Name: WebContainer, Image: "registry.example.com/site:1.0", Command: []string{"drush", "cron"}}}}}}}}}
	if _, err := cs.BatchV1().CronJobs(ns).Create(ctx, cj, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	cronImage := func() string {
		got, err := cs.BatchV1().CronJobs(ns).Get(ctx, blueprint.CronJobCron, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return got.Spec.JobTemplate.Spec.Template.Spec.Containers[0].Image
	}

	msg, err := RollImage(ctx, cs, ns, WebContainer, "registry.example.com/site:2.0", "test", false, 0)
	if err != nil || !strings.Contains(msg, "drupal-cron follows") {
		t.Fatalf("roll image: %q, %v", msg, err)
	}
	if got := cronImage(); got != "registry.example.com/site:2.0" {
		t.Fatalf("drupal-cron runs %s after the new image, want site:2.0", got)
	}
	liveWebRevisions(ctx, t, cs, ns, 2)
	msg, err = RollbackWeb(ctx, cs, ns, 0)
	if err != nil || !strings.Contains(msg, "drupal-cron follows") {
		t.Fatalf("rollback: %q, %v", msg, err)
	}
	if got := cronImage(); got != "registry.example.com/site:1.0" {
		t.Fatalf("drupal-cron runs %s after the rollback, want site:1.0", got)
	}
}

// liveWebRevisions waits until web has n ReplicaSets (revisions).
func liveWebRevisions(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns string, n int) {
	t.Helper()
	err := wait.PollUntilContextCancel(ctx, 200*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		rss, err := cs.AppsV1().ReplicaSets(ns).List(ctx, metav1.ListOptions{})
		return err == nil && len(rss.Items) >= n, nil
	})
	if err != nil {
		t.Fatalf("waiting for %d revisions of web: %v", n, err)
	}
}
