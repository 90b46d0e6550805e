package watch

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The heartbeat pings while a cluster is connected and stops when none is
// (the dead-man's switch then pages).
func TestHeartbeatOnlyWhileConnected(t *testing.T) {
	var pings atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { pings.Add(1) }))
	defer srv.Close()
	e := &Engine{logw: &bytes.Buffer{}, status: map[string]*ClusterStatus{"a": {Name: "a", State: "unreachable"}}, now: time.Now}
	ctx := t.Context()
	go e.heartbeat(ctx, srv.URL, 10*time.Millisecond)
	time.Sleep(100 * time.Millisecond)
	if n := pings.Load(); n != 0 {
		t.Fatalf("%d pings with no cluster connected", n)
	}
	e.setStatus("a", "connected", "", 1)
	deadline := time.Now().Add(2 * time.Second)
	for pings.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if pings.Load() < 2 {
		t.Fatal("no pings while connected")
	}
}

// Commands and the watcher must not import Bubble Tea (the project's
// architecture rule).
func TestNoBubbleTea(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Skipf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.Contains(dep, "bubbletea") || strings.Contains(dep, "charm.land/") {
			t.Errorf("internal/watch imports %s", dep)
		}
	}
}
