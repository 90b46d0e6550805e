package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/flightdeck/fdtui/internal/model"
)

// DiagnosisItem is a site's explanation (fdtui/v1): what the TUI's site
// screen says above the pods, from the same model.
type DiagnosisItem struct {
	Site      string `json:"site"`
	Namespace string `json:"namespace"`
	State     string `json:"state"`
	Label     string `json:"label"`
	Serving   bool   `json:"serving"`
	// Cause is the plain-words why, one sentence; Evidence the lines
	// behind it (events, conditions); Hint what to look at or do, in the
	// model's words ("" when nothing to suggest).
	Cause    string   `json:"cause"`
	Evidence []string `json:"evidence"`
	Hint     string   `json:"hint,omitempty"`
	// ServingLine says whether visitors still get pages.
	ServingLine string `json:"servingLine,omitempty"`
	// Web is web's rollout and its diagnosis; null without a web Deployment.
	Web *WebItem `json:"web"`
	// Parts are the parts that are not OK, worst first.
	Parts []PartItem `json:"parts"`
	// Fix are the commands that do what the TUI's keys would, best first.
	Fix []Fix `json:"fix"`
}

// WebItem is web's rollout: revisions and images, and its diagnosis.
type WebItem struct {
	Revision         int64  `json:"revision"`
	Image            string `json:"image"`
	PreviousRevision int64  `json:"previousRevision,omitempty"`
	PreviousImage    string `json:"previousImage,omitempty"`
	// Cause is the diagnosis' class: ImagePull, CrashLoop, Unschedulable,
	// NotReady, Deadline, Paused, MinReady, Terminating, Progressing,
	// Config, FailedCreate, or None.
	Cause    string   `json:"cause"`
	Verdict  string   `json:"verdict"`
	Evidence []string `json:"evidence"`
	Hint     string   `json:"hint,omitempty"`
	// StuckPods are the failing new pods, the best to delete first.
	StuckPods []string `json:"stuckPods"`
}

// PartItem is one part of the site that is not OK.
type PartItem struct {
	Name     string   `json:"name"`
	State    string   `json:"state"`
	Reason   string   `json:"reason"`
	Evidence []string `json:"evidence"`
	Hint     string   `json:"hint,omitempty"`
	Pod      string   `json:"pod,omitempty"`
}

func diagnoseCommand(env *Env) *cobra.Command {
	var format string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "diagnose SITE",
		Short: "Explain a site's state: the cause in plain words, the evidence, the fix",
		Long: `Explain a site's state as the TUI's site screen does: the cause in plain
words, the evidence behind it (events, conditions), whether the site still
serves, and the fix as fdtui commands (roll back, delete the pod that holds a
StatefulSet). SITE is the site's domain or namespace.

Exit code 3 when the site is not OK (any state but OK, ROLLING included).`,
		Args:              Args(cobra.ExactArgs(1)),
		ValidArgsFunction: completeSites(env),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkOutput(format); err != nil {
				return err
			}
			w, err := env.load(cmd.Context(), timeout)
			if err != nil {
				return err
			}
			defer w.Close()
			site, err := w.Site(args[0])
			if err != nil {
				return err
			}
			item := Diagnose(w, site)
			if format == FormatTable {
				err = printDiagnosis(env.Out, item)
			} else {
				err = writeDocument(env.Out, format, Document[DiagnosisItem]{Kind: KindDiagnosis, Context: w.Context, Items: []DiagnosisItem{item}})
			}
			if err != nil {
				return err
			}
			if site.State != model.SiteOK {
				return problem()
			}
			return nil
		},
	}
	addOutput(cmd, &format)
	addTimeout(cmd, &timeout)
	return cmd
}

// Diagnose explains site from w's state: web's diagnosis
// (model.DiagnoseWeb over the namespace's objects, events and nodes, as
// the site screen reads them) and the site's parts, ordered the site
// screen's way (model.Site.WebExplains).
func Diagnose(w *World, site model.Site) DiagnosisItem {
	it := DiagnosisItem{Site: site.Domain, Namespace: site.Namespace, State: site.State.String(), Label: site.Label(),
		Serving: site.Serving, Evidence: []string{}, Parts: []PartItem{}}
	var diag model.Diagnosis
	if site.HasWeb {
		diag = model.DiagnoseWeb(w.Store.ObjectsWithEvents(site.Namespace), w.Now())
		it.Web = &WebItem{Revision: site.Web.Revision, Image: site.Web.Image, PreviousRevision: site.Web.PrevRevision,
			PreviousImage: site.Web.PrevImage, Cause: causeName(diag.Cause), Verdict: diag.Verdict,
			Evidence: nonNil(diag.Evidence), Hint: diag.Hint, StuckPods: nonNil(diag.StuckPods)}
		it.ServingLine = diag.ServingLine
	}
	for _, p := range site.Parts {
		it.Parts = append(it.Parts, PartItem{Name: p.Name, State: p.State.String(), Reason: p.Reason,
			Evidence: nonNil(p.Evidence), Hint: p.Hint, Pod: p.Pod})
	}
	switch {
	case len(site.Parts) > 0 && !site.WebExplains():
		lead := site.Parts[0]
		it.Cause, it.Evidence, it.Hint = lead.Reason, nonNil(lead.Evidence), lead.Hint
	case site.HasWeb:
		it.Cause, it.Evidence, it.Hint = diag.Verdict, nonNil(diag.Evidence), diag.Hint
	default:
		it.Cause = "The site has no web Deployment"
	}
	it.Fix = Fixes(w.Context, site, diag)
	return it
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// causeNames are model.Cause's names in the Diagnosis document.
var causeNames = map[model.Cause]string{
	model.CauseNone: "None", model.CauseImagePull: "ImagePull", model.CauseCrashLoop: "CrashLoop",
	model.CauseUnschedulable: "Unschedulable", model.CauseNotReady: "NotReady", model.CauseDeadline: "Deadline",
	model.CausePaused: "Paused", model.CauseMinReady: "MinReady", model.CauseTerminating: "Terminating",
	model.CauseProgressing: "Progressing", model.CauseConfig: "Config", model.CauseFailedCreate: "FailedCreate",
}

func causeName(c model.Cause) string {
	if n, ok := causeNames[c]; ok {
		return n
	}
	return fmt.Sprintf("Cause(%d)", int(c))
}

// printDiagnosis is the table form: labelled lines, kubectl describe's
// way.
func printDiagnosis(out io.Writer, it DiagnosisItem) error {
	var b strings.Builder
	line := func(label, text string) {
		if text != "" {
			fmt.Fprintf(&b, "%-9s %s\n", label, text)
		}
	}
	lines := func(label string, texts []string) {
		for i, t := range texts {
			if i > 0 {
				label = ""
			}
			line(label, oneLine(t))
		}
	}
	line("Site:", it.Site+" (namespace "+it.Namespace+")")
	line("State:", it.Label)
	line("Cause:", it.Cause)
	lines("Evidence:", it.Evidence)
	line("Hint:", it.Hint)
	line("Serving:", it.ServingLine)
	if web := it.Web; web != nil {
		text := fmt.Sprintf("revision %d %s", web.Revision, web.Image)
		if web.PreviousRevision > 0 {
			text += fmt.Sprintf(" (previous: revision %d %s)", web.PreviousRevision, web.PreviousImage)
		}
		line("Web:", text)
		if web.Verdict != "" && web.Verdict != it.Cause {
			line("", web.Verdict)
			for _, e := range web.Evidence {
				line("", "  "+oneLine(e))
			}
			if web.Hint != "" {
				line("", "  → "+web.Hint)
			}
		}
	}
	for i, p := range it.Parts {
		if i == 0 && p.Reason == it.Cause || p.Name == "web" && it.Web != nil {
			continue // said above
		}
		line("Also:", p.State+" "+p.Name+": "+p.Reason)
		for _, e := range p.Evidence {
			line("", "  "+oneLine(e))
		}
		if p.Hint != "" {
			line("", "  → "+p.Hint)
		}
	}
	for i, f := range it.Fix {
		label := "Fix:"
		if i > 0 {
			label = "Or:"
		}
		line(label, f.Command)
		line("", "  "+f.Does)
	}
	_, err := io.WriteString(out, b.String())
	return err
}

// oneLine folds a multi-line message (an event's) into one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
