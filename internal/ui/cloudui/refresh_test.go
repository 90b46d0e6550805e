package cloudui

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/cloud/dolocal"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

const refreshKubeconfig = `apiVersion: v1
kind: Config
current-context: do-nyc3-flightdeck-prod
clusters:
- name: do-nyc3-flightdeck-prod
  cluster: {server: "https://prod.k8s.example.net"}
contexts:
- name: do-nyc3-flightdeck-prod
  context: {cluster: do-nyc3-flightdeck-prod, user: do-nyc3-flightdeck-prod-admin}
users:
- name: do-nyc3-flightdeck-prod-admin
  user:
USER`

const doctlUser = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: doctl
      args: [kubernetes, cluster, kubeconfig, exec-credential, --version=v1beta1, --context=default, prod-id]
`

// TestWatcherRefreshLeavesDoctlUsersAlone is the credentials watcher's
// answer to a 401 (refreshCredentials): a doctl-saved context is left
// byte for byte and the toast says why; a token context gets a new token
// and reconnects.
func TestWatcherRefreshLeavesDoctlUsersAlone(t *testing.T) {
	srv := dolocal.New(dolocal.Config{Token: "t", Seed: dolocal.DefaultSeed(),
		Kube: dolocal.KubeCredentials{Server: "https://127.0.0.1:1", Token: "fresh-token"}})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	api, err := do.New("t", do.WithBaseURL(hs.URL))
	if err != nil {
		t.Fatal(err)
	}
	for _, lookPath := range []func(string) (string, error){nil, func(string) (string, error) { return "/usr/bin/doctl", nil }} {
		s := newService(Config{DO: api, LookPath: lookPath}.withDefaults())
		path := filepath.Join(t.TempDir(), "config")
		saved := strings.Replace(refreshKubeconfig, "USER", doctlUser, 1)
		if err := os.WriteFile(path, []byte(saved), 0o600); err != nil {
			t.Fatal(err)
		}
		msg := s.refreshCredentials("do-nyc3-flightdeck-prod", path)
		toast, ok := msg.(common.ToastMsg)
		if !ok || !toast.Error || !strings.Contains(toast.Text, "do-nyc3-flightdeck-prod answers 401 Unauthorized: the credentials of do-nyc3-flightdeck-prod come from doctl") {
			t.Errorf("doctl user, doctl found %v: %#v", lookPath != nil, msg)
		}
		if got, _ := os.ReadFile(path); string(got) != saved {
			t.Errorf("the doctl user was rewritten:\n%s", got)
		}
	}

	s := newService(Config{DO: api}.withDefaults())
	path := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(path, []byte(strings.Replace(refreshKubeconfig, "USER", "    token: expired-token\n", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if msg, ok := s.refreshCredentials("do-nyc3-flightdeck-prod", path).(common.ConnectMsg); !ok || msg.Context != "do-nyc3-flightdeck-prod" {
		t.Errorf("token user: %#v", msg)
	}
	if kind, _ := do.SavedUser(path, "do-nyc3-flightdeck-prod"); kind != do.UserToken || !strings.Contains(readAll(t, path), "fresh-token") {
		t.Errorf("token user not refreshed:\n%s", readAll(t, path))
	}
	if got := s.authText(path, "do-nyc3-flightdeck-prod", time.Now()); got != "token 7d" {
		t.Errorf("AUTH after the refresh: %q", got)
	}
}

func readAll(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestTokenLeft(t *testing.T) {
	for d, want := range map[time.Duration]string{
		7*24*time.Hour - time.Second: "token 7d", 6*24*time.Hour + time.Hour: "token 7d", 24 * time.Hour: "token 24h",
		5 * time.Hour: "token 5h", 5*time.Hour + time.Minute: "token 6h",
		90 * time.Second: "token 2m", 10 * time.Second: "token 1m", 0: "expired", -time.Hour: "expired",
	} {
		if got := TokenLeft(d); got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
	if got := credLeft("cert", 7*24*time.Hour-time.Second); got != "cert 7d" {
		t.Errorf("a certificate saved for 7 days: %q", got)
	}
}

func TestClusterMonthlyMarksWhatIsUnknown(t *testing.T) {
	c := do.Cluster{MonthlyCost: 100, Pools: []do.Pool{{Count: 2, MonthlyPrice: 50}}}
	vol := do.PriceVolume(do.Resource{Kind: do.KindVolume}, 30)
	lb := do.PriceLoadBalancer(do.Resource{Kind: do.KindLoadBalancer}, "", 2, "")
	if m, partial := ClusterMonthly(c, []do.Resource{vol, lb}, nil); m != 127 || partial {
		t.Errorf("all known: %v %v", m, partial)
	}
	gone := do.Resource{Kind: do.KindVolume, Unknown: "could not be read (404)"}
	if m, partial := ClusterMonthly(c, []do.Resource{vol, gone}, nil); m != 103 || !partial {
		t.Errorf("a volume unknown: %v %v", m, partial)
	}
	if m, partial := ClusterMonthly(c, nil, os.ErrDeadlineExceeded); m != 100 || !partial {
		t.Errorf("extras not listed: %v %v", m, partial)
	}
	unpriced := do.Cluster{MonthlyCost: 40, Pools: []do.Pool{{Count: 1, Size: "new-size"}}}
	if m, partial := ClusterMonthly(unpriced, nil, nil); m != 40 || !partial {
		t.Errorf("a pool without a price: %v %v", m, partial)
	}
	if got := BalanceText(do.Balance{MonthToDateUsage: 309.321, GeneratedAt: time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)}, nil); got != "month-to-date usage $309.32 (DigitalOcean, 03:00 UTC)" {
		t.Errorf("balance: %q", got)
	}
}
