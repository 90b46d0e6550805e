package cloudui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// NoTokenHint is shown on the clusters screen when no token is set.
const NoTokenHint = "set DIGITALOCEAN_ACCESS_TOKEN to see your DigitalOcean clusters"

// SourceDO is the clusters screen's source for account clusters.
const SourceDO = "digitalocean"

// cloudInit loads the account's clusters when the clusters screen opens.
func cloudInit(s *service) tea.Cmd {
	if s.cfg.DO == nil {
		hint := s.cfg.DOHint
		if hint == "" {
			hint = NoTokenHint
		}
		return func() tea.Msg { return pages.CloudRowsMsg{Err: errors.New(hint)} }
	}
	return s.rowsCmd()
}

// rowsCmd lists the account's clusters as clusters-screen rows, priced
// with their load balancers and volumes, with how each saved context
// authenticates and the account's month-to-date usage; when the listing
// fails the last good rows stay, with the error.
func (s *service) rowsCmd() tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(s.ctx, do.DefaultTimeout)
		defer cancel()
		_, err := s.listClusters(ctx)
		s.mu.Lock()
		clusters := append([]do.Cluster(nil), s.clusters...)
		s.mu.Unlock()
		rows := Rows(clusters)
		if err != nil {
			// The account does not answer: the last prices stand, marked
			// as partial, without asking for each cluster's extras.
			s.decorate(rows, clusters, unlisted(clusters, err), s.path, time.Now())
			return pages.CloudRowsMsg{Rows: rows, Err: err, Legend: CostLegend}
		}
		s.decorate(rows, clusters, s.clusterExtras(ctx, clusters), s.path, time.Now())
		bal, balErr := s.cfg.DO.Balance(ctx)
		return pages.CloudRowsMsg{Rows: rows, Head: BalanceText(bal, balErr), Legend: CostLegend}
	}
}

// Rows turns account clusters into clusters-screen rows; the page joins
// them with kubeconfig contexts named do-<region>-<name>.
func Rows(clusters []do.Cluster) []pages.ClusterRow {
	rows := make([]pages.ClusterRow, 0, len(clusters))
	for _, c := range clusters {
		rows = append(rows, pages.ClusterRow{
			Name: c.Name, Source: SourceDO, Status: c.Status, Version: c.Version, Region: c.Region,
			Pools: PoolsText(c.Pools), Monthly: c.MonthlyCost, CloudID: c.ID, Tags: c.Tags,
		})
	}
	return rows
}

// PoolsText is "web: s-2vcpu-4gb×3, db: so-2vcpu-16gb×1"; autoscaled pools
// add their range, "(auto 1–4)".
func PoolsText(pools []do.Pool) string {
	parts := make([]string, 0, len(pools))
	for _, p := range pools {
		s := fmt.Sprintf("%s: %s×%d", p.Name, p.Size, p.Count)
		if p.AutoScale {
			s += fmt.Sprintf(" (auto %d–%d)", p.Min, p.Max)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}
