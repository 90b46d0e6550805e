package testenv

// Integration tests proving the local cluster behaves as the rest of the
// project's tests assume: real controllers, kwok's simulated kubelets and
// failure stages (hack/localcluster/stages), metrics and MinIO. They skip
// unless make test (hack/test.sh) provides the environment.

import (
	"net/http"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	metricsclient "k8s.io/metrics/pkg/client/clientset/versioned"
)

const (
	goodImage     = "registry.example.com/site:4f9c2e1"
	brokenImage   = "registry.example.com/site:broken-7d1e0aa"
	crashImage    = "registry.example.com/site:crashloop-5b2c9f0"
	varnishImage  = "varnish:7.5"
	progressLimit = 10 // seconds, the deadline the rollout test sets
)

func TestClusterDeploymentBecomesReady(t *testing.T) {
	t.Parallel()
	_, cs := Clients(t)
	ns := Namespace(t, cs)
	ctx := testContext(t, time.Minute)

	start := time.Now()
	createDeployment(ctx, t, cs, webDeployment(ns, goodImage, 2))
	waitDeployment(ctx, t, cs, ns, "web", "2 ready replicas", func(d *appsv1.Deployment) bool {
		return d.Status.ReadyReplicas == 2 && d.Status.UpdatedReplicas == 2
	})
	t.Logf("2 replicas Ready after %s", time.Since(start).Round(100*time.Millisecond))

	pods := listPods(ctx, t, cs, ns, "app=web")
	for _, p := range pods {
		if p.Status.Phase != corev1.PodRunning || !podReady(&p) || p.Status.PodIP == "" {
			t.Errorf("pod %s: phase %s ready %v ip %q; want Running, Ready, with an IP",
				p.Name, p.Status.Phase, podReady(&p), p.Status.PodIP)
		}
	}
}

func TestClusterRolloutToBrokenImageExceedsDeadline(t *testing.T) {
	t.Parallel()
	_, cs := Clients(t)
	ns := Namespace(t, cs)
	ctx := testContext(t, 2*time.Minute)

	d := webDeployment(ns, goodImage, 2)
	d.Spec.ProgressDeadlineSeconds = ptr(int32(progressLimit))
	createDeployment(ctx, t, cs, d)
	waitDeployment(ctx, t, cs, ns, "web", "2 ready replicas", func(d *appsv1.Deployment) bool {
		return d.Status.ReadyReplicas == 2
	})

	setWebImage(ctx, t, cs, ns, brokenImage)
	start := time.Now()
	waitDeployment(ctx, t, cs, ns, "web", "Progressing=False/ProgressDeadlineExceeded", func(d *appsv1.Deployment) bool {
		c := deploymentCondition(d, appsv1.DeploymentProgressing)
		return c != nil && c.Status == corev1.ConditionFalse && c.Reason == "ProgressDeadlineExceeded"
	})
	t.Logf("ProgressDeadlineExceeded %s after the image change (deadline %ds)",
		time.Since(start).Round(100*time.Millisecond), progressLimit)

	assertImagePullFailure(ctx, t, cs, ns)
	if got := len(readyPods(listPods(ctx, t, cs, ns, "app=web"))); got != 2 {
		t.Errorf("%d ready pods during the stuck rollout, want the 2 old ones (maxUnavailable 0)", got)
	}
}

func TestClusterCrashLoop(t *testing.T) {
	t.Parallel()
	_, cs := Clients(t)
	ns := Namespace(t, cs)
	ctx := testContext(t, time.Minute)

	pod := sitePod(ns, "crashy", crashImage)
	createPod(ctx, t, cs, pod)
	got := waitPod(ctx, t, cs, ns, pod.Name, "a crash of container web", func(p *corev1.Pod) bool {
		s := containerStatus(p, "web")
		return s != nil && s.RestartCount >= 1
	})

	s := containerStatus(got, "web")
	if got.Status.Phase != corev1.PodRunning || podReady(got) {
		t.Errorf("phase %s ready %v, want Running and not Ready", got.Status.Phase, podReady(got))
	}
	if s.State.Waiting == nil || s.State.Waiting.Reason != "CrashLoopBackOff" {
		t.Errorf("web state %+v, want waiting CrashLoopBackOff", s.State)
	}
	if term := s.LastTerminationState.Terminated; term == nil || term.ExitCode != 1 {
		t.Errorf("web last state %+v, want terminated with exit code 1", s.LastTerminationState)
	}
	waitEvent(ctx, t, cs, ns, pod.Name, corev1.EventTypeWarning, "BackOff")
}

func TestClusterStuckTerminatingPod(t *testing.T) {
	t.Parallel()
	_, cs := Clients(t)
	ns := Namespace(t, cs)
	ctx := testContext(t, time.Minute)

	pod := sitePod(ns, "stuck", goodImage)
	pod.Annotations = map[string]string{"fdtui.dev/simulate": "stuck-terminating"}
	createPod(ctx, t, cs, pod)
	waitPod(ctx, t, cs, ns, pod.Name, "Ready", podReady)

	if err := cs.CoreV1().Pods(ns).Delete(ctx, pod.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatalf("delete pod: %v", err)
	}
	time.Sleep(4 * time.Second) // healthy pods are gone within ~2 s
	got, err := cs.CoreV1().Pods(ns).Get(ctx, pod.Name, metav1.GetOptions{})
	if err != nil || got.DeletionTimestamp == nil {
		t.Fatalf("pod after delete: %v (err %v), want it still there, terminating", got.GetDeletionTimestamp(), err)
	}

	// Removing the annotation releases it, so the namespace can go away.
	patch := []byte(`{"metadata":{"annotations":{"fdtui.dev/simulate":null}}}`)
	if _, err := cs.CoreV1().Pods(ns).Patch(ctx, pod.Name, types.MergePatchType, patch, metav1.PatchOptions{}); err != nil {
		t.Fatalf("release pod: %v", err)
	}
	waitGone(ctx, t, cs, ns, pod.Name)
}

func TestClusterMetricsAPI(t *testing.T) {
	t.Parallel()
	cfg, cs := Clients(t)
	mc, err := metricsclient.NewForConfig(cfg)
	if err != nil {
		t.Fatalf("metrics client: %v", err)
	}
	ctx := testContext(t, 30*time.Second)

	// The cluster's own pools: other tests make nodes of their own for a
	// few seconds (NodePool, frozen NotReady nodes), which metrics-server
	// may not have scraped yet, or ever.
	own := PoolLabel + " in (web, db)"
	nodes, err := cs.CoreV1().Nodes().List(ctx, metav1.ListOptions{LabelSelector: own})
	if err != nil {
		t.Fatalf("list nodes: %v", err)
	}
	list, err := mc.MetricsV1beta1().NodeMetricses().List(ctx, metav1.ListOptions{LabelSelector: own})
	if err != nil {
		t.Fatalf("list node metrics: %v", err)
	}
	if len(list.Items) != len(nodes.Items) || len(nodes.Items) == 0 {
		t.Errorf("metrics for %d nodes, want all %d of pools web and db", len(list.Items), len(nodes.Items))
	}
	for _, m := range list.Items {
		cpu, mem := m.Usage[corev1.ResourceCPU], m.Usage[corev1.ResourceMemory]
		if cpu.IsZero() || mem.Cmp(resource.MustParse("100Mi")) < 0 {
			t.Errorf("node %s usage cpu %s memory %s, want both non-trivial", m.Name, cpu.String(), mem.String())
		}
	}
}

func TestObjectStoreAnswers(t *testing.T) {
	t.Parallel()
	endpoint, access, secret := S3(t)
	ctx := testContext(t, 10*time.Second)

	resp, err := http.Get("http://" + endpoint + "/minio/health/live")
	if err != nil {
		t.Fatalf("health: %v", err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("health: %s", resp.Status)
	}

	client, err := minio.New(endpoint, &minio.Options{Creds: credentials.NewStaticV4(access, secret, "")})
	if err != nil {
		t.Fatalf("minio client: %v", err)
	}
	if _, err := client.ListBuckets(ctx); err != nil {
		t.Fatalf("list buckets with the root credentials: %v", err)
	}
}
