package dolocal

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// fault answers the next Count API requests with Status.
type fault struct {
	Status, Count int
}

// faultQueue holds injected failures, served in the order injected.
type faultQueue struct {
	mu    sync.Mutex
	queue []fault
}

// InjectFault makes the next count API requests answer status: 429 comes
// with Retry-After: 1 and exhausted RateLimit-* headers as DO sends them;
// 5xx with DO's error body.
func (s *Server) InjectFault(status, count int) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.queue = append(s.faults.queue, fault{Status: status, Count: count})
}

// PendingFaults is how many injected failures are still to be served.
func (s *Server) PendingFaults() int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	n := 0
	for _, f := range s.faults.queue {
		n += f.Count
	}
	return n
}

func (q *faultQueue) next() (int, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.queue) > 0 && q.queue[0].Count <= 0 {
		q.queue = q.queue[1:]
	}
	if len(q.queue) == 0 {
		return 0, false
	}
	q.queue[0].Count--
	return q.queue[0].Status, true
}

// serve answers the request with the next injected fault, if any.
func (q *faultQueue) serve(w http.ResponseWriter, now time.Time) bool {
	status, ok := q.next()
	if !ok {
		return false
	}
	switch {
	case status == http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "1")
		w.Header().Set("RateLimit-Limit", strconv.Itoa(rateLimit))
		w.Header().Set("RateLimit-Remaining", "0")
		w.Header().Set("RateLimit-Reset", strconv.FormatInt(now.Add(time.Second).Unix(), 10))
		writeError(w, status, "too_many_requests", "API Rate limit exceeded.")
	case status == http.StatusServiceUnavailable:
		writeError(w, status, "service_unavailable", "The service is temporarily unavailable. Please try again later.")
	case status >= 500:
		writeError(w, status, "server_error", "Server Error")
	default:
		writeError(w, status, "injected_fault", fmt.Sprintf("injected fault %d", status))
	}
	return true
}

// faultAdmin serves POST /_fault?status=429&count=2 for scripts driving the
// binary; it answers the queue length.
func (s *Server) faultAdmin(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "POST /_fault?status=429&count=2")
		return
	}
	status, err1 := strconv.Atoi(r.URL.Query().Get("status"))
	count, err2 := strconv.Atoi(r.URL.Query().Get("count"))
	if err1 != nil || err2 != nil || status < 400 || status > 599 || count < 1 {
		writeError(w, http.StatusBadRequest, "bad_request", "want status=4xx|5xx and count>=1")
		return
	}
	s.InjectFault(status, count)
	s.logf("fault: next %d requests answer %d", count, status)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]int{"pending": s.PendingFaults()})
}
