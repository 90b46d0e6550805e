package main

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// A shell hands the terminal over and back (tea.Exec): every key typed in
// the shell reaches the shell, and the first key typed after it ends
// reaches fdtui. A user's trial lost that first key in 3 of 3 first
// shells, and once text typed in the shell went to fdtui.
func TestShellGivesTheTerminalBackWithoutLosingAKey(t *testing.T) {
	admin, cs := testenv.Clients(t)
	_ = admin
	ns := testenv.Namespace(t, cs)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "web-0", Namespace: ns}, Spec: corev1.PodSpec{
		Containers: []corev1.Container{{Name: "varnish", Image: "varnish:7.6"}, {Name: "web", Image: "registry.example.com/site:1"}}}}
	if _, err := cs.CoreV1().Pods(ns).Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	for {
		p, err := cs.CoreV1().Pods(ns).Get(ctx, "web-0", metav1.GetOptions{})
		if err == nil && p.Status.Phase == corev1.PodRunning {
			break
		}
		if ctx.Err() != nil {
			t.Fatal("web-0 never ran")
		}
		time.Sleep(200 * time.Millisecond)
	}

	r := startInPty(t, "run", "--kubeconfig", testenv.Kubeconfig(t))
	r.waitOutput(t, 30*time.Second, "connected")
	r.typeText(t, ":pods "+ns+"\r")
	r.waitOutput(t, 30*time.Second, "Running")
	for round := 1; round <= 2; round++ {
		mark := len(r.output())
		r.typeText(t, "s")
		r.waitAfter(t, mark, 10*time.Second, "shell · web-0")
		r.typeText(t, "\r")
		r.waitAfter(t, mark, 30*time.Second, "$ ")
		r.typeText(t, "echo round-"+string(rune('0'+round))+"\r")
		r.waitAfter(t, mark, 10*time.Second, "round-"+string(rune('0'+round)))
		r.typeText(t, "exit\r")
		r.waitAfter(t, mark, 10*time.Second, "shell in web-0/web ended")
		// The first key after the shell: ? opens help at once.
		mark = len(r.output())
		r.typeText(t, "?")
		r.waitAfter(t, mark, 5*time.Second, "filter (!text negates)")
		r.typeText(t, "\x1b")
		time.Sleep(300 * time.Millisecond)
	}
	r.typeText(t, "\x03")
	r.exit(t, 10*time.Second)
}

func (r *ptyRun) typeText(t *testing.T, s string) {
	t.Helper()
	if _, err := r.tty.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
}

// waitAfter waits until the output after byte mark contains want.
func (r *ptyRun) waitAfter(t *testing.T, mark int, timeout time.Duration, want string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		out := r.output()
		if strings.Contains(stripped(out[min(mark, len(out)):]), want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("terminal never showed %q in %s after the mark; it ends:\n%s", want, timeout, tail(stripped(out), 2000))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func stripped(s string) string { return ansi.Strip(s) }
