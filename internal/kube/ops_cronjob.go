package kube

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"

	batchv1 "k8s.io/api/batch/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	utilrand "k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/kubernetes"
)

// maxJobName is the longest Job name: the Job controller copies it into
// its pods' batch.kubernetes.io/job-name label, a 63-character value.
const maxJobName = 63

// ManualJobName is the name of a Job made by hand from cronJob:
// "<cronJob>-manual-<suffix>", the CronJob's name shortened so that the
// whole stays a valid Job name (k9s names its triggered Jobs this way;
// kubectl create job --from asks for a name).
func ManualJobName(cronJob, suffix string) string {
	tail := "-manual-" + suffix
	if len(cronJob)+len(tail) > maxJobName {
		cronJob = cronJob[:maxJobName-len(tail)]
	}
	return cronJob + tail
}

// JobFromCronJob is the Job `kubectl create job NAME --from=cronjob/X`
// makes (kubectl's createJobFromCronJob): the job template's spec, labels
// and annotations, the annotation cronjob.kubernetes.io/instantiate=manual
// (the template's own annotations win, as in kubectl), and cj as its
// controlling owner, so the CronJob controller counts its success and
// the CronJob's history limits and deletion take it along.
func JobFromCronJob(cj *batchv1.CronJob, name string) *batchv1.Job {
	annotations := map[string]string{AnnotationInstantiate: "manual"}
	maps.Copy(annotations, cj.Spec.JobTemplate.Annotations)
	return &batchv1.Job{
		TypeMeta: metav1.TypeMeta{APIVersion: batchv1.SchemeGroupVersion.String(), Kind: "Job"},
		ObjectMeta: metav1.ObjectMeta{
			Name: name, Namespace: cj.Namespace, Annotations: annotations, Labels: cj.Spec.JobTemplate.Labels,
			OwnerReferences: []metav1.OwnerReference{{
				APIVersion: batchv1.SchemeGroupVersion.String(), Kind: "CronJob",
				Name: cj.Name, UID: cj.UID, Controller: new(true),
			}},
		},
		Spec: *cj.Spec.JobTemplate.Spec.DeepCopy(),
	}
}

// NewManualJobName is ManualJobName with 5 random characters (lower-case
// letters and digits, as generateName uses).
func NewManualJobName(cronJob string) string { return ManualJobName(cronJob, utilrand.String(5)) }

// TriggerCronJob runs a CronJob now: it reads the CronJob fresh (the
// cache holds a compact copy) and creates JobFromCronJob(cj, jobName)
// (NewManualJobName makes one). It returns the new Job. Errors are the
// apiserver's (NotFound, AlreadyExists, Forbidden: create jobs.batch).
func TriggerCronJob(ctx context.Context, cs kubernetes.Interface, ns, name, jobName string) (*batchv1.Job, error) {
	cj, err := cs.BatchV1().CronJobs(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, fmt.Errorf("trigger cronjob %s/%s: %w", ns, name, err)
	}
	job := JobFromCronJob(cj, jobName)
	made, err := cs.BatchV1().Jobs(ns).Create(ctx, job, metav1.CreateOptions{FieldManager: OpsFieldManager})
	if err != nil {
		return nil, fmt.Errorf("trigger cronjob %s/%s: %w", ns, name, err)
	}
	return made, nil
}

// SetCronJobSuspend sets spec.suspend (kubectl patch cronjob X -p
// '{"spec":{"suspend":true}}'): a suspended CronJob starts no new Jobs;
// running ones go on. The blueprint does not set the field, so applying
// the site again keeps what was chosen here.
func SetCronJobSuspend(ctx context.Context, cs kubernetes.Interface, ns, name string, suspend bool) error {
	verb := map[bool]string{true: "suspend", false: "resume"}[suspend]
	body, err := json.Marshal(map[string]any{"spec": map[string]any{"suspend": suspend}})
	if err != nil {
		return fmt.Errorf("%s cronjob %s/%s: %w", verb, ns, name, err)
	}
	if _, err := cs.BatchV1().CronJobs(ns).Patch(ctx, name, types.MergePatchType, body,
		metav1.PatchOptions{FieldManager: OpsFieldManager}); err != nil {
		return fmt.Errorf("%s cronjob %s/%s: %w", verb, ns, name, err)
	}
	return nil
}

// SetCronJobImage sets the image of container in the CronJob's Job
// template (kubectl set image cronjob/X container=image), so the next Job
// runs it. It reports whether anything changed: false without error when
// the CronJob does not exist, has no such container or already runs
// image (a strategic merge patch naming an unknown container would add a
// half-specified one).
func SetCronJobImage(ctx context.Context, cs kubernetes.Interface, ns, name, container, image string) (bool, error) {
	cj, err := cs.BatchV1().CronJobs(ns).Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("set image cronjob %s/%s: %w", ns, name, err)
	}
	found := false
	for _, c := range cj.Spec.JobTemplate.Spec.Template.Spec.Containers {
		if c.Name == container {
			if c.Image == image {
				return false, nil
			}
			found = true
		}
	}
	if !found {
		return false, nil
	}
	body, err := json.Marshal(map[string]any{"spec": map[string]any{"jobTemplate": map[string]any{"spec": map[string]any{
		"template": map[string]any{"spec": map[string]any{"containers": []map[string]string{{"name": container, "image": image}}}}}}}})
	if err != nil {
		return false, fmt.Errorf("set image cronjob %s/%s: %w", ns, name, err)
	}
	if _, err := cs.BatchV1().CronJobs(ns).Patch(ctx, name, types.StrategicMergePatchType, body,
		metav1.PatchOptions{FieldManager: OpsFieldManager}); err != nil {
		return false, fmt.Errorf("set image cronjob %s/%s: %w", ns, name, err)
	}
	return true, nil
}
