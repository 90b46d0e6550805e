package cloudui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"k8s.io/cli-runtime/pkg/genericclioptions"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

// startLive runs the app as shipped (ui.New: every feature, the
// credentials watcher started on each connection) with the cloud features
// configured by cfg, in a real program sized 140 x 36. conn nil starts on
// the clusters screen.
func startLive(t *testing.T, c *common.Common, conn *common.Conn, cfg cloudui.Config) *uitest.Live {
	t.Helper()
	return uitest.StartLive(t, ui.Config{Common: c, Conn: conn, Cloud: cfg}, 140, 36)
}

// body drops the status bar (toasts and task spinners come and go with
// timing), for golden files.
func body(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	return strings.Join(lines[:len(lines)-1], "\n") + "\n"
}

// tempKubeconfig writes content to a kubeconfig in a temp dir and points
// KUBECONFIG there too, so nothing in a test can touch ~/.kube/config.
func tempKubeconfig(t *testing.T, content string) (string, *kube.Kubeconfig) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KUBECONFIG", path)
	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = &path
	return path, kube.NewKubeconfig(flags)
}
