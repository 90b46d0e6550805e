package watch

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestKindOfURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://ntfy.sh/acme-oncall":                    KindNtfy,
		"https://ntfy.example.com/oncall":                KindNtfy,
		"ntfy+http://127.0.0.1:8080/oncall":              KindNtfy,
		"https://hooks.slack.com/services/T0/B0/XXXX":    KindSlack,
		"slack+http://127.0.0.1:9/hook":                  KindSlack,
		"https://alerts.example.com/api/v1/fdtui":        KindWebhook,
		"webhook+https://ntfy.sh/looks-like-ntfy-but-no": KindWebhook,
	} {
		tg, err := ParseNotify(raw)
		if err != nil || tg.Kind != want || strings.Contains(tg.URL, "+") {
			t.Errorf("ParseNotify(%q) = %+v, %v; want kind %s", raw, tg, err, want)
		}
	}
	for _, bad := range []string{"ftp://x/y", "/relative", "https://ntfy.sh/"} {
		if _, err := ParseNotify(bad); err == nil {
			t.Errorf("ParseNotify(%q) accepted", bad)
		}
	}
}

func TestLoadConfigSaysWhatIsWrong(t *testing.T) {
	dir := t.TempDir()
	write := func(body string) string {
		p := filepath.Join(dir, "watch.yaml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	c, err := LoadConfig(write("targets:\n- name: phone\n  url: https://ntfy.sh/t\n- kind: slack\n  url: https://example.com/x\n"), true)
	if err != nil || len(c.Targets) != 2 || c.Targets[0].Kind != KindNtfy || c.Targets[1].Kind != KindSlack {
		t.Fatalf("good config: %+v %v", c, err)
	}
	for body, want := range map[string]string{
		"targets:\n- url: https://x.example/h\n  kynd: slack\n": "unknown field",
		"targets:\n- kind: pager\n  url: https://x.example/h\n": `kind "pager"`,
		"targets:\n- url: not a url\n":                          "absolute http(s) URL",
	} {
		if _, err := LoadConfig(write(body), true); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("config %q: error %v, want it to say %q", body, err, want)
		}
	}
	if _, err := LoadConfig(filepath.Join(dir, "none.yaml"), true); err == nil {
		t.Error("a missing --config file was accepted")
	}
	if c, err := LoadConfig(filepath.Join(dir, "none.yaml"), false); err != nil || len(c.Targets) != 0 {
		t.Errorf("a missing default config: %v", err)
	}
}

func testNotification() Notification {
	t0 := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	return Notification{
		Incident: Incident{Cluster: "prod", Namespace: "www-example-com", Site: "www.example.com", Revision: 7,
			Status: StatusFiring, StartsAt: t0, Fingerprint: fingerprint("prod", "www-example-com", 7),
			Cause: "New image registry.example.com/web:broken-1 cannot be pulled"},
		Summary: "the rollout of revision 7 (broken-1) is stuck: ProgressDeadlineExceeded",
		Fix:     fixCommand("prod", "www-example-com"), Pod: "web-abc-123", Logs: []string{"line 1", "line 2"},
	}
}

func TestWebhookBodyIsAlertmanagerV4(t *testing.T) {
	body, err := json.Marshal(webhookBody(testNotification()))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version, Status, GroupKey string
		Alerts                    []struct {
			Status              string
			Labels, Annotations map[string]string
			StartsAt, EndsAt    time.Time
			Fingerprint         string
		}
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	a := got.Alerts[0]
	if got.Version != "4" || got.Status != "firing" || got.GroupKey == "" || len(got.Alerts) != 1 || a.Fingerprint == "" {
		t.Fatalf("payload %s", body)
	}
	for k, v := range map[string]string{"cluster": "prod", "site": "www.example.com", "namespace": "www-example-com", "deployment": "web", "revision": "7"} {
		if a.Labels[k] != v {
			t.Errorf("label %s = %q, want %q", k, a.Labels[k], v)
		}
	}
	if a.Annotations["fix"] != "fdtui rollback --context prod www-example-com" || a.Annotations["cause"] == "" || a.Annotations["summary"] == "" {
		t.Errorf("annotations %v", a.Annotations)
	}
}

// A receiver answering 500 then 200 gets the notification once.
func TestSenderRetriesUntilAccepted(t *testing.T) {
	var calls, accepted atomic.Int32
	var title atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		_, _ = io.ReadAll(r.Body)
		title.Store(r.Header.Get("Title"))
		accepted.Add(1)
	}))
	defer srv.Close()
	ctx := t.Context()
	s := startSender(ctx, []Target{{Kind: KindNtfy, URL: srv.URL + "/oncall"}}, SendOptions{RetryBase: 20 * time.Millisecond}, t.Logf)
	s.send(testNotification())
	deadline := time.Now().Add(5 * time.Second)
	for accepted.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // nothing more arrives
	if calls.Load() != 2 || accepted.Load() != 1 {
		t.Fatalf("calls %d, accepted %d: want 2 calls, 1 accepted", calls.Load(), accepted.Load())
	}
	if got, _ := title.Load().(string); !strings.Contains(got, "STUCK www.example.com on prod") {
		t.Fatalf("ntfy Title %q", got)
	}
}
