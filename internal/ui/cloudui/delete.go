package cloudui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// associatedMsg carries what a cluster's delete would leave behind.
type associatedMsg struct {
	cluster do.Cluster
	assoc   do.Associated
}

// loadAssociated asks DigitalOcean what goes with the cluster, then opens
// the questions; the listing refresh after the delete goes to page.
func loadAssociated(f *Feature, id string, page common.PageID) *common.Task {
	api := f.s.cfg.DO
	return common.NewTaskThen("listing what the cluster's delete would leave behind", func(ctx context.Context) (string, tea.Cmd, error) {
		cl, err := api.GetCluster(ctx, id)
		if err != nil {
			return "", nil, err
		}
		assoc, err := api.Associated(ctx, id)
		if err != nil {
			return "", nil, err
		}
		msg := associatedMsg{cluster: cl, assoc: assoc}
		return "", common.PushBuilt(func() common.Page { return f.confirmDelete(msg, page) }), nil
	})
}

// Prefixes of the multi-select's values, to tell volumes from load
// balancers.
const (
	pickVolume = "volume:"
	pickLB     = "lb:"
)

// confirmDelete asks which associated resources go too (when there are
// any), then for the cluster's name.
func (f *Feature) confirmDelete(msg associatedMsg, page common.PageID) common.Page {
	a := msg.assoc
	if len(a.Volumes)+len(a.LoadBalancers) == 0 {
		return f.typedDelete(msg, nil, page)
	}
	var picked []string
	opts := make([]huh.Option[string], 0, len(a.Volumes)+len(a.LoadBalancers))
	for _, v := range a.Volumes {
		opts = append(opts, huh.NewOption("volume "+v.Name, pickVolume+v.ID))
	}
	for _, lb := range a.LoadBalancers {
		opts = append(opts, huh.NewOption("load balancer "+lb.Name, pickLB+lb.ID))
	}
	form := huh.NewForm(huh.NewGroup(
		huh.NewMultiSelect[string]().Title("Delete these together with cluster " + msg.cluster.Name + "?").
			Description("x or space selects; what you leave unselected is kept, and DigitalOcean keeps billing it").
			Options(opts...).Value(&picked).Height(len(opts) + 4),
	))
	return pages.NewForm(f.c, "delete "+msg.cluster.Name, form, func() tea.Cmd {
		return common.Push(f.typedDelete(msg, picked, page))
	})
}

// DeleteLines say exactly what deleting cl with the picked resources
// does and what it keeps.
func DeleteLines(cl do.Cluster, a do.Associated, picked []string) []string {
	chosen := map[string]bool{}
	for _, p := range picked {
		chosen[p] = true
	}
	nodes := 0
	for _, p := range cl.Pools {
		nodes += p.Count
	}
	lines := []string{fmt.Sprintf("Deletes DigitalOcean cluster %s (%s, %d nodes, %s/mo) and all its nodes.",
		cl.Name, cl.Region, nodes, money(cl.MonthlyCost))}
	var gone, kept []string
	sortOut := func(kind, prefix string, rs []do.NamedID) {
		for _, r := range rs {
			if chosen[prefix+r.ID] {
				gone = append(gone, kind+" "+r.Name)
			} else {
				kept = append(kept, kind+" "+r.Name)
			}
		}
	}
	sortOut("volume", pickVolume, a.Volumes)
	sortOut("load balancer", pickLB, a.LoadBalancers)
	for _, s := range a.VolumeSnapshots {
		kept = append(kept, "snapshot "+s.Name)
	}
	if len(gone) > 0 {
		lines = append(lines, "Also deletes: "+strings.Join(gone, ", ")+".")
	}
	if len(kept) > 0 {
		lines = append(lines, "Keeps (DigitalOcean keeps billing them): "+strings.Join(kept, ", ")+".")
	}
	lines = append(lines, "The kubeconfig context "+do.ContextName(cl.Region, cl.Name)+", if saved, stays; kubectl config delete-context removes it.")
	return lines
}

func (f *Feature) typedDelete(msg associatedMsg, picked []string, page common.PageID) common.Page {
	cl := msg.cluster
	var volumes, lbs []string
	for _, p := range picked {
		if id, ok := strings.CutPrefix(p, pickVolume); ok {
			volumes = append(volumes, id)
		} else if id, ok := strings.CutPrefix(p, pickLB); ok {
			lbs = append(lbs, id)
		}
	}
	s := f.s
	api := s.cfg.DO
	del := common.NewTaskThen("deleting cluster "+cl.Name, func(ctx context.Context) (string, tea.Cmd, error) {
		text, err := actions.DeleteDOCluster(ctx, api, cl, volumes, lbs)
		return text, common.ReplyTo(page, s.rowsCmd()), err
	})
	return pages.NewTypedConfirm(f.c, "Delete cluster "+cl.Name, DeleteLines(cl, msg.assoc, picked), cl.Name, del.Cmd())
}
