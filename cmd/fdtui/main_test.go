package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/klog/v2"
)

const deadCluster = `apiVersion: v1
kind: Config
current-context: gone
clusters:
- name: gone
  cluster: {server: "https://127.0.0.1:1"}
contexts:
- name: gone
  context: {cluster: gone, user: u}
users:
- name: u
  user: {token: x}
`

// Without a reachable cluster fdtui says so in one paragraph, with how to
// start the local cluster, and exits non-zero; never a stack trace.
func TestNoClusterGivesAClearMessage(t *testing.T) {
	t.Setenv("DIGITALOCEAN_ACCESS_TOKEN", "")
	t.Setenv("HOME", t.TempDir()) // no doctl config either
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(path, []byte(deadCluster), 0o600); err != nil {
		t.Fatal(err)
	}
	r, w, _ := os.Pipe()
	stderr := os.Stderr
	os.Stderr = w
	code := run([]string{"--kubeconfig", path})
	os.Stderr = stderr
	w.Close()
	out, _ := io.ReadAll(r)
	if code == 0 {
		t.Fatal("exit code 0 without a cluster")
	}
	msg := string(out)
	for _, want := range []string{"no reachable Kubernetes cluster", "make demo", "--kubeconfig"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "goroutine") || strings.Count(msg, "\n") > 8 {
		t.Errorf("not one short paragraph:\n%s", msg)
	}
}

// client-go's errors (a restricted user's forbidden watches) go to the
// log file, never to the terminal fdtui draws on.
func TestLibraryLogsGoToTheLogFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "fdtui.log")
	r, w, _ := os.Pipe()
	stderr := os.Stderr
	os.Stderr = w
	got, closer, err := logToFile(path)
	if err != nil {
		os.Stderr = stderr
		t.Fatal(err)
	}
	klog.ErrorS(errors.New(`nodes is forbidden: User "viewer" cannot list resource "nodes"`), "Failed to watch")
	klog.Flush()
	os.Stderr = stderr
	w.Close()
	closer.Close()
	onTerminal, _ := io.ReadAll(r)
	if len(onTerminal) > 0 {
		t.Errorf("klog wrote to stderr: %q", onTerminal)
	}
	logged, _ := os.ReadFile(got)
	if !strings.Contains(string(logged), "nodes is forbidden") {
		t.Errorf("log file %s lacks the error: %q", got, logged)
	}
}
