package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// TestShippedBuildLinksNoPlugin: fdtui built with the Makefile's
// FDTUI_TAGS links no standard "plugin" package. A program that links it
// keeps every method of the types it uses (cmd/link's dead-code pass) and
// exports every symbol to the dynamic linker
// (kubernetes-sigs/kustomize#5524): 24 MB more binary and 17 MiB more
// mapped. A new dependency that imports "plugin" without a tag to turn it
// off fails here.
func TestShippedBuildLinksNoPlugin(t *testing.T) {
	mk, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^FDTUI_TAGS := (.+)$`).FindSubmatch(mk)
	if m == nil {
		t.Fatal("the Makefile sets no FDTUI_TAGS")
	}
	tags := strings.Join(strings.Fields(string(m[1])), ",")
	out, err := exec.Command("go", "list", "-tags", tags, "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "plugin" {
			t.Fatalf(`fdtui built with -tags %s links the standard "plugin" package; find its importer with go list -tags %s -deps -f '{{.ImportPath}}: {{.Imports}}' ./cmd/fdtui`, tags, tags)
		}
	}
}
