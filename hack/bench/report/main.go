// Command report turns the raw numbers hack/bench/measure wrote for each
// cluster size into the committed results file of make bench (issue 13):
// bench/results/YYYY-MM-DD-<commit>.md, with the machine, the programs'
// versions, the command and its knobs, a summary (the tables and each
// target met or missed, between markers that hack/bench/readme copies
// into the README), and every run's numbers.
//
//	report --out-dir bench/results --commit abc1234 ... size-1000.json size-10000.json
//
// With -fleet it writes the fleet benchmark's results file instead
// (bench/results/fleet-YYYY-MM-DD-<commit>.md, from hack/bench/measure
// -fleet's JSON; see runFleet).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/flightdeck/fdtui/hack/bench/benchdata"
)

func main() {
	var m meta
	var outDir, goBenchPath, fdtuiBin, k9sBin string
	flag.StringVar(&outDir, "out-dir", "bench/results", "where the results file goes")
	flag.StringVar(&goBenchPath, "go-bench", "", "output of go test -bench -benchmem to include")
	flag.StringVar(&m.Commit, "commit", "unknown", "short commit measured (the file's name)")
	flag.StringVar(&m.FdtuiVersion, "fdtui-version", "dev", "fdtui version (git describe)")
	flag.StringVar(&fdtuiBin, "fdtui", "bin/fdtui", "fdtui binary, for its client-go version")
	flag.StringVar(&k9sBin, "k9s", "", "k9s binary, for its versions (empty: k9s not run)")
	flag.StringVar(&m.Command, "command", "make bench", "the command that ran")
	flag.StringVar(&m.Knobs, "knobs", "", "the knobs it ran with (NAME=value ...)")
	flag.StringVar(&m.StartLoad, "start-load", "", "load average when the command started")
	fleetRaw := flag.String("fleet", "", "the fleet benchmark's raw results (JSON) to report on instead")
	seeded := flag.String("seeded", "", "with -fleet: how the clusters were filled, and how long it took")
	flag.Parse()
	var path string
	var err error
	if *fleetRaw != "" {
		path, err = runFleet(m, outDir, fdtuiBin, *fleetRaw, *seeded)
	} else {
		path, err = run(m, outDir, goBenchPath, fdtuiBin, k9sBin, flag.Args())
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	fmt.Println(path)
}

func run(m meta, outDir, goBenchPath, fdtuiBin, k9sBin string, files []string) (string, error) {
	if len(files) == 0 {
		return "", fmt.Errorf("no measurements given")
	}
	var sizes []size
	for _, f := range files {
		s, err := benchdata.Read(f)
		if err != nil {
			return "", err
		}
		sizes = append(sizes, size{s})
	}
	sort.SliceStable(sizes, func(i, j int) bool { return sizes[i].Pods < sizes[j].Pods })
	goBench, err := readGoBench(goBenchPath)
	if err != nil {
		return "", err
	}
	_, m.FdtuiClientGo = modules(fdtuiBin)
	if k9sBin != "" {
		mod, cg := modules(k9sBin)
		m.K9sVersion, m.K9sClientGo = strings.TrimPrefix(mod, "github.com/derailed/k9s "), cg
	}
	m.Date = sizes[0].Start
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return "", err
	}
	path := free(filepath.Join(outDir, m.Date.UTC().Format("2006-01-02")+"-"+m.Commit), ".md")
	m.File = filepath.ToSlash(path)
	return path, os.WriteFile(path, []byte(document(m, sizes, goBench)), 0o644)
}

// free is base+ext, or base-2+ext, -3... if taken: every run is kept.
func free(base, ext string) string {
	path := base + ext
	for i := 2; ; i++ {
		if _, err := os.Stat(path); os.IsNotExist(err) {
			return path
		}
		path = fmt.Sprintf("%s-%d%s", base, i, ext)
	}
}

func document(m meta, sizes []size, goBench []goBenchmark) string {
	var b strings.Builder
	var counts []string
	for _, s := range sizes {
		counts = append(counts, thousands(s.Pods))
	}
	fmt.Fprintf(&b, "# make bench: fdtui and k9s at %s pods\n\n", strings.Join(counts, ", "))
	b.WriteString(summary(m, sizes, goBench))
	b.WriteString("\n## Every run\n")
	for _, s := range sizes {
		raw(&b, s)
	}
	if len(goBench) > 0 {
		b.WriteString("\n### Go benchmarks, as printed\n\n```\n")
		for _, g := range goBench {
			b.WriteString(g.Line + "\n")
		}
		b.WriteString("```\n")
	}
	fmt.Fprintf(&b, "\n## Command\n\n`%s`, knobs: `%s`\n", m.Command, m.Knobs)
	return b.String()
}
