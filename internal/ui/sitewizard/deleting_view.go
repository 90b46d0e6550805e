package sitewizard

import (
	"errors"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

func (p *deleting) View() string {
	st := p.c.Styles
	var b strings.Builder
	fmt.Fprintf(&b, " %s %s %s\n\n", st.Title.Render("Deleting"), st.Paint(styles.Accent, p.domain), st.Paint(styles.Dim, "→ namespace "+p.ns))
	steps := []actions.DeleteStep{actions.StepCheck, actions.StepVolumes, actions.StepNamespace}
	if !p.opt.KeepBucket {
		steps = append(steps, actions.StepFiles)
	}
	for _, s := range steps {
		b.WriteString(wrapIndent(" "+p.mark(s)+" "+p.stepText(s), p.width, "   ") + "\n")
	}
	if p.opt.KeepBucket && p.s3.Bucket != "" {
		b.WriteString(" " + st.Paint(styles.Dim, "· "+bucketWhere(p.s3)+" kept, untouched") + "\n")
	}
	b.WriteString("\n" + p.outcome())
	b.WriteString("\n " + st.Paint(styles.Dim, p.keyLine()))
	return truncateLines(b.String(), p.width)
}

// mark is ✓ done, … running, ✗ where it stopped, · not reached.
func (p *deleting) mark(s actions.DeleteStep) string {
	st := p.c.Styles
	switch at := p.rep.Step; {
	case at > s, at == s && !p.running && p.err == nil:
		return st.Paint(styles.Good, "✓")
	case at == s && p.running:
		return st.Paint(styles.Warn, "…")
	case at == s:
		return st.Paint(styles.Bad, "✗")
	}
	return st.Paint(styles.Dim, "·")
}

func (p *deleting) stepText(s actions.DeleteStep) string {
	r, done := p.rep, p.rep.Step > s
	switch s {
	case actions.StepCheck:
		if r.NamespaceGone {
			return "namespace " + p.ns + " already deleted by the earlier run"
		}
		return "namespace " + p.ns + " is a Flight Deck site"
	case actions.StepVolumes:
		if !done {
			return "database volumes: reclaim policy"
		}
		return volumeFates(r)
	case actions.StepNamespace:
		switch {
		case r.NamespaceGone:
			return "namespace " + p.ns + " deleted"
		case done:
			return "namespace " + p.ns + " deleted (terminating)"
		}
		return "delete namespace " + p.ns
	}
	where := "files in bucket " + p.s3.Bucket
	if p.s3.Prefix != "" {
		where += "/" + p.s3.Prefix
	}
	n := model.Thousands(p.files())
	switch {
	case r.Step < actions.StepFiles:
		return where
	case p.running:
		return fmt.Sprintf("%s: %s deleted so far", where, n)
	}
	// Interrupted, a batch of up to 1,000 may have been deleted by the
	// store without its answer reaching us: the count is a floor, in this
	// run's outcome and in every total that includes it.
	if p.floor || (p.err != nil && p.interrupted()) {
		n = "at least " + n
	}
	switch {
	case p.err != nil:
		return fmt.Sprintf("%s: %s deleted, the rest remain", where, n)
	case p.s3.Prefix == "":
		return fmt.Sprintf("%s: %s deleted, bucket removed", where, n)
	}
	return fmt.Sprintf("%s: %s deleted (the bucket is shared and stays)", where, n)
}

func volumeFates(r actions.DeleteReport) string {
	if len(r.Volumes) == 0 {
		return "no database volume"
	}
	var out []string
	for _, v := range r.Volumes {
		if v.Kept {
			out = append(out, "PV "+v.PV+" kept (reclaim Retain: it stays, Released, with the database files)")
		} else {
			out = append(out, "PV "+v.PV+" deleted with its claim")
		}
	}
	return strings.Join(out, "; ")
}

// interrupted says the deletion stopped because the user interrupted it
// (esc), not because something failed.
func (p *deleting) interrupted() bool {
	var de *objstore.DeleteError
	return errors.As(p.err, &de) && de.Interrupted()
}

// outcome is what the user should know now: the summary, or why it
// stopped and that a re-run finishes it. Never "deleted" on a failure.
func (p *deleting) outcome() string {
	st := p.c.Styles
	switch {
	case p.running && p.interrupting:
		return " " + st.Paint(styles.Warn, "interrupting…") + "\n"
	case p.running:
		return ""
	case p.err != nil:
		head, style := "✗ stopped: ", styles.Bad
		if p.interrupted() {
			head, style = "interrupted: ", styles.Warn
		}
		return wrapIndent(" "+st.Paint(style, head)+oneLine(p.err.Error()), p.width, "   ") + "\n " +
			st.Paint(styles.Dim, "What was deleted stays deleted; r re-runs the deletion and finishes what is left.") + "\n"
	}
	total := p.rep
	total.FilesDeleted, total.FilesAtLeast = p.files(), p.floor
	return wrapIndent(" "+st.Paint(styles.Good, "Site deleted: ")+total.Summary(), p.width, "   ") + "\n"
}

func (p *deleting) keyLine() string {
	switch {
	case p.running:
		return "esc interrupts (what is deleted stays deleted; r then resumes)"
	case p.err != nil:
		return "r re-run: finish what is left · esc back"
	}
	return "esc back"
}

func (p *deleting) ShortHelp() []key.Binding {
	switch {
	case p.running:
		return []key.Binding{keyInterrupt}
	case p.err != nil:
		return []key.Binding{keyResume, keyBack}
	}
	return []key.Binding{keyBack}
}

func (p *deleting) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }

var keyResume = bind("r", "re-run: finish what is left", "r")
