package do

import "github.com/digitalocean/godo"

// toCluster flattens godo's cluster; prices (slug -> size) may be nil, in
// which case costs stay zero.
func toCluster(k *godo.KubernetesCluster, prices map[string]Size) Cluster {
	if k == nil {
		return Cluster{}
	}
	c := Cluster{
		ID: k.ID, Name: k.Name, Region: k.RegionSlug, Version: k.VersionSlug,
		HA: k.HA, Endpoint: k.Endpoint, Tags: k.Tags, Created: k.CreatedAt,
		Maintenance: toMaintenance(k.MaintenancePolicy),
	}
	if k.Status != nil {
		c.Status, c.StatusMessage = string(k.Status.State), k.Status.Message
	}
	for _, p := range k.NodePools {
		c.Pools = append(c.Pools, toPool(p, prices))
	}
	c.MonthlyCost = clusterMonthly(c, prices)
	return c
}

func toPool(p *godo.KubernetesNodePool, prices map[string]Size) Pool {
	if p == nil {
		return Pool{}
	}
	out := Pool{
		ID: p.ID, Name: p.Name, Size: p.Size, Count: p.Count,
		AutoScale: p.AutoScale, Min: p.MinNodes, Max: p.MaxNodes,
	}
	for _, n := range p.Nodes {
		if n != nil {
			out.Nodes = append(out.Nodes, n.Name)
		}
	}
	if s, ok := prices[p.Size]; ok {
		out.MonthlyPrice, out.HourlyPrice = s.PriceMonthly, s.PriceHourly
	}
	return out
}

// clusterMonthly prices the cluster as it is now (current node counts).
func clusterMonthly(c Cluster, prices map[string]Size) float64 {
	if prices == nil {
		return 0
	}
	total := 0.0
	for _, p := range c.Pools {
		total += float64(p.Count) * p.MonthlyPrice
	}
	if c.HA {
		total += HAMonthly
	}
	return total
}

func toNamedIDs(rs []*godo.AssociatedResource) []NamedID {
	out := make([]NamedID, 0, len(rs))
	for _, r := range rs {
		if r != nil {
			out = append(out, NamedID{ID: r.ID, Name: r.Name})
		}
	}
	return out
}

func toSize(s godo.Size, name string) Size {
	if name == "" {
		name = s.Description
	}
	return Size{
		Slug: s.Slug, Name: name, VCPUs: s.Vcpus, MemoryMB: s.Memory,
		PriceMonthly: s.PriceMonthly, PriceHourly: s.PriceHourly,
		Regions: append([]string(nil), s.Regions...),
	}
}
