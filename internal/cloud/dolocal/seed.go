package dolocal

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/digitalocean/godo"
)

// SeedCluster is a cluster present when the server starts. JSON seeds use
// the same field names.
type SeedCluster struct {
	Name    string   `json:"name"`
	Region  string   `json:"region"`
	Version string   `json:"version"`
	HA      bool     `json:"ha"`
	Tags    []string `json:"tags,omitempty"`
	// Status is running (default), provisioning, degraded or error.
	Status        string     `json:"status,omitempty"`
	StatusMessage string     `json:"status_message,omitempty"`
	AgeDays       int        `json:"age_days,omitempty"`
	Pools         []SeedPool `json:"node_pools"`
	// Volumes, LoadBalancers and VolumeSnapshots name what a plain delete
	// would leave behind.
	Volumes         []string `json:"volumes,omitempty"`
	LoadBalancers   []string `json:"load_balancers,omitempty"`
	VolumeSnapshots []string `json:"volume_snapshots,omitempty"`
	// Sizes gives, by name, a volume's or snapshot's size in GiB and a
	// load balancer's nodes; missing ones are 10 GiB and 1 node.
	Sizes map[string]float64 `json:"sizes,omitempty"`
	// Clusterlint, when set, is what clusterlint runs find in the
	// cluster, standing for its workloads; without it runs read the
	// Kubernetes cluster of Config.Kube.
	Clusterlint []godo.ClusterlintDiagnostic `json:"clusterlint,omitempty"`
}

// SeedPool is a node pool of a seeded cluster.
type SeedPool struct {
	Name      string `json:"name"`
	Size      string `json:"size"`
	Count     int    `json:"count"`
	AutoScale bool   `json:"auto_scale,omitempty"`
	Min       int    `json:"min_nodes,omitempty"`
	Max       int    `json:"max_nodes,omitempty"`
}

// DefaultSeed is a small, realistic account: a production cluster with an
// HA control plane, volumes, a volume snapshot and a load balancer; an autoscaled staging
// cluster; and a degraded legacy cluster on an older version.
func DefaultSeed() []SeedCluster {
	return []SeedCluster{
		{
			Name: "flightdeck-prod", Region: "nyc3", Version: "1.35.6-do.1", HA: true, AgeDays: 214,
			Tags: []string{"flightdeck", "production"},
			Pools: []SeedPool{
				{Name: "web", Size: "s-4vcpu-8gb", Count: 3},
				{Name: "db", Size: "so-2vcpu-16gb", Count: 1},
			},
			Volumes:         []string{"pvc-mysql-example-com", "pvc-mysql-shop-example-org"},
			LoadBalancers:   []string{"ingress-nginx-controller"},
			VolumeSnapshots: []string{"mysql-example-com-before-1.35"},
			Sizes: map[string]float64{
				"pvc-mysql-example-com": 20, "pvc-mysql-shop-example-org": 50, "mysql-example-com-before-1.35": 15,
			},
			Clusterlint: prodLint(),
		},
		{
			Name: "flightdeck-staging", Region: "ams3", Version: "1.36.3-do.0", AgeDays: 31,
			Tags:    []string{"flightdeck", "staging"},
			Pools:   []SeedPool{{Name: "default", Size: "s-2vcpu-4gb", Count: 2, AutoScale: true, Min: 1, Max: 4}},
			Volumes: []string{"pvc-mysql-staging-example-com"},
		},
		{
			Name: "legacy-sites", Region: "sfo3", Version: "1.34.9-do.2", AgeDays: 488,
			Status: "degraded", StatusMessage: "1 of 2 nodes in pool legacy-pool is not ready",
			Pools:           []SeedPool{{Name: "legacy-pool", Size: "s-2vcpu-2gb", Count: 2}},
			VolumeSnapshots: []string{"mysql-before-upgrade"},
			Sizes:           map[string]float64{"mysql-before-upgrade": 8},
		},
	}
}

// LoadSeed reads seed clusters from a JSON file holding a list.
func LoadSeed(path string) ([]SeedCluster, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var seed []SeedCluster
	if err := json.Unmarshal(data, &seed); err != nil {
		return nil, fmt.Errorf("seed %s: %w", path, err)
	}
	return seed, nil
}

// addSeed records a seeded cluster; it bypasses validation so seeds can
// show states a create cannot produce.
func (s *Server) addSeed(sc SeedCluster) {
	now := s.cfg.Now()
	created := now.Add(-time.Duration(sc.AgeDays) * 24 * time.Hour)
	req := &godo.KubernetesClusterCreateRequest{
		Name: sc.Name, RegionSlug: sc.Region, VersionSlug: sc.Version, Tags: sc.Tags, HA: &sc.HA,
	}
	for _, p := range sc.Pools {
		req.NodePools = append(req.NodePools, &godo.KubernetesNodePoolCreateRequest{
			Name: p.Name, Size: p.Size, Count: p.Count, AutoScale: p.AutoScale, MinNodes: p.Min, MaxNodes: p.Max,
		})
	}
	c := s.build(req, created, s.cfg.ProvisionDelay)
	c.k.VersionSlug = sc.Version // keep it even if no longer offered
	if sc.Status == "provisioning" {
		c.readyAt = now.Add(s.cfg.ProvisionDelay)
		c.timeline = provisioningTimeline(now, s.cfg.ProvisionDelay, c.k.NodePools)
	} else if sc.Status != "" && sc.Status != "running" {
		c.state, c.stateMessage = godo.KubernetesClusterStatusState(sc.Status), sc.StatusMessage
		c.timeline = append(c.timeline, godo.KubernetesClusterStatusMessage{Timestamp: now, Message: sc.StatusMessage})
	}
	c.assoc = s.seedAssociated(sc)
	s.addSeedResources(c, sc)
	c.seedLint = sc.Clusterlint
	s.clusters = append(s.clusters, c)
}

func (s *Server) seedAssociated(sc SeedCluster) godo.KubernetesAssociatedResources {
	a := emptyAssociated()
	for _, n := range sc.Volumes {
		a.Volumes = append(a.Volumes, &godo.AssociatedResource{ID: s.newID("volume", n), Name: n})
	}
	for _, n := range sc.LoadBalancers {
		a.LoadBalancers = append(a.LoadBalancers, &godo.AssociatedResource{ID: s.newID("lb", n), Name: n})
	}
	for _, n := range sc.VolumeSnapshots {
		a.VolumeSnapshots = append(a.VolumeSnapshots, &godo.AssociatedResource{ID: s.newID("snapshot", n), Name: n})
	}
	return a
}
