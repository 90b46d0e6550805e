package cloudui

import (
	"fmt"
	"math"
	"strings"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/model"
)

// money is "$72" for whole dollars, "$4.50" otherwise.
func money(v float64) string {
	if math.Abs(v-math.Round(v)) < 0.005 {
		return fmt.Sprintf("$%.0f", math.Round(v))
	}
	return fmt.Sprintf("$%.2f", v)
}

// perHour is "$0.036/h": DigitalOcean bills by the hour up to the
// monthly cap.
func perHour(v float64) string { return fmt.Sprintf("$%.3f/h", v) }

// shapeCost is what a pool of that shape costs a month: "$96/mo", or the
// autoscaling range "$24–$96/mo".
func shapeCost(unit float64, s actions.PoolShape) string {
	if s.AutoScale {
		return money(float64(s.Min)*unit) + "–" + money(float64(s.Max)*unit) + "/mo"
	}
	return money(float64(s.Count)*unit) + "/mo"
}

// PriceChange is "$72/mo -> $96/mo (+$24/mo)": a pool's monthly price
// before and after a change (ranges for autoscaled pools).
func PriceChange(unit float64, from, to actions.PoolShape) string {
	text := shapeCost(unit, from) + " -> " + shapeCost(unit, to)
	if !from.AutoScale && !to.AutoScale && from.Count != to.Count {
		delta := float64(to.Count-from.Count) * unit
		sign := "+"
		if delta < 0 {
			sign, delta = "-", -delta
		}
		text += " (" + sign + money(delta) + "/mo)"
	}
	return text
}

func shapeOf(p do.Pool) actions.PoolShape {
	return actions.PoolShape{Count: p.Count, AutoScale: p.AutoScale, Min: p.Min, Max: p.Max}
}

// ScaleLines say what scaling pool of cl to shape `to` changes, money
// first, for the confirmation.
func ScaleLines(cl do.Cluster, pool do.Pool, to actions.PoolShape) []string {
	from := shapeOf(pool)
	unit := pool.MonthlyPrice
	lines := []string{
		fmt.Sprintf("Pool %s of cluster %s: %s nodes at %s/mo each (%s).", pool.Name, cl.Name, pool.Size, money(unit), perHour(pool.HourlyPrice)),
		fmt.Sprintf("Nodes: %s -> %s", from, to),
		"Pool price: " + PriceChange(unit, from, to),
	}
	if unit == 0 {
		lines[2] = "Pool price: unknown (size " + pool.Size + " is not in the price catalogue)"
	}
	rest := cl.MonthlyCost - float64(pool.Count)*unit
	lines = append(lines, "Cluster price: "+money(cl.MonthlyCost)+"/mo -> "+clusterCost(rest, unit, to))
	if to.AutoScale {
		lines = append(lines, "The autoscaler adds and removes nodes within the range as pods need them.")
	}
	return lines
}

func clusterCost(rest, unit float64, to actions.PoolShape) string {
	if to.AutoScale {
		return money(rest+float64(to.Min)*unit) + "–" + money(rest+float64(to.Max)*unit) + "/mo"
	}
	return money(rest+float64(to.Count)*unit) + "/mo"
}

// ReviewLines is the wizard's price table, before anything is created:
// each pool's nodes, price per node, monthly and hourly price and, when it
// autoscales, its monthly range; the HA control plane (an estimate, with
// its source); the TOTAL. Pools of unknown price show "unknown" and are
// left out of every total, with a warning saying so.
func ReviewLines(req do.CreateRequest, sizes []do.Size) []string {
	cost := do.Price(req, sizes)
	lines := []string{reviewRow("POOL", "SIZE", "NODES", "PER NODE", "MONTHLY", "HOURLY", "AUTOSCALING")}
	var unknown []string
	autoscaled := false
	for i, p := range cost.Pools {
		r := req.Pools[i]
		nodes := fmt.Sprint(p.Nodes)
		if r.AutoScale {
			nodes, autoscaled = fmt.Sprintf("%d (%d–%d)", p.Nodes, r.Min, r.Max), true
		}
		switch {
		case p.UnknownSize:
			lines = append(lines, reviewRow(p.Name, p.Size, nodes, "unknown", "unknown", "unknown", ""))
			unknown = append(unknown, p.Name+" ("+p.Size+")")
		case r.AutoScale:
			lines = append(lines, reviewRow(p.Name, p.Size, nodes, money(p.UnitMonthly), money(p.Monthly)+"/mo", perHour(p.Hourly),
				money(p.MinMonthly)+"–"+money(p.MaxMonthly)+"/mo"))
		default:
			lines = append(lines, reviewRow(p.Name, p.Size, nodes, money(p.UnitMonthly), money(p.Monthly)+"/mo", perHour(p.Hourly), ""))
		}
		if extras := poolExtras(r); extras != "" {
			lines = append(lines, "  "+extras)
		}
	}
	if req.HA {
		lines = append(lines, reviewWide("HA control plane (estimate)", money(do.HAMonthly)+"/mo", perHour(do.HAHourly), ""))
	}
	total := money(cost.Monthly) + "/mo"
	span := ""
	switch {
	case cost.Unknown > 0:
		span = "+ " + model.Plural(cost.Unknown, "pool") + " of unknown price"
	case autoscaled:
		span = money(cost.MinMonthly) + "–" + money(cost.MaxMonthly) + "/mo"
	}
	lines = append(lines, reviewWide("TOTAL", total, perHour(cost.Hourly), span))
	if cost.Unknown > 0 {
		lines = append(lines, fmt.Sprintf("Warning: %s not in DigitalOcean's size catalogue: price unknown, left out of the TOTAL.",
			strings.Join(unknown, ", ")))
	}
	if req.HA {
		lines = append(lines, "HA price estimated from "+do.HAPriceSource+"; the API does not publish it.")
	} else {
		lines = append(lines, "The basic control plane is free.")
	}
	return lines
}

func reviewRow(pool, size, nodes, unit, monthly, hourly, span string) string {
	return strings.TrimRight(fmt.Sprintf("%-10s %-15s %9s %9s %10s %9s  %s", pool, size, nodes, unit, monthly, hourly, span), " ")
}

// reviewWide is a row without pool columns, its label spanning them.
func reviewWide(label, monthly, hourly, span string) string {
	return strings.TrimRight(fmt.Sprintf("%-46s %10s %9s  %s", label, monthly, hourly, span), " ")
}

// poolExtras is "labels tier=web · taints dedicated=web:NoSchedule".
func poolExtras(p do.PoolRequest) string {
	var parts []string
	if len(p.Labels) > 0 {
		parts = append(parts, "labels "+do.FormatLabels(p.Labels))
	}
	if len(p.Taints) > 0 {
		parts = append(parts, "taints "+do.FormatTaints(p.Taints))
	}
	return strings.Join(parts, " · ")
}

// costText is the price in one phrase, for the confirmation and the
// progress screen: "$124/mo ($0.185/h; $76–$172/mo as it autoscales)",
// with "+ 1 pool of unknown price" when some pool has no price.
func costText(c do.Cost) string {
	text := money(c.Monthly) + "/mo (" + perHour(c.Hourly)
	if c.MaxMonthly != c.MinMonthly && c.Unknown == 0 {
		text += "; " + money(c.MinMonthly) + "–" + money(c.MaxMonthly) + "/mo as it autoscales"
	}
	text += ")"
	if c.Unknown > 0 {
		text += " + " + model.Plural(c.Unknown, "pool") + " of unknown price"
	}
	return text
}
