package watch

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/xdg"

	"github.com/flightdeck/fdtui/internal/cli"
)

// Bad input gets a clear error and exit code 2, before anything connects.
func TestCommandRejectsBadInput(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config")) // no user config file
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	xdg.Reload()
	t.Cleanup(xdg.Reload)
	kubeconfig := filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(kubeconfig, []byte(`apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: prod, context: {cluster: c, user: u}}]
current-context: prod
`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no notification target"},
		{[]string{"--notify", "ftp://example.com/x"}, "absolute http(s) URL"},
		{[]string{"--notify", "https://ntfy.sh/t", "--context", "staging"}, `--context "staging": no such context`},
		{[]string{"--notify", "https://ntfy.sh/t", "--context", "prod", "--all-contexts"}, "give one or the other"},
		{[]string{"--once", "-o", "yaml"}, `--output "yaml"`},
		{[]string{"--once", "--early", "-1s"}, "--early -1s"},
		{[]string{"--once", "--repeat", "0s"}, "--repeat 0s"},
		{[]string{"--once", "--config", filepath.Join(dir, "missing.yaml")}, "missing.yaml"},
		{[]string{"--notify", "https://ntfy.sh/t", "--heartbeat", "hc-ping.com/x"}, "--heartbeat"},
	} {
		var out bytes.Buffer
		cmd := NewCommand(Deps{})
		cmd.SetArgs(append([]string{"--kubeconfig", kubeconfig, "--log-file", filepath.Join(dir, "klog.log")}, tc.args...))
		cmd.SetOut(&out)
		cmd.SetErr(&out)
		err := cmd.Execute()
		var ee *cli.ExitError
		if !errors.As(err, &ee) || ee.Code != 2 || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("watch %v: %v, want exit 2 saying %q", tc.args, err, tc.want)
		}
	}
}
