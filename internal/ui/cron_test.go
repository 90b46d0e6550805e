package ui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

const cronNS = "www-example-com"

func cronAgo(d time.Duration) metav1.Time { return metav1.NewTime(uitest.Now().Add(-d)) }

// cronObjects are a site's drupal-cron, whose last run failed
// (BackoffLimitExceeded, its two pods exit 1), and a suspended backup
// that last succeeded 21 hours ago, as the controllers leave them.
func cronObjects() []runtime.Object {
	cron := &batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Name: "drupal-cron", Namespace: cronNS, UID: "uid-cron", CreationTimestamp: cronAgo(120 * 24 * time.Hour)},
		Spec:   batchv1.CronJobSpec{Schedule: "*/15 * * * *"},
		Status: batchv1.CronJobStatus{LastScheduleTime: new(cronAgo(5 * time.Minute)), LastSuccessfulTime: new(cronAgo(50 * time.Minute))}}
	backup := &batchv1.CronJob{ObjectMeta: metav1.ObjectMeta{Name: "backup", Namespace: cronNS, UID: "uid-backup", CreationTimestamp: cronAgo(120 * 24 * time.Hour)},
		Spec:   batchv1.CronJobSpec{Schedule: "0 3 * * *", Suspend: new(true)},
		Status: batchv1.CronJobStatus{LastScheduleTime: new(cronAgo(21 * time.Hour)), LastSuccessfulTime: new(cronAgo(21 * time.Hour))}}
	owner := func(kind, name string, uid types.UID) []metav1.OwnerReference {
		return []metav1.OwnerReference{{APIVersion: "batch/v1", Kind: kind, Name: name, UID: uid, Controller: new(true)}}
	}
	failedAt := cronAgo(4 * time.Minute)
	job := &batchv1.Job{ObjectMeta: metav1.ObjectMeta{Name: "drupal-cron-29417520", Namespace: cronNS, UID: "uid-job",
		CreationTimestamp: cronAgo(5 * time.Minute), OwnerReferences: owner("CronJob", "drupal-cron", "uid-cron")},
		Status: batchv1.JobStatus{Failed: 2, StartTime: new(cronAgo(5 * time.Minute)), Conditions: []batchv1.JobCondition{
			{Type: batchv1.JobFailed, Status: corev1.ConditionTrue, Reason: "BackoffLimitExceeded", Message: "Job has reached the specified backoff limit", LastTransitionTime: failedAt}}}}
	objs := []runtime.Object{cron, backup, job}
	for i, name := range []string{"drupal-cron-29417520-7xk2p", "drupal-cron-29417520-q9z4d"} {
		objs = append(objs, &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: cronNS,
			CreationTimestamp: cronAgo(time.Duration(5-i) * time.Minute), OwnerReferences: owner("Job", job.Name, job.UID)},
			Spec: corev1.PodSpec{NodeName: "pool-web-1", Containers: []corev1.Container{{Name: "web", Image: "registry.example.com/acme/web:4f9c2e1"}}},
			Status: corev1.PodStatus{Phase: corev1.PodFailed, ContainerStatuses: []corev1.ContainerStatus{{Name: "web",
				State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 1, Reason: "Error"}}}}}})
	}
	return objs
}

// TestGoldenSiteCronJobs: the site screen's CronJobs section (the failing
// drupal-cron red, with its failed Job, pod, reason and exit code) and the
// CronJobs page J opens.
func TestGoldenSiteCronJobs(t *testing.T) {
	d, static := newDemoApp(t)
	setAll(t, static, cronObjects())
	d.Poll(200 * time.Millisecond)
	openSite(d, cronNS)
	d.WaitFor(t, 2*time.Second, "the CronJobs section", func(s string) bool { return strings.Contains(s, "drupal-cron-29417520-q9z4d") })
	t.Run("site", func(t *testing.T) { golden.RequireEqual(t, []byte(d.Screen())) })
	d.Keys("J")
	t.Run("cronjobs", func(t *testing.T) { golden.RequireEqual(t, []byte(d.Screen())) })
	d.Keys("j", "enter")
	t.Run("jobs", func(t *testing.T) { golden.RequireEqual(t, []byte(d.Screen())) })
}

// TestCronJobsKeysAreGated: read-only mode leaves trigger and suspend out
// of help and refuses them; a user RBAC forbids sees them marked and is
// refused with the reason, before any confirmation; l (logs) stays.
func TestCronJobsKeysAreGated(t *testing.T) {
	t.Run("read-only", func(t *testing.T) {
		d, static := newDemoAppWith(t, func(c *common.Common) { c.Options.ReadOnly = true })
		setAll(t, static, cronObjects())
		d.Poll(200 * time.Millisecond)
		openSite(d, cronNS)
		d.Keys("J", "?")
		help := d.Screen()
		if helpHas(help, "t trigger now") || helpHas(help, "s suspend/resume") || !helpHas(help, "l logs") {
			t.Errorf("read-only help:\n%s", help)
		}
		d.Keys("esc", "t")
		if s := d.Screen(); !strings.Contains(s, pages.ReadOnlyRefusal) || strings.Contains(s, "Proceed?") {
			t.Errorf("t not refused:\n%s", s)
		}
	})
	t.Run("forbidden", func(t *testing.T) {
		d, static := newDemoAppAs(t, nil, viewOnly())
		setAll(t, static, cronObjects())
		d.Poll(200 * time.Millisecond)
		openSite(d, cronNS)
		d.Keys("J", "?")
		help := d.Screen()
		for _, want := range []string{"t trigger now (forbidden)", "s suspend/resume (forbidden)"} {
			if !helpHas(help, want) {
				t.Errorf("help lacks %q:\n%s", want, help)
			}
		}
		if !helpHas(help, "l logs") || helpHas(help, "l logs (forbidden)") {
			t.Errorf("help should offer l logs:\n%s", help)
		}
		d.Keys("esc")
		for _, k := range []string{"t", "s"} {
			d.Keys(k)
			if s := d.Screen(); !strings.Contains(s, `RBAC: user "viewer" cannot`) || strings.Contains(s, "Proceed?") {
				t.Errorf("%s not refused with the reason:\n%s", k, s)
			}
		}
	})
	t.Run("confirmations", func(t *testing.T) {
		d, static := newDemoApp(t)
		setAll(t, static, cronObjects())
		d.Poll(200 * time.Millisecond)
		openSite(d, cronNS)
		d.Keys("J") // backup is first by name: suspended, so s resumes it
		d.Keys("s")
		if s := d.Screen(); !strings.Contains(s, "Resume cronjob backup in www-example-com") || !strings.Contains(s, "Proceed?") {
			t.Errorf("no resume prompt:\n%s", s)
		}
		d.Keys("n", "j", "t")
		if s := d.Screen(); !strings.Contains(s, "Trigger cronjob drupal-cron") || !strings.Contains(s, "drupal-cron-manual-") {
			t.Errorf("no trigger prompt:\n%s", s)
		}
	})
}
