package do

import (
	"context"
	"fmt"
	"time"

	"github.com/digitalocean/godo"
)

// Maintenance is a cluster's maintenance window (godo.KubernetesMaintenancePolicy):
// when DigitalOcean applies patch upgrades and, with auto-upgrade on,
// minor ones. A create request sets Day and StartTime; DigitalOcean sets
// the window's length itself (four hours) and reports it as Duration.
type Maintenance struct {
	// Day is "any" or a weekday in lower case, as DO names them.
	Day string
	// StartTime is "HH:MM" in UTC; Duration is Go's form, e.g. "4h0m0s".
	StartTime, Duration string
}

// String is "any day 04:00 UTC for 4 hours", or "not set".
func (m Maintenance) String() string {
	if m.StartTime == "" {
		return "not set"
	}
	day := m.Day
	if day == "" || day == "any" {
		day = "any day"
	}
	s := day + " " + m.StartTime + " UTC"
	if m.Duration != "" {
		s += " for " + humanDuration(m.Duration)
	}
	return s
}

func toMaintenance(p *godo.KubernetesMaintenancePolicy) Maintenance {
	if p == nil {
		return Maintenance{}
	}
	return Maintenance{Day: p.Day.String(), StartTime: p.StartTime, Duration: p.Duration}
}

// Upgrades lists the versions the cluster can be upgraded to (GetUpgrades),
// in DigitalOcean's order; empty when it runs the newest it may.
func (c *Client) Upgrades(ctx context.Context, id string) ([]Version, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	vs, _, err := c.godo.Kubernetes.GetUpgrades(ctx, id)
	if err != nil {
		return nil, wrap("list upgrades", err)
	}
	out := make([]Version, 0, len(vs))
	for _, v := range vs {
		if v != nil {
			out = append(out, Version{Slug: v.Slug, KubernetesVersion: v.KubernetesVersion})
		}
	}
	return out, nil
}

// Upgrade asks DigitalOcean to upgrade the cluster to version (a slug from
// Upgrades). The cluster then reports "upgrading" until it runs the new
// version; DO answers 422 for a version it does not offer.
func (c *Client) Upgrade(ctx context.Context, id, version string) error {
	if version == "" {
		return fmt.Errorf("upgrade: no version given")
	}
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	_, err := c.godo.Kubernetes.Upgrade(ctx, id, &godo.KubernetesClusterUpgradeRequest{VersionSlug: version})
	return wrap("upgrade cluster", err)
}

// humanDuration writes godo's window duration (a Go duration string such
// as "4h0m0s") as "4 hours" or "1 hour 30 minutes"; anything else as given.
func humanDuration(text string) string {
	d, err := time.ParseDuration(text)
	if err != nil || d <= 0 {
		return text
	}
	unit := func(n int, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %ss", n, one)
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h > 0 && m > 0:
		return unit(h, "hour") + " " + unit(m, "minute")
	case h > 0:
		return unit(h, "hour")
	case m > 0:
		return unit(m, "minute")
	}
	return text
}
