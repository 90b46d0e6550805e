package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runStderr runs fdtui with args and returns its exit code and stderr.
func runStderr(t *testing.T, args ...string) (int, string) {
	t.Helper()
	r, w, _ := os.Pipe()
	stderr := os.Stderr
	os.Stderr = w
	code := run(args)
	os.Stderr = stderr
	w.Close()
	out, _ := io.ReadAll(r)
	return code, string(out)
}

// A fleet file that does not parse, or names a context the kubeconfig
// lacks, and --context flags naming one, stop fdtui before it starts,
// with the file, the field or the contexts there are (exit 2).
func TestFleetBadInputIsAClearError(t *testing.T) {
	t.Setenv("DIGITALOCEAN_ACCESS_TOKEN", "")
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := t.TempDir()
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(kubeconfig, []byte(deadCluster), 0o600); err != nil {
		t.Fatal(err)
	}
	n := 0
	file := func(body string) string {
		n++
		p := filepath.Join(dir, fmt.Sprintf("fleet-%d.yaml", n))
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--fleet-file", file("contexts: [gone, prod]\n")}, []string{"fleet file", `"prod" is not a context of the kubeconfig (contexts: gone)`}},
		{[]string{"--fleet-file", file("contexts: [gone]\nconnectTimeout: soon\n")}, []string{"fleet file", "fleet-2.yaml", "invalid duration"}},
		{[]string{"--fleet-file", file("clusters: [gone]\n")}, []string{"fleet file", `unknown field "clusters"`}},
		{[]string{"--fleet-file", filepath.Join(dir, "nope.yaml")}, []string{"fleet file", "nope.yaml: no such file"}},
		{[]string{"--context", "gone", "--context", "staging"}, []string{`--context: "staging" is not a context of the kubeconfig (contexts: gone)`}},
	} {
		code, out := runStderr(t, append([]string{"--kubeconfig", kubeconfig}, c.args...)...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2; stderr:\n%s", c.args, code, out)
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: stderr lacks %q:\n%s", c.args, w, out)
			}
		}
	}
}
