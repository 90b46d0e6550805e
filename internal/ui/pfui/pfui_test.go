package pfui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/teamsg"
)

func TestParseLocalPort(t *testing.T) {
	cases := []struct {
		in   string
		want uint16
		err  string
	}{
		{"", 0, ""}, {"  ", 0, ""}, {"0", 0, ""}, {"8080", 8080, ""}, {" 18081 ", 18081, ""}, {"65535", 65535, ""},
		{"80", 0, "ports below 1024 need root"}, {"65536", 0, "1024 to 65535"}, {"http", 0, "1024 to 65535"}, {"-1", 0, "1024 to 65535"},
	}
	for _, tc := range cases {
		got, err := ParseLocalPort(tc.in)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("ParseLocalPort(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("ParseLocalPort(%q) error %v, want %q", tc.in, err, tc.err)
		}
	}
}

// demoForwards are three forwards as :pf shows them: one re-targeted,
// one waiting for a Ready MySQL pod, one whose pod went.
func demoForwards(now time.Time) []actions.ForwardStatus {
	return []actions.ForwardStatus{
		{ID: 1, Target: actions.ForwardTarget{Namespace: "www-example-com", Service: "web", Pod: "web-5c8ce92-c9d3w", Port: 6081, Name: "varnish"},
			Addr: "127.0.0.1:18081", Since: now.Add(-12 * time.Minute),
			Note: "re-targeted to web-5c8ce92-m4n8q: web-5c8ce92-c9d3w is gone", NoteAt: now.Add(-40 * time.Second),
			ForwardStats: kube.ForwardStats{Pod: "web-5c8ce92-m4n8q", Connections: 14, BytesIn: 5 << 10, BytesOut: 3 << 20}},
		{ID: 2, Target: actions.ForwardTarget{Namespace: "shop-acme-org", Service: "mysql", Pod: "mysql-0", Port: 3306, Name: "mysql"},
			Addr: "127.0.0.1:43306", Since: now.Add(-3 * time.Minute),
			Note: "waiting: mysql-0 is terminating and no other pod behind Service mysql is Ready; connections are closed until one is", NoteAt: now.Add(-5 * time.Second),
			ForwardStats: kube.ForwardStats{Connections: 2, Active: 1, BytesIn: 300, BytesOut: 1200}},
		{ID: 3, Target: actions.ForwardTarget{Namespace: "shop-acme-org", Pod: "web-5cac23b-x7k2p", Port: 80},
			Addr: "127.0.0.1:40123", Since: now.Add(-time.Hour), Stopped: "stopped: pod web-5cac23b-x7k2p is gone",
			Note: "stopped: pod web-5cac23b-x7k2p is gone", NoteAt: now.Add(-2 * time.Minute),
			ForwardStats: kube.ForwardStats{Pod: "web-5cac23b-x7k2p"}},
	}
}

func testCommon() *common.Common {
	now := time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)
	return &common.Common{Styles: styles.Default(true), Now: func() time.Time { return now }, Width: 190, Height: 20}
}

func TestPortForwardsScreen(t *testing.T) {
	c := testCommon()
	rows := demoForwards(c.Now())
	var stopped []int
	p := newPage(c, func() []actions.ForwardStatus { return rows }, func(id int) error {
		stopped = append(stopped, id)
		for i, r := range rows {
			if r.ID == id {
				rows = append(rows[:i:i], rows[i+1:]...)
				return nil
			}
		}
		return errors.New("no such port-forward")
	})
	p.SetSize(190, 20)
	screen := ansi.Strip(p.View())
	for _, want := range []string{"Port-forwards", "web:6081 (varnish)", "web-5c8ce92-m4n8q", "127.0.0.1:18081", "12m", "active",
		"active, re-targeted", "127.0.0.1:18081 40s ago: re-targeted to web-5c8ce92-m4n8q: web-5c8ce92-c9d3w is gone",
		"waiting for a Ready pod", "pod port 80", "stopped", "5Ki/3Mi", "not asked first"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	golden.RequireEqual(t, []byte(screen))

	// ctrl+d on the second row stops it at once, and says it was not asked.
	p.Update(tea.KeyPressMsg{Code: 'j', Text: "j"})
	_, cmd := p.Update(tea.KeyPressMsg{Code: 'd', Mod: tea.ModCtrl})
	msgs := teamsg.Run(cmd, time.Second)
	if len(stopped) != 1 || stopped[0] != 2 {
		t.Fatalf("stopped %v, want [2]", stopped)
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0].(common.ToastMsg).Text, "stopped port-forward 127.0.0.1:43306 → shop-acme-org mysql:3306 (mysql) (not asked first") {
		t.Errorf("toast %v", msgs)
	}
	s := ansi.Strip(p.View())
	if strings.Contains(s, "43306") {
		t.Errorf("the stopped forward is still listed:\n%s", s)
	}
	if !strings.Contains(s, "127.0.0.1:40123 2m ago: stopped: pod web-5cac23b-x7k2p is gone") {
		t.Errorf("the cursor's forward (now the stopped pod forward) has no event line:\n%s", s)
	}
}

func TestEmptyScreenSaysHowToStart(t *testing.T) {
	p := newPage(testCommon(), func() []actions.ForwardStatus { return nil }, func(int) error { return nil })
	if s := ansi.Strip(p.View()); !strings.Contains(s, "shift+f on a site (web:6081, web:80, mysql:3306) or on a pod starts one") {
		t.Errorf("empty screen:\n%s", s)
	}
}
