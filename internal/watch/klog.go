package watch

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/adrg/xdg"
	"k8s.io/klog/v2"
)

// logToFile sends client-go's klog output to path (default
// $XDG_STATE_HOME/fdtui/watch.log) instead of the TUI's log file: a dead
// cluster's reflector errors would otherwise flood stderr, where the
// watcher's own lines go. Only the output is set here (klog.SetOutput
// locks): klog's flags are the process's, set once by its owner before
// any command runs (kube.QuietKlog, from cmd/fdtui/logging.go), because
// two watchers in one process (the tests run them in parallel) raced on
// them when each set them. The caller closes the file.
func logToFile(path string) (*os.File, error) {
	if path == "" {
		p, err := xdg.StateFile(filepath.Join("fdtui", "watch.log"))
		if err != nil {
			return nil, fmt.Errorf("log file: %w", err)
		}
		path = p
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("log file: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("log file: %w", err)
	}
	klog.SetOutput(f)
	return f, nil
}
