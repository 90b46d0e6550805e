package ui_test

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// logStreams counts goroutines reading a followed log stream.
func logStreams() int {
	buf := make([]byte, 1<<22)
	buf = buf[:runtime.Stack(buf, true)]
	return strings.Count(string(buf), "(*LogBuffer).ReadFrom")
}

// waitStreams polls until n log streams run, or fails.
func waitStreams(t *testing.T, n int, what string) {
	t.Helper()
	end := time.Now().Add(10 * time.Second)
	for logStreams() != n {
		if time.Now().After(end) {
			t.Fatalf("%s: %d log streams running, want %d", what, logStreams(), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Regression (issue 10): every jump closes what it drops. Before, :ns to a
// site replaced the page stack without closing it, so a followed log
// stream kept running (its context was tied to nothing) across jumps and
// cluster switches.
func TestJumpsCloseFollowedLogs(t *testing.T) {
	d, _, ns := liveSite(t, 1)
	base := logStreams()
	for _, jump := range []string{"ns " + ns, "sites", "pods", "ns " + ns} {
		openSite(d, ns)
		d.WaitFor(t, 10*time.Second, "site detail", contains("rev 1"))
		d.Keys("l")
		d.WaitFor(t, 20*time.Second, "logs following", contains("logs web-"))
		waitStreams(t, base+1, "while following")
		d.Keys(":")
		d.Type(jump)
		d.Keys("enter")
		waitStreams(t, base, "after :"+jump)
	}
}
