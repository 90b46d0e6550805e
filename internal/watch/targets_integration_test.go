package watch_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// plainReceiver keeps the requests an ntfy or Slack target gets,
// answering status.
type plainReceiver struct {
	*httptest.Server
	mu     sync.Mutex
	status int
	bodies []string
	titles []string
	prios  []string
}

func newPlainReceiver(t *testing.T, status int) *plainReceiver {
	r := &plainReceiver{status: status}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.bodies = append(r.bodies, string(body))
		r.titles = append(r.titles, req.Header.Get("Title"))
		r.prios = append(r.prios, req.Header.Get("Priority"))
		w.WriteHeader(r.status)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *plainReceiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.bodies)
}

// A crash-looping rollout pages early (--early) on every target kind:
// the webhook, ntfy (title, priority) and Slack ({"text"}), while a
// second Slack target that answers 500 every time retries on its own and
// holds no one up. The message names the crash loop, the pod, its last
// log lines (or why there are none) and the fix.
func TestWatchEarlyCrashLoopOnEveryTarget(t *testing.T) {
	path, ctxName := currentContext(t)
	_, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, goodImage, 600, true)
	hook, ntfy, slack, down := newReceiver(t, 0), newPlainReceiver(t, 200), newPlainReceiver(t, 200), newPlainReceiver(t, 500)
	w := startWatch(t, "--kubeconfig", path, "--context", ctxName, "--state-dir", t.TempDir(), "--early", "5s",
		"--notify", "slack+"+down.URL+"/down", "--notify", "webhook+"+hook.URL, "--notify", "ntfy+"+ntfy.URL+"/oncall",
		"--notify", "slack+"+slack.URL+"/services/T0/B0/X")
	w.until(t, 60*time.Second, "cluster "+ctxName+": connected")
	start := time.Now()
	setImage(t, cs, ns, "registry.example.com/acme/web:crashloop-3c4d5e6")
	hook.until(t, 60*time.Second, "an early page", func() bool {
		return len(hook.about(ns, "firing")) > 0 && ntfy.count() > 0 && slack.count() > 0
	})
	t.Logf("crash loop paged %s after the image change (--early 5s)", time.Since(start).Round(100*time.Millisecond))
	a := hook.about(ns, "firing")[0]
	if c := strings.ToLower(a.Annotations["cause"]); !strings.Contains(c, "crash") {
		t.Errorf("cause %q, want the crash loop", a.Annotations["cause"])
	}
	if a.Annotations["pod"] == "" || a.Annotations["logs"] == "" {
		t.Errorf("no pod or logs in %v", a.Annotations)
	}
	ntfy.mu.Lock()
	title, prio, body := ntfy.titles[0], ntfy.prios[0], ntfy.bodies[0]
	ntfy.mu.Unlock()
	t.Logf("ntfy message:\nTitle: %s\n%s", title, body)
	if !strings.Contains(title, "STUCK") || prio != "urgent" || !strings.Contains(body, "Fix: fdtui rollback --context "+ctxName+" "+ns) ||
		!strings.Contains(body, "Failing pod: ") {
		t.Errorf("ntfy: title %q priority %q body %q", title, prio, body)
	}
	slack.mu.Lock()
	sb := slack.bodies[0]
	slack.mu.Unlock()
	if !strings.HasPrefix(sb, `{"text":"*STUCK `) {
		t.Errorf("slack body %s", sb)
	}
	if down.count() == 0 {
		t.Error("the failing target was never tried")
	}
	time.Sleep(2 * time.Second)
	if n := len(hook.about(ns, "firing")); n != 1 || ntfy.count() != 1 || slack.count() != 1 {
		t.Errorf("webhook %d, ntfy %d, slack %d notifications, want one each", n, ntfy.count(), slack.count())
	}
}
