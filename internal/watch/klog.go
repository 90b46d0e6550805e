package watch

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/adrg/xdg"
	"k8s.io/klog/v2"
)

// logToFile sends client-go's klog output to path (default
// $XDG_STATE_HOME/fdtui/watch.log), as cmd/fdtui/logging.go does for the
// TUI: a dead cluster's reflector errors would otherwise flood stderr,
// where the watcher's own lines go. The caller closes the file.
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
	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	for name, value := range map[string]string{
		"logtostderr": "false", "alsologtostderr": "false", "stderrthreshold": "FATAL", "one_output": "true",
	} {
		if err := fs.Set(name, value); err != nil {
			f.Close()
			return nil, fmt.Errorf("klog %s: %w", name, err)
		}
	}
	klog.SetOutput(f)
	return f, nil
}
