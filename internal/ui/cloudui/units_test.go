package cloudui

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

func doksNode(name, pool string) *corev1.Node {
	n := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name}}
	if pool != "" {
		n.Labels = map[string]string{"doks.digitalocean.com/node-pool": pool}
	}
	return n
}

func TestJoinPools(t *testing.T) {
	pools := []do.Pool{
		{Name: "web", Size: "s-2vcpu-4gb", Count: 3, MonthlyPrice: 24, Nodes: []string{"web-a1", "web-b2", "web-c3"}},
		{Name: "db", Size: "so-2vcpu-16gb", Count: 1, MonthlyPrice: 131, Nodes: []string{"db-x9"}},
		{Name: "batch", Size: "c-2", Count: 2, AutoScale: true, Min: 0, Max: 4, Nodes: []string{"batch-q1", "batch-q2"}},
	}
	nodes := []*corev1.Node{doksNode("web-c3", "web"), doksNode("web-a1", "web"), doksNode("db-x9", "db"),
		doksNode("batch-q1", "batch"), doksNode("control", "")}
	joins := JoinPools(pools, nodes)
	if len(joins) != 3 {
		t.Fatalf("%d joins", len(joins))
	}
	web, db := joins[0], joins[1]
	if strings.Join(web.Nodes, ",") != "web-a1,web-c3" || strings.Join(web.NotJoined, ",") != "web-b2" {
		t.Errorf("web %+v", web)
	}
	if len(db.Nodes) != 1 || len(db.NotJoined) != 0 {
		t.Errorf("db %+v", db)
	}
	for j, want := range map[int]string{
		0: "s-2vcpu-4gb ×3 · $24/mo per node · $72/mo · Kubernetes sees 2 of 3 nodes",
		1: "so-2vcpu-16gb ×1 · $131/mo per node · $131/mo",
		2: "c-2 ×2 (autoscale 0–4) · Kubernetes sees 1 of 2 nodes",
	} {
		if got := PoolText(joins[j]); got != want {
			t.Errorf("PoolText(%s) = %q, want %q", joins[j].Pool.Name, got, want)
		}
	}
}

func TestRowsAndPoolsText(t *testing.T) {
	rows := Rows([]do.Cluster{{ID: "id1", Name: "staging", Region: "ams3", Version: "1.36.3-do.0", Status: "provisioning",
		MonthlyCost: 48, Pools: []do.Pool{{Name: "default", Size: "s-2vcpu-4gb", Count: 2, AutoScale: true, Min: 1, Max: 4}, {Name: "db", Size: "s-1vcpu-2gb", Count: 1}}}})
	r := rows[0]
	if r.Name != "staging" || r.Source != "digitalocean" || r.Status != "provisioning" || r.Region != "ams3" || r.CloudID != "id1" ||
		r.Monthly != 48 || r.Context != "" || r.Pools != "default: s-2vcpu-4gb×2 (auto 1–4), db: s-1vcpu-2gb×1" {
		t.Errorf("row %+v", r)
	}
}

func TestFormatBytesAndUsageText(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 736050: "718.8 KiB", 5 << 30: "5.0 GiB", 3 << 40: "3.0 TiB"} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
	const quota = 250 << 30
	refused := errors.New("object store 127.0.0.1:1: cannot reach it: connection refused")
	cases := []struct {
		name  string
		u     objstore.BucketUsage
		known bool
		text  string
		tone  styles.Tone
	}{
		{"nothing yet", objstore.BucketUsage{}, false, "scanning…", styles.Dim},
		{"counting", objstore.BucketUsage{Bytes: 3 << 20}, true, "3.0 MiB…", styles.Dim},
		{"done", objstore.BucketUsage{Bytes: 1288490189, Done: true}, true, "1.2 GiB 0%", styles.Normal},
		{"near quota", objstore.BucketUsage{Bytes: 230 << 30, Done: true}, true, "230.0 GiB 92%", styles.Warn},
		{"over quota", objstore.BucketUsage{Bytes: 300 << 30, Done: true}, true, "300.0 GiB 120%", styles.Bad},
		{"unreachable", objstore.BucketUsage{Err: refused}, true, "unreachable", styles.Bad},
		{"slow", objstore.BucketUsage{Err: errors.New("object store x: timed out")}, true, "unreachable (slow)", styles.Bad},
		{"stale figure", objstore.BucketUsage{Bytes: 1 << 30, Done: true, Err: refused}, true, "1.0 GiB 0% !", styles.Warn},
		{"no bucket", objstore.BucketUsage{Err: errors.New("object store x: bucket b does not exist")}, true, "no bucket", styles.Bad},
	}
	for _, tc := range cases {
		text, tone := usageText(tc.u, tc.known, quota)
		if text != tc.text || tone != tc.tone {
			t.Errorf("%s: %q %v, want %q %v", tc.name, text, tone, tc.text, tc.tone)
		}
	}
	if thousands(1234567) != "1,234,567" || thousands(12) != "12" {
		t.Error("thousands")
	}
}

func TestParseQuota(t *testing.T) {
	for in, want := range map[string]int64{"250GiB": 250 << 30, "250Gi": 250 << 30, "1TiB": 1 << 40, "500GB": 500e9, "1048576": 1 << 20, " 10MiB ": 10 << 20, "512KiB": 512 << 10, "2kB": 2000} {
		got, err := ParseQuota(in)
		if err != nil || got != want {
			t.Errorf("ParseQuota(%q) = %d %v, want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "lots", "-5GiB", "0", "10E", "1e100"} { // 10E: FuzzParseQuota, read as 0
		if _, err := ParseQuota(bad); err == nil {
			t.Errorf("ParseQuota(%q) accepted", bad)
		}
	}
}

func TestFlagsToConfig(t *testing.T) {
	doctlDir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", doctlDir) // no doctl config here
	t.Setenv("HOME", doctlDir)
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

	cfg, err := FlagsToConfig(&Flags{S3Quota: "250GiB"}, env(map[string]string{}))
	if err != nil || cfg.DO != nil || !strings.HasPrefix(cfg.DOHint, NoTokenHint) || cfg.S3Quota != 250<<30 || cfg.S3 != nil {
		t.Errorf("no token: %+v %v", cfg, err)
	}
	cfg, err = FlagsToConfig(&Flags{S3Quota: "1TiB", DOAPIURL: "http://127.0.0.1:39080"}, env(map[string]string{
		"DIGITALOCEAN_ACCESS_TOKEN": "dop_v1_x", "FDTUI_S3_ENDPOINT": "127.0.0.1:39000", "FDTUI_S3_ACCESS_KEY": "k", "FDTUI_S3_SECRET_KEY": "s"}))
	if err != nil || cfg.DO == nil || cfg.DOHint != "" || cfg.S3 == nil || cfg.S3.Endpoint != "127.0.0.1:39000" || cfg.S3.Secure || cfg.S3.Region != "us-east-1" {
		t.Errorf("token and local MinIO: %+v %v", cfg, err)
	}
	cfg, _ = FlagsToConfig(&Flags{S3Quota: "1TiB"}, env(map[string]string{"SPACES_ACCESS_KEY_ID": "DO00", "SPACES_SECRET_ACCESS_KEY": "s", "FDTUI_S3_ENDPOINT": "x", "FDTUI_S3_ACCESS_KEY": "k", "FDTUI_S3_SECRET_KEY": "s"}))
	if cfg.S3 == nil || cfg.S3.Endpoint != "nyc3.digitaloceanspaces.com" {
		t.Errorf("Spaces keys should win: %+v", cfg.S3)
	}
	if _, err := FlagsToConfig(&Flags{S3Quota: "1TiB", DOContext: "work"}, env(map[string]string{"DIGITALOCEAN_ACCESS_TOKEN": "x"})); err == nil || !strings.Contains(err.Error(), "--do-context") {
		t.Errorf("unknown doctl context: %v", err)
	}
	if _, err := FlagsToConfig(&Flags{S3Quota: "lots"}, env(nil)); err == nil {
		t.Error("bad quota accepted")
	}
	doctl := filepath.Join(doctlDir, "doctl")
	if err := os.MkdirAll(doctl, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(doctl, "config.yaml"), []byte("auth-contexts:\n  work: dop_v1_work\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if cfg, err := FlagsToConfig(&Flags{S3Quota: "1TiB", DOContext: "work"}, env(nil)); err != nil || cfg.DO == nil {
		t.Errorf("doctl context: %v", err)
	}
}

func TestWizardValues(t *testing.T) {
	opts := do.Options{Regions: []do.Region{{Slug: "nyc1"}, {Slug: "fra1"}}, Sizes: catalogue,
		Versions: []do.Version{{Slug: "1.35.6-do.1", KubernetesVersion: "1.35.6"}, {Slug: "1.36.3-do.0", KubernetesVersion: "1.36.3"}}}
	w := &wizard{wizardStart: wizardStart{opts: opts}, v: defaultValues(opts), taken: map[string]bool{"prod": true}}
	w.v.Name = "shop"
	req, err := w.request()
	if err != nil {
		t.Fatal(err)
	}
	if req.Version != "1.36.3-do.0" || req.Region != "nyc1" || len(req.Pools) != 1 || req.Tags[0] != "flightdeck" {
		t.Errorf("defaults (one pool: another is added on purpose): %+v", req)
	}
	w.v.Pools[0].More = true // add db
	if req, err = w.request(); err != nil {
		t.Fatal(err)
	}
	if p := req.Pools; !reflect.DeepEqual(p[0], do.PoolRequest{Name: "web", Size: "s-1vcpu-2gb", Count: 3}) || !reflect.DeepEqual(p[1], do.PoolRequest{Name: "db", Size: "s-1vcpu-2gb", Count: 1}) {
		t.Errorf("default pools: %+v", p)
	}
	w.v.Pools[0].More = false // drop db
	w.v.Pools[0].AutoScale, w.v.Pools[0].Min, w.v.Pools[0].Max = true, "2", "5"
	if req, _ = w.request(); len(req.Pools) != 1 || !req.Pools[0].AutoScale || req.Pools[0].Max != 5 {
		t.Errorf("one autoscaled pool: %+v", req.Pools)
	}
	if w.active(1) || !w.active(0) {
		t.Error("pool 2 should be inactive")
	}
	checks := []struct {
		name string
		err  error
		want string
	}{
		{"taken name", w.validateName("prod"), "already has a cluster named prod"},
		{"bad name", w.validateName("Prod!"), "must start with a lowercase letter"},
		{"duplicate pool", w.validatePoolName(1, "web"), "pool 1 is already called web"},
		{"bad pool", w.validatePoolName(0, "web_1"), "lowercase letters"},
		{"count", validateCount("0", 1), "between 1 and 100"},
		{"count text", validateCount("three", 1), "not a whole number"},
		{"min above count", validateMin("4", "3"), "between 0 and the pool's 3 nodes"},
		{"max below count", validateMax("2", "3"), "between the pool's 3 nodes and 100"},
		{"tag", validateTags("ok, bad!"), `tag "bad!"`},
		{"tag with a space", validateTags("flightdeck,client shop"), `tag "client shop" contains a space: DigitalOcean tags cannot`},
	}
	for _, c := range checks {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, c.err, c.want)
		}
	}
	for _, ok := range []error{w.validateName("shop-2"), validateMin("0", "3"), validateMax("3", "3"), validateTags("env:prod, team_a")} {
		if ok != nil {
			t.Errorf("rejected a valid value: %v", ok)
		}
	}
}

func TestScaleShape(t *testing.T) {
	s, err := scaleValues{AutoScale: true, Min: "4", Max: "6"}.shape(3)
	if err != nil || s.Count != 4 || s.Min != 4 || s.Max != 6 {
		t.Errorf("count clamps into the range: %+v %v", s, err)
	}
	if s, _ := (scaleValues{Count: "5"}).shape(3); s.Count != 5 || s.AutoScale {
		t.Errorf("fixed: %+v", s)
	}
}

func TestReadinessCommandNeedsAConnection(t *testing.T) {
	f := New(&common.Common{}, Config{})
	t.Cleanup(f.Close)
	var run func(string) tea.Cmd
	for _, cmd := range f.Commands() {
		if cmd.Name == "readiness" {
			run = cmd.Run
		}
	}
	if run == nil {
		t.Fatalf("no :readiness among %+v", f.Commands())
	}
	cmd := run("")
	if cmd == nil {
		t.Fatal(":readiness without a connection returned no command")
	}
	if msg, ok := cmd().(common.ToastMsg); !ok || !msg.Error || !strings.Contains(msg.Text, "not connected") {
		t.Errorf("got %#v", cmd())
	}
}
