package model

import (
	"slices"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// CronJobStatus is one CronJob as the site screen's CRONJOBS section shows
// it: kubectl get cronjobs' columns (SCHEDULE, SUSPEND, ACTIVE, LAST
// SCHEDULE) plus the last success and the last failure.
type CronJobStatus struct {
	Name, Schedule string
	TimeZone       string // spec.timeZone; "" is the kube-controller-manager's
	Suspended      bool
	// Active are the Jobs it owns that run now, manual ones included (the
	// CronJob's status.active lists only the ones it started), newest
	// first.
	Active []string
	// LastSchedule is status.lastScheduleTime; zero: never scheduled.
	LastSchedule time.Time
	// LastSuccess is status.lastSuccessfulTime, or a later completion of
	// a Job it owns (the status follows the Jobs with a delay); zero:
	// none known.
	LastSuccess time.Time
	// LastFailure is the newest failed Job it still owns (nil: none kept:
	// failedJobsHistoryLimit 0, or it never failed).
	LastFailure *JobFailure
	// Failing: the newest finished run failed (its failure is later than
	// the last success). A success afterwards clears it.
	Failing bool
	Created time.Time
}

// JobFailure is why a Job failed and where to read it.
type JobFailure struct {
	Job string
	// At is the Failed condition's lastTransitionTime.
	At time.Time
	// Reason and Message are the Job's Failed condition's, as the Job
	// controller writes them: BackoffLimitExceeded (its pods failed more
	// than backoffLimit times), DeadlineExceeded (activeDeadlineSeconds),
	// PodFailurePolicy...
	Reason, Message string
	// Pod is the Job's newest failed pod ("" when none is left: at a
	// deadline the controller deletes the running pod); Container, Exit
	// and ExitReason are its failed container's terminated state.
	Pod, Container string
	Exit           int32
	ExitReason     string
}

// JobStatus is one Job of a CronJob (the Jobs page).
type JobStatus struct {
	Name string
	// Manual: made by hand (kubectl create job --from, fdtui's trigger),
	// the cronjob.kubernetes.io/instantiate annotation.
	Manual bool
	// State is Running, Complete or Failed (kubectl's STATUS column).
	State                     string
	Succeeded, Failed, Active int32
	Started, Finished         time.Time // Finished: completion or failure
	Created                   time.Time
	// Failure is set for a failed Job.
	Failure *JobFailure
	// Pod is the pod whose log tells the run: the newest failed one,
	// else the newest.
	Pod string
}

// Job states, kubectl's words.
const (
	JobRunning  = "Running"
	JobComplete = "Complete"
	JobFailed   = "Failed"
)

// annotationInstantiate marks a Job made from a CronJob by hand.
const annotationInstantiate = "cronjob.kubernetes.io/instantiate"

// DeriveCronJobs is every CronJob of the namespace, by name, judged with
// the Jobs and pods it owns (ownerReferences, as the CronJob and Job
// controllers link them).
func DeriveCronJobs(o NamespaceObjects) []CronJobStatus {
	out := make([]CronJobStatus, 0, len(o.CronJobs))
	for _, cj := range o.CronJobs {
		out = append(out, cronJobStatus(cj, o.Jobs, o.Pods))
	}
	slices.SortFunc(out, func(a, b CronJobStatus) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func cronJobStatus(cj *batchv1.CronJob, jobs []*batchv1.Job, pods []*corev1.Pod) CronJobStatus {
	s := CronJobStatus{
		Name: cj.Name, Schedule: cj.Spec.Schedule, Suspended: cj.Spec.Suspend != nil && *cj.Spec.Suspend,
		Created: cj.CreationTimestamp.Time,
	}
	if cj.Spec.TimeZone != nil {
		s.TimeZone = *cj.Spec.TimeZone
	}
	if t := cj.Status.LastScheduleTime; t != nil {
		s.LastSchedule = t.Time
	}
	if t := cj.Status.LastSuccessfulTime; t != nil {
		s.LastSuccess = t.Time
	}
	owned := JobsOf(cj, jobs, pods)
	for _, j := range owned {
		switch j.State {
		case JobRunning:
			s.Active = append(s.Active, j.Name)
		case JobComplete:
			if j.Finished.After(s.LastSuccess) {
				s.LastSuccess = j.Finished
			}
		case JobFailed:
			if s.LastFailure == nil || j.Failure.At.After(s.LastFailure.At) {
				s.LastFailure = j.Failure
			}
		}
	}
	if len(owned) == 0 {
		// Jobs not read (RBAC): the CronJob's own list of what it runs.
		for _, ref := range cj.Status.Active {
			s.Active = append(s.Active, ref.Name)
		}
	}
	s.Failing = s.LastFailure != nil && !s.LastSuccess.After(s.LastFailure.At)
	return s
}

// JobsOf are the Jobs cj owns, newest first, each with its pods read.
func JobsOf(cj *batchv1.CronJob, jobs []*batchv1.Job, pods []*corev1.Pod) []JobStatus {
	var out []JobStatus
	for _, j := range jobs {
		if ownedByName(j.OwnerReferences, "CronJob", cj.Name, cj.UID) {
			out = append(out, DeriveJob(j, pods))
		}
	}
	slices.SortFunc(out, func(a, b JobStatus) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return strings.Compare(b.Name, a.Name)
	})
	return out
}

// DeriveJob judges one Job by its conditions (Complete, Failed: the Job
// controller's verdict, never pod arithmetic) and finds its pods.
func DeriveJob(j *batchv1.Job, pods []*corev1.Pod) JobStatus {
	s := JobStatus{
		Name: j.Name, Manual: j.Annotations[annotationInstantiate] == "manual", State: JobRunning,
		Succeeded: j.Status.Succeeded, Failed: j.Status.Failed, Active: j.Status.Active,
		Created: j.CreationTimestamp.Time,
	}
	if t := j.Status.StartTime; t != nil {
		s.Started = t.Time
	}
	var failed, newest *corev1.Pod
	for _, p := range pods {
		if !ownedByName(p.OwnerReferences, "Job", j.Name, j.UID) {
			continue
		}
		if newest == nil || p.CreationTimestamp.After(newest.CreationTimestamp.Time) {
			newest = p
		}
		if p.Status.Phase == corev1.PodFailed && (failed == nil || p.CreationTimestamp.After(failed.CreationTimestamp.Time)) {
			failed = p
		}
	}
	switch {
	case failed != nil:
		s.Pod = failed.Name
	case newest != nil:
		s.Pod = newest.Name
	}
	for _, c := range j.Status.Conditions {
		if c.Status != corev1.ConditionTrue {
			continue
		}
		switch c.Type {
		case batchv1.JobComplete:
			s.State = JobComplete
			s.Finished = c.LastTransitionTime.Time
			if t := j.Status.CompletionTime; t != nil {
				s.Finished = t.Time
			}
		case batchv1.JobFailed:
			s.State = JobFailed
			s.Finished = c.LastTransitionTime.Time
			s.Failure = &JobFailure{Job: j.Name, At: c.LastTransitionTime.Time, Reason: c.Reason, Message: c.Message}
			if failed != nil {
				s.Failure.Pod = failed.Name
				s.Failure.Container, s.Failure.Exit, s.Failure.ExitReason = failedContainer(failed)
			}
		}
	}
	return s
}

// failedContainer is the first container of p that terminated in error.
func failedContainer(p *corev1.Pod) (name string, exit int32, reason string) {
	for _, cs := range slices.Concat(p.Status.InitContainerStatuses, p.Status.ContainerStatuses) {
		if t := cs.State.Terminated; t != nil && t.ExitCode != 0 {
			return cs.Name, t.ExitCode, t.Reason
		}
	}
	return "", 0, ""
}

// ownedByName reports whether refs name the owner (by UID when both know it:
// a CronJob deleted and made again under the same name is another owner).
func ownedByName(refs []metav1.OwnerReference, kind, name string, uid types.UID) bool {
	for _, r := range refs {
		if r.Kind == kind && r.Name == name && (uid == "" || r.UID == "" || r.UID == uid) {
			return true
		}
	}
	return false
}

// FailingCronJobs are the names of the CronJobs whose newest finished run
// failed.
func FailingCronJobs(crons []CronJobStatus) []string {
	var out []string
	for _, c := range crons {
		if c.Failing {
			out = append(out, c.Name)
		}
	}
	return out
}
