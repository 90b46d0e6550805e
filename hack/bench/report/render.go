package main

import (
	"fmt"
	"strings"
	"time"
)

// Markers around the summary: hack/bench/readme copies what is between
// them into the README.
const (
	summaryBegin = "<!-- summary:begin -->"
	summaryEnd   = "<!-- summary:end -->"
)

// meta is what the report says about the run besides the numbers.
type meta struct {
	Date                      time.Time
	Commit, FdtuiVersion      string
	FdtuiClientGo             string
	K9sVersion, K9sClientGo   string
	Command, Knobs, StartLoad string
	File                      string // the results file, as the README links it
}

func summary(m meta, sizes []size, goBench []goBenchmark) string {
	main, big := pick(sizes)
	var b strings.Builder
	b.WriteString(summaryBegin + "\n\n")
	header(&b, m, sizes)
	fmt.Fprintf(&b, "\n#### At %s pods\n\n", thousands(main.Pods))
	table(&b, main)
	b.WriteString("\n#### Targets (issue 13)\n\n")
	for _, v := range targets(main, big, goBench) {
		fmt.Fprintf(&b, "- %s\n", v)
	}
	if len(sizes) > 1 {
		b.WriteString("\n#### Scaling\n\n")
		scaling(&b, sizes)
	}
	if len(goBench) > 0 {
		b.WriteString("\n#### Go benchmarks (internal/ui: 1,000 sites, 10,000 pods, 200x50, in process)\n\n")
		b.WriteString("| benchmark | time/op | bytes/op | allocs/op | target |\n|---|---|---|---|---|\n")
		for _, g := range goBench {
			fmt.Fprintf(&b, "| %s | %.2f ms | %d KiB | %d | %s |\n", g.Name, g.NsPerOp/1e6, g.BytesPerOp/1024, g.AllocsPerOp, goTarget(g.Name))
		}
	}
	b.WriteString("\n" + summaryEnd + "\n")
	return b.String()
}

// pick returns the size the targets speak of (10,000 bench pods asked,
// else the largest) and the 30,000-pod one (the largest, if it is at
// least 2.5 times bigger), or nil.
func pick(sizes []size) (size, *size) {
	main := sizes[len(sizes)-1]
	for _, s := range sizes {
		if s.Requested == 10000 {
			main = s
		}
	}
	last := sizes[len(sizes)-1]
	if float64(last.Pods) >= 2.5*float64(main.Pods) {
		return main, &last
	}
	return main, nil
}

func header(b *strings.Builder, m meta, sizes []size) {
	first := sizes[0]
	fmt.Fprintf(b, "- **date**: %s, commit %s; every run's numbers in `%s`\n",
		m.Date.UTC().Format("2006-01-02 15:04:05 MST"), m.Commit, m.File)
	loads := []string{}
	for _, s := range sizes {
		loads = append(loads, fmt.Sprintf("%s before %s pods", s.LoadAvg, thousands(s.Pods)))
	}
	fmt.Fprintf(b, "- **machine**: %s; load average %s at the start, %s\n", machine(), m.StartLoad, strings.Join(loads, ", "))
	fmt.Fprintf(b, "- **cluster**: local kwok cluster, kube-apiserver %s; ", first.Server)
	var cl []string
	for _, s := range sizes {
		cl = append(cl, fmt.Sprintf("%d nodes, %s sites, %s pods", s.Nodes, thousands(s.Sites), thousands(s.Pods)))
	}
	b.WriteString(strings.Join(cl, "; then ") + "\n")
	k9sText := "k9s not run"
	if m.K9sVersion != "" {
		k9sText = fmt.Sprintf("k9s %s (client-go %s) as `k9s -A -c pods`", m.K9sVersion, m.K9sClientGo)
	}
	fmt.Fprintf(b, "- **programs**: fdtui %s (client-go %s), %s; each in tmux at %dx%d, same kubeconfig\n",
		m.FdtuiVersion, m.FdtuiClientGo, k9sText, first.Width, first.Height)
	fmt.Fprintf(b, "- **runs**: %d interleaved repetition(s) of floor informer → floor LIST → fdtui sites screen → fdtui `:pods` → k9s; "+
		"a cell is the median (min–max) over them\n", len(first.Reps))
	wl, reqs := first.watchList()
	how := "paged LIST (watch-list was not used)"
	if wl {
		how = "the streaming watch-list"
	}
	req := ""
	if len(reqs) > 0 {
		req = fmt.Sprintf("; its first pod request: `%s`", reqs[0])
	}
	fmt.Fprintf(b, "- **floors** (`hack/bench/floor`, fdtui's client settings: QPS 50, burst 100, protobuf): *informer* is a bare "+
		"client-go pod informer with client-go's defaults otherwise, exec → HasSynced; it got its pods by %s%s; "+
		"then, with one event handler that counts, it is left running through the same settle, idle and churn windows as the dashboards "+
		"(its CPU and RSS in the floor column). "+
		"*LIST* pages through all pods 500 at a time, exec → last page decoded\n", how, req)
}

func table(b *strings.Builder, s size) {
	b.WriteString("| | fdtui sites screen | fdtui `:pods` | k9s pods | floor | target |\n|---|---|---|---|---|---|\n")
	row := func(metric string, cell func(string) string, floor, target string) {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", metric, cell(fdtuiSites), cell(fdtuiPods), cell(k9s), floor, target)
	}
	row("first full screen¹", func(n string) string { return of(s.firstScreen(n)).show(secs) },
		fmt.Sprintf("informer %s; LIST %s", of(s.floor(true)).show(secs), of(s.floor(false)).show(secs)), "")
	row("÷ informer floor of the same run", func(n string) string { return of(s.floorRatio(n)).show(times) }, "", "≤ 1.3×")
	row(fmt.Sprintf("RSS after the idle window (%s after the first full screen)", dur(s.Settle+s.Idle)), func(n string) string { return of(s.rss(n)).show(mib) }, floorCell(s.floorRSS(), mib), "≤ 150 MiB")
	row("… of which anonymous (heap, stacks: RssAnon)", func(n string) string { return of(s.rssAnon(n)).show(mib) }, "", "")
	row("… of which file-backed (the binary: RssFile)", func(n string) string { return of(s.rssFile(n)).show(mib) }, "", "")
	row("RSS peak (VmHWM after churn)", func(n string) string { return of(s.peak(n)).show(mib) }, "", "")
	row(fmt.Sprintf("CPU idle (%s), %% of a core", dur(s.Idle)), func(n string) string { return of(s.idlePct(n)).show(pct) }, floorCell(s.floorIdlePct(), pct), "< 1 %")
	row(fmt.Sprintf("CPU at %d pod updates/s (%s)", s.ChurnRate, dur(s.Churn)), func(n string) string { return of(s.churnPct(n)).show(pct) }, floorCell(s.floorChurnPct(), pct), "")
	row("… less idle: what the updates cost", func(n string) string { return of(s.churnAbove(n)).show(pct) }, floorCell(s.floorChurnAbove(), pct), "≤ 3 %")
	row("filter keystroke, median²", func(n string) string { return keyCell(s, n, false) }, "", "≤ 16 ms")
	row("filter keystroke, worst²", func(n string) string { return keyCell(s, n, true) }, "", "≤ 33 ms")
	fmt.Fprintf(b, "\n¹ From exec until the screen is full: fdtui's status bar says connected (not syncing) and its screen counts "+
		"all %s pods (the sites screen also all %s sites); k9s' title counts all pods (k9s shows no sync state). Screen read every %s.\n",
		thousands(s.Pods), thousands(s.Sites), ms(firstPoll(s)))
	fmt.Fprintf(b, "² The namespace %q typed one key at a time (%d keys per run), each timed from sending it to the frame with its result. "+
		"%s\n", s.FilterText, len(s.FilterText), keyMethods(s))
}

// floorCell is the informer floor's figure in a row, when it was
// measured (results before it was are left blank).
func floorCell(v []float64, unit func(float64) string) string {
	if len(v) == 0 {
		return ""
	}
	return "informer " + of(v).show(unit)
}

func keyCell(s size, name string, worst bool) string {
	seen, misses, typed := s.keys(name)
	if typed == 0 {
		return "—"
	}
	st := of(seen)
	v := ms(st.Median)
	if worst {
		v = ms(st.Max)
		if misses > 0 {
			v = fmt.Sprintf("%d of %d keys not shown", misses, typed)
		}
	}
	return v
}

func keyMethods(s size) string {
	var out []string
	for _, name := range []string{fdtuiPods, k9s} {
		for _, p := range s.programs(name) {
			if p.KeyMethod != "" {
				out = append(out, fmt.Sprintf("%s: %s (keys sent and the pane read through one tmux control-mode client; the pane read after each write the program made to it, a read taking %s).", name, p.KeyMethod, ms(p.KeyPoll)))
				break
			}
		}
	}
	return strings.Join(out, " ")
}

func firstPoll(s size) float64 {
	for _, r := range s.Reps {
		for _, p := range r.Programs {
			if p.Poll > 0 {
				return p.Poll
			}
		}
	}
	return 0
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func dur(seconds float64) string {
	return time.Duration(seconds * float64(time.Second)).Round(time.Second).String()
}
