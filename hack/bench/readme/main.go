// Command readme copies the summary of the latest make bench results file
// (bench/results/*.md, latest by the date it records) into the README,
// between its bench-results markers, so the README's figures are always
// those of a committed results file and never pasted by hand.
//
//	readme --results bench/results --readme README.md
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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

var dateLine = regexp.MustCompile(`(?m)^- \*\*date\*\*: (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) UTC`)

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

func update(dir, readme string) (string, error) {
	latest, summary, err := latestSummary(dir)
	if err != nil {
		return "", err
	}
	b, err := os.ReadFile(readme)
	if err != nil {
		return "", err
	}
	text := string(b)
	i, j := strings.Index(text, readmeBegin), strings.Index(text, readmeEnd)
	if i < 0 || j < i {
		return "", fmt.Errorf("%s has no %q ... %q section", readme, readmeBegin, readmeEnd)
	}
	link := filepath.ToSlash(latest)
	section := readmeBegin + "\n\nFrom [" + link + "](" + link + "):\n\n" + summary + "\n" + readmeEnd
	text = text[:i] + section + text[j+len(readmeEnd):]
	return latest, os.WriteFile(readme, []byte(text), 0o644)
}

// latestSummary finds the results file with the latest date and returns
// its summary, without the markers.
func latestSummary(dir string) (string, string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil {
		return "", "", err
	}
	var latest, summary string
	var when time.Time
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", "", err
		}
		text := string(b)
		m := dateLine.FindStringSubmatch(text)
		i, j := strings.Index(text, summaryBegin), strings.Index(text, summaryEnd)
		if m == nil || i < 0 || j < i {
			continue // not a results file
		}
		t, err := time.Parse("2006-01-02 15:04:05", m[1])
		if err != nil || !t.After(when) {
			continue
		}
		latest, when, summary = f, t, strings.TrimSpace(text[i+len(summaryBegin):j])
	}
	if latest == "" {
		return "", "", fmt.Errorf("no results file in %s", dir)
	}
	return latest, summary, nil
}
