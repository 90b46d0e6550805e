package kube

import (
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	batchlisters "k8s.io/client-go/listers/batch/v1"
)

// registerBatch adds the CronJob and Job informers of one scope to all and
// returns their listers. A lean connection (the fleet) does not watch
// them: a site's row needs neither. Like Secrets, they are asked about
// first (SelfSubjectAccessReview): a ClusterRole without them (fdtui
// watch's) gets empty listers and the kinds marked forbidden, instead of
// watches refused all session.
func (c *Cluster) registerBatch(sc scope, all map[Kind]informer) (batchlisters.CronJobLister, batchlisters.JobLister) {
	cronJobs := batchlisters.NewCronJobLister(emptyIndexer())
	jobs := batchlisters.NewJobLister(emptyIndexer())
	if c.lean {
		return cronJobs, jobs
	}
	batch := sc.factory.Batch().V1()
	if sc.watchCronJobs {
		cronJobs = batch.CronJobs().Lister()
		all[KindCronJob] = batch.CronJobs().Informer()
	} else {
		c.health.markForbidden(KindCronJob)
	}
	if sc.watchJobs {
		jobs = batch.Jobs().Lister()
		all[KindJob] = batch.Jobs().Informer()
	} else {
		c.health.markForbidden(KindJob)
	}
	return cronJobs, jobs
}

// compactCronJob keeps what the CRONJOBS section and the wizard's prefill
// read: schedule, time zone, suspend, the policies, the job template's
// labels, annotations and limits with a compact pod template (as a
// Deployment's), and the status. Operations (trigger now) GET the
// CronJob fresh, so the cached template need not be whole.
func (sl *slimmer) compactCronJob(cj *batchv1.CronJob) batchv1.CronJob {
	sp := &cj.Spec
	meta := compactMeta(&cj.ObjectMeta)
	meta.Labels = cj.Labels
	jt := &sp.JobTemplate
	return batchv1.CronJob{
		TypeMeta:   cj.TypeMeta,
		ObjectMeta: meta,
		Spec: batchv1.CronJobSpec{
			Schedule: sp.Schedule, TimeZone: sp.TimeZone, Suspend: sp.Suspend, ConcurrencyPolicy: sp.ConcurrencyPolicy,
			StartingDeadlineSeconds: sp.StartingDeadlineSeconds, SuccessfulJobsHistoryLimit: sp.SuccessfulJobsHistoryLimit,
			FailedJobsHistoryLimit: sp.FailedJobsHistoryLimit,
			JobTemplate: batchv1.JobTemplateSpec{
				Spec: batchv1.JobSpec{
					BackoffLimit: jt.Spec.BackoffLimit, ActiveDeadlineSeconds: jt.Spec.ActiveDeadlineSeconds,
					Template: sl.compactWorkloadTemplate(&jt.Spec.Template),
				},
			},
		},
		Status: cj.Status,
	}
}

// compactJob keeps identity and owners (which CronJob made it), whether it
// was started by hand (cronjob.kubernetes.io/instantiate), the limits and
// the status: conditions (Complete, Failed and why), times and counts.
// The pod template goes.
func compactJob(j *batchv1.Job) batchv1.Job {
	sp := &j.Spec
	return batchv1.Job{
		TypeMeta:   j.TypeMeta,
		ObjectMeta: compactMeta(&j.ObjectMeta, AnnotationInstantiate),
		Spec: batchv1.JobSpec{
			Parallelism: sp.Parallelism, Completions: sp.Completions, BackoffLimit: sp.BackoffLimit,
			ActiveDeadlineSeconds: sp.ActiveDeadlineSeconds, Suspend: sp.Suspend,
		},
		Status: batchv1.JobStatus{
			Conditions: j.Status.Conditions, StartTime: j.Status.StartTime, CompletionTime: j.Status.CompletionTime,
			Active: j.Status.Active, Succeeded: j.Status.Succeeded, Failed: j.Status.Failed, Ready: j.Status.Ready,
			Terminating: j.Status.Terminating,
		},
	}
}

// AnnotationInstantiate is set to "manual" on a Job made from a CronJob by
// hand (kubectl create job --from=cronjob/NAME, fdtui's trigger).
const AnnotationInstantiate = "cronjob.kubernetes.io/instantiate"

type cronJobsSpread struct {
	spread[batchlisters.CronJobLister]
}

func (s cronJobsSpread) List(sel labels.Selector) ([]*batchv1.CronJob, error) {
	return listAll(s.spread, func(l batchlisters.CronJobLister) ([]*batchv1.CronJob, error) { return l.List(sel) })
}
func (s cronJobsSpread) CronJobs(ns string) batchlisters.CronJobNamespaceLister {
	return s.pick(ns).CronJobs(ns)
}

type jobsSpread struct {
	spread[batchlisters.JobLister]
}

func (s jobsSpread) List(sel labels.Selector) ([]*batchv1.Job, error) {
	return listAll(s.spread, func(l batchlisters.JobLister) ([]*batchv1.Job, error) { return l.List(sel) })
}
func (s jobsSpread) Jobs(ns string) batchlisters.JobNamespaceLister { return s.pick(ns).Jobs(ns) }
func (s jobsSpread) GetPodJobs(p *corev1.Pod) ([]batchv1.Job, error) {
	return s.pick(p.Namespace).GetPodJobs(p)
}
