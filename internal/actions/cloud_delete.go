package actions

import (
	"context"
	"fmt"

	"github.com/flightdeck/fdtui/internal/cloud/do"
)

// DeleteDOCluster destroys a cluster with the associated resources chosen
// in sel (by ID; DeleteSelective, or a plain delete when none are chosen).
// all is what ListAssociatedResourcesForDeletion listed, priced; what of
// it was not chosen is returned as left behind: DigitalOcean keeps it, and
// keeps billing it.
func DeleteDOCluster(ctx context.Context, api do.API, cl do.Cluster, all []do.Resource, sel do.DeleteSelection) (string, []do.Resource, error) {
	if err := api.DeleteCluster(ctx, cl.ID, sel); err != nil {
		return "", nil, err
	}
	text := "cluster " + cl.Name + " is being deleted"
	if n := len(sel.Volumes) + len(sel.VolumeSnapshots) + len(sel.LoadBalancers); n > 0 {
		text += fmt.Sprintf(" with %d associated resource(s)", n)
	}
	return text, LeftBehind(all, sel), nil
}

// LeftBehind is the resources of all that sel does not name.
func LeftBehind(all []do.Resource, sel do.DeleteSelection) []do.Resource {
	chosen := map[string]bool{}
	for _, ids := range [][]string{sel.Volumes, sel.VolumeSnapshots, sel.LoadBalancers} {
		for _, id := range ids {
			chosen[id] = true
		}
	}
	var kept []do.Resource
	for _, r := range all {
		if !chosen[r.ID] {
			kept = append(kept, r)
		}
	}
	return kept
}
