package blueprint

import (
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The drupal-cron CronJob's bounds. A run that has not started within
// cronStartingDeadline of its slot is skipped (the next slot comes soon);
// one that runs past cronActiveDeadline is killed and its Job fails with
// DeadlineExceeded, so a hung cron cannot hold the Forbid lock for ever.
const (
	cronStartingDeadline = 300  // seconds
	cronActiveDeadline   = 1800 // seconds: drush cron with queues, not a hang
	cronBackoffLimit     = 1    // one retry: cron runs again at the next slot anyway
	cronSuccessHistory   = 3
	cronFailedHistory    = 3 // ≥ 1: the failed Job, its pod and log stay for the site screen
)

// drupalCronJob runs `drush cron` in the site image on CronSchedule: the
// web container's image, credentials (Secrets mounted as files, never
// env), user and node pool, without varnish, ports or probes.
// concurrencyPolicy Forbid: Drupal's cron takes a lock anyway; a second
// run would only wait on it.
func (s site) drupalCronJob() *batchv1.CronJob {
	pod := s.webPod()
	pod.ObjectMeta = metav1.ObjectMeta{Labels: s.labels(ComponentCron)}
	// apache is not started: no port to bind, so no sysctl for it.
	pod.Spec.SecurityContext.Sysctls = nil
	pod.Spec.RestartPolicy = corev1.RestartPolicyNever
	pod.Spec.TopologySpreadConstraints = nil
	pod.Spec.Containers = []corev1.Container{s.cronContainer()}
	pod.Spec.Volumes = []corev1.Volume{secretVolume(SecretMySQL), secretVolume(SecretDrupal), secretVolume(SecretS3)}
	return &batchv1.CronJob{
		ObjectMeta: s.meta(CronJobCron, ComponentCron),
		Spec: batchv1.CronJobSpec{
			Schedule:                   s.CronSchedule,
			ConcurrencyPolicy:          batchv1.ForbidConcurrent,
			StartingDeadlineSeconds:    ptr(int64(cronStartingDeadline)),
			SuccessfulJobsHistoryLimit: ptr(int32(cronSuccessHistory)),
			FailedJobsHistoryLimit:     ptr(int32(cronFailedHistory)),
			JobTemplate: batchv1.JobTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: s.labels(ComponentCron)},
				Spec: batchv1.JobSpec{
					BackoffLimit:          ptr(int32(cronBackoffLimit)),
					ActiveDeadlineSeconds: ptr(int64(cronActiveDeadline)),
					Template:              pod,
				},
			},
		},
	}
}

// cronContainer is the web container running drush instead of apache.
func (s site) cronContainer() corev1.Container {
	c := s.webContainer()
	c.Command = []string{"drush", "cron"}
	c.Ports, c.ReadinessProbe, c.LivenessProbe = nil, nil, nil
	return c
}
