package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// setup describes the run for the report's header.
type setup struct {
	Date                               time.Time
	Nodes, BenchSites, Pods, BenchPods int
	Width, Height                      int
	FdtuiVersion, K9sVersion           string
	Idle, Churn                        time.Duration
	ChurnRate                          int
	FilterText                         string
	FilterMatches                      int
}

// floorResult is the median of the floor program's runs.
type floorResult struct {
	Wall, List time.Duration
	Pods       int
}

// report renders the Markdown results.
func report(s setup, floor floorResult, fd, k9 result, goBench []goBenchmark) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# fdtui vs k9s at %d pods (make bench)\n\n", s.Pods)
	fmt.Fprintf(&b, "- date: %s\n- machine: %s\n", s.Date.Format("2006-01-02 15:04 MST"), machine())
	fmt.Fprintf(&b, "- cluster: local kwok cluster, %d nodes, %d bench site namespaces, %d pods (%d of them bench pods)\n",
		s.Nodes, s.BenchSites, s.Pods, s.BenchPods)
	fmt.Fprintf(&b, "- programs: fdtui %s and k9s %s (`k9s -A -c pods`), one after the other in tmux at %dx%d, same kubeconfig\n",
		s.FdtuiVersion, s.K9sVersion, s.Width, s.Height)
	fmt.Fprintf(&b, "- one run: ratios within a run mean more than absolute numbers on a shared 2-core machine\n\n")
	b.WriteString("| metric | fdtui | k9s | fdtui ÷ k9s | floor | target |\n|---|---|---|---|---|---|\n")
	row := func(metric, f, k, ratio, fl, target string) {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", metric, f, k, ratio, fl, target)
	}
	first := func(r result) string { return secs(r.FirstScreen) }
	row("time to first full screen (all pods counted)", first(fd), first(k9), ratio(fd.FirstScreen.Seconds(), k9.FirstScreen.Seconds()),
		fmt.Sprintf("%s (fdtui = %s floor)", secs(floor.Wall), times(fd.FirstScreen.Seconds(), floor.Wall.Seconds())), "≤ 1.3× floor")
	mem := func(m memory) string { return mib(m.RSS) }
	row(fmt.Sprintf("RSS after %s idle", s.Idle), mem(fd.Steady), mem(k9.Steady), ratio(fd.Steady.RSS, k9.Steady.RSS), "", "≤ 150 MiB")
	peak := func(r result) string { return mib(r.AfterChurn.Peak) }
	row("RSS peak (VmHWM, after churn)", peak(fd), peak(k9), ratio(fd.AfterChurn.Peak, k9.AfterChurn.Peak), "", "")
	cpu := func(v float64, d time.Duration) string {
		if d == 0 {
			return "—"
		}
		return fmt.Sprintf("%.2f s (%.1f%% of a core)", v, 100*v/d.Seconds())
	}
	row(fmt.Sprintf("CPU, %s idle", s.Idle), cpu(fd.IdleCPU, s.Idle), cpu(k9.IdleCPU, s.Idle), ratio(fd.IdleCPU, k9.IdleCPU), "", "< 1% of a core")
	row(fmt.Sprintf("CPU, %s at %d pod updates/s", s.Churn, s.ChurnRate), cpu(fd.ChurnCPU, s.Churn), cpu(k9.ChurnCPU, s.Churn),
		ratio(fd.ChurnCPU, k9.ChurnCPU), "", "≤ 0.25× k9s")
	filt := func(r result) string {
		if r.Filter == 0 {
			if r.FilterFrom == 0 {
				return "—"
			}
			return fmt.Sprintf("not within 30 s (showed %d, want %d)", r.Matched, s.FilterMatches)
		}
		return fmt.Sprintf("%s (%d → %d pods; screen read every %s)", ms(r.Filter), r.FilterFrom, r.Matched, ms(r.FilterStep))
	}
	row(fmt.Sprintf("filter %q typed → filtered list", s.FilterText), filt(fd), filt(k9), ratio(fd.Filter.Seconds(), k9.Filter.Seconds()), "", "< 16 ms")
	fmt.Fprintf(&b, "\nChurn: %d and %d patches applied while fdtui and k9s ran. Floor: start, LIST %d pods in pages of 500, decode (LIST alone %s).\n",
		fd.ChurnPatches, k9.ChurnPatches, floor.Pods, secs(floor.List))
	for _, e := range []struct {
		name string
		err  error
	}{{"fdtui", fd.Err}, {"k9s", k9.Err}} {
		if e.err != nil {
			fmt.Fprintf(&b, "\n**%s: measurement stopped:** %s\n", e.name, firstLine(e.err.Error()))
		}
	}
	if len(goBench) > 0 {
		b.WriteString("\n## Go benchmarks (1,000 sites, 10,000 pods, 200x50)\n\n| benchmark | time/op | bytes/op | allocs/op | target |\n|---|---|---|---|---|\n")
		for _, g := range goBench {
			fmt.Fprintf(&b, "| %s | %s | %s | %d | %s |\n", g.Name, ms(time.Duration(g.NsPerOp)), kib(g.BytesPerOp), g.AllocsPerOp, goTargets[g.Name])
		}
	}
	return b.String()
}

var goTargets = map[string]string{
	"ViewSites": "< 4 ms", "ViewPods": "< 4 ms", "FilterKeystroke": "< 16 ms", "Apply500PodUpdates": "< 5 ms",
}

// goBenchmark is one line of `go test -bench -benchmem` output.
type goBenchmark struct {
	Name                    string
	NsPerOp                 float64
	BytesPerOp, AllocsPerOp int64
}

var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(-\d+)?\s+\d+\s+([\d.]+) ns/op(?:\s+(\d+) B/op\s+(\d+) allocs/op)?`)

func readGoBench(path string) ([]goBenchmark, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []goBenchmark
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		g := goBenchmark{Name: m[1]}
		g.NsPerOp, _ = strconv.ParseFloat(m[3], 64)
		g.BytesPerOp, _ = strconv.ParseInt(m[4], 10, 64)
		g.AllocsPerOp, _ = strconv.ParseInt(m[5], 10, 64)
		out = append(out, g)
	}
	return out, sc.Err()
}

func machine() string {
	model, memKiB := "", 0.0
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if name, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(name) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
				memKiB, _ = strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			}
		}
	}
	return fmt.Sprintf("%d CPUs (%s), %.1f GiB memory, %s/%s", runtime.NumCPU(), model, memKiB/(1<<20), runtime.GOOS, runtime.GOARCH)
}

func secs(d time.Duration) string {
	if d == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func ms(d time.Duration) string {
	if d == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

func mib(v float64) string {
	if v == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f MiB", v)
}

func kib(v int64) string { return fmt.Sprintf("%.0f KiB", float64(v)/1024) }

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func times(a, b float64) string {
	if a == 0 || b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
