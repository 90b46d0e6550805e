package fleet

import (
	"sort"

	"github.com/flightdeck/fdtui/internal/model"
)

// Row is one line of the fleet table: a site of a cluster, or (Site nil)
// a cluster whose sites cannot be read now, saying why.
type Row struct {
	Cluster string
	Site    *model.Site
	// State and Why are the cluster's, for a cluster row.
	State, Why string
}

// Key is the row's identity (the table keeps the cursor on it).
func (r Row) Key() string {
	if r.Site == nil {
		return r.Cluster + "/"
	}
	return r.Cluster + "/" + r.Site.Namespace
}

// Rows is the fleet table: a row per cluster that is not connected
// (unreachable, refused, connecting: its sites are unknown, so it comes
// first: a whole cluster may be down), then every connected cluster's
// sites in triage order (model.Rank: down, stuck, expiring certificate,
// degraded, rolling, ..., ok), ties by domain, then cluster. keep filters
// the rows (nil keeps all).
func Rows(s Snapshot, keep func(Row) bool) []Row {
	var out, sites []Row
	for _, c := range s.Clusters {
		if c.State != StateConnected {
			if r := (Row{Cluster: c.Name, State: c.State, Why: c.Why}); keep == nil || keep(r) {
				out = append(out, r)
			}
			continue
		}
		for i := range c.Sites {
			if r := (Row{Cluster: c.Name, Site: &c.Sites[i], State: c.State}); keep == nil || keep(r) {
				sites = append(sites, r)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return clusterRank(out[i].State) < clusterRank(out[j].State) })
	sort.SliceStable(sites, func(i, j int) bool {
		a, b := sites[i].Site, sites[j].Site
		if ra, rb := model.Rank(*a), model.Rank(*b); ra != rb {
			return ra < rb
		}
		if a.Domain != b.Domain {
			return a.Domain < b.Domain
		}
		return sites[i].Cluster < sites[j].Cluster
	})
	return append(out, sites...)
}

// clusterRank puts the clusters that cannot be read at all before those
// still connecting.
func clusterRank(state string) int {
	if state == StateConnecting {
		return 1
	}
	return 0
}

// Totals are the fleet's head line: clusters connected of all, sites
// and stuck sites of the connected clusters.
type Totals struct {
	Clusters, Connected, Sites, Stuck, Down int
}

// Total counts s.
func Total(s Snapshot) Totals {
	t := Totals{Clusters: len(s.Clusters)}
	for _, c := range s.Clusters {
		if c.State != StateConnected {
			continue
		}
		stuck, down := Count(c)
		t.Connected++
		t.Sites += len(c.Sites)
		t.Stuck += stuck
		t.Down += down
	}
	return t
}

// Count is one cluster's stuck and down sites.
func Count(c Cluster) (stuck, down int) {
	for _, site := range c.Sites {
		switch site.State {
		case model.SiteStuck:
			stuck++
		case model.SiteDown:
			down++
		}
	}
	return stuck, down
}
