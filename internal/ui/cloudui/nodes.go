package cloudui

import (
	"fmt"
	"sort"

	corev1 "k8s.io/api/core/v1"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

// PoolJoin is a DigitalOcean node pool next to the Kubernetes nodes that
// carry its doks.digitalocean.com/node-pool label.
type PoolJoin struct {
	Pool do.Pool
	// Nodes are the Kubernetes nodes of the pool, sorted.
	Nodes []string
	// NotJoined are nodes DigitalOcean lists that Kubernetes does not
	// (yet) know: still booting, or gone.
	NotJoined []string
}

// JoinPools lines up a cluster's pools with its Kubernetes nodes by the
// pool label. Pools are matched by name, as DOKS labels nodes with it.
func JoinPools(pools []do.Pool, nodes []*corev1.Node) []PoolJoin {
	byPool := map[string][]string{}
	known := map[string]bool{}
	for _, n := range nodes {
		known[n.Name] = true
		if pool := n.Labels[model.LabelDOPool]; pool != "" {
			byPool[pool] = append(byPool[pool], n.Name)
		}
	}
	out := make([]PoolJoin, 0, len(pools))
	for _, p := range pools {
		j := PoolJoin{Pool: p, Nodes: byPool[p.Name]}
		sort.Strings(j.Nodes)
		for _, n := range p.Nodes {
			if !known[n] {
				j.NotJoined = append(j.NotJoined, n)
			}
		}
		out = append(out, j)
	}
	return out
}

// PoolText is the nodes screen's note on a pool: size, count, price, and
// how many nodes Kubernetes sees when that differs.
func PoolText(j PoolJoin) string {
	p := j.Pool
	text := fmt.Sprintf("%s ×%d", p.Size, p.Count)
	if p.AutoScale {
		text += fmt.Sprintf(" (autoscale %d–%d)", p.Min, p.Max)
	}
	if p.MonthlyPrice > 0 {
		text += fmt.Sprintf(" · %s/mo per node · %s/mo", money(p.MonthlyPrice), money(float64(p.Count)*p.MonthlyPrice))
	}
	if len(j.Nodes) != p.Count {
		text += fmt.Sprintf(" · Kubernetes sees %d of %d nodes", len(j.Nodes), p.Count)
	}
	return text
}

// connectedCluster is the account cluster the app is connected to.
func connectedCluster(c *common.Common, s *service) (do.Cluster, bool) {
	if s.cfg.DO == nil || c.Conn == nil {
		return do.Cluster{}, false
	}
	return s.clusterForContext(c.Conn.Context)
}

// poolInfo is the nodes page's pool note: the DO pool's size and price.
func poolInfo(c *common.Common, s *service, pool string) string {
	cl, ok := connectedCluster(c, s)
	if !ok {
		return ""
	}
	for _, j := range JoinPools(cl.Pools, c.Conn.Store.Nodes()) {
		if j.Pool.Name == pool {
			return PoolText(j)
		}
	}
	return "not a pool of DigitalOcean cluster " + cl.Name
}
