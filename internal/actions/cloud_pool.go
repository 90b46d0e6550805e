package actions

import (
	"context"
	"fmt"

	"github.com/flightdeck/fdtui/internal/cloud/do"
)

// PoolShape is a node pool's size setting: a fixed count, or autoscaling
// between Min and Max (Count then being the current count within them).
type PoolShape struct {
	Count     int
	AutoScale bool
	Min, Max  int
}

// String is "3 nodes" or "autoscale 1–4 (now 2)".
func (s PoolShape) String() string {
	if s.AutoScale {
		return fmt.Sprintf("autoscale %d–%d (now %d)", s.Min, s.Max, s.Count)
	}
	if s.Count == 1 {
		return "1 node"
	}
	return fmt.Sprintf("%d nodes", s.Count)
}

// ScalePool applies shape to a DigitalOcean node pool.
func ScalePool(ctx context.Context, api do.API, clusterID string, pool do.Pool, shape PoolShape) (string, error) {
	p, err := api.UpdatePool(ctx, clusterID, pool.ID, shape.Count, shape.AutoScale, shape.Min, shape.Max)
	if err != nil {
		return "", err
	}
	got := PoolShape{Count: p.Count, AutoScale: p.AutoScale, Min: p.Min, Max: p.Max}
	return fmt.Sprintf("pool %s: %s; DigitalOcean is adding or removing nodes", pool.Name, got), nil
}
