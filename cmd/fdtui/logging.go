package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/adrg/xdg"
	"k8s.io/klog/v2"
)

// logToFile sends client-go's klog output (watch errors, throttling
// notes) to a log file in the XDG state directory, so nothing but fdtui
// writes to the terminal: klog writes errors to stderr even with
// LogToStderr(false) unless its stderr threshold is raised, and a
// restricted user's forbidden watches would tear through the screen.
// path "" means $XDG_STATE_HOME/fdtui/fdtui.log; the returned closer
// closes the file.
func logToFile(path string) (string, *os.File, error) {
	if path == "" {
		p, err := xdg.StateFile(filepath.Join("fdtui", "fdtui.log"))
		if err != nil {
			return "", nil, fmt.Errorf("log file: %w", err)
		}
		path = p
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", nil, fmt.Errorf("log file: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return "", nil, fmt.Errorf("log file: %w", err)
	}
	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	for name, value := range map[string]string{
		"logtostderr": "false", "alsologtostderr": "false", "stderrthreshold": "FATAL", "one_output": "true",
	} {
		if err := fs.Set(name, value); err != nil {
			f.Close()
			return "", nil, fmt.Errorf("klog %s: %w", name, err)
		}
	}
	klog.SetOutput(f)
	return path, f, nil
}
