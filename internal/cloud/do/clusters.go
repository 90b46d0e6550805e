package do

import (
	"context"
	"errors"
	"fmt"

	"github.com/digitalocean/godo"
)

// ListClusters returns every cluster the token can see, following all pages.
func (c *Client) ListClusters(ctx context.Context) ([]Cluster, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	var all []*godo.KubernetesCluster
	opt := &godo.ListOptions{PerPage: c.pageSize}
	for {
		page, resp, err := c.godo.Kubernetes.List(ctx, opt)
		if err != nil {
			return nil, wrap("list clusters", err)
		}
		all = append(all, page...)
		next, more, err := nextPage(resp)
		if err != nil {
			return nil, wrap("list clusters", err)
		}
		if !more {
			break
		}
		opt.Page = next
	}
	prices := c.cachedPrices(ctx)
	out := make([]Cluster, 0, len(all))
	for _, k := range all {
		out = append(out, toCluster(k, prices))
	}
	return out, nil
}

// nextPage reads godo's links the way godo's own examples do.
func nextPage(resp *godo.Response) (page int, more bool, err error) {
	if resp == nil || resp.Links == nil || resp.Links.IsLastPage() {
		return 0, false, nil
	}
	current, err := resp.Links.CurrentPage()
	if err != nil {
		return 0, false, fmt.Errorf("reading page links: %w", err)
	}
	return current + 1, true, nil
}

// GetCluster returns one cluster.
func (c *Client) GetCluster(ctx context.Context, id string) (Cluster, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	k, _, err := c.godo.Kubernetes.Get(ctx, id)
	if err != nil {
		return Cluster{}, wrap("get cluster", err)
	}
	return toCluster(k, c.cachedPrices(ctx)), nil
}

// StatusMessages returns the cluster's provisioning/health messages, oldest
// first, each prefixed with its time.
func (c *Client) StatusMessages(ctx context.Context, id string) ([]string, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	msgs, _, err := c.godo.Kubernetes.GetClusterStatusMessages(ctx, id, nil)
	if err != nil {
		return nil, wrap("status messages", err)
	}
	out := make([]string, 0, len(msgs))
	for _, m := range msgs {
		if m == nil {
			continue
		}
		out = append(out, m.Timestamp.Local().Format("15:04:05")+" "+m.Message)
	}
	return out, nil
}

// CreateCluster validates the request locally (name, pools) and creates it.
// The cluster comes back provisioning; poll GetCluster until it runs.
func (c *Client) CreateCluster(ctx context.Context, req CreateRequest) (Cluster, error) {
	if err := validateCreate(req); err != nil {
		return Cluster{}, err
	}
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	k, _, err := c.godo.Kubernetes.Create(ctx, toCreateRequest(req))
	if err != nil {
		return Cluster{}, wrap("create cluster", err)
	}
	return toCluster(k, c.cachedPrices(ctx)), nil
}

func validateCreate(req CreateRequest) error {
	if err := ValidateClusterName(req.Name); err != nil {
		return err
	}
	if req.Region == "" || req.Version == "" {
		return errors.New("region and version are required")
	}
	if len(req.Pools) == 0 {
		return errors.New("a cluster needs at least one node pool")
	}
	seen := map[string]bool{}
	for _, p := range req.Pools {
		// An empty name gets doctl's default (see poolName); a given one
		// must be a valid name, once: DO refuses duplicates too.
		if p.Name != "" {
			if err := ValidatePoolName(p.Name); err != nil {
				return err
			}
			if seen[p.Name] {
				return fmt.Errorf("pool name %q is used twice", p.Name)
			}
			seen[p.Name] = true
		}
		if p.Size == "" {
			return fmt.Errorf("pool %q: a node size is required", p.Name)
		}
		if err := validatePool(p.Count, p.AutoScale, p.Min, p.Max); err != nil {
			return fmt.Errorf("pool %q: %w", p.Name, err)
		}
		if err := validatePoolExtras(p); err != nil {
			return fmt.Errorf("pool %q: %w", p.Name, err)
		}
	}
	return validateCreateExtras(req)
}

// validatePool mirrors DO's rules: a fixed pool has at least one node; an
// autoscaled one may scale to zero but needs min <= count <= max.
func validatePool(count int, autoscale bool, min, max int) error {
	switch {
	case !autoscale && count < 1:
		return errors.New("node count must be at least 1")
	case autoscale && (min < 0 || max < 1 || min > max):
		return fmt.Errorf("autoscale range %d..%d is not valid", min, max)
	case autoscale && (count < min || count > max):
		return fmt.Errorf("node count %d is outside the autoscale range %d..%d", count, min, max)
	}
	return nil
}

func toCreateRequest(req CreateRequest) *godo.KubernetesClusterCreateRequest {
	pools := make([]*godo.KubernetesNodePoolCreateRequest, 0, len(req.Pools))
	for i, p := range req.Pools {
		pools = append(pools, &godo.KubernetesNodePoolCreateRequest{
			Name: poolName(req.Name, p.Name, i), Size: p.Size, Count: p.Count,
			AutoScale: p.AutoScale, MinNodes: p.Min, MaxNodes: p.Max,
			Labels: p.Labels, Taints: toGodoTaints(p.Taints),
		})
	}
	return &godo.KubernetesClusterCreateRequest{
		Name: req.Name, RegionSlug: req.Region, VersionSlug: req.Version,
		Tags: req.Tags, HA: godo.PtrTo(req.HA), NodePools: pools,
		VPCUUID: req.VPC, ClusterSubnet: req.ClusterSubnet, ServiceSubnet: req.ServiceSubnet,
		SurgeUpgrade: req.SurgeUpgrade, AutoUpgrade: req.AutoUpgrade,
		MaintenancePolicy: toGodoMaintenance(req.Maintenance),
	}
}

// poolName follows doctl's default "<cluster>-default-pool" for unnamed pools.
func poolName(cluster, name string, i int) string {
	switch {
	case name != "":
		return name
	case i == 0:
		return cluster + "-default-pool"
	default:
		return fmt.Sprintf("%s-pool-%d", cluster, i+1)
	}
}

// UpdatePool resizes a pool or changes its autoscaling. DO's update wants
// the pool's name with every change, so the current pool is read first.
func (c *Client) UpdatePool(ctx context.Context, clusterID, poolID string, count int, autoscale bool, min, max int) (Pool, error) {
	if err := validatePool(count, autoscale, min, max); err != nil {
		return Pool{}, err
	}
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	current, _, err := c.godo.Kubernetes.GetNodePool(ctx, clusterID, poolID)
	if err != nil {
		return Pool{}, wrap("get node pool", err)
	}
	update := &godo.KubernetesNodePoolUpdateRequest{
		Name: current.Name, Count: godo.PtrTo(count), AutoScale: godo.PtrTo(autoscale),
	}
	if autoscale {
		update.MinNodes, update.MaxNodes = godo.PtrTo(min), godo.PtrTo(max)
	}
	p, _, err := c.godo.Kubernetes.UpdateNodePool(ctx, clusterID, poolID, update)
	if err != nil {
		return Pool{}, wrap("update node pool", err)
	}
	return toPool(p, c.cachedPrices(ctx)), nil
}

// Associated lists the volumes, volume snapshots and load balancers that
// would outlive a plain delete of the cluster.
func (c *Client) Associated(ctx context.Context, id string) (Associated, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	res, _, err := c.godo.Kubernetes.ListAssociatedResourcesForDeletion(ctx, id)
	if err != nil {
		return Associated{}, wrap("list associated resources", err)
	}
	return Associated{
		Volumes:         toNamedIDs(res.Volumes),
		LoadBalancers:   toNamedIDs(res.LoadBalancers),
		VolumeSnapshots: toNamedIDs(res.VolumeSnapshots),
	}, nil
}

// DeleteCluster destroys the cluster and, when any are chosen, the given
// volumes, volume snapshots and load balancers with it (DeleteSelective);
// with none chosen it is a plain delete, which keeps them all.
func (c *Client) DeleteCluster(ctx context.Context, id string, sel DeleteSelection) error {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	var err error
	if sel.Empty() {
		_, err = c.godo.Kubernetes.Delete(ctx, id)
	} else {
		_, err = c.godo.Kubernetes.DeleteSelective(ctx, id, &godo.KubernetesClusterDeleteSelectiveRequest{
			Volumes: nonNil(sel.Volumes), VolumeSnapshots: nonNil(sel.VolumeSnapshots), LoadBalancers: nonNil(sel.LoadBalancers),
		})
	}
	return wrap("delete cluster", err)
}

// nonNil keeps JSON arrays as [] rather than null, as DO's docs show them.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
