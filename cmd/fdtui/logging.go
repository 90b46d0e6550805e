package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/adrg/xdg"
	"k8s.io/klog/v2"

	"github.com/flightdeck/fdtui/internal/kube"
)

// logToFile sends client-go's klog output (watch errors, throttling
// notes) to a log file in the XDG state directory, so nothing but fdtui
// writes to the terminal (kube.QuietKlog).
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
	if err := kube.QuietKlog(); err != nil {
		f.Close()
		return "", nil, err
	}
	klog.SetOutput(f)
	return path, f, nil
}
