package do

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/digitalocean/godo"
	"golang.org/x/oauth2"
)

// Defaults for New. A call covers all its pages and retries.
const (
	DefaultTimeout  = 30 * time.Second
	DefaultPageSize = 200
	// priceTTL bounds how long the size catalogue (prices) is reused for
	// costing clusters; DO changes prices rarely.
	priceTTL = time.Hour
)

// Client is the godo-backed implementation of API.
type Client struct {
	godo     *godo.Client
	timeout  time.Duration
	pageSize int

	pricesMu  sync.Mutex
	prices    map[string]Size
	pricesAge time.Time
}

type settings struct {
	baseURL      string
	timeout      time.Duration
	pageSize     int
	retryMax     int
	retryWaitMin float64
	retryWaitMax float64
	httpClient   *http.Client
}

// Option configures New.
type Option func(*settings)

// WithBaseURL points the client at another API root, e.g. the local
// stand-in served by internal/cloud/dolocal.
func WithBaseURL(url string) Option { return func(s *settings) { s.baseURL = url } }

// WithTimeout bounds each API call (all its pages and retries included).
func WithTimeout(d time.Duration) Option { return func(s *settings) { s.timeout = d } }

// WithRetry retries 429 and 5xx answers and connection errors up to max
// times, waiting as Retry-After says when the API sends it.
func WithRetry(max int) Option { return func(s *settings) { s.retryMax = max } }

// WithRetryWait sets the exponential backoff bounds used when the API gives
// no Retry-After.
func WithRetryWait(min, max time.Duration) Option {
	return func(s *settings) { s.retryWaitMin, s.retryWaitMax = min.Seconds(), max.Seconds() }
}

// WithPageSize sets per_page for list calls.
func WithPageSize(n int) Option { return func(s *settings) { s.pageSize = n } }

// WithHTTPClient supplies the HTTP client. Note that with WithRetry godo
// swaps the transport for its retrying one and keeps only the timeout.
func WithHTTPClient(c *http.Client) Option { return func(s *settings) { s.httpClient = c } }

// New returns a client authenticating with token.
func New(token string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(token) == "" {
		return nil, errors.New("DigitalOcean: no API token; set DIGITALOCEAN_ACCESS_TOKEN or run doctl auth init")
	}
	s := settings{timeout: DefaultTimeout, pageSize: DefaultPageSize, retryWaitMin: 0.5, retryWaitMax: 5}
	for _, o := range opts {
		o(&s)
	}
	g, err := godo.New(authorizedHTTPClient(token, s), godoOptions(s)...)
	if err != nil {
		return nil, err
	}
	return &Client{godo: g, timeout: s.timeout, pageSize: s.pageSize}, nil
}

// authorizedHTTPClient adds the bearer token. godo's retry setup expects the
// transport to be an *oauth2.Transport (it copies its Source), so the token
// must be carried that way.
func authorizedHTTPClient(token string, s settings) *http.Client {
	c := &http.Client{}
	if s.httpClient != nil {
		copied := *s.httpClient
		c = &copied
	}
	c.Timeout = s.timeout
	c.Transport = &oauth2.Transport{
		Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token}),
		Base:   c.Transport,
	}
	return c
}

func godoOptions(s settings) []godo.ClientOpt {
	opts := []godo.ClientOpt{godo.SetUserAgent("fdtui")}
	if s.baseURL != "" {
		// godo resolves "v2/..." against the base, which therefore needs a
		// trailing slash to keep any path it has.
		opts = append(opts, godo.SetBaseURL(strings.TrimSuffix(s.baseURL, "/")+"/"))
	}
	if s.retryMax > 0 {
		opts = append(opts, godo.WithRetryAndBackoffs(godo.RetryConfig{
			RetryMax:     s.retryMax,
			RetryWaitMin: godo.PtrTo(s.retryWaitMin),
			RetryWaitMax: godo.PtrTo(s.retryWaitMax),
		}))
	}
	return opts
}

// bounded gives every call its own deadline.
func (c *Client) bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, c.timeout)
}
