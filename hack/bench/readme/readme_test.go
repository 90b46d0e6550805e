package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writer writes files into dir for a test.
func writer(t *testing.T, dir string) func(name, text string) {
	return func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// resultsFile is a results file dated date (UTC) whose summary is body.
func resultsFile(date, body string) string {
	return "# x\n\n" + summaryBegin + "\n\n- **date**: " + date + " UTC, commit c\n\n" + body + "\n\n" + summaryEnd + "\n\nraw\n"
}

func TestLatestResultsGoIntoTheReadme(t *testing.T) {
	dir := t.TempDir()
	write, results := writer(t, dir), resultsFile
	// Named so that the older file sorts last: the date inside decides.
	write("2026-12-02-zzz.md", results("2026-12-02 09:00:00", "old table"))
	write("2026-12-02-aaa.md", results("2026-12-02 10:30:00", "new table"))
	write("notes.md", "not a results file")
	readme := filepath.Join(dir, "README.md")
	write("README.md", "intro\n"+readmeBegin+"\npasted\n"+readmeEnd+"\nafter\n")
	latest, err := update(dir, readme)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(latest) != "2026-12-02-aaa.md" {
		t.Errorf("latest %s", latest)
	}
	b, _ := os.ReadFile(readme)
	got := string(b)
	for _, want := range []string{"intro\n" + readmeBegin, "new table", readmeEnd + "\nafter\n", "2026-12-02-aaa.md)"} {
		if !strings.Contains(got, want) {
			t.Errorf("README lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "pasted") || strings.Contains(got, "old table") {
		t.Errorf("README kept old text:\n%s", got)
	}
}

func TestLargestSizeIsTheHeadlineAndOtherSizesFollow(t *testing.T) {
	dir := t.TempDir()
	write, results := writer(t, dir), resultsFile
	write("big-old.md", results("2026-12-01 09:00:00", "#### At 10,000 pods\n\nold big\n\n#### Targets (issue 13)\n\nold targets"))
	write("big.md", results("2026-12-02 09:00:00", "#### At 10,000 pods\n\nbig table\n\n#### Targets (issue 13)\n\nbig targets"))
	write("small.md", results("2026-12-03 09:00:00", "#### At 1,000 pods\n\nsmall table\n\n#### Targets (issue 13)\n\nsmall targets"))
	checkReadme(t, dir, "big.md",
		[]string{"big table", "big targets", "Other sizes: from [", "small.md", "#### At 1,000 pods\n\nsmall table"},
		[]string{"old big", "small targets"})
}

// A larger size measured without k9s is reported in its file's targets
// and scaling table only: a later file at the smaller size must not hide it.
func TestASizeInAScalingTableOnlyFollowsALaterHeadline(t *testing.T) {
	dir := t.TempDir()
	write, results := writer(t, dir), resultsFile
	write("both.md", results("2026-12-04 09:00:00", "#### At 10,000 pods\n\nold table\n\n#### Targets (issue 13)\n\n"+
		"- met: idle CPU\n- met: sites screen: RSS at 30,000 pods ≤ 3× the 10,000-pod figure — 416 MiB\n\n"+
		"#### Scaling\n\n| pods | sites |\n|---|---|\n| 10,000 | 1,000 | 1 |\n| 30,000 | 3,000 | 2 |\n\n#### Go benchmarks\n\nold go"))
	write("new.md", results("2026-12-05 09:00:00", "#### At 10,000 pods\n\nnew table\n\n#### Targets (issue 13)\n\nnew targets"))
	checkReadme(t, dir, "new.md",
		[]string{"new table", "both.md", "#### At 30,000 pods: targets", "RSS at 30,000 pods ≤ 3×", "| 30,000 | 3,000 | 2 |"},
		[]string{"old table", "old go", "- met: idle CPU"})
}

// checkReadme updates an empty README section from the results in dir:
// the headline must be the file named headline, and the section must
// hold every want and no bad.
func checkReadme(t *testing.T, dir, headline string, want, bad []string) {
	t.Helper()
	readme := filepath.Join(dir, "README.md")
	writer(t, dir)("README.md", readmeBegin+"\n"+readmeEnd+"\n")
	latest, err := update(dir, readme)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(latest) != headline {
		t.Errorf("headline %s, want %s", latest, headline)
	}
	b, _ := os.ReadFile(readme)
	got := string(b)
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("README lacks %q:\n%s", w, got)
		}
	}
	for _, w := range bad {
		if strings.Contains(got, w) {
			t.Errorf("README has %q:\n%s", w, got)
		}
	}
}
