package kube

import (
	"context"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
)

// Helpers for the integration tests against the local kwok cluster
// (hack/cluster.sh; kwok's stages: "broken" images fail to pull,
// fdtui.dev/simulate=stuck-terminating pods never finish terminating).

const itBrokenImage = "registry.example.com/site:broken-7d1e0aa"

func itContext(t *testing.T, timeout time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	return ctx
}

// itWebDeployment is the site's web Deployment with the test's rollout
// settings: 3 replicas, surge 1, none unavailable, a 10 s deadline.
func itWebDeployment(ns, image string) *appsv1.Deployment {
	surge, unavailable := intstr.FromInt32(1), intstr.FromInt32(0)
	tpl := opsTemplate(image)
	tpl.Spec.TerminationGracePeriodSeconds = new(int64(2))
	d := &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: ns, Labels: map[string]string{"app": "web"},
			Annotations: map[string]string{ChangeCauseAnnotation: "initial deploy of " + image}},
		Spec: appsv1.DeploymentSpec{
			Replicas: new(int32(3)),
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
			Template: tpl,
			Strategy: appsv1.DeploymentStrategy{
				Type:          appsv1.RollingUpdateDeploymentStrategyType,
				RollingUpdate: &appsv1.RollingUpdateDeployment{MaxSurge: &surge, MaxUnavailable: &unavailable},
			},
			MinReadySeconds:         1,
			ProgressDeadlineSeconds: new(int32(10)),
		},
	}
	return d
}

func itCreateDeployment(ctx context.Context, t *testing.T, cs kubernetes.Interface, d *appsv1.Deployment) {
	t.Helper()
	if _, err := cs.AppsV1().Deployments(d.Namespace).Create(ctx, d, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create deployment: %v", err)
	}
}

func itPoll(ctx context.Context, t *testing.T, what string, cond func(context.Context) (bool, error)) {
	t.Helper()
	if err := wait.PollUntilContextCancel(ctx, 200*time.Millisecond, true, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

// itWaitDeployment polls until ok holds and returns the Deployment then.
func itWaitDeployment(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, what string, ok func(*appsv1.Deployment) bool) *appsv1.Deployment {
	t.Helper()
	var got *appsv1.Deployment
	itPoll(ctx, t, "deployment web: "+what, func(ctx context.Context) (bool, error) {
		d, err := cs.AppsV1().Deployments(ns).Get(ctx, "web", metav1.GetOptions{})
		if err != nil {
			return false, nil
		}
		got = d
		return ok(d), nil
	})
	return got
}

// rolledOut is `kubectl rollout status` done: the controller saw the
// latest spec and every replica is updated, ready and available.
func rolledOut(d *appsv1.Deployment) bool {
	want := *d.Spec.Replicas
	st := d.Status
	return st.ObservedGeneration >= d.Generation && st.UpdatedReplicas == want && st.Replicas == want &&
		st.ReadyReplicas == want && st.AvailableReplicas == want
}

func deadlineExceeded(d *appsv1.Deployment) bool {
	for _, c := range d.Status.Conditions {
		if c.Type == appsv1.DeploymentProgressing && c.Reason == "ProgressDeadlineExceeded" {
			return c.Status == corev1.ConditionFalse
		}
	}
	return false
}

func itPods(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns string) []corev1.Pod {
	t.Helper()
	list, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: "app=web"})
	if err != nil {
		t.Fatalf("list pods: %v", err)
	}
	return list.Items
}

func isReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

func webImageOf(p *corev1.Pod) string {
	for _, c := range p.Spec.Containers {
		if c.Name == "web" {
			return c.Image
		}
	}
	return ""
}

// itWaitPods polls until the web pods (terminating ones excluded) satisfy ok.
func itWaitPods(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, what string, ok func([]corev1.Pod) bool) []corev1.Pod {
	t.Helper()
	var live []corev1.Pod
	itPoll(ctx, t, "pods: "+what, func(ctx context.Context) (bool, error) {
		live = live[:0]
		for _, p := range itPods(ctx, t, cs, ns) {
			if p.DeletionTimestamp == nil {
				live = append(live, p)
			}
		}
		return ok(live), nil
	})
	return live
}

func allReadyWith(n int, image string) func([]corev1.Pod) bool {
	return func(pods []corev1.Pod) bool {
		if len(pods) != n {
			return false
		}
		for i := range pods {
			if !isReady(&pods[i]) || webImageOf(&pods[i]) != image {
				return false
			}
		}
		return true
	}
}

func itWaitGone(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, pod string) {
	t.Helper()
	itPoll(ctx, t, "pod "+pod+" gone", func(ctx context.Context) (bool, error) {
		_, err := cs.CoreV1().Pods(ns).Get(ctx, pod, metav1.GetOptions{})
		return apierrors.IsNotFound(err), nil
	})
}

func since(start time.Time) time.Duration { return time.Since(start).Round(100 * time.Millisecond) }
