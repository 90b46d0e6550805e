package drupalui

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// purge asks which URLs to ban (everything by default), confirms on
// which pods, then bans on every Ready web pod of every revision: each
// Varnish caches on its own, and during a rollout both revisions serve.
func (f *Feature) purge(ns string) common.Plan {
	if len(f.webPods(ns).All) == 0 {
		return common.Refuse("no Ready web pod in " + ns + ": no Varnish to purge")
	}
	pattern := "."
	form := huh.NewForm(huh.NewGroup(huh.NewInput().Title("URL pattern").
		Description("a Varnish regular expression on req.url; . bans every cached page").
		Value(&pattern).Validate(func(s string) error { _, err := actions.BanCommand(s); return err })))
	return common.Plan{Open: common.Push(pages.NewForm(f.c, "purge varnish "+ns, form, func() tea.Cmd { return f.confirmPurge(ns, pattern) }))}
}

// confirmPurge names the pods (read again: the form may have taken a
// while) and runs the purge on yes.
func (f *Feature) confirmPurge(ns, pattern string) tea.Cmd {
	pods := f.webPods(ns).All
	if len(pods) == 0 {
		return common.Toast("no Ready web pod in "+ns+": no Varnish to purge", true)
	}
	cmd, err := actions.BanCommand(pattern)
	if err != nil {
		return common.Toast(err.Error(), true)
	}
	do := f.run()
	task := common.NewTaskThen("purging varnish in "+ns, func(ctx context.Context) (string, tea.Cmd, error) {
		res, err := actions.PurgeVarnish(ctx, do, ns, pods, pattern)
		if err != nil {
			return "", nil, err
		}
		// The result page says it, as an error when a pod failed.
		return "", common.PushBuilt(func() common.Page { return newPurgePage(f, ns, res) }), nil
	})
	lines := []string{
		fmt.Sprintf("`%s` in the varnish container of %d web pods: %s.", strings.Join(cmd, " "), len(pods), strings.Join(pods, ", ")),
		"Cached pages matching it are fetched from Drupal again: expect a load spike on a busy site.",
	}
	return common.Push(pages.NewPrompt(f.c, common.Prompt{Title: "Purge Varnish in " + ns, Lines: lines}, task.Cmd()))
}

// purgePage is a purge's result: one line per pod.
type purgePage struct {
	common.Owner
	f     *Feature
	ns    string
	res   actions.PurgeResult
	width int
}

func newPurgePage(f *Feature, ns string, res actions.PurgeResult) *purgePage {
	return &purgePage{Owner: common.NewOwner(f.c), f: f, ns: ns, res: res}
}

// Init reports the result: an error when any pod was not purged.
func (p *purgePage) Init() tea.Cmd {
	return common.Toast(p.res.Summary(), p.res.Err() != nil)
}

func (p *purgePage) Title() string                         { return "purge " + p.ns }
func (p *purgePage) SetSize(w, _ int)                      { p.width = w }
func (p *purgePage) Refresh(store.Dirty)                   {}
func (p *purgePage) Update(tea.Msg) (common.Page, tea.Cmd) { return p, nil }
func (p *purgePage) ShortHelp() []key.Binding              { return nil }
func (p *purgePage) FullHelp() [][]key.Binding             { return nil }

func (p *purgePage) View() string {
	st := p.f.c.Styles
	var b strings.Builder
	tone := styles.Good
	if p.res.Err() != nil {
		tone = styles.Bad
	}
	fmt.Fprintf(&b, " %s  %s\n\n", st.Title.Render("Varnish purge · "+p.ns), st.Paint(tone, p.res.Summary()))
	for _, r := range p.res.Pods {
		line := "  " + st.Paint(styles.Good, "✓") + " " + r.Pod + "  " + st.Paint(styles.Dim, "ban accepted")
		if r.Err != nil {
			why := r.Output
			if why == "" {
				why = r.Err.Error()
			}
			line = "  " + st.Paint(styles.Bad, "✗") + " " + r.Pod + "  " + st.Paint(styles.Bad, why)
			if code, ok := exitCode(r.Err); ok {
				line += st.Paint(styles.Dim, fmt.Sprintf(" (exit %d)", code))
			}
		}
		b.WriteString(ansi.Truncate(line, max(10, p.width), "…") + "\n")
	}
	return b.String()
}
