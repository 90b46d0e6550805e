package main

import (
	"fmt"
	"strings"
)

// scaling shows how the medians grow with the cluster, and per pod: the
// whole figure over the pods, and the growth since the previous size over
// the pods added (a rising marginal cost is a superlinear step).
func scaling(b *strings.Builder, sizes []size) {
	b.WriteString("| pods | sites | informer floor | fdtui sites: first screen | fdtui `:pods`: first screen | k9s: first screen | " +
		"fdtui sites: RSS | fdtui `:pods`: RSS | k9s: RSS | fdtui `:pods`: churn − idle | k9s: churn − idle |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, s := range sizes {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", thousands(s.Pods), thousands(s.Sites),
			of(s.floor(true)).show(secs), of(s.firstScreen(fdtuiSites)).show(secs), of(s.firstScreen(fdtuiPods)).show(secs),
			of(s.firstScreen(k9s)).show(secs), of(s.rss(fdtuiSites)).show(mib), of(s.rss(fdtuiPods)).show(mib),
			of(s.rss(k9s)).show(mib), of(s.churnAbove(fdtuiPods)).show(pct), of(s.churnAbove(k9s)).show(pct))
	}
	b.WriteString("\nPer pod (medians; in brackets the growth since the previous size over the pods added):\n\n")
	b.WriteString("| pods | informer floor, ms per 1,000 pods | fdtui sites: first screen, ms per 1,000 pods | " +
		"fdtui `:pods`: first screen, ms per 1,000 pods | fdtui `:pods`: RSS, KiB per pod | k9s: RSS, KiB per pod | " +
		"fdtui `:pods`: churn − idle, % of a core per 1,000 pods |\n|---|---|---|---|---|---|---|\n")
	for i, s := range sizes {
		var prev *size
		if i > 0 {
			prev = &sizes[i-1]
		}
		ms1000 := func(f func(size) []float64) string {
			return perPod(s, prev, f, func(v float64) string { return fmt.Sprintf("%.0f", v*1e6) })
		}
		kib := func(f func(size) []float64) string {
			return perPod(s, prev, f, func(v float64) string { return fmt.Sprintf("%.1f", v*1024) })
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s |\n", thousands(s.Pods),
			ms1000(func(s size) []float64 { return s.floor(true) }),
			ms1000(func(s size) []float64 { return s.firstScreen(fdtuiSites) }),
			ms1000(func(s size) []float64 { return s.firstScreen(fdtuiPods) }),
			kib(func(s size) []float64 { return s.rss(fdtuiPods) }),
			kib(func(s size) []float64 { return s.rss(k9s) }),
			perPod(s, prev, func(s size) []float64 { return s.churnAbove(fdtuiPods) }, func(v float64) string { return fmt.Sprintf("%.2f", v*1000) }))
	}
}

// perPod is a median over the pods, and the growth since prev over the
// pods added.
func perPod(s size, prev *size, f func(size) []float64, unit func(float64) string) string {
	cur := of(f(s))
	if cur.N == 0 || s.Pods == 0 {
		return "—"
	}
	out := unit(cur.Median / float64(s.Pods))
	if prev != nil {
		if p := of(f(*prev)); p.N > 0 && s.Pods > prev.Pods {
			out += " (" + unit((cur.Median-p.Median)/float64(s.Pods-prev.Pods)) + ")"
		}
	}
	return out
}
