package actions

import (
	"context"

	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/kube"
)

// TriggerCronJob runs the CronJob name now as the Job jobName
// (kube.NewManualJobName), as kubectl create job jobName
// --from=cronjob/NAME does (kube.JobFromCronJob), and returns the
// one-line result. RBAC: get cronjobs, create jobs.
func TriggerCronJob(ctx context.Context, cs kubernetes.Interface, ns, name, jobName string) (string, error) {
	if _, err := kube.TriggerCronJob(ctx, cs, ns, name, jobName); err != nil {
		return "", err
	}
	return "job " + jobName + " created from cronjob " + name + " in " + ns, nil
}

// SuspendCronJob suspends (or resumes) the CronJob name and returns the
// one-line result. RBAC: patch cronjobs.
func SuspendCronJob(ctx context.Context, cs kubernetes.Interface, ns, name string, suspend bool) (string, error) {
	if err := kube.SetCronJobSuspend(ctx, cs, ns, name, suspend); err != nil {
		return "", err
	}
	if suspend {
		return "cronjob " + name + " in " + ns + " suspended: it starts no new Jobs (running ones go on)", nil
	}
	return "cronjob " + name + " in " + ns + " resumed: the next run is at its schedule", nil
}
