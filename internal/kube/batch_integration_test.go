package kube

import (
	"context"
	"reflect"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// CronJobs and Jobs reach a full connection's listers, as compact copies
// (no pod template in a Job, none but the compact one in a CronJob); a
// lean one (the fleet) does not watch them at all.
func TestCronJobsWatchedExceptLean(t *testing.T) {
	cfg, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := context.Background()
	tmpl := corev1.PodTemplateSpec{Spec: corev1.PodSpec{RestartPolicy: corev1.RestartPolicyNever,
		Containers: []corev1.Container{{Name: "web", Image: "registry.example.com/site:4f9c2e1", Command: []string{"drush", "cron"}}}}}
	cj := &batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Name: "drupal-cron", Namespace: ns},
		Spec: batchv1.CronJobSpec{Schedule: "0 0 1 1 *", Suspend: new(true),
			JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: tmpl}}}}
	made, err := cs.BatchV1().CronJobs(ns).Create(ctx, cj, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := TriggerCronJob(ctx, cs, ns, made.Name, "drupal-cron-manual-test1"); err != nil {
		t.Fatal(err)
	}

	full, err := Connect("test", cfg, Options{Namespaces: []string{ns}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(full.Stop)
	lean, err := Connect("test", cfg, Options{Namespaces: []string{ns}, Lean: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(lean.Stop)
	wait, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if !full.WaitForSync(wait) || !lean.WaitForSync(wait) {
		t.Fatal("no sync")
	}

	got, err := full.Listers.CronJobs.CronJobs(ns).Get("drupal-cron")
	if err != nil || got.Spec.Schedule != "0 0 1 1 *" || got.Spec.Suspend == nil || !*got.Spec.Suspend {
		t.Fatalf("cronjob %+v, %v", got, err)
	}
	if c := got.Spec.JobTemplate.Spec.Template.Spec.Containers; len(c) != 1 || c[0].Command != nil {
		t.Errorf("cached template containers %+v: want the compact copy", c)
	}
	var job *batchv1.Job
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if job, err = full.Listers.Jobs.Jobs(ns).Get("drupal-cron-manual-test1"); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("job: %v", err)
	}
	if job.Annotations[AnnotationInstantiate] != "manual" || len(job.OwnerReferences) != 1 ||
		!reflect.DeepEqual(job.Spec.Template, corev1.PodTemplateSpec{}) {
		t.Errorf("cached job: annotations %v owners %v template %+v", job.Annotations, job.OwnerReferences, job.Spec.Template)
	}
	for _, sc := range lean.scopes {
		started := sc.factory.WaitForCacheSync(wait.Done())
		for _, kind := range []reflect.Type{reflect.TypeOf(&batchv1.CronJob{}), reflect.TypeOf(&batchv1.Job{})} {
			if _, ok := started[kind]; ok {
				t.Errorf("%v informer started on a lean connection", kind)
			}
		}
	}
	if _, err := lean.Listers.CronJobs.CronJobs(ns).Get("drupal-cron"); err == nil {
		t.Error("the lean connection holds the CronJob")
	}
}
