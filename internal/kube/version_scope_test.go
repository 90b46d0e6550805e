package kube

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"k8s.io/client-go/rest"
)

// VersionAndScope returns both answers, and the version's error (a dead
// apiserver) even though the scope was asked too.
func TestVersionAndScope(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/version" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"major":"1","minor":"36","gitVersion":"v1.36.3"}`))
	}))
	defer srv.Close()
	scope := func(context.Context) []string { return []string{"shop-example-com"} }
	v, ns, err := VersionAndScope(context.Background(), &rest.Config{Host: srv.URL}, 5*time.Second, scope)
	if err != nil || v != "v1.36.3" || !slices.Equal(ns, []string{"shop-example-com"}) {
		t.Fatalf("got %q %v %v, want v1.36.3 [shop-example-com] <nil>", v, ns, err)
	}
	if _, ns, err := VersionAndScope(context.Background(), &rest.Config{Host: srv.URL}, 5*time.Second, nil); err != nil || ns != nil {
		t.Fatalf("no scope asked: got %v %v, want nil <nil>", ns, err)
	}
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	if _, _, err := VersionAndScope(context.Background(), &rest.Config{Host: dead.URL}, 2*time.Second, scope); err == nil {
		t.Fatal("a dead apiserver gave no error")
	}
}
