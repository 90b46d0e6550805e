package do

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/digitalocean/godo"
)

// List prices of what a DOKS cluster leaves behind, in USD per month.
// DigitalOcean's API reports sizes, never prices, for these, so every
// price built from them is an estimate with PriceSource as its source.
const (
	// VolumeGiBMonthly is block storage (a volume) per GiB.
	VolumeGiBMonthly = 0.10
	// SnapshotGiBMonthly is a volume snapshot per GiB stored.
	SnapshotGiBMonthly = 0.06
	// LBNodeMonthly is one node of a regional load balancer.
	LBNodeMonthly = 12.0
	// PriceSource is where the three prices above come from.
	PriceSource = "DigitalOcean pricing page, 2026"
)

// Kinds of Resource, as the confirmation and report name them.
const (
	KindVolume       = "volume"
	KindSnapshot     = "snapshot"
	KindLoadBalancer = "load balancer"
)

// Resource is a volume, volume snapshot or load balancer with its monthly
// list price.
type Resource struct {
	// Kind is KindVolume, KindSnapshot or KindLoadBalancer.
	Kind     string
	ID, Name string
	// Size is what the price is computed from, e.g. "20 GiB" or "1 node";
	// empty when DigitalOcean did not say.
	Size string
	// Monthly is the estimate in USD per month; meaningful only when
	// Unknown is empty.
	Monthly float64
	// Unknown says why the price is not known (the resource could not be
	// read, or its kind has no list price here); such a resource is left
	// out of totals.
	Unknown string
}

// Known says the resource has a price.
func (r Resource) Known() bool { return r.Unknown == "" }

// Resources lists a's volumes, volume snapshots and load balancers (in
// that order) with their prices, reading each one's size from DigitalOcean
// (Storage.GetVolume, Snapshots.Get, LoadBalancers.Get). A resource that
// cannot be read keeps its name and gets Unknown; this never fails as a
// whole, since what is left behind matters even when it cannot be priced.
func (c *Client) Resources(ctx context.Context, a Associated) []Resource {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	out := make([]Resource, 0, len(a.Volumes)+len(a.VolumeSnapshots)+len(a.LoadBalancers))
	for _, v := range a.Volumes {
		r := Resource{Kind: KindVolume, ID: v.ID, Name: v.Name}
		vol, _, err := c.godo.Storage.GetVolume(ctx, v.ID)
		if err != nil {
			r.Unknown = unreadable(err)
		} else {
			r = PriceVolume(r, float64(vol.SizeGigaBytes))
		}
		out = append(out, r)
	}
	for _, s := range a.VolumeSnapshots {
		r := Resource{Kind: KindSnapshot, ID: s.ID, Name: s.Name}
		snap, _, err := c.godo.Snapshots.Get(ctx, s.ID)
		if err != nil {
			r.Unknown = unreadable(err)
		} else {
			r = PriceSnapshot(r, snap.SizeGigaBytes)
		}
		out = append(out, r)
	}
	for _, l := range a.LoadBalancers {
		r := Resource{Kind: KindLoadBalancer, ID: l.ID, Name: l.Name}
		lb, _, err := c.godo.LoadBalancers.Get(ctx, l.ID)
		if err != nil {
			r.Unknown = unreadable(err)
		} else {
			r = PriceLoadBalancer(r, lb.Type, lb.SizeUnit, lb.SizeSlug)
		}
		out = append(out, r)
	}
	return out
}

// unreadable is the Unknown text for a resource DigitalOcean would not
// show: its status only (the error's text may be long).
func unreadable(err error) string {
	if s := HTTPStatus(err); s != 0 {
		return fmt.Sprintf("could not be read (%d)", s)
	}
	return "could not be read"
}

// PriceVolume prices a volume of gib GiB at VolumeGiBMonthly (godo
// Volume.SizeGigaBytes); a size of 0 is not a size, so stays unknown.
func PriceVolume(r Resource, gib float64) Resource {
	return pricePerGiB(r, gib, VolumeGiBMonthly)
}

// PriceSnapshot prices a snapshot of gib GiB at SnapshotGiBMonthly (godo
// Snapshot.SizeGigaBytes, what the snapshot stores).
func PriceSnapshot(r Resource, gib float64) Resource {
	return pricePerGiB(r, gib, SnapshotGiBMonthly)
}

func pricePerGiB(r Resource, gib, perGiB float64) Resource {
	if gib <= 0 {
		r.Unknown = "size not reported"
		return r
	}
	r.Size = strconv.FormatFloat(gib, 'f', -1, 64) + " GiB"
	r.Monthly = gib * perGiB
	return r
}

// legacyLBNodes maps DO's retired size slugs to their node counts
// (lb-small was one node, medium three, large six); 0 for others.
func legacyLBNodes(slug string) uint32 {
	switch slug {
	case "lb-small":
		return 1
	case "lb-medium":
		return 3
	case "lb-large":
		return 6
	}
	return 0
}

// PriceLoadBalancer prices a regional load balancer at LBNodeMonthly per
// node (godo LoadBalancer.SizeUnit, or the node count of a legacy
// SizeSlug). Global and regional-network load balancers are priced
// differently and stay unknown, as does a size DigitalOcean did not send.
func PriceLoadBalancer(r Resource, lbType string, units uint32, slug string) Resource {
	if lbType != "" && !strings.EqualFold(lbType, godo.LoadBalancerTypeRegional) {
		r.Unknown = "no list price here for " + strings.ToLower(lbType) + " load balancers"
		return r
	}
	if units == 0 {
		units = legacyLBNodes(slug)
	}
	if units == 0 {
		r.Unknown = "size not reported"
		return r
	}
	r.Size = fmt.Sprintf("%d node", units)
	if units > 1 {
		r.Size += "s"
	}
	r.Monthly = float64(units) * LBNodeMonthly
	return r
}

// SumMonthly adds the known prices; unknown counts those left out.
func SumMonthly(rs []Resource) (total float64, unknown int) {
	for _, r := range rs {
		if r.Known() {
			total += r.Monthly
		} else {
			unknown++
		}
	}
	return total, unknown
}

// DeleteSelection names, by ID, the associated resources deleted together
// with a cluster (DeleteSelective); everything else associated is kept.
type DeleteSelection struct {
	Volumes, VolumeSnapshots, LoadBalancers []string
}

// Empty says nothing associated was chosen.
func (s DeleteSelection) Empty() bool {
	return len(s.Volumes)+len(s.VolumeSnapshots)+len(s.LoadBalancers) == 0
}

// Balance is the account's balance (godo Balance.Get), in USD.
type Balance struct {
	// MonthToDateUsage is what the account used this month so far.
	MonthToDateUsage float64
	// MonthToDateBalance and AccountBalance are DO's balances (credit is
	// negative).
	MonthToDateBalance, AccountBalance float64
	// GeneratedAt is when DigitalOcean computed it.
	GeneratedAt time.Time
}

// Balance reads the account's month-to-date usage and balances. DO sends
// the amounts as decimal strings; one that does not parse is an error.
func (c *Client) Balance(ctx context.Context) (Balance, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	b, _, err := c.godo.Balance.Get(ctx)
	if err != nil {
		return Balance{}, wrap("get balance", err)
	}
	return toBalance(b)
}

func toBalance(b *godo.Balance) (Balance, error) {
	out := Balance{GeneratedAt: b.GeneratedAt}
	for _, f := range []struct {
		name, text string
		dst        *float64
	}{
		{"month_to_date_usage", b.MonthToDateUsage, &out.MonthToDateUsage},
		{"month_to_date_balance", b.MonthToDateBalance, &out.MonthToDateBalance},
		{"account_balance", b.AccountBalance, &out.AccountBalance},
	} {
		if f.text == "" {
			continue
		}
		v, err := strconv.ParseFloat(f.text, 64)
		if err != nil {
			return Balance{}, fmt.Errorf("DigitalOcean: balance %s %q is not an amount", f.name, f.text)
		}
		*f.dst = v
	}
	return out, nil
}
