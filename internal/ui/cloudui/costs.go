package cloudui

import (
	"context"
	"fmt"
	"time"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// CostLegend explains the clusters screen's $/MONTH column.
const CostLegend = "$/MONTH = nodes + HA + load balancers + volumes (LB and volume prices estimated: " +
	do.PriceSource + "); +? = a part unknown"

// extras is what a cluster runs beside its nodes, priced; err is set when
// DigitalOcean could not list it.
type extras struct {
	resources []do.Resource
	err       error
}

// clusterExtras lists each cluster's load balancers and volumes with
// their prices (ListAssociatedResourcesForDeletion, then a GET of each).
// Provisioning clusters have none yet.
func (s *service) clusterExtras(ctx context.Context, clusters []do.Cluster) map[string]extras {
	out := make(map[string]extras, len(clusters))
	for _, c := range clusters {
		if c.Status == "provisioning" {
			continue
		}
		a, err := s.cfg.DO.Associated(ctx, c.ID)
		if err != nil {
			out[c.ID] = extras{err: err}
			continue
		}
		// Snapshots are backups, not part of what runs the cluster.
		a.VolumeSnapshots = nil
		out[c.ID] = extras{resources: s.cfg.DO.Resources(ctx, a)}
	}
	return out
}

// unlisted marks every cluster's extras as not listed.
func unlisted(clusters []do.Cluster, err error) map[string]extras {
	out := make(map[string]extras, len(clusters))
	for _, c := range clusters {
		out[c.ID] = extras{err: err}
	}
	return out
}

// ClusterMonthly is a cluster's monthly price: its nodes and HA control
// plane (Cluster.MonthlyCost) plus its load balancers and volumes.
// partial is set when a part is unknown and left out: a pool whose size
// has no price, extras DigitalOcean could not list, or one of unknown
// price.
func ClusterMonthly(c do.Cluster, rs []do.Resource, extrasErr error) (monthly float64, partial bool) {
	monthly = c.MonthlyCost
	for _, p := range c.Pools {
		if p.Count > 0 && p.MonthlyPrice == 0 {
			partial = true
		}
	}
	if extrasErr != nil {
		return monthly, true
	}
	known, unknown := do.SumMonthly(rs)
	return monthly + known, partial || unknown > 0
}

// BalanceText is the clusters screen's account line: "month-to-date usage
// $12.34 (DigitalOcean, 12:00 UTC)", or why it is unknown.
func BalanceText(b do.Balance, err error) string {
	if err != nil {
		return "month-to-date usage unknown: " + err.Error()
	}
	return fmt.Sprintf("month-to-date usage $%.2f (DigitalOcean, %s)", b.MonthToDateUsage, b.GeneratedAt.UTC().Format("15:04 UTC"))
}

// decorate prices the rows and says how each saved context authenticates.
func (s *service) decorate(rows []pages.ClusterRow, clusters []do.Cluster, ex map[string]extras, path string, now time.Time) {
	byID := make(map[string]do.Cluster, len(clusters))
	for _, c := range clusters {
		byID[c.ID] = c
	}
	for i := range rows {
		c := byID[rows[i].CloudID]
		if e, ok := ex[c.ID]; ok {
			rows[i].Monthly, rows[i].MonthlyPartial = ClusterMonthly(c, e.resources, e.err)
		} else {
			rows[i].Monthly, rows[i].MonthlyPartial = ClusterMonthly(c, nil, nil)
		}
		rows[i].Auth = s.authText(path, do.ContextName(c.Region, c.Name), now)
	}
}
