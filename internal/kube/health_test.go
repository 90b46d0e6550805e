package kube

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// get sends one GET for path through an observer in front of the real
// HTTP transport.
func get(t *testing.T, h *Health, url string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := observer{health: h, next: http.DefaultTransport}.RoundTrip(req)
	if err == nil {
		resp.Body.Close()
	}
}

// A refused connection marks the connection failing at once (client-go's
// reflectors retry those silently); the next answer clears it.
func TestObserverMarksRefusedAtOnceAndClearsOnAnswer(t *testing.T) {
	h := newHealth(NewQueue(10))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + l.Addr().String() + "/api/v1/pods"
	l.Close()
	get(t, h, dead)
	if s := h.State(); !s.Failing || s.LastError == "" {
		t.Fatalf("after connection refused: %+v, want failing with the error", s)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	get(t, h, srv.URL+"/api/v1/pods")
	if s := h.State(); s.Failing {
		t.Fatalf("after an answer: %+v, want not failing", s)
	}
}

// A request its caller cancelled says nothing about the server.
func TestObserverIgnoresCancelledRequests(t *testing.T) {
	h := newHealth(NewQueue(10))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:1/api/v1/pods", nil)
	if _, err := (observer{health: h, next: http.DefaultTransport}).RoundTrip(req); err == nil {
		t.Fatal("want an error")
	}
	if h.State().Failing {
		t.Fatal("a cancelled request marked the connection failing")
	}
}

// 401 means the credentials were rejected; a kind becomes visible again
// when a list of it succeeds (a role granted meanwhile).
func TestObserverUnauthorizedAndForbiddenClears(t *testing.T) {
	h := newHealth(NewQueue(10))
	status := http.StatusUnauthorized
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) }))
	defer srv.Close()
	get(t, h, srv.URL+"/api/v1/nodes")
	if !h.State().Unauthorized {
		t.Fatal("401 did not mark unauthorized")
	}
	h.markForbidden(KindNode)
	status = http.StatusOK
	get(t, h, srv.URL+"/api/v1/namespaces/x/pods")
	if s := h.State(); s.Unauthorized || len(s.Forbidden) != 1 {
		t.Fatalf("after a 200 on pods: %+v, want authorized, nodes still forbidden", s)
	}
	get(t, h, srv.URL+"/api/v1/nodes")
	if s := h.State(); len(s.Forbidden) != 0 {
		t.Fatalf("after a 200 on nodes: forbidden %v, want none", s.Forbidden)
	}
}

// A /readyz that answers 403 (not granted to every user) is an answer,
// not an outage; 401 is unauthorized; a credential plugin's failure is
// named as such.
func TestPingOutcomes(t *testing.T) {
	gr := schema.GroupResource{}
	for _, tc := range []struct {
		name                         string
		err                          error
		failing, unauthorized, creds bool
	}{
		{"ok", nil, false, false, false},
		{"forbidden", apierrors.NewForbidden(gr, "", errors.New("no")), false, false, false},
		{"unauthorized", apierrors.NewUnauthorized("expired"), true, true, false},
		{"plugin", errors.New(`Get "https://x/readyz": getting credentials: exec: executable doctl failed with exit code 1`), true, false, true},
		{"timeout", context.DeadlineExceeded, true, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHealth(NewQueue(10))
			h.pinged(tc.err)
			s := h.State()
			if s.Failing != tc.failing || s.Unauthorized != tc.unauthorized || (s.Credentials != "") != tc.creds {
				t.Errorf("state %+v, want failing=%v unauthorized=%v credentials=%v", s, tc.failing, tc.unauthorized, tc.creds)
			}
			if tc.creds && s.Credentials != "exec: executable doctl failed with exit code 1" {
				t.Errorf("credentials %q", s.Credentials)
			}
		})
	}
}
