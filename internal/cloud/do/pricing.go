package do

// DOKS charges for a highly available control plane; the basic control
// plane is free. Prices per DigitalOcean's Kubernetes pricing page.
const (
	HAMonthly = 40.0
	HAHourly  = 0.06
)

// MonthlyCost prices a cluster about to be created: each pool's node count
// times its size's list price, plus the HA control plane. Autoscaled pools
// are priced at their requested count (or Min when no count is given) and
// report MaxMonthly for the ceiling. Sizes missing from the catalogue are
// flagged and count as zero.
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
	ceiling := nodes
	if p.AutoScale && p.Max > ceiling {
		ceiling = p.Max
	}
	size, ok := bySlug[p.Size]
	if !ok {
		return PoolPrice{Name: p.Name, Size: p.Size, Nodes: nodes, UnknownSize: true}
	}
	return PoolPrice{
		Name: p.Name, Size: p.Size, Nodes: nodes,
		UnitMonthly: size.PriceMonthly, UnitHourly: size.PriceHourly,
		Monthly:    float64(nodes) * size.PriceMonthly,
		Hourly:     float64(nodes) * size.PriceHourly,
		MaxMonthly: float64(ceiling) * size.PriceMonthly,
	}
}
