package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// shipped runs the shipped program (the test binary as fdtui, see
// TestMain) on a pipe, as a script would, and returns stdout, stderr,
// the exit code and the log file's path.
func shipped(t *testing.T, args ...string) (stdout, stderr string, code int, log string) {
	t.Helper()
	log = filepath.Join(t.TempDir(), "fdtui.log")
	cmd := exec.Command(os.Args[0], append([]string{"--log-file", log}, args...)...)
	cmd.Env = append(os.Environ(), "FDTUI_TEST_CHILD=run", "DIGITALOCEAN_ACCESS_TOKEN=", "HOME="+t.TempDir(), "XDG_STATE_HOME="+t.TempDir())
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code, log
}

// The shipped program: --help lists the commands, version and --version
// print the version, an unknown command exits 2.
func TestShippedCommandLine(t *testing.T) {
	out, _, code, _ := shipped(t, "--help")
	for _, c := range []string{"sites", "diagnose", "rollback", "restart", "delete-pod", "logs", "version", "completion"} {
		if !strings.Contains(out, "\n  "+c+" ") {
			t.Errorf("--help lacks %s", c)
		}
	}
	if code != 0 {
		t.Errorf("--help exit %d", code)
	}
	for _, args := range [][]string{{"version"}, {"--version"}} {
		if out, _, code, _ := shipped(t, args...); out != "fdtui "+version+"\n" || code != 0 {
			t.Errorf("%v: %q exit %d", args, out, code)
		}
	}
	if _, stderr, code, _ := shipped(t, "rollbak", "x"); code != 2 || !strings.Contains(stderr, "rollback") {
		t.Errorf("unknown command: exit %d, %q", code, stderr)
	}
	if out, _, code, _ := shipped(t, "completion", "bash"); code != 0 || !strings.Contains(out, "__start_fdtui") {
		t.Errorf("completion bash: exit %d", code)
	}
}

// A command works on a pipe (where the TUI refuses), and client-go's own
// lines go to the log file: a user forbidden everything gets valid JSON
// on stdout, one warning on stderr saying what it could not see, and no
// library log line.
func TestCommandOnAPipeKeepsLibraryLogsOff(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	user := testenv.ServiceAccountKubeconfig(t, admin, cs, ns)
	out, stderr, code, log := shipped(t, "--kubeconfig", user.Path, "sites", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	var doc struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Items      []any  `json:"items"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.APIVersion != "fdtui/v1" || doc.Kind != "SiteList" {
		t.Errorf("stdout is not a SiteList (%v):\n%s", err, out)
	}
	if !strings.Contains(stderr, "warning: RBAC forbids listing") || !strings.Contains(stderr, "namespace "+ns) {
		t.Errorf("stderr does not say what was not visible:\n%s", stderr)
	}
	if m := klogLine.FindString(stderr); m != "" || strings.Contains(stderr, "reflector") {
		t.Errorf("stderr shows a library log line:\n%s", stderr)
	}
	// client-go logs each forbidden list before the kind counts as
	// synced (kube's watch error handler), so the line is there.
	if !strings.Contains(readFile(log), "Failed to watch") {
		t.Errorf("the log file lacks client-go's forbidden lists:\n%s", tail(readFile(log), 600))
	}
}
