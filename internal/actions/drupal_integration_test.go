package actions

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/testenv"
)

// liveWeb creates a web Deployment of n pods (containers varnish and web)
// and returns its Ready pods once all n are.
func liveWeb(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns string, n int32) model.WebPods {
	t.Helper()
	labels := map[string]string{"app": "web"}
	d := &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: ns}, Spec: appsv1.DeploymentSpec{
		Replicas: &n, Selector: &metav1.LabelSelector{MatchLabels: labels},
		Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels}, Spec: corev1.PodSpec{Containers: []corev1.Container{
			{Name: VarnishContainer, Image: "registry.example.com/varnish:7.6"},
			{Name: WebContainer, Image: "registry.example.com/site:1.0"},
		}}},
	}}
	if _, err := cs.AppsV1().Deployments(ns).Create(ctx, d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	var web model.WebPods
	err := wait.PollUntilContextCancel(ctx, 200*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		d, err1 := cs.AppsV1().Deployments(ns).Get(ctx, "web", metav1.GetOptions{})
		rss, err2 := cs.AppsV1().ReplicaSets(ns).List(ctx, metav1.ListOptions{})
		pods, err3 := cs.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
		if err1 != nil || err2 != nil || err3 != nil {
			return false, nil
		}
		var rsp []*appsv1.ReplicaSet
		for i := range rss.Items {
			rsp = append(rsp, &rss.Items[i])
		}
		var pp []*corev1.Pod
		for i := range pods.Items {
			pp = append(pp, &pods.Items[i])
		}
		web = model.ReadyWebPods(d, rsp, pp)
		return len(web.Current) == int(n), nil
	})
	if err != nil {
		t.Fatalf("waiting for %d Ready web pods: %v", n, err)
	}
	return web
}

// TestLivePurgeOnePodFailing bans on every web pod through the real
// pods/exec path; one pod's varnishadm cannot reach varnishd (kwok Exec
// object), so the purge is partial and says 2/3.
func TestLivePurgeOnePodFailing(t *testing.T) {
	cfg, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	web := liveWeb(ctx, t, cs, ns, 3)
	bad := web.All[1]
	testenv.FailStandins(t, cfg, ns, bad, "varnishadm")

	res, err := PurgeVarnish(ctx, ExecOn(cfg, cs), ns, web.All, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Purged() != 2 || !strings.HasPrefix(res.Summary(), "varnish purged on 2/3 web pods") {
		t.Fatalf("purge: %s (%+v)", res.Summary(), res.Pods)
	}
	for _, p := range res.Pods {
		if (p.Err != nil) != (p.Pod == bad) {
			t.Errorf("pod %s: err %v", p.Pod, p.Err)
		}
		if p.Pod == bad && !strings.Contains(p.Output, "Could not get hold of varnishd") {
			t.Errorf("pod %s output %q, want varnishadm's complaint", p.Pod, p.Output)
		}
	}
}

// TestLiveDrushFailureExitCode runs drush in a pod whose database is
// unreachable: the exit code and drush's stderr come back.
func TestLiveDrushFailureExitCode(t *testing.T) {
	cfg, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	web := liveWeb(ctx, t, cs, ns, 1)
	pod := web.Current[0]

	var out, errOut bytes.Buffer
	res := RunDrush(ctx, ExecOn(cfg, cs), ns, pod, []string{"deploy"}, &out, &errOut, time.Now)
	if !res.OK() || !strings.Contains(errOut.String(), "[success] Deploy hook complete.") {
		t.Fatalf("drush deploy: %s, stderr %q", res.Summary(), errOut.String())
	}
	testenv.FailStandins(t, cfg, ns, pod, "drush")
	errOut.Reset()
	res = RunDrush(ctx, ExecOn(cfg, cs), ns, pod, []string{"updatedb", "-y"}, &out, &errOut, time.Now)
	if res.OK() || res.Err != nil || res.ExitCode != 1 || !strings.HasPrefix(res.Summary(), "exit 1 in ") {
		t.Fatalf("failing drush: %s (err %v)", res.Summary(), res.Err)
	}
	if !strings.Contains(errOut.String(), "SQLSTATE[HY000] [2002] Connection refused") {
		t.Errorf("stderr %q, want drush's error", errOut.String())
	}
}
