package cloudui

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// associatedMsg carries what a cluster's delete would leave behind, priced.
type associatedMsg struct {
	cluster   do.Cluster
	resources []do.Resource
}

// loadAssociated asks DigitalOcean what goes with the cluster and what
// each of it costs, then opens the questions; the listing refresh after
// the delete goes to page.
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
		msg := associatedMsg{cluster: cl, resources: api.Resources(ctx, assoc)}
		return "", common.PushBuilt(func() common.Page { return f.confirmDelete(msg, page) }), nil
	})
}

// confirmDelete asks which associated resources go too (when there are
// any), then for the cluster's name. Each choice shows what it costs.
func (f *Feature) confirmDelete(msg associatedMsg, page common.PageID) common.Page {
	if len(msg.resources) == 0 {
		return f.typedDelete(msg, do.DeleteSelection{}, page)
	}
	var picked []string
	opts := make([]huh.Option[string], 0, len(msg.resources))
	for _, r := range msg.resources {
		opts = append(opts, huh.NewOption(ResourceText(r), pickValue(r)))
	}
	form := huh.NewForm(huh.NewGroup(
		huh.NewMultiSelect[string]().Title("Delete these together with cluster " + msg.cluster.Name + "?").
			Description("x or space selects; what you leave unselected is kept, and DigitalOcean keeps billing it.\n" +
				"Prices are estimates from list prices (" + do.PriceSource + ").").
			Options(opts...).Value(&picked).Height(len(opts) + 5),
	))
	return pages.NewForm(f.c, "delete "+msg.cluster.Name, form, func() tea.Cmd {
		return common.Push(f.typedDelete(msg, Selection(msg.resources, picked), page))
	})
}

// pickValue tells resources apart in the multi-select by kind and ID.
func pickValue(r do.Resource) string { return r.Kind + ":" + r.ID }

// Selection turns the multi-select's picks into what DeleteSelective
// takes.
func Selection(rs []do.Resource, picked []string) do.DeleteSelection {
	chosen := map[string]bool{}
	for _, p := range picked {
		chosen[p] = true
	}
	var sel do.DeleteSelection
	for _, r := range rs {
		if !chosen[pickValue(r)] {
			continue
		}
		switch r.Kind {
		case do.KindVolume:
			sel.Volumes = append(sel.Volumes, r.ID)
		case do.KindSnapshot:
			sel.VolumeSnapshots = append(sel.VolumeSnapshots, r.ID)
		case do.KindLoadBalancer:
			sel.LoadBalancers = append(sel.LoadBalancers, r.ID)
		}
	}
	return sel
}

// ResourceText is "volume pvc-a (20 GiB, $2/mo)", or the reason its
// price is unknown.
func ResourceText(r do.Resource) string {
	if !r.Known() {
		return fmt.Sprintf("%s %s (price unknown: %s)", r.Kind, r.Name, r.Unknown)
	}
	return fmt.Sprintf("%s %s (%s, %s/mo)", r.Kind, r.Name, r.Size, money(r.Monthly))
}

// CostLine is what rs cost together a month: "$7.90/mo (estimate: ...)",
// with those of unknown price named as left out of the sum.
func CostLine(rs []do.Resource) string {
	total, unknown := do.SumMonthly(rs)
	line := money(total) + "/mo (estimate from list prices: " + do.PriceSource + ")"
	switch {
	case unknown == len(rs):
		return "unknown (no price could be found for any of them)"
	case unknown == 1:
		line += "; 1 of unknown price is not counted"
	case unknown > 1:
		line += fmt.Sprintf("; %d of unknown price are not counted", unknown)
	}
	return line
}

// DeleteLines say exactly what deleting cl with sel does and what it
// keeps, with what the kept resources still cost.
func DeleteLines(cl do.Cluster, rs []do.Resource, sel do.DeleteSelection) []string {
	nodes := 0
	for _, p := range cl.Pools {
		nodes += p.Count
	}
	price := money(cl.MonthlyCost) + "/mo"
	if _, partial := ClusterMonthly(cl, nil, nil); partial {
		// Never a made-up total: a pool without a list price is named so.
		price += " + nodes of unknown price"
	}
	lines := []string{fmt.Sprintf("Deletes DigitalOcean cluster %s (%s, %d nodes, %s) and all its nodes.",
		cl.Name, cl.Region, nodes, price)}
	kept := actions.LeftBehind(rs, sel)
	keptIDs := map[string]bool{}
	for _, r := range kept {
		keptIDs[r.ID] = true
	}
	var gone []do.Resource
	for _, r := range rs {
		if !keptIDs[r.ID] {
			gone = append(gone, r)
		}
	}
	if len(gone) > 0 {
		lines = append(append(lines, "Also deletes:"), listed(gone)...)
	}
	if len(kept) > 0 {
		lines = append(append(lines, "Keeps (DigitalOcean keeps billing them):"), listed(kept)...)
		lines = append(lines, "What is kept still costs "+CostLine(kept)+".")
	}
	return append(lines, "The kubeconfig context "+do.ContextName(cl.Region, cl.Name)+", if saved, stays; kubectl config delete-context removes it.")
}

// listed is one indented line per resource: long names would wrap a
// comma-separated line past the confirmation's width.
func listed(rs []do.Resource) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		out = append(out, "  "+ResourceText(r))
	}
	return out
}

// LeftBehindLines report, after the delete, what DigitalOcean kept and
// what it still costs a month.
func LeftBehindLines(cl do.Cluster, left []do.Resource) []string {
	if len(left) == 0 {
		return []string{"Nothing associated with cluster " + cl.Name + " is left behind."}
	}
	lines := append([]string{"Left behind on DigitalOcean, billed until you delete them there:"}, listed(left)...)
	return append(lines, "", "Still costs "+CostLine(left)+".")
}

func (f *Feature) typedDelete(msg associatedMsg, sel do.DeleteSelection, page common.PageID) common.Page {
	cl, all := msg.cluster, msg.resources
	c, s := f.c, f.s
	api := s.cfg.DO
	del := common.NewTaskThen("deleting cluster "+cl.Name, func(ctx context.Context) (string, tea.Cmd, error) {
		text, left, err := actions.DeleteDOCluster(ctx, api, cl, all, sel)
		if err != nil {
			return "", nil, err
		}
		report := common.PushBuilt(func() common.Page {
			return newReportPage(c, "left behind by "+cl.Name, LeftBehindLines(cl, left))
		})
		return text, tea.Batch(common.ReplyTo(page, s.rowsCmd()), report), nil
	})
	return pages.NewTypedConfirm(f.c, "Delete cluster "+cl.Name, DeleteLines(cl, all, sel), cl.Name, del.Cmd())
}
