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
