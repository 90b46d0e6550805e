package kube

import (
	"flag"
	"fmt"

	"k8s.io/klog/v2"
)

// QuietKlog sets client-go's logger, klog, to write nothing to stderr:
// its lines go only to the output given to klog.SetOutput (a log file).
// klog writes errors to stderr even with LogToStderr(false) unless its
// stderr threshold is raised, and a restricted user's forbidden watches
// would tear through the screen. The flags are the process's: its owner
// (cmd/fdtui before any command runs, a test binary's TestMain) calls
// this once, before any goroutine logs or redirects klog; two callers at
// once race on them.
func QuietKlog() error {
	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	for name, value := range map[string]string{
		"logtostderr": "false", "alsologtostderr": "false", "stderrthreshold": "FATAL", "one_output": "true",
	} {
		if err := fs.Set(name, value); err != nil {
			return fmt.Errorf("klog %s: %w", name, err)
		}
	}
	return nil
}
