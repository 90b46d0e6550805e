package dolocal

import (
	"fmt"
	"net/http"
	"net/netip"
	"time"

	"github.com/digitalocean/godo"
)

// seedVPC is a VPC present from the start.
type seedVPC struct {
	name, region, ipRange string
	def                   bool
}

// seedVPCs are the account's networks: DO's default VPC in each seed
// region (with the ranges DO gives them) and two named by the agency.
var seedVPCs = []seedVPC{
	{"default-nyc3", "nyc3", "10.108.0.0/20", true},
	{"flightdeck-nyc3", "nyc3", "10.10.0.0/16", false},
	{"default-ams3", "ams3", "10.110.0.0/20", true},
	{"default-sfo3", "sfo3", "10.124.0.0/20", true},
	{"agency-fra1", "fra1", "10.20.0.0/16", false},
}

func (s *Server) seedVPCs() {
	created := s.cfg.Now().Add(-400 * 24 * time.Hour)
	for _, v := range seedVPCs {
		s.addVPC(v.name, v.region, v.ipRange, v.def, created)
	}
}

func (s *Server) addVPC(name, region, ipRange string, def bool, created time.Time) *godo.VPC {
	id := uuidOf("vpc/" + region + "/" + name) // VPC names are unique per account
	v := &godo.VPC{
		ID: id, URN: "do:vpc:" + id, Name: name, RegionSlug: region, IPRange: ipRange,
		Default: def, CreatedAt: created,
	}
	s.vpcs = append(s.vpcs, v)
	return v
}

// listVPCs serves GET /v2/vpcs, paginated like every DO list.
func (s *Server) listVPCs(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	all := make([]godo.VPC, 0, len(s.vpcs))
	for _, v := range s.vpcs {
		all = append(all, *v)
	}
	s.mu.Unlock()
	p := paginate(r, len(all))
	writeJSON(w, http.StatusOK, map[string]any{"vpcs": all[p.start:p.end], "links": p.links, "meta": p.meta})
}

func (s *Server) vpcByID(id string) *godo.VPC {
	for _, v := range s.vpcs {
		if v.ID == id {
			return v
		}
	}
	return nil
}

// defaultVPC is the region's default VPC, created (as DO does) the first
// time a resource in the region needs one, in a range overlapping none of
// avoid (the new cluster's subnets). The caller holds s.mu.
func (s *Server) defaultVPC(region string, avoid ...netip.Prefix) *godo.VPC {
	for _, v := range s.vpcs {
		if v.Default && v.RegionSlug == region {
			return v
		}
	}
	r := s.freeVPCRange(avoid...)
	if r == "" {
		r = "10.116.0.0/20" // invalidNetwork refused a create that leaves no room
	}
	return s.addVPC("default-"+region, region, r, true, s.cfg.Now())
}

// freeVPCRange picks a /20 in 10.100.0.0/12 that no VPC uses yet and no
// prefix in avoid overlaps; "" when there is none.
func (s *Server) freeVPCRange(avoid ...netip.Prefix) string {
	for second := 100; second < 117; second++ {
		p := netip.MustParsePrefix(fmt.Sprintf("10.%d.0.0/20", second))
		free := true
		for _, v := range s.vpcs {
			if q, err := netip.ParsePrefix(v.IPRange); err == nil && q.Overlaps(p) {
				free = false
			}
		}
		for _, q := range avoid {
			free = free && !q.Overlaps(p)
		}
		if free {
			return p.String()
		}
	}
	return ""
}

// addRegistry serves POST /v2/kubernetes/registry: it integrates the
// account's registry with every cluster named and answers 204, as DO does.
func (s *Server) addRegistry(w http.ResponseWriter, r *http.Request) {
	var req godo.KubernetesClusterRegistryRequest
	if !decodeBody(w, r, &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(req.ClusterUUIDs) == 0 {
		unprocessable(w, "cluster_uuids is required")
		return
	}
	for _, id := range req.ClusterUUIDs {
		if c, _ := s.find(id); c == nil {
			notFound(w)
			return
		}
	}
	for _, id := range req.ClusterUUIDs {
		c, _ := s.find(id)
		c.k.RegistryEnabled = true
	}
	w.WriteHeader(http.StatusNoContent)
}

// Cluster returns the cluster named name as the API would serve it, for
// tests asserting on what a create stored.
func (s *Server) Cluster(name string) (godo.KubernetesCluster, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.findByName(name)
	if c == nil {
		return godo.KubernetesCluster{}, false
	}
	return *s.view(c), true
}
