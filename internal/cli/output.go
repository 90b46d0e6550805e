package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"sigs.k8s.io/yaml"
)

// APIVersion is the version of every JSON/YAML document the commands
// print. Fields may be added within a version; none is renamed, removed
// or changes meaning without a new version.
const APIVersion = "fdtui/v1"

// Kinds of documents.
const (
	KindSiteList  = "SiteList"  // fdtui sites: items are SiteItem
	KindDiagnosis = "Diagnosis" // fdtui diagnose: one DiagnosisItem
	KindResult    = "Result"    // rollback, restart, delete-pod: one ResultItem
	KindVersion   = "Version"   // fdtui version: one VersionItem
)

// Document is every -o json|yaml output: a list, even of one item, so a
// script reads .items the same way whatever it asked. Context is the
// kubeconfig context read ("" for version). No document ever holds a
// Secret's value: the commands never read one (the informers watch
// Secrets' names only).
type Document[T any] struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Context    string `json:"context,omitempty"`
	Items      []T    `json:"items"`
}

// Output formats (-o).
const (
	FormatTable = "table"
	FormatJSON  = "json"
	FormatYAML  = "yaml"
)

// addOutput gives a command its -o flag.
func addOutput(cmd *cobra.Command, format *string) {
	cmd.Flags().StringVarP(format, "output", "o", FormatTable, "output format: table, json or yaml (a versioned document: apiVersion fdtui/v1, kind, items)")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{FormatTable, FormatJSON, FormatYAML}, cobra.ShellCompDirectiveNoFileComp))
}

// checkOutput refuses an unknown -o before anything is read (exit 2).
func checkOutput(format string) error {
	switch format {
	case FormatTable, FormatJSON, FormatYAML:
		return nil
	}
	return Usagef("unknown output format %q: use table, json or yaml", format)
}

// writeDocument prints doc as JSON (indented) or YAML.
func writeDocument[T any](w io.Writer, format string, doc Document[T]) error {
	if doc.Items == nil {
		doc.Items = []T{}
	}
	doc.APIVersion = APIVersion
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	if format == FormatYAML {
		if b, err = yaml.JSONToYAML(b); err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

// newTable is kubectl's table writer (printers.GetNewTabWriter): columns
// padded by three spaces.
func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 6, 4, 3, ' ', 0)
}
