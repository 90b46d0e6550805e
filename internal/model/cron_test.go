package model

import (
	"reflect"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Builders for a CronJob, the Jobs it made and their pods, as the CronJob
// and Job controllers link them (controller ownerReferences).

func cronJob(name string, opts ...func(*batchv1.CronJob)) *batchv1.CronJob {
	cj := &batchv1.CronJob{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: siteNS, UID: types.UID("uid-" + name), CreationTimestamp: ago(30 * 24 * time.Hour)},
		Spec:       batchv1.CronJobSpec{Schedule: "*/15 * * * *"},
	}
	for _, o := range opts {
		o(cj)
	}
	return cj
}

func lastSuccess(d time.Duration) func(*batchv1.CronJob) {
	return func(cj *batchv1.CronJob) { cj.Status.LastSuccessfulTime = agoPtr(d) }
}

type jobOpt func(*batchv1.Job)

func cronRun(cj *batchv1.CronJob, name string, created time.Duration, opts ...jobOpt) *batchv1.Job {
	j := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: siteNS, UID: types.UID("uid-" + name),
		CreationTimestamp: ago(created),
		OwnerReferences:   []metav1.OwnerReference{{APIVersion: "batch/v1", Kind: "CronJob", Name: cj.Name, UID: cj.UID, Controller: ptr(true)}}},
		Status: batchv1.JobStatus{StartTime: agoPtr(created), Active: 1}}
	for _, o := range opts {
		o(j)
	}
	return j
}

func complete(after time.Duration) jobOpt {
	return func(j *batchv1.Job) {
		done := metav1.NewTime(j.CreationTimestamp.Add(after))
		j.Status.Active, j.Status.Succeeded, j.Status.CompletionTime = 0, 1, &done
		j.Status.Conditions = append(j.Status.Conditions, batchv1.JobCondition{Type: batchv1.JobComplete, Status: corev1.ConditionTrue, LastTransitionTime: done})
	}
}

func failed(reason string, after time.Duration) jobOpt {
	return func(j *batchv1.Job) {
		at := metav1.NewTime(j.CreationTimestamp.Add(after))
		j.Status.Active, j.Status.Failed = 0, 2
		j.Status.Conditions = append(j.Status.Conditions,
			batchv1.JobCondition{Type: batchv1.JobFailureTarget, Status: corev1.ConditionTrue, Reason: reason, LastTransitionTime: at},
			batchv1.JobCondition{Type: batchv1.JobFailed, Status: corev1.ConditionTrue, Reason: reason, Message: "Job has reached the specified backoff limit", LastTransitionTime: at})
	}
}

func manual(j *batchv1.Job) { j.Annotations = map[string]string{annotationInstantiate: "manual"} }

func jobPod(j *batchv1.Job, suffix string, created time.Duration, phase corev1.PodPhase, exit int32) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: j.Name + "-" + suffix, Namespace: siteNS, CreationTimestamp: ago(created),
		OwnerReferences: []metav1.OwnerReference{{APIVersion: "batch/v1", Kind: "Job", Name: j.Name, UID: j.UID, Controller: ptr(true)}}},
		Status: corev1.PodStatus{Phase: phase}}
	if phase == corev1.PodFailed || phase == corev1.PodSucceeded {
		reason := "Completed"
		if exit != 0 {
			reason = "Error"
		}
		p.Status.ContainerStatuses = []corev1.ContainerStatus{{Name: "web",
			State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: exit, Reason: reason}}}}
	}
	return p
}

func TestDeriveCronJobs(t *testing.T) {
	cron := cronJob("drupal-cron", lastSuccess(20*time.Minute))
	other := cronJob("backup")
	failedRun := cronRun(cron, "drupal-cron-29000001", 10*time.Minute, failed("BackoffLimitExceeded", 30*time.Second))
	okRun := cronRun(cron, "drupal-cron-29000002", 5*time.Minute, complete(3*time.Second))
	running := cronRun(cron, "drupal-cron-manual-x7k2p", time.Minute, manual)
	deadline := cronRun(cron, "drupal-cron-29000000", 40*time.Minute, failed("DeadlineExceeded", 10*time.Minute))
	// A Job of another CronJob that had the same name, before it was made
	// again (another UID): not this one's.
	stranger := cronRun(cronJob("drupal-cron", func(cj *batchv1.CronJob) { cj.UID = "old" }), "drupal-cron-1", time.Minute, failed("BackoffLimitExceeded", 0))
	firstTry := jobPod(failedRun, "aaaaa", 10*time.Minute, corev1.PodFailed, 1)
	retry := jobPod(failedRun, "bbbbb", 9*time.Minute, corev1.PodFailed, 1)

	tests := []struct {
		name  string
		objs  NamespaceObjects
		check func(t *testing.T, c CronJobStatus)
	}{
		{"never ran", NamespaceObjects{CronJobs: []*batchv1.CronJob{other}}, func(t *testing.T, c CronJobStatus) {
			if c.LastFailure != nil || c.Failing || len(c.Active) > 0 || !c.LastSuccess.IsZero() || !c.LastSchedule.IsZero() {
				t.Errorf("%+v", c)
			}
		}},
		{"failed after the last success: failing, the newest failed pod named with its exit",
			NamespaceObjects{CronJobs: []*batchv1.CronJob{cron}, Jobs: []*batchv1.Job{deadline, failedRun, stranger},
				Pods: []*corev1.Pod{firstTry, retry}},
			func(t *testing.T, c CronJobStatus) {
				want := &JobFailure{Job: failedRun.Name, At: now.Add(-10*time.Minute + 30*time.Second), Reason: "BackoffLimitExceeded",
					Message: "Job has reached the specified backoff limit", Pod: retry.Name, Container: "web", Exit: 1, ExitReason: "Error"}
				if !c.Failing || !reflect.DeepEqual(c.LastFailure, want) {
					t.Errorf("failing %v, last failure %+v, want %+v", c.Failing, c.LastFailure, want)
				}
			}},
		{"a later success clears failing; the failure stays shown",
			NamespaceObjects{CronJobs: []*batchv1.CronJob{cron}, Jobs: []*batchv1.Job{failedRun, okRun}, Pods: []*corev1.Pod{retry}},
			func(t *testing.T, c CronJobStatus) {
				if c.Failing || c.LastFailure == nil || !c.LastSuccess.Equal(now.Add(-5*time.Minute+3*time.Second)) {
					t.Errorf("failing %v, failure %v, last success %v", c.Failing, c.LastFailure, c.LastSuccess)
				}
			}},
		{"a deadline leaves no pod", NamespaceObjects{CronJobs: []*batchv1.CronJob{cron}, Jobs: []*batchv1.Job{deadline}},
			func(t *testing.T, c CronJobStatus) {
				if c.LastFailure == nil || c.LastFailure.Reason != "DeadlineExceeded" || c.LastFailure.Pod != "" {
					t.Errorf("%+v", c.LastFailure)
				}
				if c.Failing {
					t.Errorf("failing, though the status' last success (20m ago) is after the failure (30m ago)")
				}
			}},
		{"a manual run counts as running", NamespaceObjects{CronJobs: []*batchv1.CronJob{cron}, Jobs: []*batchv1.Job{running, okRun}},
			func(t *testing.T, c CronJobStatus) {
				if !reflect.DeepEqual(c.Active, []string{running.Name}) {
					t.Errorf("active %v", c.Active)
				}
			}},
		{"Jobs not read: status.active", NamespaceObjects{CronJobs: []*batchv1.CronJob{cronJob("drupal-cron", func(cj *batchv1.CronJob) {
			cj.Status.Active = []corev1.ObjectReference{{Name: "drupal-cron-29000003"}}
			cj.Status.LastScheduleTime = agoPtr(time.Minute)
		})}}, func(t *testing.T, c CronJobStatus) {
			if !reflect.DeepEqual(c.Active, []string{"drupal-cron-29000003"}) || !c.LastSchedule.Equal(now.Add(-time.Minute)) {
				t.Errorf("%+v", c)
			}
		}},
		{"suspended, with a time zone", NamespaceObjects{CronJobs: []*batchv1.CronJob{cronJob("backup", func(cj *batchv1.CronJob) {
			cj.Spec.Suspend, cj.Spec.TimeZone = ptr(true), ptr("Europe/Amsterdam")
		})}}, func(t *testing.T, c CronJobStatus) {
			if !c.Suspended || c.TimeZone != "Europe/Amsterdam" {
				t.Errorf("%+v", c)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DeriveCronJobs(tt.objs)
			if len(got) != 1 {
				t.Fatalf("%d cronjobs", len(got))
			}
			tt.check(t, got[0])
		})
	}
}

func TestJobsOfNewestFirst(t *testing.T) {
	cron := cronJob("drupal-cron")
	a := cronRun(cron, "drupal-cron-1", 30*time.Minute, complete(time.Second))
	b := cronRun(cron, "drupal-cron-2", 15*time.Minute, failed("BackoffLimitExceeded", time.Minute))
	c := cronRun(cron, "drupal-cron-manual-abcde", time.Minute, manual)
	got := JobsOf(cron, []*batchv1.Job{a, b, c}, []*corev1.Pod{jobPod(a, "x", 30*time.Minute, corev1.PodSucceeded, 0)})
	var names, states []string
	for _, j := range got {
		names, states = append(names, j.Name), append(states, j.State)
	}
	if !reflect.DeepEqual(names, []string{c.Name, b.Name, a.Name}) || !reflect.DeepEqual(states, []string{JobRunning, JobFailed, JobComplete}) {
		t.Errorf("names %v states %v", names, states)
	}
	if !got[0].Manual || got[2].Pod != "drupal-cron-1-x" {
		t.Errorf("manual %v, pod %q", got[0].Manual, got[2].Pod)
	}
}

// TestFailingCronRanksFirstAmongOK: a failing cron does not change a
// site's STATE (it serves) but puts it above the OK sites, never above
// one that needs a human more.
func TestFailingCronRanksFirstAmongOK(t *testing.T) {
	ok, failing, degraded := Site{State: SiteOK}, Site{State: SiteOK, CronFailing: []string{"drupal-cron"}}, Site{State: SiteDegraded, CronFailing: []string{"backup"}}
	rolling := Site{State: SiteRolling}
	if !(Rank(failing) < Rank(ok) && Rank(rolling) < Rank(failing) && Rank(degraded) == Rank(Site{State: SiteDegraded})) {
		t.Errorf("ranks ok %d failing %d rolling %d degraded %d", Rank(ok), Rank(failing), Rank(rolling), Rank(degraded))
	}
}
