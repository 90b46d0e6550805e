package ui_test

import (
	"io"
	"os"
	"testing"

	"k8s.io/klog/v2"

	"github.com/flightdeck/fdtui/internal/ui/triage"
)

// TestMain wires the features the way cmd/fdtui does.
func TestMain(m *testing.M) {
	klog.SetOutput(io.Discard)
	klog.LogToStderr(false)
	triage.Register()
	os.Exit(m.Run())
}
