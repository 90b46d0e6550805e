package watch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Delivery tuning (defaults of SendOptions).
const (
	defaultAttempts    = 6
	defaultRetryBase   = time.Second
	defaultSendTimeout = 10 * time.Second
	// queuePerTarget bounds what waits for a slow target; past it the
	// newest notification is dropped (logged) rather than block the engine.
	queuePerTarget = 256
)

// SendOptions tune delivery: Attempts per notification, the first retry
// after RetryBase (doubling, at most a minute), Timeout per attempt.
type SendOptions struct {
	Attempts  int
	RetryBase time.Duration
	Timeout   time.Duration
	UserAgent string // default "fdtui-watch"
}

// sender delivers notifications: one worker per target, so a failing
// target retries on its own and never blocks the others or the engine;
// per target, notifications go in order (a firing before its resolved).
type sender struct {
	opt    SendOptions
	client *http.Client
	logf   func(format string, args ...any)
	queues []chan Notification
	wg     sync.WaitGroup
}

// startSender starts one worker per target under ctx.
func startSender(ctx context.Context, targets []Target, opt SendOptions, logf func(string, ...any)) *sender {
	if opt.Attempts <= 0 {
		opt.Attempts = defaultAttempts
	}
	if opt.RetryBase <= 0 {
		opt.RetryBase = defaultRetryBase
	}
	if opt.Timeout <= 0 {
		opt.Timeout = defaultSendTimeout
	}
	s := &sender{opt: opt, client: &http.Client{}, logf: logf}
	for _, t := range targets {
		q := make(chan Notification, queuePerTarget)
		s.queues = append(s.queues, q)
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.work(ctx, t, q)
		}()
	}
	return s
}

// send queues n for every target; it never blocks.
func (s *sender) send(n Notification) {
	for _, q := range s.queues {
		select {
		case q <- n:
		default:
			s.logf("notification dropped: a target's queue is full (%s %s)", n.Status, n.Site)
		}
	}
}

// wait returns once every worker has stopped (its ctx ended).
func (s *sender) wait() { s.wg.Wait() }

func (s *sender) work(ctx context.Context, t Target, q <-chan Notification) {
	for {
		select {
		case <-ctx.Done():
			return
		case n := <-q:
			if err := s.deliver(ctx, t, n); err != nil {
				s.logf("notify %s: %s %s revision %d: %v", t.label(), n.Status, n.Site, n.Revision, err)
			} else {
				s.logf("notified %s: %s %s on %s, revision %d", t.label(), n.Status, n.Site, n.Cluster, n.Revision)
			}
		}
	}
}

// deliver posts n to t, retrying network errors, 429 and 5xx with
// exponential back-off; another 4xx is final (the request itself is
// wrong: retrying would not help).
func (s *sender) deliver(ctx context.Context, t Target, n Notification) error {
	wait := s.opt.RetryBase
	var err error
	for attempt := 1; attempt <= s.opt.Attempts; attempt++ {
		var retry bool
		if retry, err = s.post(ctx, t, n); err == nil || !retry {
			return err
		}
		if attempt == s.opt.Attempts {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Minute)
	}
	return fmt.Errorf("gave up after %d attempts: %w", s.opt.Attempts, err)
}

func (s *sender) post(ctx context.Context, t Target, n Notification) (retry bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, s.opt.Timeout)
	defer cancel()
	req, err := t.request(ctx, n)
	if err != nil {
		return false, err
	}
	if s.opt.UserAgent != "" {
		req.Header.Set("User-Agent", s.opt.UserAgent)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		// The URL (with its secret path) is in err: say what failed only.
		return true, fmt.Errorf("request failed: %v", unwrapURLError(err))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch {
	case resp.StatusCode < 300:
		return false, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return true, fmt.Errorf("answered %s", resp.Status)
	}
	return false, fmt.Errorf("answered %s (not retried)", resp.Status)
}
