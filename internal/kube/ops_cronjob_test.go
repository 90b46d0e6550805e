package kube

import (
	"context"
	"reflect"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"
)

func TestManualJobName(t *testing.T) {
	if got := ManualJobName("drupal-cron", "x7k2p"); got != "drupal-cron-manual-x7k2p" {
		t.Errorf("got %q", got)
	}
	long := strings.Repeat("a", 60)
	if got := ManualJobName(long, "x7k2p"); len(got) != 63 || !strings.HasSuffix(got, "-manual-x7k2p") {
		t.Errorf("got %q (%d)", got, len(got))
	}
	if a, b := NewManualJobName("backup"), NewManualJobName("backup"); a == b || !strings.HasPrefix(a, "backup-manual-") {
		t.Errorf("names %q %q", a, b)
	}
}

// TestJobFromCronJobIsKubectls checks the Job against what kubectl create
// job --from=cronjob/X makes: the template's spec and labels, its
// annotations over instantiate=manual, and the CronJob as controller.
func TestJobFromCronJobIsKubectls(t *testing.T) {
	cj := &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: "drupal-cron", Namespace: "shop", UID: "uid-1"},
		Spec: batchv1.CronJobSpec{Schedule: "*/15 * * * *", JobTemplate: batchv1.JobTemplateSpec{
			ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app.kubernetes.io/component": "cron"},
				Annotations: map[string]string{"team": "web"}},
			Spec: batchv1.JobSpec{BackoffLimit: new(int32(1)), Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				RestartPolicy: corev1.RestartPolicyNever, Containers: []corev1.Container{{Name: "web", Image: "web:1", Command: []string{"drush", "cron"}}}}}},
		}},
	}
	j := JobFromCronJob(cj, "drupal-cron-manual-abcde")
	if j.Name != "drupal-cron-manual-abcde" || j.Namespace != "shop" {
		t.Errorf("name %s/%s", j.Namespace, j.Name)
	}
	if !reflect.DeepEqual(j.Annotations, map[string]string{AnnotationInstantiate: "manual", "team": "web"}) ||
		!reflect.DeepEqual(j.Labels, cj.Spec.JobTemplate.Labels) {
		t.Errorf("annotations %v labels %v", j.Annotations, j.Labels)
	}
	ref := j.OwnerReferences
	if len(ref) != 1 || ref[0].Kind != "CronJob" || ref[0].Name != "drupal-cron" || ref[0].UID != "uid-1" ||
		ref[0].APIVersion != "batch/v1" || ref[0].Controller == nil || !*ref[0].Controller {
		t.Errorf("owner %+v", ref)
	}
	if !reflect.DeepEqual(j.Spec, cj.Spec.JobTemplate.Spec) {
		t.Errorf("spec %+v", j.Spec)
	}
	j.Spec.Template.Spec.Containers[0].Image = "changed"
	if cj.Spec.JobTemplate.Spec.Template.Spec.Containers[0].Image != "web:1" {
		t.Errorf("the Job shares the CronJob's template")
	}
}

func TestTriggerAndSuspend(t *testing.T) {
	cs := fake.NewClientset(&batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Name: "backup", Namespace: "shop"}})
	ctx := context.Background()
	if _, err := TriggerCronJob(ctx, cs, "shop", "backup", "backup-manual-abcde"); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.BatchV1().Jobs("shop").Get(ctx, "backup-manual-abcde", metav1.GetOptions{}); err != nil {
		t.Errorf("job: %v", err)
	}
	if _, err := TriggerCronJob(ctx, cs, "shop", "nope", "nope-manual-abcde"); err == nil || !strings.Contains(err.Error(), "trigger cronjob shop/nope") {
		t.Errorf("missing cronjob: %v", err)
	}
	if err := SetCronJobSuspend(ctx, cs, "shop", "backup", true); err != nil {
		t.Fatal(err)
	}
	got, _ := cs.BatchV1().CronJobs("shop").Get(ctx, "backup", metav1.GetOptions{})
	if got.Spec.Suspend == nil || !*got.Spec.Suspend {
		t.Errorf("not suspended: %+v", got.Spec)
	}
}
