package ui_test

import (
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/flightdeck/fdtui/internal/kube"
	"k8s.io/klog/v2"
)

// TestMain keeps client-go's logs off the test output, as cmd/fdtui keeps
// them off the terminal: klog.LogToStderr(false) alone still let a
// restricted user's "Failed to watch" errors through (klog's stderr
// threshold), which kube.QuietKlog raises.
func TestMain(m *testing.M) {
	if err := kube.QuietKlog(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	klog.SetOutput(io.Discard)
	os.Exit(m.Run())
}
