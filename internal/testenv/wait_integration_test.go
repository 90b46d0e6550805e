package testenv

import (
	"context"
	"fmt"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"
)

func testContext(t *testing.T, timeout time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	return ctx
}

func createDeployment(ctx context.Context, t *testing.T, cs kubernetes.Interface, d *appsv1.Deployment) {
	t.Helper()
	if _, err := cs.AppsV1().Deployments(d.Namespace).Create(ctx, d, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create deployment %s: %v", d.Name, err)
	}
}

func createPod(ctx context.Context, t *testing.T, cs kubernetes.Interface, p *corev1.Pod) {
	t.Helper()
	if _, err := cs.CoreV1().Pods(p.Namespace).Create(ctx, p, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create pod %s: %v", p.Name, err)
	}
}

func setWebImage(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, image string) {
	t.Helper()
	patch := fmt.Sprintf(`{"spec":{"template":{"spec":{"containers":[{"name":"web","image":%q}]}}}}`, image)
	_, err := cs.AppsV1().Deployments(ns).Patch(ctx, "web", types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{})
	if err != nil {
		t.Fatalf("set image: %v", err)
	}
}

// poll calls cond every 250 ms until it is true or ctx ends.
func poll(ctx context.Context, t *testing.T, what string, cond func(context.Context) (bool, error)) {
	t.Helper()
	if err := wait.PollUntilContextCancel(ctx, 250*time.Millisecond, true, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func waitDeployment(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, name, what string, ok func(*appsv1.Deployment) bool) {
	t.Helper()
	poll(ctx, t, "deployment "+name+": "+what, func(ctx context.Context) (bool, error) {
		d, err := cs.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
		return err == nil && ok(d), nil
	})
}

func waitPod(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, name, what string, ok func(*corev1.Pod) bool) *corev1.Pod {
	t.Helper()
	var got *corev1.Pod
	poll(ctx, t, "pod "+name+": "+what, func(ctx context.Context) (bool, error) {
		p, err := cs.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false, nil
		}
		got = p
		return ok(p), nil
	})
	return got
}

func waitGone(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, name string) {
	t.Helper()
	poll(ctx, t, "pod "+name+" to be deleted", func(ctx context.Context) (bool, error) {
		_, err := cs.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		return err != nil, nil
	})
}

func waitEvent(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, pod, typ, reason string) {
	t.Helper()
	selector := fmt.Sprintf("involvedObject.name=%s,type=%s,reason=%s", pod, typ, reason)
	poll(ctx, t, "event "+selector, func(ctx context.Context) (bool, error) {
		list, err := cs.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: selector})
		return err == nil && len(list.Items) > 0, nil
	})
}

// assertImagePullFailure: the new pod's web container is stuck pulling, with
// the kubelet-style Warning event.
func assertImagePullFailure(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns string) {
	t.Helper()
	var stuck *corev1.Pod
	for _, p := range listPods(ctx, t, cs, ns, "app=web") {
		if s := containerStatus(&p, "web"); s != nil && s.Image == brokenImage {
			stuck = &p
		}
	}
	if stuck == nil {
		t.Fatal("no pod with the broken image")
	}
	s := containerStatus(stuck, "web")
	if stuck.Status.Phase != corev1.PodPending || s.State.Waiting == nil ||
		(s.State.Waiting.Reason != "ErrImagePull" && s.State.Waiting.Reason != "ImagePullBackOff") {
		t.Errorf("pod %s phase %s web state %+v, want Pending and waiting on the image", stuck.Name, stuck.Status.Phase, s.State)
	}
	waitEvent(ctx, t, cs, ns, stuck.Name, corev1.EventTypeWarning, "Failed")
}

func listPods(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, selector string) []corev1.Pod {
	t.Helper()
	list, err := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{LabelSelector: selector})
	if err != nil {
		t.Fatalf("list pods: %v", err)
	}
	return list.Items
}

func readyPods(pods []corev1.Pod) []corev1.Pod {
	var ready []corev1.Pod
	for i := range pods {
		if podReady(&pods[i]) {
			ready = append(ready, pods[i])
		}
	}
	return ready
}

func podReady(p *corev1.Pod) bool {
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

func containerStatus(p *corev1.Pod, name string) *corev1.ContainerStatus {
	for i := range p.Status.ContainerStatuses {
		if p.Status.ContainerStatuses[i].Name == name {
			return &p.Status.ContainerStatuses[i]
		}
	}
	return nil
}

func deploymentCondition(d *appsv1.Deployment, typ appsv1.DeploymentConditionType) *appsv1.DeploymentCondition {
	for i := range d.Status.Conditions {
		if d.Status.Conditions[i].Type == typ {
			return &d.Status.Conditions[i]
		}
	}
	return nil
}
