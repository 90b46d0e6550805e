package pages

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/flightdeck/fdtui/internal/fleet"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

func fleetSite(domain string, state model.SiteState, ready int32, tag string) model.Site {
	now := time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)
	s := model.Site{Domain: domain, Namespace: domain, State: state, Serving: ready > 0, HasWeb: true,
		Created: now.Add(-40 * 24 * time.Hour), Pods: 5}
	s.Web.Ready, s.Web.Desired, s.Web.Image = ready, 3, "registry.digitalocean.com/acme/site:"+tag
	s.MySQL = model.WorkloadStatus{Present: true, Ready: 1, Desired: 1}
	s.Memcache = model.WorkloadStatus{Present: true, Ready: 1, Desired: 1}
	return s
}

// The fleet screen: a line per cluster (state, sites, stuck, nodes,
// DigitalOcean's monthly price), a row per cluster that cannot be read,
// then every site, stuck first; an account cluster without a saved
// context is offered for enter.
func TestGoldenFleet(t *testing.T) {
	now := time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)
	snap := fleet.Snapshot{Clusters: []fleet.Cluster{
		{Name: "do-fra1-agency-eu", State: fleet.StateConnected, Nodes: 3, NodesReady: 3, Sites: []model.Site{
			fleetSite("www.example.com", model.SiteOK, 3, "4f9c2e1"), fleetSite("shop.acme.org", model.SiteStuck, 3, "broken-7d1e9a2"),
		}},
		{Name: "do-nyc1-agency-us", State: fleet.StateConnected, Nodes: 4, NodesReady: 3, Sites: []model.Site{
			fleetSite("city-council.gov", model.SiteDown, 0, "crashloop-5e6"), fleetSite("news.daily-gazette.com", model.SiteRolling, 2, "9a7b3c2"),
		}},
		{Name: "staging", State: fleet.StateUnreachable, Since: now.Add(-3 * time.Minute),
			Why: "Get \"https://10.0.0.9:6443/version?timeout=30s\": dial tcp 10.0.0.9:6443: connect: connection refused"},
		{Name: "old-client", State: fleet.StateUnauthorized, Since: now.Add(-time.Hour), Why: "the apiserver refused the credentials (401 Unauthorized)"},
	}}
	cloud := []ClusterRow{
		{Name: "agency-eu", Region: "fra1", CloudID: "1", Monthly: 96},
		{Name: "agency-us", Region: "nyc1", CloudID: "2", Monthly: 144, MonthlyPartial: true},
		{Name: "new-client", Region: "ams3", CloudID: "3", Monthly: 48},
	}
	src := FleetSource{
		Snapshot: func() fleet.Snapshot { return snap },
		Changed:  func(context.Context) tea.Cmd { return nil },
		Cloud:    ClustersCloud{Load: func() tea.Cmd { return nil }},
		Account: func(rows []ClusterRow) ([]ClusterRow, map[string]ClusterRow) {
			return rows[2:], map[string]ClusterRow{"do-fra1-agency-eu": rows[0], "do-nyc1-agency-us": rows[1]}
		},
	}
	c := &common.Common{Styles: styles.Default(true), Now: func() time.Time { return now }}
	p := NewFleet(c, src)
	p.SetSize(150, 20)
	p.Update(CloudRowsMsg{Rows: cloud})
	golden.RequireEqual(t, []byte(ansi.Strip(p.View())))

	// The filter narrows sites and clusters alike.
	p.SetFilter("stuck")
	if got := ansi.Strip(p.View()); !containsAll(got, "shop.acme.org") || containsAll(got, "www.example.com") {
		t.Errorf("filter stuck:\n%s", got)
	}
	p.SetFilter("new-client")
	if got := ansi.Strip(p.View()); !containsAll(got, "NO CONTEXT") || containsAll(got, "shop.acme.org") {
		t.Errorf("filter new-client:\n%s", got)
	}
	// A problem with the selection is said in the head line.
	src.Problem = errors.New(`--context: "x" is not a context of the kubeconfig`)
	if got := ansi.Strip(NewFleet(c, src).headLine()); !containsAll(got, `"x" is not a context`) {
		t.Errorf("head line: %s", got)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
