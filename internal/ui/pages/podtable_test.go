package pages

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// kubectl's longest STATUS words are shown whole next to a long pod name
// at 100 and 160 columns (STATUS was cut to 17 characters while NAME
// took 95).
func TestPodTableShowsLongStatusWhole(t *testing.T) {
	now := time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)
	c := &common.Common{Styles: styles.Default(true), Now: func() time.Time { return now }}
	statuses := []string{"CreateContainerConfigError", "Init:CrashLoopBackOff", "ContainerStatusUnknown", "Init:OOMKilled", "SchedulingGated"}
	var rows []*store.PodEntry
	for i, s := range statuses {
		rows = append(rows, &store.PodEntry{Key: s, PodRow: model.PodRow{
			Name: "web-7d9f8b6c5d-" + strings.Repeat("x", 40) + string(rune('a'+i)), Status: s,
			Containers: 2, Restarts: 12, LastRestart: now.Add(-4*time.Minute - 12*time.Second), Created: now.Add(-time.Hour),
		}})
	}
	for _, width := range []int{100, 160} {
		for _, ns := range []bool{false, true} {
			m := table.New(c.Styles, podColumns(ns)...)
			m.SetSize(width, 10)
			m.SetSource(podSource{c: c, rows: rows, withNamespace: ns})
			screen := ansi.Strip(m.View())
			for _, s := range statuses {
				if !strings.Contains(screen, " "+s+" ") {
					t.Errorf("width %d, namespace column %v: STATUS %q not whole:\n%s", width, ns, s, screen)
				}
			}
			if !strings.Contains(screen, "12 (4m12s ago)") {
				t.Errorf("width %d: RESTARTS cut:\n%s", width, screen)
			}
		}
	}
}

// Metrics the user may not read are not "metrics-server not answering".
func TestNodesUsageStateNamesTheCause(t *testing.T) {
	forbidden := apierrors.NewForbidden(schema.GroupResource{Group: "metrics.k8s.io", Resource: "nodes"}, "", errors.New("RBAC"))
	cases := []struct {
		err  error
		want string
	}{
		{forbidden, "n/a (RBAC: you may not list nodes.metrics.k8s.io)"},
		{kube.ErrNoMetrics, "n/a (no metrics-server: metrics.k8s.io is not served)"},
		{errors.New("context deadline exceeded"), "n/a (metrics-server not answering)"},
		{nil, "live, every 15s"},
	}
	for _, tc := range cases {
		p := &Nodes{c: &common.Common{Options: common.Options{MetricsInterval: 15 * time.Second}}, polled: true, usage: common.Usage{Err: tc.err}}
		if got := p.usageState(); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.err, got, tc.want)
		}
	}
}
