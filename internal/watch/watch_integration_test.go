package watch_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/testenv"
	"github.com/flightdeck/fdtui/internal/watch"
)

const goodImage = "registry.example.com/acme/web:4f9c2e1"

// The main story, against the local cluster: a site rolled to a
// broken image with progressDeadlineSeconds 20 pages exactly once within
// 5 s of the condition flipping, with the right cause, even through a
// receiver that answers 500 first; a restart of the watcher mid-incident
// sends nothing again; --once reports it and exits 3; the rollback
// resolves it exactly once.
func TestWatchPagesAStuckRolloutOnce(t *testing.T) {
	path, ctxName := currentContext(t)
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, goodImage, 20, true)
	rcv := newReceiver(t, 1)
	state := t.TempDir()
	args := []string{"--kubeconfig", path, "--context", ctxName, "--notify", "webhook+" + rcv.URL, "--state-dir", state}
	w := startWatch(t, args...)
	w.until(t, 60*time.Second, "cluster "+ctxName+": connected")

	setImage(t, cs, ns, "registry.example.com/acme/web:broken-1a2b3c4")
	rcv.until(t, 90*time.Second, "a firing notification", func() bool { return len(rcv.about(ns, "firing")) > 0 })
	fired := rcv.about(ns, "firing")[0]
	flip := deadlineFlip(t, cs, ns)
	// lastTransitionTime has whole seconds: the flip happened up to 1 s
	// after it, so the latency measured is at most 1 s too long.
	latency := fired.At.Sub(flip)
	rcv.mu.Lock()
	first := rcv.firstAt.Sub(flip)
	rcv.mu.Unlock()
	t.Logf("ProgressDeadlineExceeded at %s; first delivery attempt (answered 500) after %s; accepted after %s",
		flip.Format(time.RFC3339), first.Round(time.Millisecond), latency.Round(time.Millisecond))
	if latency > 5*time.Second {
		t.Errorf("the page came %s after the condition flipped, want within 5 s", latency)
	}
	if c := fired.Annotations["cause"]; !strings.Contains(c, "cannot be pulled") || !strings.Contains(c, "broken-1a2b3c4") {
		t.Errorf("cause %q, want the image pull failure", c)
	}
	if fix := fired.Annotations["fix"]; fix != "fdtui rollback --context "+ctxName+" "+ns {
		t.Errorf("fix %q", fix)
	}
	if fired.Labels["cluster"] != ctxName || fired.Labels["deployment"] != "web" || fired.Labels["revision"] != "2" || fired.Annotations["pod"] == "" {
		t.Errorf("labels %v annotations %v", fired.Labels, fired.Annotations)
	}

	// A restart mid-incident: the state file says it was sent.
	w.stop(t)
	w = startWatch(t, args...)
	w.until(t, 60*time.Second, "cluster "+ctxName+": connected")
	time.Sleep(3 * time.Second)
	if n := len(rcv.about(ns, "firing")); n != 1 {
		t.Fatalf("%d firing notifications after a restart of the watcher, want 1", n)
	}

	out, code := runOnce(t, "--kubeconfig", path, "--context", ctxName, "-n", ns, "-o", "json")
	var report watch.Report
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("--once -o json: %v\n%s", err, out)
	}
	if code != 3 || report.APIVersion != "fdtui/v1" || report.Kind != "WatchReport" || !reportHas(report, ns) {
		t.Errorf("--once: exit %d, report %s; want exit 3 and %s in it", code, out, ns)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := actions.RollbackWeb(ctx, cs, ns, 0); err != nil {
		t.Fatal(err)
	}
	rcv.until(t, 30*time.Second, "a resolved notification", func() bool { return len(rcv.about(ns, "resolved")) > 0 })
	waitRolledOut(t, cs, ns)
	time.Sleep(2 * time.Second)
	if f, r := len(rcv.about(ns, "firing")), len(rcv.about(ns, "resolved")); f != 1 || r != 1 {
		for _, a := range rcv.all() {
			t.Logf("received %s revision %s at %s: %s", a.Status, a.Labels["revision"], a.At.Format(time.StampMilli), a.Annotations["summary"])
		}
		t.Fatalf("%d firing and %d resolved, want exactly one of each; the watcher's log:\n%s", f, r, w.log)
	}
	if r := rcv.about(ns, "resolved")[0]; r.Labels["revision"] != "2" {
		t.Errorf("resolved %+v, want revision 2's incident", r)
	}
	if out, code := runOnce(t, "--kubeconfig", path, "--context", ctxName, "-n", ns, "-o", "json"); code != 0 || !strings.Contains(out, `"stuck": 0`) {
		t.Errorf("--once after the rollback: exit %d\n%s", code, out)
	}
}

func reportHas(r watch.Report, ns string) bool {
	for _, it := range r.Items {
		if it.Namespace == ns && it.Cause != "" && it.Fix != "" {
			return true
		}
	}
	return false
}
