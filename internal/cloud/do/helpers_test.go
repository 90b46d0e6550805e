package do

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
)

const testToken = "dop_v1_test0123456789abcdef"

// localAPI starts the local DigitalOcean API stand-in and a client for it,
// so every test goes through godo's real request and decoding code.
func localAPI(t *testing.T, cfg dolocal.Config, opts ...Option) (*dolocal.Server, *Client) {
	t.Helper()
	if cfg.Token == "" {
		cfg.Token = testToken
	}
	srv := dolocal.New(cfg)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	c, err := New(testToken, append([]Option{WithBaseURL(ts.URL), WithTimeout(10 * time.Second)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func seeded(delay time.Duration) dolocal.Config {
	return dolocal.Config{Seed: dolocal.DefaultSeed(), ProvisionDelay: delay}
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func clusterNamed(t *testing.T, cs []Cluster, name string) Cluster {
	t.Helper()
	for _, c := range cs {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no cluster %q in %d clusters", name, len(cs))
	return Cluster{}
}
