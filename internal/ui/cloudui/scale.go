package cloudui

import (
	"context"
	"fmt"
	"strconv"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

var keyScale = common.Bind("s", "scale pool")

// scale opens the scale form for the selected node's pool.
func (f *Feature) scale(poolName string) common.Plan {
	cl, ok := connectedCluster(f.c, f.s)
	if !ok {
		return common.Refuse("this cluster is not a DigitalOcean cluster of the account (or the listing is still loading)")
	}
	for _, p := range cl.Pools {
		if p.Name == poolName {
			return common.Plan{Open: common.Push(newScaleForm(f.c, f.s, cl, p))}
		}
	}
	return common.Refuse("the selected node is in no DigitalOcean pool of " + cl.Name)
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
	run := common.NewTaskThen("scaling pool "+pool.Name, func(ctx context.Context) (string, tea.Cmd, error) {
		text, err := actions.ScalePool(ctx, api, cl.ID, pool, to)
		return text, s.refreshClusters(true), err
	})
	return pages.NewConfirm(c, "Scale pool "+pool.Name, ScaleLines(cl, pool, to), run.Cmd())
}
