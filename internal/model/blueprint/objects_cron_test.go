package blueprint

import (
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

func TestValidateSchedule(t *testing.T) {
	tests := []struct {
		schedule, errPart string
	}{
		{schedule: "*/15 * * * *"},
		{schedule: "0 3 * * *"},
		{schedule: "5,35 1-5 * * mon-fri"},
		{schedule: "@hourly"},
		{schedule: "@daily"},
		{schedule: " 0 3 * * * "},
		{schedule: "", errPart: "empty"},
		{schedule: "*/15 * * *", errPart: "expected exactly 5 fields, found 4"},
		{schedule: "0 0 3 * * *", errPart: "expected exactly 5 fields, found 6"},
		{schedule: "61 * * * *", errPart: "above maximum"},
		{schedule: "0 25 * * *", errPart: "above maximum"},
		{schedule: "every 15 minutes", errPart: "not a cron schedule"},
		{schedule: "@fortnightly", errPart: "unrecognized descriptor"},
		{schedule: "TZ=UTC 0 3 * * *", errPart: "time zone"},
		{schedule: "CRON_TZ=Europe/Paris 0 3 * * *", errPart: "time zone"},
	}
	for _, tt := range tests {
		t.Run(tt.schedule, func(t *testing.T) {
			err := ValidateSchedule(tt.schedule)
			if tt.errPart == "" {
				if err != nil {
					t.Fatalf("ValidateSchedule(%q) = %v", tt.schedule, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Fatalf("ValidateSchedule(%q) = %v; want it to mention %q", tt.schedule, err, tt.errPart)
			}
		})
	}
}

func TestValidateNamesTheScheduleField(t *testing.T) {
	s := minimalSpec()
	s.CronSchedule, s.BackupSchedule = "* * *", "0 3 * * * *"
	err := s.Validate()
	if err == nil || !strings.Contains(err.Error(), "CronSchedule: ") || !strings.Contains(err.Error(), "BackupSchedule: ") {
		t.Fatalf("Validate = %v; want CronSchedule and BackupSchedule named", err)
	}
}

func cronJobOf(t *testing.T, spec SiteSpec) *batchv1.CronJob {
	t.Helper()
	objs, err := Build(spec, fixedSecrets())
	if err != nil {
		t.Fatal(err)
	}
	var cj batchv1.CronJob
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(find(t, objs, "CronJob", CronJobCron).Object, &cj); err != nil {
		t.Fatal(err)
	}
	return &cj
}

// TestDrupalCronJob checks the rules the CronJob must keep beyond the
// golden: one run at a time, a deadline, failures kept, and the web pod's
// identity (image, credentials as files, user, pool) without its server.
func TestDrupalCronJob(t *testing.T) {
	spec := fullSpec()
	cj := cronJobOf(t, spec)
	if cj.Spec.Schedule != "5,35 * * * *" || cj.Spec.ConcurrencyPolicy != batchv1.ForbidConcurrent {
		t.Errorf("schedule %q, concurrency %q", cj.Spec.Schedule, cj.Spec.ConcurrencyPolicy)
	}
	if cj.Spec.StartingDeadlineSeconds == nil || cj.Spec.JobTemplate.Spec.ActiveDeadlineSeconds == nil {
		t.Errorf("no starting or active deadline")
	}
	if n := cj.Spec.FailedJobsHistoryLimit; n == nil || *n < 1 {
		t.Errorf("failedJobsHistoryLimit %v: a failed run must stay visible", n)
	}
	if n := cj.Spec.JobTemplate.Spec.BackoffLimit; n == nil || *n > 2 {
		t.Errorf("backoffLimit %v", n)
	}
	pod := cj.Spec.JobTemplate.Spec.Template
	if pod.Labels[LabelComponent] != ComponentCron {
		t.Errorf("pod labels %v: a web label would put cron pods behind the web Service", pod.Labels)
	}
	if pod.Spec.RestartPolicy != corev1.RestartPolicyNever {
		t.Errorf("restartPolicy %q", pod.Spec.RestartPolicy)
	}
	if len(pod.Spec.Containers) != 1 {
		t.Fatalf("containers %d", len(pod.Spec.Containers))
	}
	c := pod.Spec.Containers[0]
	if c.Name != ComponentWeb || c.Image != spec.Image || strings.Join(c.Command, " ") != "drush cron" {
		t.Errorf("container %s image %s command %v", c.Name, c.Image, c.Command)
	}
	for _, m := range []string{SecretMySQL, SecretDrupal, SecretS3} {
		if !hasMount(c.VolumeMounts, "/secrets/"+m) {
			t.Errorf("no %s mounted", m)
		}
	}
	for _, e := range c.Env {
		if e.ValueFrom != nil {
			t.Errorf("env %s from a reference: credentials go in files", e.Name)
		}
	}
	if sc := pod.Spec.SecurityContext; sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
		t.Errorf("pod may run as root")
	}
	if c.SecurityContext == nil || c.SecurityContext.RunAsUser == nil || *c.SecurityContext.RunAsUser == 0 {
		t.Errorf("container user %v", c.SecurityContext)
	}
	if pod.Spec.NodeSelector[LabelDOPool] != spec.WebPool || len(pod.Spec.ImagePullSecrets) != 1 || pod.Spec.ImagePullSecrets[0].Name != spec.PullSecret {
		t.Errorf("node selector %v, pull secrets %v", pod.Spec.NodeSelector, pod.Spec.ImagePullSecrets)
	}
}

func TestDrupalCronJobDefaultSchedule(t *testing.T) {
	if got := cronJobOf(t, minimalSpec()).Spec.Schedule; got != DefaultCronSchedule {
		t.Errorf("schedule %q, want %q", got, DefaultCronSchedule)
	}
}

func hasMount(mounts []corev1.VolumeMount, path string) bool {
	for _, m := range mounts {
		if m.MountPath == path && m.ReadOnly {
			return true
		}
	}
	return false
}
