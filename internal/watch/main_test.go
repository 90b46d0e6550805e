package watch_test

import (
	"os"
	"testing"

	"github.com/flightdeck/fdtui/internal/kube"
)

// TestMain quiets klog once for the test binary, as cmd/fdtui does for
// the program before any command runs (logToFile only redirects the
// output): nothing to stderr, so a watcher's lines are all that the tests
// read there.
func TestMain(m *testing.M) {
	if err := kube.QuietKlog(); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}
