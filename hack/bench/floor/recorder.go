package main

import (
	"net/http"
	"sort"
	"strings"
	"sync"
)

// recorder notes the pod requests the client makes, to tell a streaming
// watch-list (one WATCH with sendInitialEvents=true) from paged LISTs:
// client-go falls back to LIST quietly when the server refuses watch-list.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	reqs []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, "/pods") {
		q := req.URL.Query()
		verb := "LIST"
		if q.Get("watch") == "true" || q.Get("watch") == "1" {
			verb = "WATCH"
		}
		keys := make([]string, 0, len(q))
		for k := range q {
			if k != "watch" && k != "timeoutSeconds" {
				keys = append(keys, k+"="+q.Get(k))
			}
		}
		sort.Strings(keys)
		r.mu.Lock()
		r.reqs = append(r.reqs, strings.TrimSpace(verb+" "+strings.Join(keys, " ")))
		r.mu.Unlock()
	}
	return r.next.RoundTrip(req)
}

// summary returns the requests and whether the first one was a
// watch-list (a LIST first means the informer listed).
func (r *recorder) summary() ([]string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	reqs := append([]string(nil), r.reqs...)
	return reqs, len(reqs) > 0 && strings.HasPrefix(reqs[0], "WATCH") && strings.Contains(reqs[0], "sendInitialEvents=true")
}
