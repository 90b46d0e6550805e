package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// fdtui watch: an exec credential plugin's own stderr goes to the log
// file, not to the watcher's stderr (a terminal or a pod's log), where
// the watcher's own lines say the cluster is unreachable.
func TestWatchCredentialPluginStderrGoesToTheLog(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	path, dir := testenv.ExecPluginKubeconfig(t, admin, ns, "no-token")
	const said = "PLUGIN-STDERR token service unavailable"
	if err := os.WriteFile(filepath.Join(dir, "fail"), []byte("first line of the plugin\n"+said+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code, log := shipped(t, "watch", "--once", "--kubeconfig", path, "--connect-timeout", "3s",
		"--state-dir", t.TempDir())
	if code != 1 {
		t.Errorf("exit %d, want 1 (the cluster could not be read); stderr:\n%s", code, stderr)
	}
	if strings.Contains(stderr, "first line of the plugin") {
		t.Errorf("the plugin's stderr reached the watcher's stderr:\n%s", stderr)
	}
	data, _ := os.ReadFile(log)
	if !strings.Contains(string(data), "first line of the plugin") {
		t.Errorf("the plugin's stderr is not in the log file %s:\n%s", log, data)
	}
	if !strings.Contains(stderr, "a cluster could not be read") {
		t.Errorf("the watcher's own error is not on stderr:\n%s", stderr)
	}
}

// fdtui watch --all-do-clusters without a DigitalOcean token is a usage
// error saying how to set one; the DO flags need --all-do-clusters.
func TestWatchDONeedsAToken(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(empty, []byte("apiVersion: v1\nkind: Config\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code, _ := shipped(t, "watch", "--once", "--all-do-clusters", "--kubeconfig", empty)
	if code != 2 || !strings.Contains(stderr, "DIGITALOCEAN_ACCESS_TOKEN") {
		t.Errorf("no token: exit %d, stderr %q; want 2 and how to set a token", code, stderr)
	}
	_, stderr, code, _ = shipped(t, "watch", "--once", "--do-api-url", "http://127.0.0.1:1")
	if code != 2 || !strings.Contains(stderr, "--all-do-clusters") {
		t.Errorf("--do-api-url alone: exit %d, stderr %q; want 2", code, stderr)
	}
}
