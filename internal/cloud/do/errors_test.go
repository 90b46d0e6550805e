package do

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/digitalocean/godo"
	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
)

func TestRateLimitedThenSucceedsWithRetry(t *testing.T) {
	srv, c := localAPI(t, seeded(time.Second), WithRetry(3))
	srv.InjectFault(http.StatusTooManyRequests, 2)
	start := time.Now()
	got, err := c.ListClusters(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Errorf("got %d clusters", len(got))
	}
	if waited := time.Since(start); waited < 2*time.Second {
		t.Errorf("waited %v; Retry-After: 1 twice should take 2s", waited)
	}
	if srv.PendingFaults() != 0 {
		t.Error("faults left unserved")
	}
}

func TestServerErrorsThenSucceedsWithRetry(t *testing.T) {
	for _, status := range []int{http.StatusInternalServerError, http.StatusServiceUnavailable} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			srv, c := localAPI(t, seeded(time.Second), WithRetry(3), WithRetryWait(20*time.Millisecond, 100*time.Millisecond))
			srv.InjectFault(status, 2)
			if _, err := c.Options(testContext(t)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestReadableErrors(t *testing.T) {
	cases := []struct {
		name   string
		run    func(t *testing.T) error
		want   string
		status int
	}{
		{"401 bad token", func(t *testing.T) error {
			_, c := localAPI(t, dolocal.Config{Token: "another-token"})
			_, err := c.ListClusters(testContext(t))
			return err
		}, "DigitalOcean: 401 Unauthorized: token rejected; set DIGITALOCEAN_ACCESS_TOKEN", 401},
		{"422 duplicate name", func(t *testing.T) error {
			_, c := localAPI(t, seeded(time.Second))
			_, err := c.CreateCluster(testContext(t), CreateRequest{Name: "flightdeck-prod", Region: "nyc3", Version: "latest",
				Pools: []PoolRequest{{Name: "p", Size: "s-1vcpu-2gb", Count: 1}}})
			return err
		}, `DigitalOcean: 422 Unprocessable Entity: a cluster with the name "flightdeck-prod" already exists`, 422},
		{"422 bad region", func(t *testing.T) error {
			_, c := localAPI(t, seeded(time.Second))
			_, err := c.CreateCluster(testContext(t), CreateRequest{Name: "x1", Region: "mars1", Version: "latest",
				Pools: []PoolRequest{{Name: "p", Size: "s-1vcpu-2gb", Count: 1}}})
			return err
		}, `DigitalOcean: 422 Unprocessable Entity: region "mars1" is not available for Kubernetes`, 422},
		{"404", func(t *testing.T) error {
			_, c := localAPI(t, seeded(time.Second))
			_, err := c.GetCluster(testContext(t), "0000")
			return err
		}, "DigitalOcean: 404 Not Found: The resource you were accessing could not be found.", 404},
		{"429 without retry", func(t *testing.T) error {
			srv, c := localAPI(t, seeded(time.Second))
			srv.InjectFault(429, 1)
			_, err := c.ListClusters(testContext(t))
			return err
		}, "DigitalOcean: 429 rate limited; retry in 1s", 429},
		{"500 after retries", func(t *testing.T) error {
			srv, c := localAPI(t, seeded(time.Second), WithRetry(1), WithRetryWait(10*time.Millisecond, 20*time.Millisecond))
			srv.InjectFault(500, 5)
			_, err := c.ListClusters(testContext(t))
			return err
		}, "DigitalOcean: 500 Internal Server Error: Server Error (after 2 attempts)", 500},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run(t)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error = %v\nwant    %s", err, tc.want)
			}
			if HTTPStatus(err) != tc.status {
				t.Errorf("status = %d, want %d", HTTPStatus(err), tc.status)
			}
			var er *godo.ErrorResponse
			if !errors.As(err, &er) {
				t.Error("the godo error should still be reachable with errors.As")
			}
			if strings.Contains(err.Error(), testToken) {
				t.Error("error leaks the token")
			}
		})
	}
}

func TestConnectionRefusedIsReadableAndQuick(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c, err := New(testToken, WithBaseURL("http://"+addr))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.ListClusters(testContext(t))
	if want := "DigitalOcean: cannot reach " + addr + ": connection refused"; err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
	if time.Since(start) > time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}

func TestTimeoutIsReadable(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	}))
	t.Cleanup(slow.Close)
	c, err := New(testToken, WithBaseURL(slow.URL), WithTimeout(200*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetCluster(testContext(t), "abc")
	host := strings.TrimPrefix(slow.URL, "http://")
	if want := "DigitalOcean: timed out talking to " + host; err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
}

func TestReadableErrorPassesNilAndIsIdempotent(t *testing.T) {
	if ReadableError(nil) != nil {
		t.Error("nil should stay nil")
	}
	once := ReadableError(errors.New("boom\nsecond line"))
	if once.Error() != "DigitalOcean: boom second line" {
		t.Errorf("once = %q", once)
	}
	if ReadableError(once) != once {
		t.Error("a readable error should come back unchanged")
	}
}

func TestNewRefusesEmptyToken(t *testing.T) {
	if _, err := New("  "); err == nil || !strings.Contains(err.Error(), "DIGITALOCEAN_ACCESS_TOKEN") {
		t.Errorf("err = %v", err)
	}
}
