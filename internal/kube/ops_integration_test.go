package kube

// Integration tests of the rollout operations against the local cluster
// (make test / hack/test.sh sets FDTUI_KUBECONFIG; they skip without it).
// Each runs in a namespace of its own that testenv deletes afterwards.

import (
	"context"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// TestOpsUndoStuckRollout is issue 4's story: a broken image stalls the
// rollout past its deadline, and RollbackDeployment(0) brings the previous
// image back as a new revision.
func TestOpsUndoStuckRollout(t *testing.T) {
	t.Parallel()
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := itContext(t, 2*time.Minute)

	start := time.Now()
	itCreateDeployment(ctx, t, cs, itWebDeployment(ns, goodImage))
	itWaitDeployment(ctx, t, cs, ns, "rolled out", rolledOut)
	t.Logf("revision 1 rolled out in %s", since(start))

	cause := "fdtui: web image -> " + itBrokenImage
	if err := SetImage(ctx, cs, ns, "web", "web", itBrokenImage, cause); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	stuck := itWaitDeployment(ctx, t, cs, ns, "ProgressDeadlineExceeded", deadlineExceeded)
	t.Logf("ProgressDeadlineExceeded %s after SetImage (deadline 10s)", since(start))
	if got := stuck.Annotations[ChangeCauseAnnotation]; got != cause {
		t.Errorf("change-cause %q, want %q", got, cause)
	}
	itWaitPods(ctx, t, cs, ns, "3 old pods serving, 1 new pod failing", func(pods []corev1.Pod) bool {
		var oldReady, newFailing int
		for i := range pods {
			switch img := webImageOf(&pods[i]); {
			case img == goodImage && isReady(&pods[i]):
				oldReady++
			case img == itBrokenImage && !isReady(&pods[i]):
				newFailing++
			}
		}
		return oldReady == 3 && newFailing == 1 && len(pods) == 4
	})

	start = time.Now()
	res, err := RollbackDeployment(ctx, cs, ns, "web", 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := (RollbackResult{FromRevision: 2, ToRevision: 1, Image: goodImage}); res != want {
		t.Errorf("rollback %+v, want %+v", res, want)
	}
	done := itWaitDeployment(ctx, t, cs, ns, "rolled back", func(d *appsv1.Deployment) bool {
		return rolledOut(d) && d.Annotations[RevisionAnnotation] == "3"
	})
	itWaitPods(ctx, t, cs, ns, "3 ready pods on the previous image", allReadyWith(3, goodImage))
	t.Logf("rollback complete (revision %s) %s after RollbackDeployment", done.Annotations[RevisionAnnotation], since(start))
	if got := done.Annotations[ChangeCauseAnnotation]; got != "initial deploy of "+goodImage {
		t.Errorf("change-cause after undo %q, want revision 1's", got)
	}

	// The restored template is now revision 3: undoing "to 3" is a no-op.
	again, err := RollbackDeployment(ctx, cs, ns, "web", 3)
	if err != nil || !again.Skipped {
		t.Errorf("second rollback: %+v, %v; want skipped", again, err)
	}
	rss, err := OwnedReplicaSets(ctx, cs, done)
	if err != nil {
		t.Fatal(err)
	}
	lines := render(DescribeDeployment(done, rss))
	if !slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, "revision 3: ") && strings.Contains(l, "(current)") }) {
		t.Errorf("describe does not show revision 3 as current:\n%s", strings.Join(lines, "\n"))
	}
}

func TestOpsPauseResumeRestart(t *testing.T) {
	t.Parallel()
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := itContext(t, 2*time.Minute)

	itCreateDeployment(ctx, t, cs, itWebDeployment(ns, goodImage))
	itWaitDeployment(ctx, t, cs, ns, "rolled out", rolledOut)
	before := itWaitPods(ctx, t, cs, ns, "3 ready", allReadyWith(3, goodImage))

	if err := SetDeploymentPaused(ctx, cs, ns, "web", true); err != nil {
		t.Fatal(err)
	}
	itWaitDeployment(ctx, t, cs, ns, "Progressing reason DeploymentPaused", func(d *appsv1.Deployment) bool {
		return d.Spec.Paused && progressingReason(d) == "DeploymentPaused"
	})
	if err := RestartDeployment(ctx, cs, ns, "web", time.Now()); !errors.Is(err, ErrRestartPaused) {
		t.Errorf("restart while paused: %v, want ErrRestartPaused", err)
	}
	if _, err := RollbackDeployment(ctx, cs, ns, "web", 0); !errors.Is(err, ErrRevisionNotFound) {
		t.Errorf("rollback of a first revision: %v, want ErrRevisionNotFound", err)
	}
	if err := SetDeploymentPaused(ctx, cs, ns, "web", false); err != nil {
		t.Fatal(err)
	}
	itWaitDeployment(ctx, t, cs, ns, "Progressing reason DeploymentResumed", func(d *appsv1.Deployment) bool {
		return !d.Spec.Paused && progressingReason(d) != "DeploymentPaused"
	})

	start := time.Now()
	if err := RestartDeployment(ctx, cs, ns, "web", start); err != nil {
		t.Fatal(err)
	}
	old := map[string]bool{}
	for _, p := range before {
		old[p.Name] = true
	}
	after := itWaitPods(ctx, t, cs, ns, "3 new ready pods", func(pods []corev1.Pod) bool {
		if !allReadyWith(3, goodImage)(pods) {
			return false
		}
		for _, p := range pods {
			if old[p.Name] || p.Annotations[RestartedAtAnnotation] == "" {
				return false
			}
		}
		return true
	})
	itWaitDeployment(ctx, t, cs, ns, "rolled out", rolledOut)
	t.Logf("restart replaced all 3 pods in %s (%s)", since(start), after[0].Annotations[RestartedAtAnnotation])
}

func progressingReason(d *appsv1.Deployment) string {
	for _, c := range d.Status.Conditions {
		if c.Type == appsv1.DeploymentProgressing {
			return c.Reason
		}
	}
	return ""
}

func TestOpsEnsureStrategy(t *testing.T) {
	t.Parallel()
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := itContext(t, time.Minute)

	d := itWebDeployment(ns, goodImage)
	d.Spec.Strategy, d.Spec.MinReadySeconds, d.Spec.ProgressDeadlineSeconds = appsv1.DeploymentStrategy{}, 0, nil
	itCreateDeployment(ctx, t, cs, d)
	live, err := cs.AppsV1().Deployments(ns).Get(ctx, "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"maxSurge 25% -> 1", "maxUnavailable 25% -> 0", "minReadySeconds 0 -> 5", "progressDeadlineSeconds 600 -> 120"}
	if got := StrategyDiff(live, 120); !slices.Equal(got, want) {
		t.Errorf("diff of the apiserver's defaults: %q, want %q", got, want)
	}
	if err := EnsureStrategy(ctx, cs, ns, "web", 120); err != nil {
		t.Fatal(err)
	}
	live, _ = cs.AppsV1().Deployments(ns).Get(ctx, "web", metav1.GetOptions{})
	if got := StrategyDiff(live, 120); len(got) != 0 {
		t.Errorf("still differs after EnsureStrategy: %q", got)
	}
}

func TestOpsDeletePodIsReplaced(t *testing.T) {
	t.Parallel()
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := itContext(t, time.Minute)

	itCreateDeployment(ctx, t, cs, itWebDeployment(ns, goodImage))
	pods := itWaitPods(ctx, t, cs, ns, "3 ready", allReadyWith(3, goodImage))
	victim := pods[0].Name

	start := time.Now()
	if err := DeletePod(ctx, cs, ns, victim, false); err != nil {
		t.Fatal(err)
	}
	itWaitGone(ctx, t, cs, ns, victim)
	gone := since(start)
	itWaitPods(ctx, t, cs, ns, "3 ready without the deleted pod", func(pods []corev1.Pod) bool {
		return allReadyWith(3, goodImage)(pods) && !slices.ContainsFunc(pods, func(p corev1.Pod) bool { return p.Name == victim })
	})
	t.Logf("deleted pod gone after %s; 3 ready again after %s", gone, since(start))
}

func TestOpsForceDeleteStuckTerminatingPod(t *testing.T) {
	t.Parallel()
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := itContext(t, time.Minute)

	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "stuck", Namespace: ns,
			Annotations: map[string]string{"fdtui.dev/simulate": "stuck-terminating"}},
		Spec: opsTemplate(goodImage).Spec,
	}
	pod.Spec.TerminationGracePeriodSeconds = new(int64(2))
	if _, err := cs.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	itPoll(ctx, t, "pod stuck Ready", func(ctx context.Context) (bool, error) {
		p, err := cs.CoreV1().Pods(ns).Get(ctx, pod.Name, metav1.GetOptions{})
		return err == nil && isReady(p), nil
	})

	if err := DeletePod(ctx, cs, ns, pod.Name, false); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Second) // over twice its 2 s grace period
	p, err := cs.CoreV1().Pods(ns).Get(ctx, pod.Name, metav1.GetOptions{})
	if err != nil || p.DeletionTimestamp == nil {
		t.Fatalf("after a normal delete + 5s: %v (err %v), want the pod still Terminating", p.GetDeletionTimestamp(), err)
	}
	if status := DescribePod(p)[3]; status.Label != "Status" || !strings.HasPrefix(status.Value, "Terminating since ") || !status.Warn {
		t.Errorf("describe status line %+v", status)
	}

	start := time.Now()
	if err := DeletePod(ctx, cs, ns, pod.Name, true); err != nil {
		t.Fatal(err)
	}
	itWaitGone(ctx, t, cs, ns, pod.Name)
	t.Logf("still Terminating 5s after a normal delete; gone %s after the force delete", since(start))
}

// TestOpsObjectYAMLOfLiveSecret renders a Secret as the apiserver returns
// it (managedFields, last-applied) and finds no value in the YAML.
func TestOpsObjectYAMLOfLiveSecret(t *testing.T) {
	t.Parallel()
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := itContext(t, 30*time.Second)

	const password = "Zq8-live-secret-value"
	s := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "mysql", Namespace: ns, Annotations: map[string]string{
			corev1.LastAppliedConfigAnnotation: `{"stringData":{"password.txt":"` + password + `"}}`,
		}},
		StringData: map[string]string{"password.txt": password},
	}
	if _, err := cs.CoreV1().Secrets(ns).Create(ctx, s, metav1.CreateOptions{FieldManager: "fdtui-test"}); err != nil {
		t.Fatal(err)
	}
	live, err := cs.CoreV1().Secrets(ns).Get(ctx, "mysql", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(live.ManagedFields) == 0 {
		t.Fatal("the apiserver returned no managedFields; the test proves nothing")
	}
	out, err := ObjectYAML(live)
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	if strings.Contains(text, password) || strings.Contains(text, base64.StdEncoding.EncodeToString(live.Data["password.txt"])) ||
		strings.Contains(text, "managedFields") || !strings.Contains(text, "password.txt: <redacted>") {
		t.Errorf("YAML of a live Secret leaks or lacks the redaction:\n%s", strings.ReplaceAll(text, password, "LEAKED"))
	}
}
