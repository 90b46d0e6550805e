package actions

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// CreateJobFromCronJob starts a Job from a CronJob's jobTemplate now, as
// `kubectl create job NAME --from=cronjob/CRONJOB` does (kube.JobFromCronJob,
// named <cronjob>-manual-<5 random characters>): the CronJobs page's
// trigger and back up now are the same operation.
func CreateJobFromCronJob(ctx context.Context, cs kubernetes.Interface, namespace, cronJob string) (*batchv1.Job, error) {
	job, err := kube.TriggerCronJob(ctx, cs, namespace, cronJob, kube.NewManualJobName(cronJob))
	if apierrors.IsNotFound(err) {
		return nil, fmt.Errorf("no CronJob %s in %s", cronJob, namespace)
	}
	return job, err
}

// JobOutcome is how a Job ended.
type JobOutcome struct {
	Job       string
	Succeeded bool
	// Reason is the Failed condition's reason and message
	// (BackoffLimitExceeded, DeadlineExceeded).
	Reason string
	// Pod is the last failed pod, Container its failing container
	// ("dump" or "upload") and ExitCode that container's; empty when
	// no pod says.
	Pod, Container string
	ExitCode       int32
}

// Summary is one line: "Job backup-manual-… failed (BackoffLimitExceeded):
// pod backup-manual-…-x7k2p, container dump exited 1".
func (o JobOutcome) Summary() string {
	if o.Succeeded {
		return "Job " + o.Job + " succeeded"
	}
	s := "Job " + o.Job + " failed"
	if o.Reason != "" {
		s += " (" + o.Reason + ")"
	}
	if o.Pod != "" {
		s += ": pod " + o.Pod
		if o.Container != "" {
			s += fmt.Sprintf(", container %s exited %d", o.Container, o.ExitCode)
		}
	}
	return s
}

// FollowJob polls a Job every poll until its Complete or Failed
// condition, and for a failure finds the pod that failed. It returns
// ctx's error when ctx ends first.
func FollowJob(ctx context.Context, cs kubernetes.Interface, namespace, name string, poll time.Duration) (JobOutcome, error) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		job, err := cs.BatchV1().Jobs(namespace).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return JobOutcome{Job: name}, fmt.Errorf("following Job %s/%s: %w", namespace, name, err)
		}
		for _, c := range job.Status.Conditions {
			if c.Status != corev1.ConditionTrue {
				continue
			}
			switch c.Type {
			case batchv1.JobComplete:
				return JobOutcome{Job: name, Succeeded: true}, nil
			case batchv1.JobFailed:
				o := JobOutcome{Job: name, Reason: strings.TrimSpace(c.Reason)}
				failedPod(ctx, cs, namespace, name, &o)
				return o, nil
			}
		}
		select {
		case <-ctx.Done():
			return JobOutcome{Job: name}, ctx.Err()
		case <-t.C:
		}
	}
}

// failedPod fills in the newest failed pod of the Job and its first
// container (init containers first, as they ran) that exited non-zero.
func failedPod(ctx context.Context, cs kubernetes.Interface, namespace, job string, o *JobOutcome) {
	pods, err := cs.CoreV1().Pods(namespace).List(ctx, metav1.ListOptions{LabelSelector: batchv1.JobNameLabel + "=" + job})
	if err != nil {
		return
	}
	items := pods.Items
	sort.Slice(items, func(i, j int) bool { return items[j].CreationTimestamp.Before(&items[i].CreationTimestamp) })
	for _, p := range items {
		if p.Status.Phase != corev1.PodFailed {
			continue
		}
		o.Pod = p.Name
		for _, st := range append(append([]corev1.ContainerStatus{}, p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...) {
			if term := st.State.Terminated; term != nil && term.ExitCode != 0 {
				o.Container, o.ExitCode = st.Name, term.ExitCode
				return
			}
		}
		return
	}
}

// ErrNothingUploaded says a backup Job succeeded but no new object is in
// the bucket: the BACKUP column is read from the store for this reason.
var ErrNothingUploaded = errors.New("no new backup object")

// LandedBackup finds the backup a Job started at `since` wrote: the
// newest object under the site's <prefix>backups/ modified at or after
// since (less a second: S3 times have a second's precision). It wraps
// ErrNothingUploaded when there is none.
func LandedBackup(ctx context.Context, l objstore.Lister, t S3Target, since time.Time) (objstore.Object, error) {
	prefix := blueprint.BackupKeyPrefix(t.Prefix)
	objs, err := l.Objects(ctx, t.Bucket, prefix)
	if err != nil {
		return objstore.Object{}, err
	}
	if len(objs) > 0 && !objs[0].LastModified.Before(since.Add(-time.Second)) {
		return objs[0], nil
	}
	return objstore.Object{}, fmt.Errorf("%w under s3://%s/%s since %s", ErrNothingUploaded, t.Bucket, prefix, since.UTC().Format(time.TimeOnly+" UTC"))
}
