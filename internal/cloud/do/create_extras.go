package do

import (
	"context"
	"errors"
	"fmt"

	"github.com/digitalocean/godo"
)

// validatePoolExtras checks a pool's labels and taints with the same rules
// the wizard's ParseLabels and ParseTaints apply.
func validatePoolExtras(p PoolRequest) error {
	for k, v := range p.Labels {
		if err := validateLabel(k, v); err != nil {
			return err
		}
	}
	if _, err := ParseTaints(FormatTaints(p.Taints)); err != nil {
		return err
	}
	return nil
}

// validateCreateExtras checks the VPC-native subnets (against each other
// only: the VPC's range is the API's to check) and the maintenance window.
func validateCreateExtras(req CreateRequest) error {
	if err := ValidateSubnets(req.ClusterSubnet, req.ServiceSubnet, ""); err != nil {
		return err
	}
	if req.Maintenance != nil {
		return ValidateMaintenance(*req.Maintenance)
	}
	return nil
}

func toGodoTaints(ts []Taint) []godo.Taint {
	if len(ts) == 0 {
		return nil
	}
	out := make([]godo.Taint, 0, len(ts))
	for _, t := range ts {
		out = append(out, godo.Taint{Key: t.Key, Value: t.Value, Effect: t.Effect})
	}
	return out
}

// toGodoMaintenance leaves the policy out (DO's default window) when nil.
// ValidateMaintenance has checked the day.
func toGodoMaintenance(m *Maintenance) *godo.KubernetesMaintenancePolicy {
	if m == nil {
		return nil
	}
	day, _ := godo.KubernetesMaintenanceToDay(m.Day)
	return &godo.KubernetesMaintenancePolicy{Day: day, StartTime: m.StartTime}
}

// VPCs lists the account's VPC networks in every region, following pages.
func (c *Client) VPCs(ctx context.Context) ([]VPC, error) {
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	var out []VPC
	opt := &godo.ListOptions{PerPage: c.pageSize}
	for {
		page, resp, err := c.godo.VPCs.List(ctx, opt)
		if err != nil {
			return nil, wrap("list VPCs", err)
		}
		for _, v := range page {
			if v != nil {
				out = append(out, VPC{ID: v.ID, Name: v.Name, Region: v.RegionSlug, IPRange: v.IPRange, Default: v.Default})
			}
		}
		next, more, err := nextPage(resp)
		if err != nil {
			return nil, wrap("list VPCs", err)
		}
		if !more {
			return out, nil
		}
		opt.Page = next
	}
}

// AddRegistry integrates the account's container registry (DOCR) with the
// cluster (POST /v2/kubernetes/registry), so its nodes can pull private
// images. The registry itself must exist; its plan is billed separately.
func (c *Client) AddRegistry(ctx context.Context, clusterID string) error {
	if clusterID == "" {
		return errors.New("add registry: no cluster ID")
	}
	ctx, cancel := c.bounded(ctx)
	defer cancel()
	_, err := c.godo.Kubernetes.AddRegistry(ctx, &godo.KubernetesClusterRegistryRequest{ClusterUUIDs: []string{clusterID}})
	if err != nil {
		return wrap(fmt.Sprintf("add registry to cluster %s", clusterID), err)
	}
	return nil
}
