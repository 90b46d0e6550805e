package dolocal

import (
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/digitalocean/godo"
)

// Defaults for seeded resources whose size the seed does not give.
const (
	defaultSeedGiB     = 10
	defaultSeedLBNodes = 1
)

// resources are the volumes, volume snapshots and load balancers of the
// account, by ID. They outlive the cluster they belong to unless a
// selective delete names them, as on DigitalOcean. The caller holds s.mu.
type resources struct {
	volumes   map[string]*godo.Volume
	snapshots map[string]*godo.Snapshot
	lbs       map[string]*godo.LoadBalancer
	// gone are nodes that no longer exist (cluster deleted, pool scaled
	// down) with the hours they ran: money spent this month stays spent.
	gone []goneNode
}

// goneNode is a removed node's size slug and the span it ran.
type goneNode struct {
	size     string
	from, to time.Time
}

func newResources() resources {
	return resources{volumes: map[string]*godo.Volume{}, snapshots: map[string]*godo.Snapshot{}, lbs: map[string]*godo.LoadBalancer{}}
}

// addSeedResources records a seeded cluster's associated resources with
// the sizes the seed gives (GiB for volumes and snapshots, nodes for load
// balancers), tagged with the cluster as DOKS tags what it creates.
func (s *Server) addSeedResources(c *cluster, sc SeedCluster) {
	created := c.k.CreatedAt
	region := &godo.Region{Slug: c.k.RegionSlug, Name: c.k.RegionSlug, Available: true}
	tags := []string{"k8s:" + c.k.ID}
	for _, v := range c.assoc.Volumes {
		s.res.volumes[v.ID] = &godo.Volume{
			ID: v.ID, Name: v.Name, Region: region, SizeGigaBytes: int64(seedSize(sc, v.Name, defaultSeedGiB)),
			Description: "Volume for PersistentVolumeClaim, created by the DigitalOcean CSI driver", DropletIDs: []int{},
			CreatedAt: created, FilesystemType: "ext4", Tags: tags,
		}
	}
	for _, sn := range c.assoc.VolumeSnapshots {
		gib := seedSize(sc, sn.Name, defaultSeedGiB)
		s.res.snapshots[sn.ID] = &godo.Snapshot{
			ID: sn.ID, Name: sn.Name, ResourceType: "volume", Regions: []string{c.k.RegionSlug},
			MinDiskSize: int(math.Ceil(gib)), SizeGigaBytes: gib, Created: created.UTC().Format(time.RFC3339), Tags: tags,
		}
	}
	for _, lb := range c.assoc.LoadBalancers {
		s.res.lbs[lb.ID] = &godo.LoadBalancer{
			ID: lb.ID, Name: lb.Name, IP: fakeIPv4(lb.ID), SizeUnit: uint32(seedSize(sc, lb.Name, defaultSeedLBNodes)),
			Type: godo.LoadBalancerTypeRegional, Status: "active", Region: region,
			Created: created.UTC().Format(time.RFC3339), Tags: tags, VPCUUID: c.k.VPCUUID,
		}
	}
}

func seedSize(sc SeedCluster, name string, def float64) float64 {
	if v, ok := sc.Sizes[name]; ok && v > 0 {
		return v
	}
	return def
}

// deleteResources removes what a selective delete named.
func (s *Server) deleteResources(req godo.KubernetesClusterDeleteSelectiveRequest) {
	for _, id := range req.Volumes {
		delete(s.res.volumes, id)
	}
	for _, id := range req.VolumeSnapshots {
		delete(s.res.snapshots, id)
	}
	for _, id := range req.LoadBalancers {
		delete(s.res.lbs, id)
	}
}

// getVolume serves GET /v2/volumes/{id}: {"volume": ...}.
func (s *Server) getVolume(w http.ResponseWriter, r *http.Request) {
	serveByID(s, w, r, s.res.volumes, "volume")
}

// getSnapshot serves GET /v2/snapshots/{id}: {"snapshot": ...}.
func (s *Server) getSnapshot(w http.ResponseWriter, r *http.Request) {
	serveByID(s, w, r, s.res.snapshots, "snapshot")
}

// getLoadBalancer serves GET /v2/load_balancers/{id}: {"load_balancer": ...}.
func (s *Server) getLoadBalancer(w http.ResponseWriter, r *http.Request) {
	serveByID(s, w, r, s.res.lbs, "load_balancer")
}

// serveByID answers one kept resource by the path's {id}, in DO's
// envelope {"<envelope>": ...}, or DO's 404. items is read under s.mu.
func serveByID[T any](s *Server, w http.ResponseWriter, r *http.Request, items map[string]T, envelope string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, ok := items[r.PathValue("id")]; ok {
		writeJSON(w, http.StatusOK, map[string]any{envelope: v})
		return
	}
	notFound(w)
}

// balance serves GET /v2/customers/my/balance, godo.Balance without an
// envelope. Usage is the clusters' node hours this month (each node at its
// size's hourly price, capped at its monthly price as DO bills), so it
// grows with what the account runs; DO's amounts are decimal strings.
func (s *Server) balance(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.cfg.Now().UTC()
	usage := s.monthToDateUsage(now)
	writeJSON(w, http.StatusOK, godo.Balance{
		MonthToDateUsage: fmt.Sprintf("%.2f", usage), MonthToDateBalance: fmt.Sprintf("%.2f", usage),
		AccountBalance: "0.00", GeneratedAt: now.Truncate(time.Second),
	})
}

// monthToDateUsage sums, in USD, every node's hours this month at its
// size's hourly price (capped at the monthly price per node, as DO bills
// droplets): nodes that exist now up to now, and nodes already gone up to
// when they went, so usage never shrinks within a month.
func (s *Server) monthToDateUsage(now time.Time) float64 {
	monthStart := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	total := 0.0
	for _, c := range s.clusters {
		for _, p := range c.k.NodePools {
			for _, n := range p.Nodes {
				total += nodeCost(p.Size, n.CreatedAt, now, monthStart)
			}
		}
	}
	for _, g := range s.res.gone {
		total += nodeCost(g.size, g.from, g.to, monthStart)
	}
	return total
}

// nodeCost is what a node of size slug running from..to cost since
// monthStart in USD; 0 for a size without a price.
func nodeCost(slug string, from, to, monthStart time.Time) float64 {
	price, ok := dropletPrice(slug)
	if !ok {
		return 0
	}
	if from.Before(monthStart) {
		from = monthStart
	}
	hours := to.Sub(from).Hours()
	if hours <= 0 {
		return 0
	}
	return math.Min(hours*price.PriceHourly, price.PriceMonthly)
}

// retire records nodes of a pool that stop existing at now, for billing.
func (s *Server) retire(size string, nodes []*godo.KubernetesNode, now time.Time) {
	for _, n := range nodes {
		s.res.gone = append(s.res.gone, goneNode{size: size, from: n.CreatedAt, to: now})
	}
}

func dropletPrice(slug string) (godo.Size, bool) {
	for _, sz := range dropletSizes {
		if sz.Slug == slug {
			return sz, true
		}
	}
	return godo.Size{}, false
}
