package watch_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/flightdeck/fdtui/internal/cli"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/watch"
)

// alert is what the receiver keeps of one Alertmanager v4 delivery.
type alert struct {
	Status      string
	Labels      map[string]string
	Annotations map[string]string
	At          time.Time // receipt
}

// receiver is a local webhook receiver (a real HTTP server): it answers
// 500 to the first failFirst requests, then 200, and keeps what it
// accepted.
type receiver struct {
	*httptest.Server
	mu        sync.Mutex
	failFirst int
	requests  int
	firstAt   time.Time // the first request's receipt, failed or not
	got       []alert
}

func newReceiver(t *testing.T, failFirst int) *receiver {
	r := &receiver{failFirst: failFirst}
	r.Server = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	now := time.Now()
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests++
	if r.firstAt.IsZero() {
		r.firstAt = now
	}
	if r.requests <= r.failFirst {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	var p struct {
		Version string
		Alerts  []alert
	}
	if err := json.Unmarshal(body, &p); err != nil || p.Version != "4" || len(p.Alerts) != 1 {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	a := p.Alerts[0]
	a.At = now
	r.got = append(r.got, a)
}

// about lists the accepted alerts of namespace ns with status.
func (r *receiver) about(ns, status string) []alert {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []alert
	for _, a := range r.got {
		if a.Labels["namespace"] == ns && a.Status == status {
			out = append(out, a)
		}
	}
	return out
}

func (r *receiver) all() []alert {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]alert(nil), r.got...)
}

func (r *receiver) until(t *testing.T, limit time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s (received %+v)", limit, what, r.all())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// syncBuffer is the watcher's stderr, read while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// watcher is a running `fdtui watch`, the command as shipped.
type watcher struct {
	cancel context.CancelFunc
	done   chan error
	log    *syncBuffer
}

// startWatch runs `fdtui watch args...` until stopped (or the test ends).
func startWatch(t *testing.T, args ...string) *watcher {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	w := &watcher{cancel: cancel, done: make(chan error, 1), log: &syncBuffer{}}
	cmd := watch.NewCommand(watch.Deps{Version: "test"})
	cmd.SetArgs(append(args, "--log-file", filepath.Join(t.TempDir(), "klog.log")))
	cmd.SetOut(w.log)
	cmd.SetErr(w.log)
	go func() { w.done <- cmd.ExecuteContext(ctx) }()
	t.Cleanup(func() { w.stop(t) })
	return w
}

func (w *watcher) stop(t *testing.T) {
	if w.cancel == nil {
		return
	}
	w.cancel()
	w.cancel = nil
	select {
	case err := <-w.done:
		if err != nil {
			t.Errorf("watch ended with %v\n%s", err, w.log)
		}
	case <-time.After(15 * time.Second):
		t.Errorf("watch did not stop within 15s of its context ending\n%s", w.log)
	}
}

func (w *watcher) until(t *testing.T, limit time.Duration, text string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !strings.Contains(w.log.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("the watcher did not log %q within %s:\n%s", text, limit, w.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// runOnce runs `fdtui watch --once args...` and returns its stdout and
// exit code.
func runOnce(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := watch.NewCommand(watch.Deps{Version: "test"})
	cmd.SetArgs(append([]string{"--once", "--log-file", filepath.Join(t.TempDir(), "klog.log")}, args...))
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	err := cmd.ExecuteContext(ctx)
	var ee *cli.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &ee):
		return out.String(), ee.Code
	}
	t.Fatalf("watch --once: %v\n%s", err, errOut.String())
	return "", 0
}

// currentContext is the local cluster kubeconfig's current context.
func currentContext(t *testing.T) (path, name string) {
	path = testenv.Kubeconfig(t)
	cfg, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, cfg.CurrentContext
}

// createSite creates a blueprint-built web Deployment (the wizard's own,
// small: one replica, tiny requests) in the test's namespace ns and, when
// wait, waits until it has rolled out.
func createSite(t *testing.T, cs kubernetes.Interface, ns, image string, deadline int32, wait bool) {
	t.Helper()
	spec := blueprint.SiteSpec{
		Domain: "w" + ns[len(ns)-6:] + ".watch.example.test", Image: image, WebReplicas: 1, MemcacheReplicas: 1,
		WebCPU: "10m", WebMemory: "16Mi", WebCPULimit: "100m", WebMemoryLimit: "64Mi",
		VarnishCPU: "10m", VarnishMemory: "16Mi", ProgressDeadlineSeconds: deadline,
		S3: blueprint.S3Settings{Endpoint: "http://127.0.0.1:9000", Region: "us-east-1", Bucket: "bucket", AccessKey: "a", SecretKey: "s"},
	}
	objs, err := blueprint.Build(spec, blueprint.GeneratedSecrets{DBName: "d", DBUser: "u", DBPass: "p", DBRootPass: "r", HashSalt: "s"})
	if err != nil {
		t.Fatal(err)
	}
	var d appsv1.Deployment
	for _, o := range objs {
		if o.GetKind() == "Deployment" && o.GetName() == "web" {
			if err := runtime.DefaultUnstructuredConverter.FromUnstructured(o.Object, &d); err != nil {
				t.Fatal(err)
			}
		}
	}
	d.Namespace = ns
	d.Spec.Template.Spec.Tolerations = nil
	ctx := context.Background()
	if _, err := cs.AppsV1().Deployments(ns).Create(ctx, &d, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if wait {
		waitRolledOut(t, cs, ns)
	}
}

// waitRolledOut waits for kubectl rollout status's rule.
func waitRolledOut(t *testing.T, cs kubernetes.Interface, ns string) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		d, err := cs.AppsV1().Deployments(ns).Get(context.Background(), "web", metav1.GetOptions{})
		if err == nil && d.Status.ObservedGeneration >= d.Generation && d.Status.UpdatedReplicas == *d.Spec.Replicas &&
			d.Status.AvailableReplicas == *d.Spec.Replicas && d.Status.Replicas == *d.Spec.Replicas {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("web in %s did not roll out within 90s: %+v", ns, d.Status)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func setImage(t *testing.T, cs kubernetes.Interface, ns, image string) {
	t.Helper()
	patch := fmt.Sprintf(`{"spec":{"template":{"spec":{"containers":[{"name":"web","image":%q}]}}}}`, image)
	if _, err := cs.AppsV1().Deployments(ns).Patch(context.Background(), "web", types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
}

// deadlineFlip is when web's Progressing condition turned False.
func deadlineFlip(t *testing.T, cs kubernetes.Interface, ns string) time.Time {
	d, err := cs.AppsV1().Deployments(ns).Get(context.Background(), "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range d.Status.Conditions {
		if c.Type == appsv1.DeploymentProgressing && c.Status == corev1.ConditionFalse {
			return c.LastTransitionTime.Time
		}
	}
	t.Fatalf("web in %s: no Progressing=False condition: %+v", ns, d.Status.Conditions)
	return time.Time{}
}
