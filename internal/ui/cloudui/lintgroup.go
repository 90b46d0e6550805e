package cloudui

import (
	"fmt"
	"sort"
	"strings"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/model"
)

// ClusterGroup names the findings that belong to no site: cluster-scoped
// objects (persistent volumes, webhooks, nodes) and namespaces that hold
// no site (ingress-nginx, cert-manager…).
const ClusterGroup = "cluster"

// LintGroup is one site's clusterlint findings, or the cluster's.
type LintGroup struct {
	// Name is the site's namespace, or ClusterGroup.
	Name     string
	Findings []LintFinding
}

// LintFinding is one finding; identical findings on pods of one owner
// (the replicas of a Deployment) are one, with Count the pods.
type LintFinding struct {
	do.Diagnostic
	Count int
}

// GroupLint groups findings by site namespace. isSite tells a site's
// namespace from others; nil means every namespace is its own group (the
// sites of a cluster are known only once connected). Site groups come in
// name order, the cluster's last; within a group errors come first, then
// warnings, then suggestions (clusterlint's severities).
func GroupLint(diags []do.Diagnostic, isSite func(namespace string) bool) []LintGroup {
	byName := map[string]*LintGroup{}
	index := map[string]int{} // merge key -> finding index in its group
	for _, d := range diags {
		name := d.Namespace
		if name == "" || (isSite != nil && !isSite(name)) {
			name = ClusterGroup
		}
		g := byName[name]
		if g == nil {
			g = &LintGroup{Name: name}
			byName[name] = g
		}
		key := name + "\x00" + mergeKey(d)
		if i, ok := index[key]; ok {
			g.Findings[i].Count++
			continue
		}
		index[key] = len(g.Findings)
		g.Findings = append(g.Findings, LintFinding{Diagnostic: d, Count: 1})
	}
	out := make([]LintGroup, 0, len(byName))
	for _, g := range byName {
		sort.SliceStable(g.Findings, func(i, j int) bool {
			a, b := g.Findings[i], g.Findings[j]
			if severityRank(a.Severity) != severityRank(b.Severity) {
				return severityRank(a.Severity) < severityRank(b.Severity)
			}
			return a.Check < b.Check
		})
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i].Name == ClusterGroup) != (out[j].Name == ClusterGroup) {
			return out[j].Name == ClusterGroup
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// mergeKey is the same check and message on objects of the same owner;
// findings on objects without owners stay apart.
func mergeKey(d do.Diagnostic) string {
	if len(d.Owners) == 0 {
		return d.Check + "\x00" + d.Message + "\x00" + d.Kind + "/" + d.Name
	}
	return d.Check + "\x00" + d.Message + "\x00" + strings.Join(d.Owners, ",")
}

func severityRank(s string) int {
	switch s {
	case "error":
		return 0
	case "warning":
		return 1
	case "suggestion":
		return 2
	}
	return 3
}

// LintGroupOf returns the group named name (zero when it has no findings).
func LintGroupOf(groups []LintGroup, name string) LintGroup {
	for _, g := range groups {
		if g.Name == name {
			return g
		}
	}
	return LintGroup{Name: name}
}

// LintSummary counts findings by clusterlint's severities, e.g.
// "1 error, 5 warnings, 0 suggestions", or "no findings".
func LintSummary(diags []do.Diagnostic) string {
	if len(diags) == 0 {
		return "no findings"
	}
	n := map[string]int{}
	for _, d := range diags {
		n[d.Severity]++
	}
	s := model.Plural(n["error"], "error") + ", " + model.Plural(n["warning"], "warning") + ", " + model.Plural(n["suggestion"], "suggestion")
	if other := len(diags) - n["error"] - n["warning"] - n["suggestion"]; other > 0 {
		s += ", " + model.Plural(other, "other")
	}
	return s
}

// FindingText is one line: "dobs-pod-owner  pod web-7d9f8c6b5-x2k8p
// (ReplicaSet/web-7d9f8c6b5, 2 pods): Pod referencing DOBS volumes must be
// owned by StatefulSet".
func FindingText(f LintFinding) string {
	obj := strings.TrimSpace(f.Kind + " " + f.Name)
	var about []string
	if len(f.Owners) > 0 {
		about = append(about, strings.Join(f.Owners, ", "))
	}
	if f.Count > 1 {
		about = append(about, fmt.Sprintf("%d %ss", f.Count, f.Kind))
	}
	if len(about) > 0 {
		obj += " (" + strings.Join(about, ", ") + ")"
	}
	return f.Check + "  " + obj + ": " + f.Message
}
