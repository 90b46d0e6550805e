package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/flightdeck/fdtui/hack/bench/benchdata"
)

// runFleet writes the results file of the fleet benchmark (issue 17,
// hack/bench.sh fleet) from what hack/bench/measure -fleet wrote:
// bench/results/fleet-YYYY-MM-DD-<commit>.md. seeded says how the
// clusters were filled and how long that took (hack/bench.sh measures it).
func runFleet(m meta, outDir, fdtuiBin, rawPath, seeded string) (string, error) {
	b, err := os.ReadFile(rawPath)
	if err != nil {
		return "", err
	}
	var f benchdata.Fleet
	if err := json.Unmarshal(b, &f); err != nil {
		return "", fmt.Errorf("%s: %w", rawPath, err)
	}
	_, m.FdtuiClientGo = modules(fdtuiBin)
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return "", err
	}
	path := free(filepath.Join(outDir, "fleet-"+f.Start.UTC().Format("2006-01-02")+"-"+m.Commit), ".md")
	return path, os.WriteFile(path, []byte(fleetDocument(m, f, seeded)), 0o644)
}

func fleetDocument(m meta, f benchdata.Fleet, seeded string) string {
	var b strings.Builder
	pods, sites := 0, 0
	for _, c := range f.Clusters {
		pods += c.Pods
		sites += c.Sites
	}
	fmt.Fprintf(&b, "# make bench-fleet: fdtui's fleet screen on %d clusters, %s sites, %s pods\n\n",
		len(f.Clusters), thousands(sites), thousands(pods))
	fmt.Fprintf(&b, "- **date**: %s, commit %s\n", f.Start.UTC().Format("2006-01-02 15:04:05 MST"), m.Commit)
	fmt.Fprintf(&b, "- **machine**: %s; load average %s at the start, %s before the first run\n", machine(), m.StartLoad, f.LoadAvg)
	fmt.Fprintf(&b, "- **clusters**: %d local kwok clusters (`FDTUI_CLUSTERS=%d hack/cluster.sh up`), a context each in `.local/fleet.kubeconfig`\n",
		len(f.Clusters), len(f.Clusters))
	if seeded != "" {
		fmt.Fprintf(&b, "- **seeding**: %s\n", seeded)
	}
	fmt.Fprintf(&b, "- **program**: fdtui %s (client-go %s) as `fdtui --kubeconfig .local/fleet.kubeconfig --fleet`, in tmux at %dx%d\n",
		m.FdtuiVersion, m.FdtuiClientGo, f.Width, f.Height)
	fmt.Fprintf(&b, "- **first full fleet screen**: from exec until the screen shows %s: every cluster connected, every site counted "+
		"(sites as fdtui's own store counts them, per cluster, before the runs)\n", joinQuoted(f.Await))
	fmt.Fprintf(&b, "- **RSS**: VmRSS after %.0f s idle (from the first full fleet screen, nothing changing in the clusters)\n", f.Idle)
	fmt.Fprintf(&b, "- **runs**: %d, one after the other; a cell is the median (min–max) over the runs that reached the full screen\n\n", len(f.Runs))
	b.WriteString("| context | kube-apiserver | nodes | sites | pods |\n|---|---|---|---|---|\n")
	for _, c := range f.Clusters {
		fmt.Fprintf(&b, "| %s | %s | %d | %s | %s |\n", c.Context, c.Server, c.Nodes, thousands(c.Sites), thousands(c.Pods))
	}
	var first, rss, cpu []float64
	for _, r := range f.Runs {
		if r.Err == "" {
			first, rss, cpu = append(first, r.FirstScreen), append(rss, r.RSS), append(cpu, 100*r.IdleCPU/f.Idle)
		}
	}
	b.WriteString("\n| | fdtui `--fleet` |\n|---|---|\n")
	fmt.Fprintf(&b, "| first full fleet screen | %s |\n", of(first).show(secs))
	fmt.Fprintf(&b, "| RSS after %.0f s idle | %s |\n", f.Idle, of(rss).show(mib))
	fmt.Fprintf(&b, "| CPU in those %.0f s, %% of a core | %s |\n", f.Idle, of(cpu).show(pct))
	b.WriteString("\n## Every run\n\n| run | exec → full fleet screen | RSS | RSS anon | RSS file | stopped |\n|---|---|---|---|---|---|\n")
	for i, r := range f.Runs {
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s | %s |\n", i+1, secs(r.FirstScreen), mib(r.RSS), mib(r.RSSAnon), mib(r.RSSFile),
			strings.ReplaceAll(firstLine(r.Err), "|", `\|`))
	}
	fmt.Fprintf(&b, "\n## Command\n\n`%s`, knobs: `%s`\n", m.Command, m.Knobs)
	return b.String()
}

// joinQuoted is "`a` and `b`".
func joinQuoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "`" + s + "`"
	}
	return strings.Join(q, " and ")
}
