package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
