package kube

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// fwGet asks the forward for path and returns the body.
func fwGet(t *testing.T, f *Forward, path string) string {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get("http://" + f.Addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// A Forward answers through its pod, moves to another pod on Retarget
// (the next connection is the new pod's), redials after its pod
// connection is lost, counts what it carried, and releases its port when
// its context ends.
func TestForwardRetargetsAndStops(t *testing.T) {
	cfg, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx := itContext(t, 90*time.Second)
	itRunningPod(ctx, t, cs, ns, "web-0")
	itRunningPod(ctx, t, cs, ns, "web-1")
	fwCtx, stop := context.WithCancel(ctx)
	f, err := Listen(fwCtx, PortForwardDialer(cfg, cs), ns, "web-0", 0, 6081)
	if err != nil {
		t.Fatal(err)
	}
	if body := fwGet(t, f, "/a"); !strings.Contains(body, "varnish: GET /a") {
		t.Fatalf("answer %q", body)
	}
	f.Retarget("web-1")
	if got := f.Stats().Pod; got != "web-1" {
		t.Fatalf("pod after Retarget = %q", got)
	}
	if body := fwGet(t, f, "/b"); !strings.Contains(body, "varnish: GET /b") {
		t.Fatalf("answer after Retarget %q", body)
	}
	if err := cs.CoreV1().Pods(ns).Delete(ctx, "web-0", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if body := fwGet(t, f, "/c"); !strings.Contains(body, "varnish: GET /c") {
		t.Fatalf("answer from web-1 after web-0 went %q", body)
	}
	st := f.Stats()
	if st.Connections != 3 || st.BytesIn == 0 || st.BytesOut == 0 || st.LastErr != nil {
		t.Errorf("stats %+v, want 3 connections, bytes both ways, no error", st)
	}
	stop()
	select {
	case <-f.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the forward did not stop with its context")
	}
	if _, err := (&http.Client{Timeout: time.Second}).Get("http://" + f.Addr + "/"); err == nil {
		t.Error("the port still answers after the stop")
	}
}
