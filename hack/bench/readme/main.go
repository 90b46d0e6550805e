// Command readme copies make bench results (bench/results/*.md) into the
// README, between its bench-results markers, so the README's figures are
// always those of committed results files and never pasted by hand:
//
//   - the summary of the headline file: the latest (by the date it
//     records) of the files that report the largest pod count any file
//     reports, so a quick run at 1,000 pods does not hide the 10,000-pod
//     targets;
//
//   - for each other pod count, the "At N pods" table of the latest file
//     that reports it, with its link and date; a size a file reports
//     only in its scaling table (a larger size measured without k9s)
//     comes with that file's targets for it and its scaling table.
//
// Usage:
//
//	readme --results bench/results --readme README.md
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The README's markers, and the results file's around its summary
// (written by hack/bench/report).
const (
	readmeBegin  = "<!-- bench-results:begin: written by hack/bench/readme from the latest bench/results file; do not edit -->"
	readmeEnd    = "<!-- bench-results:end -->"
	summaryBegin = "<!-- summary:begin -->"
	summaryEnd   = "<!-- summary:end -->"
)

var (
	dateLine = regexp.MustCompile(`(?m)^- \*\*date\*\*: (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) UTC`)
	sizeHead = regexp.MustCompile(`(?m)^#### At ([0-9,]+) pods$`)
	// A row of the summary's scaling table: "| 30,000 | 3,000 | ...".
	scalingRow = regexp.MustCompile(`(?m)^\| ([0-9,]+) \| [0-9,]+ \|`)
)

func main() {
	results := flag.String("results", "bench/results", "the results directory")
	readme := flag.String("readme", "README.md", "the README to rewrite")
	flag.Parse()
	latest, err := update(*results, *readme)
	if err != nil {
		fmt.Fprintln(os.Stderr, "readme:", err)
		os.Exit(1)
	}
	fmt.Printf("readme: %s now shows %s\n", *readme, latest)
}

// update rewrites the README's section and returns the headline file.
func update(dir, readme string) (string, error) {
	files, err := readResults(dir)
	if err != nil {
		return "", err
	}
	head := headline(files)
	b, err := os.ReadFile(readme)
	if err != nil {
		return "", err
	}
	text := string(b)
	i, j := strings.Index(text, readmeBegin), strings.Index(text, readmeEnd)
	if i < 0 || j < i {
		return "", fmt.Errorf("%s has no %q ... %q section", readme, readmeBegin, readmeEnd)
	}
	section := readmeBegin + "\n\nFrom " + mdLink(head.path) + ":\n\n" + head.summary + "\n" + others(files, head) + readmeEnd
	text = text[:i] + section + text[j+len(readmeEnd):]
	return head.path, os.WriteFile(readme, []byte(text), 0o644)
}

// results is one results file: its date, summary (without markers) and
// the pod counts it reports, each with its "At N pods" table.
type results struct {
	path    string
	when    time.Time
	summary string
	tables  map[int]string
	// scaled holds, for each size the file reports only in its scaling
	// table, its target lines for that size and the scaling table.
	scaled map[int]string
}

func readResults(dir string) ([]results, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return nil, err
	}
	var out []results
	for _, f := range paths {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		text := string(b)
		m := dateLine.FindStringSubmatch(text)
		i, j := strings.Index(text, summaryBegin), strings.Index(text, summaryEnd)
		if m == nil || i < 0 || j < i {
			continue // not a results file
		}
		t, err := time.Parse("2006-01-02 15:04:05", m[1])
		if err != nil {
			continue
		}
		summary := strings.TrimSpace(text[i+len(summaryBegin) : j])
		r := results{path: f, when: t, summary: summary, tables: tables(summary)}
		r.scaled = scaled(summary, r.tables)
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no results file in %s", dir)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].when.Before(out[b].when) })
	return out, nil
}

// tables cuts a summary's "#### At N pods" sections: from the heading to
// the next "####" heading or the end.
func tables(summary string) map[int]string {
	out := map[int]string{}
	for _, loc := range sizeHead.FindAllStringSubmatchIndex(summary, -1) {
		n, err := strconv.Atoi(strings.ReplaceAll(summary[loc[2]:loc[3]], ",", ""))
		if err != nil {
			continue
		}
		rest := summary[loc[1]:]
		end := len(rest)
		if k := strings.Index(rest, "\n#### "); k >= 0 {
			end = k
		}
		out[n] = strings.TrimSpace(summary[loc[0] : loc[1]+end])
	}
	return out
}

// scaled finds the sizes of the summary's "#### Scaling" section that
// have no table of their own, each with the target lines naming it and
// the section.
func scaled(summary string, own map[int]string) map[int]string {
	i := strings.Index(summary, "#### Scaling")
	if i < 0 {
		return nil
	}
	section := summary[i:]
	if k := strings.Index(section[1:], "\n#### "); k >= 0 {
		section = section[:k+1]
	}
	section = strings.TrimSpace(section)
	out := map[int]string{}
	for _, m := range scalingRow.FindAllStringSubmatch(section, -1) {
		n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
		if _, ok := own[n]; err != nil || ok {
			continue
		}
		var targets []string
		for _, line := range strings.Split(summary, "\n") {
			if strings.HasPrefix(line, "- ") && strings.Contains(line, " at "+m[1]+" pods") {
				targets = append(targets, line)
			}
		}
		out[n] = fmt.Sprintf("#### At %s pods: targets\n\n%s\n\n%s", m[1], strings.Join(targets, "\n"), section)
	}
	return out
}

// headline is the latest file reporting the largest pod count; files
// without "At N pods" tables count as size 0 (files are sorted by date).
func headline(files []results) results {
	best, size := files[0], -1
	for _, f := range files {
		if s := largest(f); s >= size {
			best, size = f, s
		}
	}
	return best
}

func largest(f results) int {
	n := 0
	for s := range f.tables {
		n = max(n, s)
	}
	return n
}

// others gives, for each pod count the headline lacks, the latest table.
func others(files []results, head results) string {
	latest := map[int]results{}
	text := map[int]string{}
	for _, f := range files { // oldest first: later files win
		for s, t := range f.scaled {
			latest[s], text[s] = f, t
		}
		for s, t := range f.tables {
			latest[s], text[s] = f, t
		}
	}
	var sizes []int
	for s := range latest {
		_, table := head.tables[s]
		_, row := head.scaled[s]
		if !table && !row {
			sizes = append(sizes, s)
		}
	}
	sort.Ints(sizes)
	var b strings.Builder
	for _, s := range sizes {
		f := latest[s]
		fmt.Fprintf(&b, "\nOther sizes: from %s (%s UTC):\n\n%s\n", mdLink(f.path), f.when.Format("2006-01-02 15:04"), text[s])
	}
	return b.String()
}

func mdLink(path string) string {
	p := filepath.ToSlash(path)
	return "[" + p + "](" + p + ")"
}
