package cloudui_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"k8s.io/client-go/rest"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

const testToken = "dop_v1_local-test-token"

// seedNow is the local API's clock for fixture clusters: fixed, so ages
// and IDs are the same on every run.
var seedNow = uitest.Now()

// localDO serves the local DigitalOcean API and returns a godo client for
// it, as --do-api-url would build one.
func localDO(t *testing.T, cfg dolocal.Config) (*dolocal.Server, *do.Client) {
	t.Helper()
	cfg.Token = testToken
	if cfg.Seed == nil {
		cfg.Seed = dolocal.DefaultSeed()
	}
	srv := dolocal.New(cfg)
	return srv, doClient(t, newHTTPServer(t, srv))
}

func newHTTPServer(t *testing.T, h http.Handler) string {
	t.Helper()
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return hs.URL
}

// doClient is what --do-api-url builds: godo with retries on 429/5xx.
func doClient(t *testing.T, url string) *do.Client {
	t.Helper()
	client, err := do.New(testToken, do.WithBaseURL(url), do.WithRetry(3), do.WithRetryWait(10*time.Millisecond, 1500*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	return client
}

// demoKubeconfig has the static demo cluster's context, plus a saved
// context of the seeded production cluster.
const demoKubeconfig = `apiVersion: v1
kind: Config
current-context: demo
clusters:
- name: demo
  cluster: {server: "https://127.0.0.1:36443"}
- name: do-nyc3-flightdeck-prod
  cluster: {server: "https://prod.k8s.example.net"}
contexts:
- name: demo
  context: {cluster: demo, user: admin}
- name: do-nyc3-flightdeck-prod
  context: {cluster: do-nyc3-flightdeck-prod, user: admin}
users:
- name: admin
  user: {token: not-a-real-token}
`

// probeDemo answers for the static demo cluster's address and rejects
// every other apiserver's credentials, like an expired DO token.
func probeDemo(_ context.Context, cfg *rest.Config) (string, error) {
	if strings.Contains(cfg.Host, "127.0.0.1") {
		return "v1.36.3", nil
	}
	return "", errors.New("Unauthorized")
}

// demoCommon is a Common on the static demo cluster with a temp kubeconfig.
func demoCommon(t *testing.T) (*common.Common, *common.Conn, *kube.Static, string) {
	t.Helper()
	static, err := kube.NewStatic("demo", uitest.Objects(uitest.DemoSites())...)
	if err != nil {
		t.Fatal(err)
	}
	path, kc := tempKubeconfig(t, demoKubeconfig)
	c := &common.Common{Kubeconfig: kc, Now: func() time.Time { return uitest.Now() }, Probe: probeDemo}
	conn := common.NewConn(1, "demo", "https://127.0.0.1:36443", "v1.36.3", static.Cluster)
	return c, conn, static, path
}
