package ui_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// liveApp connects the real app to the local cluster and returns a driver
// whose event loop delivers informer batches as they come.
func liveApp(t *testing.T) *uitest.Driver { return liveAppWith(t, func(*common.Options) {}) }

// liveAppWith is liveApp with options changed by opt (read-only).
func liveAppWith(t *testing.T, opt func(*common.Options)) *uitest.Driver {
	t.Helper()
	kc := kubeconfigAt(testenv.Kubeconfig(t))
	name, err := kc.CurrentContext()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := ui.Dial(kc, name, 1)
	if err != nil {
		t.Fatal(err)
	}
	c := &common.Common{Kubeconfig: kc, Options: common.Options{MetricsInterval: 15 * time.Second, LogLines: 1000, ProgressDeadline: 10}}
	opt(&c.Options)
	return uitest.NewApp(t, ui.Config{Common: c, Conn: conn}, 160, 40)
}

// kubeconfigAt reads the kubeconfig at path as `fdtui --kubeconfig path
// -n namespaces` does.
func kubeconfigAt(path string, namespaces ...string) *kube.Kubeconfig {
	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = &path
	return kube.NewKubeconfig(flags, namespaces...)
}

// webDeployment is a small Flight Deck web Deployment: fast minReadySeconds
// and a 10 s progress deadline so stuck rollouts show quickly.
func webDeployment(ns, image string, replicas int32) *appsv1.Deployment {
	labels := map[string]string{"app.kubernetes.io/instance": ns, "app.kubernetes.io/component": "web"}
	one, zero := intstr.FromInt32(1), intstr.FromInt32(0)
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "web", Labels: labels},
		Spec: appsv1.DeploymentSpec{
			Replicas: &replicas, Selector: &metav1.LabelSelector{MatchLabels: labels},
			MinReadySeconds: 1, ProgressDeadlineSeconds: ptr(int32(10)),
			Strategy: appsv1.DeploymentStrategy{Type: appsv1.RollingUpdateDeploymentStrategyType,
				RollingUpdate: &appsv1.RollingUpdateDeployment{MaxSurge: &one, MaxUnavailable: &zero}},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{
				Containers: []corev1.Container{{Name: "varnish", Image: "varnish:7.6"}, {Name: "web", Image: image}}}},
		},
	}
}

func ptr[T any](v T) *T { return &v }

// liveSite creates a healthy site of `replicas` web pods in its own
// namespace and waits until the sites screen shows it OK.
func liveSite(t *testing.T, replicas int32) (*uitest.Driver, kubernetes.Interface, string) {
	t.Helper()
	d := liveApp(t)
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", replicas)
	d.WaitFor(t, 60*time.Second, "site OK", func(s string) bool { return strings.Contains(siteRow(s, ns), "OK") })
	return d, cs, ns
}

// openSite jumps to the site's detail page with :ns.
func openSite(d *uitest.Driver, ns string) {
	d.Keys(":")
	d.Type("ns " + ns)
	d.Keys("enter")
}

func createSite(t *testing.T, cs kubernetes.Interface, ns, image string, replicas int32) {
	t.Helper()
	ctx := context.Background()
	if _, err := cs.AppsV1().Deployments(ns).Create(ctx, webDeployment(ns, image, replicas), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

func patchImage(t *testing.T, cs kubernetes.Interface, ns, image string) {
	t.Helper()
	patch := fmt.Sprintf(`{"spec":{"template":{"spec":{"containers":[{"name":"web","image":%q}]}}}}`, image)
	if _, err := cs.AppsV1().Deployments(ns).Patch(context.Background(), "web", types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
}

func contains(parts ...string) func(string) bool {
	return func(s string) bool {
		for _, p := range parts {
			if !strings.Contains(s, p) {
				return false
			}
		}
		return true
	}
}

// siteRow returns the sites-table line of namespace ns; a long test
// namespace may be cut to the column's width ("fdtui-test-…").
func siteRow(screen, ns string) string {
	for _, l := range strings.Split(screen, "\n") {
		first, _, _ := strings.Cut(strings.TrimSpace(l), " ")
		if first == ns || strings.HasSuffix(first, "…") && strings.HasPrefix(ns, strings.TrimSuffix(first, "…")) {
			return l
		}
	}
	return ""
}

func TestLiveDashboardScaleAndStuck(t *testing.T) {
	d := liveApp(t)
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", 2)
	d.WaitFor(t, 60*time.Second, "the new site OK with 2/2 web pods", func(s string) bool {
		return contains("OK", "2/2")(siteRow(s, ns))
	})
	if _, err := cs.AppsV1().Deployments(ns).Patch(context.Background(), "web", types.MergePatchType, []byte(`{"spec":{"replicas":3}}`), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	d.WaitFor(t, 60*time.Second, "3/3 after scaling, without a key press", func(s string) bool {
		return contains("OK", "3/3")(siteRow(s, ns))
	})
	start := time.Now()
	patchImage(t, cs, ns, "registry.example.com/site:broken-1a2b3c4")
	d.WaitFor(t, 45*time.Second, "STUCK within the 10 s progress deadline plus a margin", func(s string) bool {
		return strings.Contains(siteRow(s, ns), "STUCK")
	})
	t.Logf("STUCK shown %s after the broken roll (progress deadline 10s)", time.Since(start).Round(time.Second))
}

func TestTriageBrokenImageRollback(t *testing.T) {
	d, cs, ns := liveSite(t, 2)
	patchImage(t, cs, ns, "registry.example.com/site:broken-1a2b3c4")
	openSite(d, ns)
	d.WaitFor(t, 60*time.Second, "diagnosis: image pull, site still serving", contains("cannot be pulled", "still serve traffic"))
	d.Keys("u")
	d.WaitFor(t, 5*time.Second, "rollback confirmation", contains("Roll back web in "+ns, "to   revision 1"))
	d.Keys("y")
	d.WaitFor(t, 60*time.Second, "rollout complete on the previous image", func(s string) bool {
		return contains("OK", "rev 3 registry.example.com/site:4f9c2e1")(s) && !strings.Contains(s, "broken-1a2b3c4 ")
	})
	dep, err := cs.AppsV1().Deployments(ns).Get(context.Background(), "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if img := dep.Spec.Template.Spec.Containers[1].Image; img != "registry.example.com/site:4f9c2e1" {
		t.Fatalf("web image after rollback = %s", img)
	}
}

func TestTriageCrashLoopDiagnosis(t *testing.T) {
	d, cs, ns := liveSite(t, 2)
	patchImage(t, cs, ns, "registry.example.com/site:crashloop-5e6f7a8")
	openSite(d, ns)
	d.WaitFor(t, 60*time.Second, "diagnosis names CrashLoopBackOff", contains("crash", "CrashLoopBackOff"))
}

func TestTriageDeletePodReplacementReady(t *testing.T) {
	d, _, ns := liveSite(t, 2)
	openSite(d, ns)
	d.WaitFor(t, 10*time.Second, "site detail", contains("rev 1"))
	d.Keys("ctrl+d")
	d.WaitFor(t, 5*time.Second, "delete confirmation", contains("Delete pod web-"))
	d.Keys("y")
	d.WaitFor(t, 60*time.Second, "the replacement Ready", contains("replacement pod", "is Ready"))
}

func TestTriageForceDeleteStuckTerminating(t *testing.T) {
	d := liveApp(t)
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, "registry.example.com/site:4f9c2e1", 1)
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "stuck-0",
		Annotations: map[string]string{"fdtui.dev/simulate": "stuck-terminating"}},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "web", Image: "registry.example.com/site:4f9c2e1"}}}}
	ctx := context.Background()
	if _, err := cs.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	d.WaitFor(t, 60*time.Second, "site OK", func(s string) bool { return strings.Contains(siteRow(s, ns), "OK") })
	if err := cs.CoreV1().Pods(ns).Delete(ctx, "stuck-0", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	openSite(d, ns)
	d.WaitFor(t, 30*time.Second, "the pod Terminating", contains("stuck-0", "Terminating"))
	time.Sleep(3 * time.Second)
	d.Poll(200 * time.Millisecond)
	if !strings.Contains(d.Screen(), "Terminating") {
		t.Fatalf("a stuck-terminating pod should stay Terminating after a normal delete:\n%s", d.Screen())
	}
	d.Keys("g") // pods sort by name: stuck-0 comes before web-…
	d.Keys("ctrl+k")
	d.WaitFor(t, 5*time.Second, "force delete confirmation", contains("Force delete pod stuck-0"))
	d.Keys("y")
	d.WaitFor(t, 30*time.Second, "the pod gone", func(s string) bool { return !strings.Contains(s, "stuck-0 ") })
}

func TestLogsViewFollowsAndSearches(t *testing.T) {
	d, _, ns := liveSite(t, 1)
	openSite(d, ns)
	d.WaitFor(t, 10*time.Second, "site detail", contains("rev 1"))
	d.Keys("l")
	d.WaitFor(t, 20*time.Second, "log lines of the web container", contains("logs web-", "/web", "HTTP/1.1"))
	d.Keys("/")
	d.Type("HeroBlock")
	d.Keys("enter")
	d.WaitFor(t, 5*time.Second, "search hits counted, last hit shown", func(s string) bool {
		return contains("Undefined array key")(s) && regexp.MustCompile(`/HeroBlock (\d+)/(\d+)`).FindStringSubmatch(s) != nil
	})
	d.Keys("n")
	d.WaitFor(t, 5*time.Second, "n wraps to the first hit", contains("/HeroBlock 1/"))
	d.Keys("p")
	d.WaitFor(t, 20*time.Second, "the previous container's crash", contains("previous logs", "PHP Fatal error"))
}
