package main

import (
	"bufio"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// goBenchmark is one line of `go test -bench -benchmem` output.
type goBenchmark struct {
	Name                    string
	NsPerOp                 float64
	BytesPerOp, AllocsPerOp int64
	Line                    string
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
		g := goBenchmark{Name: m[1], Line: sc.Text()}
		g.NsPerOp, _ = strconv.ParseFloat(m[3], 64)
		g.BytesPerOp, _ = strconv.ParseInt(m[4], 10, 64)
		g.AllocsPerOp, _ = strconv.ParseInt(m[5], 10, 64)
		out = append(out, g)
	}
	return out, sc.Err()
}

// goTarget is the target of issue 13 a Go benchmark speaks to.
func goTarget(name string) string {
	switch {
	case strings.HasPrefix(name, "View"):
		return "≤ 4 ms"
	case strings.HasPrefix(name, "FilterKeystroke"):
		return "in-process part of the ≤ 16 ms keystroke"
	}
	return ""
}
