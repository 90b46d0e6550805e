package cloudui

import (
	"fmt"
	"math"
	"strings"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/do"
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

// ReviewLines is the wizard's review: each pool's monthly and hourly
// price and the total, before anything is created.
func ReviewLines(req do.CreateRequest, sizes []do.Size) []string {
	monthly, hourly, perPool := do.MonthlyCost(req.Pools, sizes, req.HA)
	row := func(a, b, c, d, e, f string) string {
		return fmt.Sprintf("%-10s %-15s %9s %10s %11s %10s", a, b, c, d, e, f)
	}
	lines := []string{row("POOL", "SIZE", "NODES", "PER NODE", "MONTHLY", "HOURLY")}
	ceiling := monthly
	for i, p := range perPool {
		nodes := fmt.Sprint(p.Nodes)
		if r := req.Pools[i]; r.AutoScale {
			nodes = fmt.Sprintf("%d (%d–%d)", p.Nodes, r.Min, r.Max)
		}
		if p.UnknownSize {
			lines = append(lines, row(p.Name, p.Size, nodes, "?", "unknown", "unknown"))
			continue
		}
		lines = append(lines, row(p.Name, p.Size, nodes, money(p.UnitMonthly), money(p.Monthly)+"/mo", perHour(p.Hourly)))
		if req.Pools[i].AutoScale {
			ceiling += p.MaxMonthly - p.Monthly
		}
	}
	wide := func(label, mo, h string) string { return fmt.Sprintf("%-36s %10s %11s %10s", label, "", mo, h) }
	if req.HA {
		lines = append(lines, wide("HA control plane", money(do.HAMonthly)+"/mo", perHour(do.HAHourly)))
	}
	lines = append(lines, wide("TOTAL", money(monthly)+"/mo", perHour(hourly)))
	if ceiling > monthly {
		lines = append(lines, "Autoscaled pools can grow the bill to "+money(ceiling)+"/mo at their maximum.")
	}
	if !req.HA {
		lines = append(lines, "The basic control plane is free.")
	}
	return lines
}

// reviewHeader is the cluster line above the price table.
func reviewHeader(req do.CreateRequest) string {
	ha := "basic control plane"
	if req.HA {
		ha = "HA control plane"
	}
	tags := "no tags"
	if len(req.Tags) > 0 {
		tags = "tags " + strings.Join(req.Tags, ", ")
	}
	return fmt.Sprintf("%s in %s · Kubernetes %s · %s · %s", req.Name, req.Region, req.Version, ha, tags)
}
