package kube

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/remotecommand"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// The exec and port-forward tests drive the real pods/exec and
// pods/portforward path (apiserver, kwok's kubelet streaming server) to
// the stand-ins in hack/localcluster/standins.

// itRunningPod creates a web pod (containers varnish and web) and waits
// until it runs.
func itRunningPod(ctx context.Context, t *testing.T, cs kubernetes.Interface, ns, name string) {
	t.Helper()
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns}, Spec: opsTemplate("registry.example.com/site:1.0").Spec}
	if _, err := cs.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	itPoll(ctx, t, "pod "+name+" running", func(ctx context.Context) (bool, error) {
		p, err := cs.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		return err == nil && p.Status.Phase == corev1.PodRunning, nil
	})
}

func TestExecStreamsOutputAndExitCode(t *testing.T) {
	cfg, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := itContext(t, 60*time.Second)
	itRunningPod(ctx, t, cs, ns, "web-0")

	var out, errOut bytes.Buffer
	err := Exec(ctx, cfg, cs, ExecRequest{Namespace: ns, Pod: "web-0", Container: "web", Command: []string{"drush", "cr"}, Stdout: &out, Stderr: &errOut})
	if err != nil {
		t.Fatalf("drush cr: %v", err)
	}
	if !strings.Contains(errOut.String(), "Cache rebuild complete.") {
		t.Errorf("drush cr stderr = %q, want drush's success line", errOut.String())
	}

	out.Reset()
	errOut.Reset()
	err = Exec(ctx, cfg, cs, ExecRequest{Namespace: ns, Pod: "web-0", Container: "web", Command: []string{"drush", "nosuch"}, Stdout: &out, Stderr: &errOut})
	var exit *ExitError
	if !errors.As(err, &exit) || exit.Code != 1 {
		t.Fatalf("drush nosuch: err = %v, want exit code 1", err)
	}
	if !strings.Contains(errOut.String(), `Command "nosuch" is not defined.`) {
		t.Errorf("stderr = %q, want drush's complaint", errOut.String())
	}

	// No bash in the stand-in container: the shell falls back on this.
	err = Exec(ctx, cfg, cs, ExecRequest{Namespace: ns, Pod: "web-0", Container: "web", Command: []string{"bash"}, Stdout: io.Discard})
	if !IsCommandNotFound(err) {
		t.Errorf("bash: err = %v, want command not found", err)
	}

	testenv.FailStandins(t, cfg, ns, "web-0", "varnishadm")
	errOut.Reset()
	err = Exec(ctx, cfg, cs, ExecRequest{Namespace: ns, Pod: "web-0", Container: "varnish", Command: []string{"varnishadm", "ban", "req.url", "~", "."}, Stderr: &errOut})
	if code, ok := ExitCode(err); !ok || code != 2 {
		t.Errorf("varnishadm in a failing pod: err = %v, want exit code 2", err)
	}
}

// sizes is a TerminalSizeQueue fed by the test.
type sizes chan remotecommand.TerminalSize

func (s sizes) Next() *remotecommand.TerminalSize {
	size, ok := <-s
	if !ok {
		return nil
	}
	return &size
}

func TestExecTTYForwardsResize(t *testing.T) {
	cfg, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := itContext(t, 60*time.Second)
	itRunningPod(ctx, t, cs, ns, "web-0")

	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	resize := make(sizes, 4)
	resize <- remotecommand.TerminalSize{Width: 100, Height: 30}
	done := make(chan error, 1)
	go func() {
		done <- Exec(ctx, cfg, cs, ExecRequest{Namespace: ns, Pod: "web-0", Container: "web", Command: []string{"sh"},
			Stdin: inR, Stdout: outW, TTY: true, Resize: resize})
		_ = outW.Close()
	}()
	lines := bufio.NewScanner(outR)
	expect := func(want string) {
		t.Helper()
		for lines.Scan() {
			if strings.Contains(lines.Text(), want) {
				return
			}
		}
		t.Fatalf("terminal ended without %q (err %v)", want, lines.Err())
	}
	// The size arrives asynchronously: ask until the shell sees it.
	askSize := func(rows, cols int) {
		t.Helper()
		want := strconv.Itoa(rows) + " " + strconv.Itoa(cols)
		for range 50 {
			if _, err := io.WriteString(inW, "stty size\r"); err != nil {
				t.Fatal(err)
			}
			lines.Scan() // the echoed command
			lines.Scan()
			if strings.Contains(lines.Text(), want) {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("stty size never said %q (last %q)", want, lines.Text())
	}
	askSize(30, 100)
	resize <- remotecommand.TerminalSize{Width: 120, Height: 40}
	askSize(40, 120)
	if _, err := io.WriteString(inW, "echo hello from the pod\r"); err != nil {
		t.Fatal(err)
	}
	expect("hello from the pod")
	go func() { _, _ = io.Copy(io.Discard, outR) }() // the terminal's output must flow to its end
	if _, err := io.WriteString(inW, "exit 0\r"); err != nil {
		t.Fatal(err)
	}
	close(resize)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("shell ended with %v, want exit 0", err)
		}
	case <-ctx.Done():
		t.Fatal("shell did not end after exit")
	}
}

func TestExecForbiddenByRBAC(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := itContext(t, 60*time.Second)
	itRunningPod(ctx, t, cs, ns, "web-0")
	viewer, err := clientcmd.BuildConfigFromFlags("", testenv.ViewerKubeconfig(t, admin, cs, ns))
	if err != nil {
		t.Fatal(err)
	}
	vcs := kubernetes.NewForConfigOrDie(viewer)
	err = Exec(ctx, viewer, vcs, ExecRequest{Namespace: ns, Pod: "web-0", Container: "web", Command: []string{"drush", "cr"}, Stdout: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "forbidden") || !strings.Contains(err.Error(), "pods/exec") {
		t.Fatalf("exec as a viewer: err = %v, want forbidden pods/exec", err)
	}
}

func TestPortForwardAnswersHTTP(t *testing.T) {
	cfg, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := itContext(t, 60*time.Second)
	itRunningPod(ctx, t, cs, ns, "web-0")
	fwCtx, stop := context.WithCancel(ctx)
	pf, err := StartPortForward(fwCtx, cfg, cs, ns, "web-0", 0, 6081)
	if err != nil {
		t.Fatal(err)
	}
	if pf.Local == 0 {
		t.Fatal("no local port chosen")
	}
	resp, err := http.Get("http://127.0.0.1:" + strconv.Itoa(int(pf.Local)) + "/node/1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "varnish: GET /node/1") {
		t.Errorf("forwarded answer %d %q, want varnish's", resp.StatusCode, body)
	}
	stop()
	select {
	case <-pf.Done:
	case <-time.After(10 * time.Second):
		t.Fatal("forward did not stop with its context")
	}
}
