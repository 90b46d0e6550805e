package dolocal

import (
	"net/http"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/digitalocean/godo"
)

// listClusters serves GET /v2/kubernetes/clusters with pagination.
func (s *Server) listClusters(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	views := make([]*godo.KubernetesCluster, 0, len(s.clusters))
	for _, c := range s.clusters {
		views = append(views, s.view(c))
	}
	s.mu.Unlock()
	p := paginate(r, len(views))
	writeJSON(w, http.StatusOK, map[string]any{
		"kubernetes_clusters": views[p.start:p.end],
		"links":               p.links,
		"meta":                p.meta,
	})
}

func (s *Server) getCluster(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clusterOf(w, r)
	if c == nil {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"kubernetes_cluster": s.view(c)})
}

func (s *Server) statusMessages(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.clusterOf(w, r)
	if c == nil {
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"messages": c.messagesAt(s.cfg.Now())})
}

func (s *Server) deleteCluster(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, i := s.find(r.PathValue("id")); i < 0 {
		notFound(w)
		return
	}
	s.remove(r.PathValue("id"))
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) remove(id string) {
	c, i := s.find(id)
	for _, p := range c.k.NodePools {
		s.retire(p.Size, p.Nodes, s.cfg.Now())
	}
	s.clusters = append(s.clusters[:i], s.clusters[i+1:]...)
}

// createCluster serves POST /v2/kubernetes/clusters: 422 with DO-style
// messages for what DO rejects, else 201 with the provisioning cluster.
func (s *Server) createCluster(w http.ResponseWriter, r *http.Request) {
	var req godo.KubernetesClusterCreateRequest
	if !decodeBody(w, r, &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if msg := s.invalidCreate(&req); msg != "" {
		unprocessable(w, "%s", msg)
		return
	}
	c := s.build(&req, s.cfg.Now(), s.cfg.ProvisionDelay)
	s.clusters = append(s.clusters, c)
	writeJSON(w, http.StatusCreated, map[string]any{"kubernetes_cluster": s.view(c)})
}

// clusterName is the DNS-label rule fdtui applies too.
var clusterName = regexp.MustCompile(`^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$`)

func (s *Server) invalidCreate(req *godo.KubernetesClusterCreateRequest) string {
	switch {
	case req.Name == "":
		return "name is required"
	case !clusterName.MatchString(req.Name):
		return "name must be 1-63 lowercase letters, numbers or hyphens, start with a letter and end with a letter or number"
	case s.findByName(req.Name) != nil:
		return "a cluster with the name " + strconv.Quote(req.Name) + " already exists"
	case !findRegion(req.RegionSlug):
		return "region " + strconv.Quote(req.RegionSlug) + " is not available for Kubernetes"
	case !versionKnown(req.VersionSlug):
		return "version " + strconv.Quote(req.VersionSlug) + " is not a supported Kubernetes version"
	case len(req.NodePools) == 0:
		return "at least one node pool is required"
	}
	if msg := s.invalidPools(req.NodePools, req.RegionSlug); msg != "" {
		return msg
	}
	if msg := invalidMaintenance(req.MaintenancePolicy); msg != "" {
		return msg
	}
	return s.invalidNetwork(req)
}

func versionKnown(slug string) bool {
	_, ok := resolveVersion(slug)
	return ok
}

func (s *Server) invalidPools(pools []*godo.KubernetesNodePoolCreateRequest, region string) string {
	seen := map[string]bool{}
	for _, p := range pools {
		switch {
		case p == nil || p.Name == "":
			return "node pool name is required"
		case seen[p.Name]:
			return "node pool name " + strconv.Quote(p.Name) + " is used twice"
		case !s.isKubernetesSize(p.Size):
			return "size " + strconv.Quote(p.Size) + " is not available for Kubernetes node pools"
		}
		if msg := invalidScale(p.Count, p.AutoScale, p.MinNodes, p.MaxNodes); msg != "" {
			return "node pool " + strconv.Quote(p.Name) + ": " + msg
		}
		if msg := invalidPoolExtras(p, region); msg != "" {
			return "node pool " + strconv.Quote(p.Name) + ": " + msg
		}
		seen[p.Name] = true
	}
	return ""
}

// invalidScale holds DO's pool sizing rules: a fixed pool has 1..100
// nodes; an autoscaled pool needs 0 <= min <= count <= max.
func invalidScale(count int, autoscale bool, min, max int) string {
	switch {
	case !autoscale && (count < 1 || count > 100):
		return "count must be between 1 and 100"
	case autoscale && (min < 0 || max < 1 || min > max || max > 100):
		return "min_nodes and max_nodes must satisfy 0 <= min_nodes <= max_nodes <= 100"
	case autoscale && (count < min || count > max):
		return "count must be between min_nodes and max_nodes"
	}
	return ""
}

// build makes the record for a valid create request, tagging cluster and
// pools the way DOKS does.
func (s *Server) build(req *godo.KubernetesClusterCreateRequest, now time.Time, delay time.Duration) *cluster {
	version, _ := resolveVersion(req.VersionSlug)
	id := s.newID("cluster", req.Name)
	k := godo.KubernetesCluster{
		ID: id, Name: req.Name, RegionSlug: req.RegionSlug, VersionSlug: version.Slug,
		ClusterSubnet: orDefault(req.ClusterSubnet, "10.244.0.0/16"), ServiceSubnet: orDefault(req.ServiceSubnet, "10.245.0.0/16"),
		Tags: append(append([]string{}, req.Tags...), "k8s", "k8s:"+id), VPCUUID: s.vpcFor(req),
		HA:                haFor(req.HA, version.KubernetesVersion),
		MaintenancePolicy: maintenance(req.MaintenancePolicy), AutoUpgrade: req.AutoUpgrade, SurgeUpgrade: req.SurgeUpgrade,
		CreatedAt: now, UpdatedAt: now,
	}
	for _, p := range req.NodePools {
		k.NodePools = append(k.NodePools, s.buildPool(id, p, now))
	}
	return &cluster{
		k: k, readyAt: now.Add(delay), vpcNative: req.ClusterSubnet != "" || req.ServiceSubnet != "",
		timeline: provisioningTimeline(now, delay, k.NodePools),
		assoc:    emptyAssociated(),
	}
}

func (s *Server) buildPool(clusterID string, p *godo.KubernetesNodePoolCreateRequest, now time.Time) *godo.KubernetesNodePool {
	return &godo.KubernetesNodePool{
		ID: s.newID("pool", p.Name), Name: p.Name, Size: p.Size, Count: p.Count,
		Tags:   append(append([]string{}, p.Tags...), "k8s", "k8s:"+clusterID, "k8s:worker"),
		Labels: p.Labels, Taints: p.Taints,
		AutoScale: p.AutoScale, MinNodes: p.MinNodes, MaxNodes: p.MaxNodes,
		Nodes: s.newNodes(p.Name, p.Count, now),
	}
}

// haFor applies DO's default when ha is omitted: on from 1.36.
func haFor(ha *bool, kubeVersion string) bool {
	if ha != nil {
		return *ha
	}
	parts := strings.Split(kubeVersion, ".")
	if len(parts) < 2 {
		return false
	}
	minor, _ := strconv.Atoi(parts[1])
	return parts[0] == "1" && minor >= 36
}

// vpcFor is the request's VPC, or the region's default one.
func (s *Server) vpcFor(req *godo.KubernetesClusterCreateRequest) string {
	if req.VPCUUID != "" {
		return req.VPCUUID
	}
	var avoid []netip.Prefix
	for _, sub := range []string{req.ClusterSubnet, req.ServiceSubnet} {
		if p, err := netip.ParsePrefix(sub); err == nil {
			avoid = append(avoid, p)
		}
	}
	return s.defaultVPC(req.RegionSlug, avoid...).ID
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func maintenance(p *godo.KubernetesMaintenancePolicy) *godo.KubernetesMaintenancePolicy {
	if p != nil {
		return p
	}
	return &godo.KubernetesMaintenancePolicy{StartTime: "04:00", Duration: "4h0m0s", Day: godo.KubernetesMaintenanceDayAny}
}

func emptyAssociated() godo.KubernetesAssociatedResources {
	return godo.KubernetesAssociatedResources{
		Volumes: []*godo.AssociatedResource{}, VolumeSnapshots: []*godo.AssociatedResource{},
		LoadBalancers: []*godo.AssociatedResource{},
	}
}
