package sitewizard

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// maxDiffLines per object keeps one noisy object from hiding the rest.
const maxDiffLines = 8

// planCounts tallies the actions of a plan or an apply.
type planCounts struct{ create, change, unchanged, failed int }

func countResults(results []kube.ApplyResult) planCounts {
	var n planCounts
	for _, r := range results {
		switch {
		case r.Err != nil:
			n.failed++
		case r.Action == kube.ApplyCreate:
			n.create++
		case r.Action == kube.ApplyChange:
			n.change++
		default:
			n.unchanged++
		}
	}
	return n
}

func (n planCounts) String() string {
	s := fmt.Sprintf("%d create · %d change · %d unchanged", n.create, n.change, n.unchanged)
	if n.failed > 0 {
		s += fmt.Sprintf(" · %d failed", n.failed)
	}
	return s
}

// planLines renders a plan, one object per line plus its compact diff, the
// Secrets' keys (never values) and the object store's answer. Lines are cut
// to width. It is pure: the review page and its tests share it.
func planLines(st *styles.Styles, p Plan, notes []string, width int) []string {
	n := countResults(p.Results)
	out := []string{fmt.Sprintf(" %d objects: %s", len(p.Results), n)}
	if pendingNamespace(p.Results) {
		out = append(out, " "+st.Paint(styles.Dim, "The namespace is new: objects in it are validated by the apiserver when applied."))
	}
	out = append(out, "")
	for _, r := range p.Results {
		out = append(out, resultLines(st, r, p.SecretKeys)...)
	}
	out = append(out, "")
	tone := styles.Good
	if p.BucketProblem {
		tone = styles.Bad
	}
	out = append(out, " "+st.Paint(tone, "Object store: ")+p.Bucket)
	for _, note := range notes {
		out = append(out, " "+st.Paint(styles.Warn, "⚠ ")+note)
	}
	for i, l := range out {
		out[i] = ansi.Truncate(l, width, "…")
	}
	return out
}

func resultLines(st *styles.Styles, r kube.ApplyResult, secretKeys map[string][]string) []string {
	mark, tone, word := "=", styles.Dim, "unchanged"
	switch {
	case r.Err != nil:
		mark, tone, word = "✗", styles.Bad, "error"
	case r.Action == kube.ApplyCreate:
		mark, tone, word = "+", styles.Good, "create"
	case r.Action == kube.ApplyChange:
		mark, tone, word = "~", styles.Warn, "change"
	}
	// Pad before painting: escape codes would count as width.
	line := fmt.Sprintf(" %s %s %-21s %s", st.Paint(tone, mark), st.Paint(tone, fmt.Sprintf("%-9s", word)), r.Kind, r.Name)
	out := []string{line}
	if keys, ok := secretKeys[r.Name]; ok && r.Kind == "Secret" {
		out = append(out, "     "+st.Paint(styles.Dim, "keys: "+strings.Join(keys, ", ")+" (values never shown)"))
	}
	if r.Err != nil {
		out = append(out, "     "+st.Paint(styles.Bad, oneLine(r.Err.Error())))
	}
	diff := withoutPendingNote(r.Diff)
	for i, d := range diff {
		if i == maxDiffLines {
			out = append(out, "     "+st.Paint(styles.Dim, fmt.Sprintf("… %d more changes", len(diff)-i)))
			break
		}
		out = append(out, "     "+st.Paint(styles.Dim, d))
	}
	return out
}

func pendingNamespace(results []kube.ApplyResult) bool {
	for _, r := range results {
		for _, d := range r.Diff {
			if d == kube.NamespacePendingNote {
				return true
			}
		}
	}
	return false
}

func withoutPendingNote(diff []string) []string {
	out := diff[:0:0]
	for _, d := range diff {
		if d != kube.NamespacePendingNote {
			out = append(out, d)
		}
	}
	return out
}

// planOK says whether applying the plan can work; why when not.
func planOK(p Plan) (bool, string) {
	if n := countResults(p.Results); n.failed > 0 {
		return false, fmt.Sprintf("the dry run rejected %d object(s): press e to edit the settings", n.failed)
	}
	if p.BucketProblem {
		return false, "the object store did not accept the settings: press e to fix the endpoint or keys"
	}
	return true, ""
}

// planNotes are warnings about a spec that is valid but probably not what
// the user wants. secrets are the Secret names the namespace holds.
func planNotes(s blueprint.SiteSpec, ns string, secrets []string) []string {
	var notes []string
	if img, err := blueprint.ParseImage(s.Image); err == nil && img.Digest == "" && !blueprint.IsGitShortSHA(img.Tag) {
		notes = append(notes, fmt.Sprintf("image tag %q is not a git short SHA: rollbacks are easier to read with one", img.Tag))
	}
	if pull := s.WithDefaults().PullSecret; s.Registry == nil && !slices.Contains(secrets, pull) {
		notes = append(notes, fmt.Sprintf("pull secret %s is not in %s yet: create it before the web pods pull", pull, ns))
	}
	return notes
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
