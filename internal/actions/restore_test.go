package actions

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"

	"github.com/flightdeck/fdtui/internal/kube"
)

const restoreNS = "www-example-com"

// fakeSite is a clientset whose deployments/scale subresource behaves
// like the cluster's: scaling web to n leaves n Ready web pods at once.
// failScaleTo makes a scale to that count fail.
type fakeSite struct {
	cs          *fake.Clientset
	mu          sync.Mutex
	scales      []int32
	failScaleTo int32
}

func newFakeSite(t *testing.T, replicas int32) *fakeSite {
	f := &fakeSite{failScaleTo: -1}
	f.cs = fake.NewClientset(&appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: restoreNS},
		Spec: appsv1.DeploymentSpec{Replicas: &replicas}, Status: appsv1.DeploymentStatus{Replicas: replicas, ReadyReplicas: replicas}})
	f.setPods(t, replicas)
	f.cs.PrependReactor("get", "deployments", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if a.GetSubresource() != "scale" {
			return false, nil, nil
		}
		d := f.web(t)
		return true, &autoscalingv1.Scale{Spec: autoscalingv1.ScaleSpec{Replicas: *d.Spec.Replicas},
			Status: autoscalingv1.ScaleStatus{Selector: webSelector}}, nil
	})
	f.cs.PrependReactor("patch", "deployments", func(a k8stesting.Action) (bool, runtime.Object, error) {
		if a.GetSubresource() != "scale" {
			return false, nil, nil
		}
		var p struct {
			Spec struct{ Replicas int32 } `json:"spec"`
		}
		if err := json.Unmarshal(a.(k8stesting.PatchAction).GetPatch(), &p); err != nil {
			t.Fatal(err)
		}
		n := p.Spec.Replicas
		f.mu.Lock()
		f.scales = append(f.scales, n)
		fail := n == f.failScaleTo
		f.mu.Unlock()
		if fail {
			return true, nil, errors.New("the server is currently unable to handle the request")
		}
		d := f.web(t)
		d.Spec.Replicas, d.Status.Replicas, d.Status.ReadyReplicas = &n, n, n
		if err := f.cs.Tracker().Update(appsv1.SchemeGroupVersion.WithResource("deployments"), d, restoreNS); err != nil {
			t.Fatal(err)
		}
		f.setPods(t, n)
		// The apiserver answers a Scale; the typed client's fake wants a
		// Deployment (and the real one ignores the answer's type).
		return true, d, nil
	})
	return f
}

func (f *fakeSite) web(t *testing.T) *appsv1.Deployment {
	obj, err := f.cs.Tracker().Get(appsv1.SchemeGroupVersion.WithResource("deployments"), restoreNS, "web")
	if err != nil {
		t.Fatal(err)
	}
	return obj.(*appsv1.Deployment).DeepCopy()
}

// setPods leaves exactly n web pods.
func (f *fakeSite) setPods(t *testing.T, n int32) {
	gvr := corev1.SchemeGroupVersion.WithResource("pods")
	for i := range 5 {
		_ = f.cs.Tracker().Delete(gvr, restoreNS, podName(i))
	}
	for i := range int(n) {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: podName(i), Namespace: restoreNS,
			Labels: map[string]string{"app.kubernetes.io/component": "web"}}}
		if err := f.cs.Tracker().Add(p); err != nil {
			t.Fatal(err)
		}
	}
}

func podName(i int) string { return "web-abc-" + string(rune('a'+i)) }

func (f *fakeSite) scaled() []int32 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]int32(nil), f.scales...)
}

func gzipped(t *testing.T, s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const dumpSQL = "CREATE TABLE `node` (`nid` int);\nINSERT INTO `node` VALUES (1),(2),(3);\n"

func restoreOpts(f *fakeSite, object []byte, run Run) RestoreOptions {
	return RestoreOptions{Namespace: restoreNS, Key: "site/backups/www.example.com-20261203T030000Z.sql.gz",
		Open:   func(context.Context) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(object)), nil },
		Client: f.cs, Run: run, Poll: time.Millisecond, ScaleTimeout: 2 * time.Second}
}

// importer records what the mysql command received.
type importer struct {
	mu   sync.Mutex
	got  string
	req  kube.ExecRequest
	fail error
	said string
}

func (m *importer) run(_ context.Context, req kube.ExecRequest) error {
	b, err := io.ReadAll(req.Stdin)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.got, m.req = string(b), req
	if m.said != "" {
		_, _ = io.WriteString(req.Stderr, m.said)
	}
	if err != nil {
		return nil // like mysql: the input ended early, it imported what came
	}
	return m.fail
}

func TestRestoreDatabase(t *testing.T) {
	f := newFakeSite(t, 3)
	m := &importer{}
	var mu sync.Mutex
	var seen []RestoreReport
	rep, err := RestoreDatabase(context.Background(), restoreOpts(f, gzipped(t, dumpSQL), m.run), func(r RestoreReport) {
		mu.Lock()
		seen = append(seen, r)
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if m.got != dumpSQL {
		t.Errorf("mysql got %q, want the dump", m.got)
	}
	if m.req.Pod != "mysql-0" || m.req.Container != "mysql" || m.req.Command[0] != "sh" {
		t.Errorf("exec %s/%s %q", m.req.Pod, m.req.Container, m.req.Command)
	}
	if got := f.scaled(); len(got) != 2 || got[0] != 0 || got[1] != 3 {
		t.Errorf("scales %v, want [0 3]", got)
	}
	if rep.Replicas != 3 || rep.SQLBytes != int64(len(dumpSQL)) {
		t.Errorf("report %+v", rep)
	}
	for s, st := range rep.Steps {
		if st.State != StepOK {
			t.Errorf("step %d: %+v", s, st)
		}
	}
	for _, want := range []string{"web scaled from 3 to 0; no web pod left", "imported 72 B of SQL", "web scaled back to 3; 3/3 Ready"} {
		found := false
		for _, st := range rep.Steps {
			found = found || strings.Contains(st.Detail, want)
		}
		if !found {
			t.Errorf("no step says %q: %+v", want, rep.Steps)
		}
	}
	if len(seen) < 6 || seen[0].Steps[RestoreScaleDown].State != StepRunning {
		t.Errorf("progress reports %d, first %+v", len(seen), seen)
	}
}

// A failing import still scales web back, and the error carries mysql's
// stderr and says web is back.
func TestRestoreImportFailsScalesBack(t *testing.T) {
	f := newFakeSite(t, 3)
	m := &importer{fail: &kube.ExitError{Code: 1}, said: "ERROR 1064 (42000) at line 2: You have an error in your SQL syntax\n"}
	rep, err := RestoreDatabase(context.Background(), restoreOpts(f, gzipped(t, dumpSQL), m.run), nil)
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"mysql exited 1: ERROR 1064 (42000) at line 2", "may now hold part of the backup", "; web scaled back to 3; 3/3 Ready"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if rep.Steps[RestoreImport].State != StepFailed || rep.Steps[RestoreScaleUp].State != StepOK || !strings.Contains(rep.Stderr, "ERROR 1064") {
		t.Errorf("report %+v", rep)
	}
	if got := f.scaled(); len(got) != 2 || got[1] != 3 {
		t.Errorf("scales %v, want back to 3", got)
	}
}

// A corrupt object is caught by gzip's checksum even when mysql took
// what came without complaint.
func TestRestoreCorruptBackup(t *testing.T) {
	f := newFakeSite(t, 2)
	obj := gzipped(t, strings.Repeat(dumpSQL, 50))
	obj[len(obj)-6] ^= 0xff // the CRC
	_, err := RestoreDatabase(context.Background(), restoreOpts(f, obj, (&importer{}).run), nil)
	if err == nil || !strings.Contains(err.Error(), "reading the backup failed") || !strings.Contains(err.Error(), "scaled back to 2") {
		t.Fatalf("err = %v", err)
	}
	_, err = RestoreDatabase(context.Background(), restoreOpts(newFakeSite(t, 2), []byte("plain SQL"), (&importer{}).run), nil)
	if err == nil || !strings.Contains(err.Error(), "not gzip data") {
		t.Fatalf("plain object: err = %v", err)
	}
}

// An interrupted import (esc, quit) still scales web back at once.
func TestRestoreInterrupted(t *testing.T) {
	f := newFakeSite(t, 3)
	ctx, cancel := context.WithCancel(context.Background())
	run := func(ctx context.Context, req kube.ExecRequest) error {
		cancel() // the user pressed esc while mysql was importing
		<-ctx.Done()
		return ctx.Err()
	}
	rep, err := RestoreDatabase(ctx, restoreOpts(f, gzipped(t, dumpSQL), run), nil)
	if err == nil || !strings.Contains(err.Error(), "import into mysql-0 interrupted; web scaled back to 3 (interrupted: not waiting for Ready)") {
		t.Fatalf("err = %v", err)
	}
	if got := f.scaled(); len(got) != 2 || got[1] != 3 || rep.Steps[RestoreScaleUp].State != StepOK {
		t.Errorf("scales %v, steps %+v", got, rep.Steps)
	}
}

// A scale-back that fails says so loudly, with the command that fixes it.
func TestRestoreScaleBackFails(t *testing.T) {
	f := newFakeSite(t, 3)
	f.failScaleTo = 3
	rep, err := RestoreDatabase(context.Background(), restoreOpts(f, gzipped(t, dumpSQL), (&importer{}).run), nil)
	if err == nil || !strings.Contains(err.Error(), "web was NOT scaled back to 3") ||
		!strings.Contains(err.Error(), "kubectl scale deployment/web -n "+restoreNS+" --replicas=3") {
		t.Fatalf("err = %v", err)
	}
	if rep.Steps[RestoreImport].State != StepOK || rep.Steps[RestoreScaleUp].State != StepFailed {
		t.Errorf("report %+v", rep.Steps)
	}
}

// Scaling down refused: nothing changed, nothing else runs.
func TestRestoreScaleDownRefused(t *testing.T) {
	f := newFakeSite(t, 3)
	f.failScaleTo = 0
	m := &importer{}
	rep, err := RestoreDatabase(context.Background(), restoreOpts(f, gzipped(t, dumpSQL), m.run), nil)
	if err == nil || !strings.Contains(err.Error(), "scaling web to 0") {
		t.Fatalf("err = %v", err)
	}
	if m.req.Pod != "" || rep.Steps[RestoreImport].State != StepSkipped || rep.Steps[RestoreScaleUp].State != StepSkipped {
		t.Errorf("ran on: %+v", rep.Steps)
	}
}

// The import command reads every credential from the Secret files in
// the container and passes the password on no command line.
func TestMySQLImportCommand(t *testing.T) {
	cmd := MySQLImportCommand()
	if len(cmd) != 3 || cmd[0] != "sh" || cmd[1] != "-c" {
		t.Fatalf("%q", cmd)
	}
	s := cmd[2]
	for _, want := range []string{"/secrets/mysql/drupal-db-name.txt", "/secrets/mysql/drupal-db-user.txt", "/secrets/mysql/drupal-db-pass.txt",
		"--defaults-extra-file=/dev/fd/3", `exec "$client"`} {
		if !strings.Contains(s, want) {
			t.Errorf("command lacks %q", want)
		}
	}
	if strings.Contains(s, " -p") || strings.Contains(s, "--password") || strings.Contains(s, "MYSQL_PWD") {
		t.Errorf("a password on the command line or in the environment: %s", s)
	}
}

func TestTailBuffer(t *testing.T) {
	b := &tailBuffer{max: 5}
	_, _ = b.Write([]byte("abc"))
	_, _ = b.Write([]byte("defg"))
	if b.String() != "cdefg" {
		t.Errorf("%q", b.String())
	}
}
