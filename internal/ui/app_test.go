package ui_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/rest"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/uitest"
)

const kubeconfigYAML = `apiVersion: v1
kind: Config
current-context: demo
clusters:
- name: demo
  cluster: {server: "https://127.0.0.1:36443"}
- name: staging
  cluster: {server: "https://staging.example.net:6443"}
contexts:
- name: demo
  context: {cluster: demo, user: admin}
- name: do-nyc3-staging
  context: {cluster: staging, user: admin}
users:
- name: admin
  user: {token: not-a-real-token}
`

// newDemoApp returns the app on a static cluster holding the demo sites,
// sized 140x32, after the caches "synced".
func newDemoApp(t *testing.T) (*uitest.Driver, *kube.Static) {
	t.Helper()
	return newDemoAppWith(t, nil)
}

// newDemoAppWith lets a test change settings (read-only mode...) first.
func newDemoAppWith(t *testing.T, tweak func(c *common.Common)) (*uitest.Driver, *kube.Static) {
	t.Helper()
	return newDemoAppAs(t, tweak, nil)
}

// newDemoAppAs also gives the connection RBAC answers (nil: all allowed).
func newDemoAppAs(t *testing.T, tweak func(c *common.Common), access *kube.Access) (*uitest.Driver, *kube.Static) {
	t.Helper()
	return newDemoApp3(t, ui.Config{}, tweak, access)
}

// newDemoApp3 is the general form: cfg's Common and Conn are filled in.
func newDemoApp3(t *testing.T, cfg ui.Config, tweak func(c *common.Common), access *kube.Access) (*uitest.Driver, *kube.Static) {
	t.Helper()
	probe := func(_ context.Context, cfg *rest.Config) (string, error) {
		if strings.Contains(cfg.Host, "127.0.0.1") {
			return "v1.36.3", nil
		}
		return "", errors.New("dial tcp: lookup staging.example.net: no such host")
	}
	static, err := kube.NewStatic("demo", uitest.Objects(uitest.DemoSites())...)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := os.WriteFile(path, []byte(kubeconfigYAML), 0o600); err != nil {
		t.Fatal(err)
	}
	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = &path
	c := &common.Common{Kubeconfig: kube.NewKubeconfig(flags), Now: func() time.Time { return uitest.Now() }, Probe: probe}
	if tweak != nil {
		tweak(c)
	}
	conn := common.NewConn(1, "demo", "https://127.0.0.1:36443", "v1.36.3", static.Cluster)
	conn.Store.Now = c.Now
	conn.Access = access
	cfg.Common, cfg.Conn = c, conn
	d := uitest.NewApp(t, cfg, 140, 32)
	d.Send(common.SyncedMsg{ConnID: 1})
	return d, static
}

func TestGoldenScreens(t *testing.T) {
	cases := []struct {
		name string
		keys []string
		msgs []tea.Msg
	}{
		{name: "sites"},
		{name: "site_detail_crashloop", keys: []string{"enter"}},
		{name: "site_detail_imagepull", keys: []string{"j", "enter"}},
		{name: "pods_all", keys: []string{":", "p", "o", "d", "s", "enter"}},
		{name: "pods_filtered", keys: []string{":", "p", "o", "d", "s", "enter", "/", "b", "a", "c", "k", "enter"}},
		{name: "nodes", keys: []string{":", "n", "o", "d", "e", "s", "enter"}, msgs: []tea.Msg{common.UsageMsg{ConnID: 1, Usage: common.Usage{
			Nodes: map[string]model.Usage{"pool-web-1": {CPU: 420, Mem: 1 << 30}, "pool-web-2": {CPU: 1700, Mem: 3 << 30},
				"pool-web-3": {CPU: 90, Mem: 700 << 20}, "pool-db-1": {CPU: 300, Mem: 2 << 30}}}}}},
		{name: "events_all", keys: []string{":", "e", "v", "e", "n", "t", "s", "enter"}},
		{name: "clusters", keys: []string{":", "c", "l", "u", "s", "t", "e", "r", "s", "enter"}},
		{name: "help", keys: []string{"?"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := newDemoApp(t)
			d.Keys(tc.keys...)
			d.Send(tc.msgs...)
			golden.RequireEqual(t, []byte(d.Screen()))
		})
	}
}

func TestStuckSiteSortsFirstAndIsExplainedInOneKey(t *testing.T) {
	d, _ := newDemoApp(t)
	lines := strings.Split(d.Screen(), "\n")
	if !strings.Contains(lines[4], "STUCK") || !strings.Contains(lines[5], "STUCK") {
		t.Fatalf("stuck sites should sort first:\n%s", d.Screen())
	}
	d.Keys("j", "enter")
	screen := d.Screen()
	for _, want := range []string{"cannot be pulled", "still serve traffic", "ImagePullBackOff"} {
		if !strings.Contains(screen, want) {
			t.Errorf("site detail lacks %q:\n%s", want, screen)
		}
	}
}

func TestLiveUpdateWithoutKeypress(t *testing.T) {
	d, static := newDemoApp(t)
	objs := uitest.SiteObjects(uitest.Site{Domain: "new.client.example", State: uitest.Healthy, Age: time.Hour})
	for _, o := range objs {
		if err := static.Set(o); err != nil {
			t.Fatal(err)
		}
	}
	// The app's own feed delivers the batch; no key is pressed.
	d.WaitFor(t, 5*time.Second, "the new site", contains("new.client.example", "5 sites"))
}

func TestStaleBatchFromClosedConnectionIsIgnored(t *testing.T) {
	d, _ := newDemoApp(t)
	before := d.Screen()
	d.Send(common.KubeBatchMsg{ConnID: 99, Batch: kube.Batch{Resync: true}})
	if d.Screen() != before {
		t.Fatal("a batch of another connection changed the screen")
	}
}

func TestResizeReflows(t *testing.T) {
	d, _ := newDemoApp(t)
	d.Send(tea.WindowSizeMsg{Width: 80, Height: 20})
	lines := strings.Split(d.Screen(), "\n")
	if len(lines) != 20 {
		t.Fatalf("want 20 lines, got %d", len(lines))
	}
	for i, l := range lines {
		if w := len([]rune(l)); w > 80 {
			t.Fatalf("line %d is %d wide: %q", i, w, l)
		}
	}
}

func TestEscClearsFilterThenGoesBack(t *testing.T) {
	d, _ := newDemoApp(t)
	d.Keys("enter", "esc")
	if !strings.Contains(d.Screen(), "4 sites") {
		t.Fatalf("esc should go back to sites:\n%s", d.Screen())
	}
	d.Keys("/", "k", "i", "t", "enter")
	if strings.Contains(d.Screen(), "shop.acme.org") {
		t.Fatalf("filter not applied:\n%s", d.Screen())
	}
	d.Keys("/", "!", "k", "i", "t", "enter")
	if !strings.Contains(d.Screen(), "shop.acme.org") || strings.Contains(d.Screen(), "blog.kittens.io ") {
		t.Fatalf("negated filter wrong:\n%s", d.Screen())
	}
	d.Keys("esc")
	if !strings.Contains(d.Screen(), "blog.kittens.io") {
		t.Fatalf("esc should clear the filter:\n%s", d.Screen())
	}
}

// A completion of the command line must not follow into the filter: after
// ":pods", "/b" drew a dim "ods" after the b.
func TestFilterLineHasNoCommandCompletion(t *testing.T) {
	d, _ := newDemoApp(t)
	d.Keys(":", "p", "o", "d", "s", "enter", "/", "b")
	for _, l := range strings.Split(d.Screen(), "\n") {
		if strings.Contains(l, "/b") && strings.Contains(l, "/bods") {
			t.Fatalf("the filter line shows a completion: %q", l)
		}
	}
}

// A refusal answers the key just pressed, so a long connection state gives
// way to it in the status bar instead of pushing it off the edge.
func TestToastIsNotPushedOffByALongConnectionState(t *testing.T) {
	d, _ := newDemoApp(t)
	d.Send(tea.WindowSizeMsg{Width: 58, Height: 32})
	d.Send(common.ToastMsg{Text: "not allowed to patch deployments.apps", Error: true})
	if !strings.Contains(d.Screen(), "not allowed to patch deployments.apps") {
		t.Fatalf("toast cut:\n%s", d.Screen())
	}
}
