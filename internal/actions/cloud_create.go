package actions

import (
	"context"

	"github.com/flightdeck/fdtui/internal/cloud/do"
)

// CreateDOCluster creates a DigitalOcean cluster and, when req.Registry
// asks, integrates the account's container registry with it (AddRegistry
// with the new cluster's UUID). A registry failure does not undo the
// create: the cluster comes back with registryErr set, so the caller can
// say the cluster exists without the integration.
func CreateDOCluster(ctx context.Context, api do.API, req do.CreateRequest) (cl do.Cluster, registryErr, err error) {
	cl, err = api.CreateCluster(ctx, req)
	if err != nil || !req.Registry {
		return cl, nil, err
	}
	return cl, api.AddRegistry(ctx, cl.ID), nil
}
