package blueprint

import (
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

func backupCronJobOf(t *testing.T, spec SiteSpec) *batchv1.CronJob {
	t.Helper()
	objs, err := Build(spec, fixedSecrets())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.GetKind() == "CronJob" && o.GetName() == CronJobBackup {
			var cj batchv1.CronJob
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(o.Object, &cj); err != nil {
				t.Fatal(err)
			}
			return &cj
		}
	}
	t.Fatal("no backup CronJob")
	return nil
}

func TestBackupCronJob(t *testing.T) {
	spec := fullSpec()
	spec.BackupSchedule = "30 2 * * *"
	cj := backupCronJobOf(t, spec)
	if cj.Spec.Schedule != "30 2 * * *" || cj.Spec.ConcurrencyPolicy != batchv1.ForbidConcurrent {
		t.Errorf("schedule %q policy %q", cj.Spec.Schedule, cj.Spec.ConcurrencyPolicy)
	}
	if cj.Spec.FailedJobsHistoryLimit == nil || *cj.Spec.FailedJobsHistoryLimit < 1 {
		t.Error("no failed Job kept")
	}
	job := cj.Spec.JobTemplate.Spec
	if job.ActiveDeadlineSeconds == nil || job.BackoffLimit == nil {
		t.Error("no deadline or backoffLimit")
	}
	pod := job.Template.Spec
	if job.Template.Labels[LabelComponent] != ComponentBackup || cj.Labels[LabelComponent] != ComponentBackup {
		t.Errorf("labels %v", job.Template.Labels)
	}
	if pod.SecurityContext.RunAsNonRoot == nil || !*pod.SecurityContext.RunAsNonRoot || *pod.SecurityContext.RunAsUser == 0 {
		t.Error("may run as root")
	}
	all := append(append([]corev1.Container{}, pod.InitContainers...), pod.Containers...)
	for _, c := range all {
		for _, e := range c.Env {
			if e.ValueFrom != nil || strings.Contains(strings.ToLower(e.Name), "pass") || strings.Contains(strings.ToLower(e.Name), "key") {
				t.Errorf("%s: env %s carries a credential", c.Name, e.Name)
			}
		}
		script := strings.Join(c.Command, " ")
		for _, secret := range []string{fixedSecrets().DBPass, spec.S3.SecretKey, spec.S3.AccessKey} {
			if strings.Contains(script, secret) {
				t.Errorf("%s: a credential is in the command", c.Name)
			}
		}
	}
	if !strings.Contains(strings.Join(pod.InitContainers[0].Command, " "), "--single-transaction") {
		t.Error("dump without --single-transaction")
	}
}

func TestBackupKey(t *testing.T) {
	at := time.Date(2026, 12, 3, 23, 4, 5, 0, time.FixedZone("CET", 3600))
	for _, tt := range []struct{ prefix, want string }{
		{"", "backups/shop.example.org-20261203T220405Z.sql.gz"},
		{"shop/", "shop/backups/shop.example.org-20261203T220405Z.sql.gz"},
		{"shop", "shop/backups/shop.example.org-20261203T220405Z.sql.gz"},
	} {
		if got := BackupKey(tt.prefix, "shop.example.org", at); got != tt.want {
			t.Errorf("BackupKey(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
	}
}

func TestValidateBackupSchedule(t *testing.T) {
	for _, tt := range []struct {
		schedule string
		ok       bool
	}{
		{"0 3 * * *", true}, {"*/30 * * * *", true}, {"@daily", true}, {"@every 6h", true},
		{"", false}, {"0 3 * *", false}, {"61 * * * *", false}, {"TZ=UTC 0 3 * * *", false}, {"CRON_TZ=UTC 0 3 * * *", false},
	} {
		if err := ValidateSchedule(tt.schedule); (err == nil) != tt.ok {
			t.Errorf("ValidateSchedule(%q) = %v, want ok=%v", tt.schedule, err, tt.ok)
		}
	}
	spec := minimalSpec()
	spec.BackupSchedule = "every night"
	if err := spec.Validate(); err == nil || !strings.Contains(err.Error(), "BackupSchedule") {
		t.Errorf("Validate = %v", err)
	}
}
