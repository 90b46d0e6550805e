package main

import (
	"fmt"
	"slices"
	"strings"
)

// stat is a median with its spread over the runs.
type stat struct {
	Median, Min, Max float64
	N                int
}

// of ignores values that were not measured (ok false).
func of(values []float64) stat {
	if len(values) == 0 {
		return stat{}
	}
	v := slices.Clone(values)
	slices.Sort(v)
	m := v[len(v)/2]
	if len(v)%2 == 0 {
		m = (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return stat{Median: m, Min: v[0], Max: v[len(v)-1], N: len(v)}
}

// show prints the median and, over several runs, the spread; unit
// formats one value.
func (s stat) show(unit func(float64) string) string {
	if s.N == 0 {
		return "—"
	}
	lo, hi := number(unit(s.Min)), number(unit(s.Max))
	if s.N == 1 || lo == hi {
		return unit(s.Median)
	}
	return fmt.Sprintf("%s (%s–%s)", unit(s.Median), lo, hi)
}

// number is a formatted value without its unit: "1.20" of "1.20 s".
func number(s string) string {
	return s[:len(s)-len(strings.TrimLeft(s, "0123456789.-"))]
}

func secs(v float64) string { return fmt.Sprintf("%.2f s", v) }
func ms(v float64) string   { return fmt.Sprintf("%.1f ms", v*1000) }
func mib(v float64) string  { return fmt.Sprintf("%.0f MiB", v) }
func pct(v float64) string  { return fmt.Sprintf("%.1f %%", v) }
func times(v float64) string {
	return fmt.Sprintf("%.2f×", v)
}
