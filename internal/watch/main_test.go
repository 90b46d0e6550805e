package watch_test

import (
	"flag"
	"os"
	"testing"

	"k8s.io/klog/v2"
)

// TestMain sets klog's flags once for the test binary, as cmd/fdtui does
// for the program before any command runs (logToFile only redirects the
// output): nothing to stderr, so a watcher's lines are all that the tests
// read there.
func TestMain(m *testing.M) {
	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	for name, value := range map[string]string{
		"logtostderr": "false", "alsologtostderr": "false", "stderrthreshold": "FATAL", "one_output": "true",
	} {
		if err := fs.Set(name, value); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
