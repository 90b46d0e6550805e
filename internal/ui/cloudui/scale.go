package cloudui

import (
	"context"
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

var keyScale = key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "scale pool"))

// nodesHook keeps the DO listing fresh for pool notes and scales pools.
type nodesHook struct {
	c *common.Common
	s *service
}

func newNodesHook(c *common.Common) pages.Hook {
	s := svc()
	if s == nil || s.cfg.DO == nil {
		return nil
	}
	return &nodesHook{c: c, s: s}
}

func (h *nodesHook) Keys() []key.Binding {
	if _, ok := connectedCluster(h.c); !ok || h.c.Options.ReadOnly {
		return nil
	}
	return []key.Binding{keyScale}
}

func (h *nodesHook) Init(common.Page) tea.Cmd { return h.s.refreshClusters(false) }

func (h *nodesHook) Update(p common.Page, msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case clustersMsg:
		return nil, true // the pool notes read the new listing when drawn
	case tea.KeyPressMsg:
		page, ok := p.(*pages.Nodes)
		if !ok || !key.Matches(msg, keyScale) || h.c.Options.ReadOnly {
			return nil, false
		}
		return h.scale(page.SelectedPool()), true
	}
	return nil, false
}

func (h *nodesHook) scale(poolName string) tea.Cmd {
	cl, ok := connectedCluster(h.c)
	if !ok {
		return common.Toast("this cluster is not a DigitalOcean cluster of the account (or the listing is still loading)", true)
	}
	for _, p := range cl.Pools {
		if p.Name == poolName {
			return common.Push(newScaleForm(h.c, h.s, cl, p))
		}
	}
	return common.Toast("the selected node is in no DigitalOcean pool of "+cl.Name, true)
}

type scaleValues struct {
	AutoScale       bool
	Count, Min, Max string
}

// shape turns the form into a pool shape; an autoscaled pool keeps its
// current count clamped into the new range, as DO requires.
func (v scaleValues) shape(current int) (actions.PoolShape, error) {
	if !v.AutoScale {
		n, err := strconv.Atoi(v.Count)
		return actions.PoolShape{Count: n}, err
	}
	lo, err1 := strconv.Atoi(v.Min)
	hi, err2 := strconv.Atoi(v.Max)
	if err1 != nil || err2 != nil {
		return actions.PoolShape{}, fmt.Errorf("the range %q–%q is not two numbers", v.Min, v.Max)
	}
	return actions.PoolShape{Count: min(max(current, lo), hi), AutoScale: true, Min: lo, Max: hi}, nil
}

func newScaleForm(c *common.Common, s *service, cl do.Cluster, pool do.Pool) *pages.Form {
	v := &scaleValues{AutoScale: pool.AutoScale, Count: strconv.Itoa(pool.Count),
		Min: strconv.Itoa(max(pool.Min, 1)), Max: strconv.Itoa(max(pool.Max, pool.Count))}
	if !pool.AutoScale {
		v.Min, v.Max = "1", strconv.Itoa(pool.Count+1)
	}
	form := huh.NewForm(
		huh.NewGroup(
			huh.NewConfirm().Title(fmt.Sprintf("Pool %s (%s, %s/mo per node): how should it scale?", pool.Name, pool.Size, money(pool.MonthlyPrice))).
				Affirmative("Autoscale").Negative("Fixed count").Value(&v.AutoScale),
		),
		huh.NewGroup(
			huh.NewInput().Title("Nodes").Value(&v.Count).Validate(func(s string) error { return validateCount(s, 1) }),
		).WithHideFunc(func() bool { return v.AutoScale }),
		huh.NewGroup(
			huh.NewInput().Title("Minimum nodes").Value(&v.Min).Validate(func(s string) error { return validateRange(s, 0) }),
			huh.NewInput().Title("Maximum nodes").Value(&v.Max).Validate(func(s string) error {
				if err := validateRange(s, 1); err != nil {
					return err
				}
				lo, _ := strconv.Atoi(v.Min)
				if hi, _ := strconv.Atoi(s); hi < lo {
					return fmt.Errorf("the maximum is below the minimum %d", lo)
				}
				return nil
			}),
		).WithHideFunc(func() bool { return !v.AutoScale }),
	)
	return pages.NewForm(c, "scale pool "+pool.Name, form, func() tea.Cmd {
		to, err := v.shape(pool.Count)
		if err != nil {
			return common.Toast("pool not changed: "+err.Error(), true)
		}
		return common.Push(scaleConfirm(c, s, cl, pool, to))
	})
}

func validateRange(s string, least int) error {
	n, err := parseCount(s)
	if err != nil {
		return err
	}
	if n < least || n > maxPoolNodes {
		return fmt.Errorf("between %d and %d nodes", least, maxPoolNodes)
	}
	return nil
}

// scaleConfirm shows the price change before anything changes.
func scaleConfirm(c *common.Common, s *service, cl do.Cluster, pool do.Pool, to actions.PoolShape) common.Page {
	api := s.cfg.DO
	run := actions.RunThen("scaling pool "+pool.Name, func(ctx context.Context) (string, tea.Cmd, error) {
		text, err := actions.ScalePool(ctx, api, cl.ID, pool, to)
		return text, s.refreshClusters(true), err
	})
	return pages.NewConfirm(c, "Scale pool "+pool.Name, ScaleLines(cl, pool, to), run)
}
