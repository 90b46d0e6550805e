package do

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/digitalocean/godo"
)

// Error is a DigitalOcean failure told in one line. It unwraps to the cause,
// so errors.As(err, **godo.ErrorResponse) still works.
type Error struct {
	// Op names the call that failed, e.g. "create cluster".
	Op string
	// Status is the HTTP status, 0 when no answer came back.
	Status int
	msg    string
	cause  error
}

func (e *Error) Error() string { return e.msg }
func (e *Error) Unwrap() error { return e.cause }

// HTTPStatus returns the API's HTTP status behind err, or 0.
func HTTPStatus(err error) int {
	var e *Error
	if errors.As(err, &e) && e.Status != 0 {
		return e.Status
	}
	var er *godo.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return er.Response.StatusCode
	}
	return 0
}

// IsNotFound reports a 404, e.g. a cluster deleted meanwhile.
func IsNotFound(err error) bool { return HTTPStatus(err) == http.StatusNotFound }

func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	readable := ReadableError(err)
	var e *Error
	if errors.As(readable, &e) && e.Op == "" {
		e.Op = op
	}
	return readable
}

// ReadableError turns what godo returns into one line that says what went
// wrong and what to do, e.g.
// "DigitalOcean: 401 Unauthorized: token rejected; set DIGITALOCEAN_ACCESS_TOKEN".
// It never includes the token (godo's errors carry only method and URL).
// Already readable errors are returned as they are.
func ReadableError(err error) error {
	if err == nil {
		return nil
	}
	var done *Error
	if errors.As(err, &done) {
		return err
	}
	status, text := describe(err)
	return &Error{Status: status, msg: "DigitalOcean: " + oneLine(text), cause: err}
}

func describe(err error) (int, string) {
	var er *godo.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return er.Response.StatusCode, describeResponse(er)
	}
	host := hostOf(err)
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return 0, "cannot reach " + host + ": connection refused"
	case errors.As(err, &dnsErr):
		return 0, "cannot reach " + host + ": no such host"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return 0, "timed out talking to " + host
	case errors.Is(err, context.Canceled):
		return 0, "request cancelled"
	}
	return 0, err.Error()
}

func describeResponse(er *godo.ErrorResponse) string {
	code := er.Response.StatusCode
	head := fmt.Sprintf("%d %s", code, http.StatusText(code))
	msg := er.Message
	switch {
	case code == http.StatusUnauthorized:
		return head + ": token rejected; set DIGITALOCEAN_ACCESS_TOKEN"
	case code == http.StatusForbidden:
		return head + ": the token may not do this (does it have write scope?)" + suffix(msg)
	case code == http.StatusNotFound:
		return head + ": " + orDefault(msg, "no such resource")
	case code == http.StatusTooManyRequests:
		return fmt.Sprintf("%d rate limited%s%s", code, retryHint(er.Response), attempts(er))
	case code >= 500:
		return head + suffix(msg) + attempts(er)
	}
	return head + suffix(msg)
}

// retryHint reads Retry-After, else DO's RateLimit-Reset (epoch seconds).
func retryHint(r *http.Response) string {
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err == nil {
		return fmt.Sprintf("; retry in %ds", s)
	}
	if reset, err := strconv.ParseInt(r.Header.Get("RateLimit-Reset"), 10, 64); err == nil {
		wait := time.Until(time.Unix(reset, 0)).Round(time.Second)
		if wait > 0 {
			return "; retry in " + wait.String()
		}
	}
	return "; retry shortly"
}

func attempts(er *godo.ErrorResponse) string {
	if er.Attempts > 1 {
		return fmt.Sprintf(" (after %d attempts)", er.Attempts)
	}
	return ""
}

// hostOf finds the API host in a transport error.
func hostOf(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
			return u.Host
		}
	}
	return "the DigitalOcean API"
}

func suffix(msg string) string {
	if msg == "" {
		return ""
	}
	return ": " + msg
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// oneLine keeps messages to a single, bounded line for a status bar.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	const max = 300
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}
