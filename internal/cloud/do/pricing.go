package do

import (
	"strconv"
	"strings"
)

// The HA control plane's price. Neither godo nor DO's API publishes it
// (GET /v2/kubernetes/options carries no prices), so these are estimates
// from HAPriceSource; show them as such. The basic control plane is free.
const (
	HAMonthly = 40.0
	// HAHourly is HAMonthly prorated over DO's 672-hour billing month, rounded.
	HAHourly = 0.06
	// HAPriceSource is where HAMonthly comes from.
	HAPriceSource = "DigitalOcean's Kubernetes pricing page, 2026"
)

// Priced reports whether the size's price is known. DO's droplet size
// catalogue prices every size it lists, so a zero price means the size is
// not in the catalogue: unknown, never $0.
func (s Size) Priced() bool { return s.PriceMonthly > 0 }

// OfferedIn reports whether the size is offered in region, per the
// catalogue's Regions. A size the catalogue does not list has no region
// information; it is offered everywhere DOKS offers it.
func (s Size) OfferedIn(region string) bool {
	return len(s.Regions) == 0 || contains(s.Regions, region)
}

// HADefault is DO's default for the HA control plane when a create omits
// it: on from Kubernetes 1.36 (godo's KubernetesClusterCreateRequest.HA).
// kubeVersion is e.g. "1.36.3".
func HADefault(kubeVersion string) bool {
	parts := strings.Split(kubeVersion, ".")
	if len(parts) < 2 {
		return false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	return err1 == nil && err2 == nil && (major > 1 || major == 1 && minor >= 36)
}

// Cost is what a cluster about to be created costs, in USD.
type Cost struct {
	// Monthly and Hourly price the pools of known price at their starting
	// node count, plus HA.
	Monthly, Hourly float64
	// MinMonthly and MaxMonthly are the range autoscaled pools allow
	// (equal to Monthly when none autoscales).
	MinMonthly, MaxMonthly float64
	// HAMonthly is the HA control plane's share (an estimate, see
	// HAPriceSource), zero for the basic control plane.
	HAMonthly float64
	// Unknown counts pools whose size has no price; they are left out of
	// every total above.
	Unknown int
	Pools   []PoolPrice
}

// Price prices req's pools with sizes' list prices and adds the HA control
// plane. Autoscaled pools are priced at their requested count (Min when
// none is given), with the Min..Max range in MinMonthly and MaxMonthly.
func Price(req CreateRequest, sizes []Size) Cost {
	monthly, hourly, pools := MonthlyCost(req.Pools, sizes, req.HA)
	c := Cost{Monthly: monthly, Hourly: hourly, Pools: pools}
	if req.HA {
		c.HAMonthly = HAMonthly
	}
	c.MinMonthly, c.MaxMonthly = c.HAMonthly, c.HAMonthly
	for _, p := range pools {
		if p.UnknownSize {
			c.Unknown++
			continue
		}
		c.MinMonthly += p.MinMonthly
		c.MaxMonthly += p.MaxMonthly
	}
	return c
}

// MonthlyCost prices a cluster about to be created: each pool's node count
// times its size's list price, plus the HA control plane. Autoscaled pools
// are priced at their requested count (or Min when no count is given) and
// report MinMonthly and MaxMonthly for their range. Sizes without a known
// price are flagged UnknownSize and left out of the totals.
func MonthlyCost(pools []PoolRequest, sizes []Size, ha bool) (monthly, hourly float64, perPool []PoolPrice) {
	bySlug := make(map[string]Size, len(sizes))
	for _, s := range sizes {
		bySlug[s.Slug] = s
	}
	perPool = make([]PoolPrice, 0, len(pools))
	for _, p := range pools {
		price := pricePool(p, bySlug)
		monthly += price.Monthly
		hourly += price.Hourly
		perPool = append(perPool, price)
	}
	if ha {
		monthly += HAMonthly
		hourly += HAHourly
	}
	return monthly, hourly, perPool
}

func pricePool(p PoolRequest, bySlug map[string]Size) PoolPrice {
	nodes := p.Count
	if p.AutoScale && nodes == 0 {
		nodes = p.Min
	}
	floor, ceiling := nodes, nodes
	if p.AutoScale {
		floor, ceiling = p.Min, max(p.Max, nodes)
	}
	size, ok := bySlug[p.Size]
	if !ok || !size.Priced() {
		return PoolPrice{Name: p.Name, Size: p.Size, Nodes: nodes, UnknownSize: true}
	}
	return PoolPrice{
		Name: p.Name, Size: p.Size, Nodes: nodes,
		UnitMonthly: size.PriceMonthly, UnitHourly: size.PriceHourly,
		Monthly:    float64(nodes) * size.PriceMonthly,
		Hourly:     float64(nodes) * size.PriceHourly,
		MinMonthly: float64(floor) * size.PriceMonthly,
		MaxMonthly: float64(ceiling) * size.PriceMonthly,
	}
}
