package drupalui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// palette is the drush list of a site: the usual commands, free text,
// and the session's last runs (enter shows one again).
type palette struct {
	common.Owner
	f             *Feature
	ns            string
	cmds          []actions.DrushCommand
	cursor        int
	width, height int
	keys          paletteKeys
}

// paletteKeys move in a list like the app's tables (k9s' keys).
type paletteKeys struct{ Up, Down, Top, Bottom, Run key.Binding }

func listKeys(run key.Binding) paletteKeys {
	b := common.Bind
	return paletteKeys{Up: b("↑/k", "up", "up", "k"), Down: b("↓/j", "down", "down", "j"),
		Top: b("g", "top", "g", "home"), Bottom: b("G", "bottom", "G", "end"), Run: run}
}

func newPalette(f *Feature, ns string) *palette {
	return &palette{Owner: common.NewOwner(f.c), f: f, ns: ns, cmds: actions.DrushPalette(), keys: listKeys(common.Bind("enter", "run / show", "enter"))}
}

// move is the cursor after a movement key among n rows, and whether kp
// was one.
func (k paletteKeys) move(kp tea.KeyPressMsg, cursor, n int) (int, bool) {
	switch {
	case key.Matches(kp, k.Up):
		return max(0, cursor-1), true
	case key.Matches(kp, k.Down):
		return min(n-1, cursor+1), true
	case key.Matches(kp, k.Top):
		return 0, true
	case key.Matches(kp, k.Bottom):
		return max(0, n-1), true
	}
	return cursor, false
}

// rows: the palette's commands, then free text, then the site's runs
// (read from the feature each time: a run started here shows on return).
func (p *palette) rows() int { return len(p.cmds) + 1 + len(p.f.history(p.ns)) }

func (p *palette) Init() tea.Cmd       { return nil }
func (p *palette) Title() string       { return "drush " + p.ns }
func (p *palette) SetSize(w, h int)    { p.width, p.height = w, h }
func (p *palette) Refresh(store.Dirty) {}

func (p *palette) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return p, nil
	}
	if c, moved := p.keys.move(kp, p.cursor, p.rows()); moved {
		p.cursor = c
		return p, nil
	}
	if key.Matches(kp, p.keys.Run) {
		return p, p.choose()
	}
	return p, nil
}

// choose runs the command under the cursor (asked first when it changes
// the site), opens free text, or shows a past run.
func (p *palette) choose() tea.Cmd {
	switch i := p.cursor; {
	case i < len(p.cmds):
		c := p.cmds[i]
		return p.f.confirmOrStart(p.ns, c.Args, c.Confirm, c.Help)
	case i == len(p.cmds):
		return common.Push(p.freeText())
	default:
		runs := p.f.history(p.ns)
		if j := i - len(p.cmds) - 1; j < len(runs) {
			return common.Push(newRunPage(p.f, runs[j]))
		}
		return nil
	}
}

// freeText asks for any drush command; it is always confirmed, since
// fdtui cannot know what it changes.
func (p *palette) freeText() common.Page {
	var text string
	form := huh.NewForm(huh.NewGroup(huh.NewInput().Title("drush").Description("a drush command, e.g. sql:query \"SELECT COUNT(*) FROM users\"").
		Value(&text).Validate(func(s string) error { _, err := actions.ParseDrush(s); return err })))
	return pages.NewForm(p.f.c, "drush "+p.ns, form, func() tea.Cmd {
		args, err := actions.ParseDrush(text)
		if err != nil {
			return common.Toast(err.Error(), true)
		}
		return p.f.confirmOrStart(p.ns, args, true, "a command typed by hand; fdtui cannot tell what it changes")
	})
}

func (p *palette) View() string {
	st := p.f.c.Styles
	var b strings.Builder
	where := st.Paint(styles.Bad, "no Ready web pod: drush cannot run")
	switch t := p.f.webPods(p.ns).Drush; {
	case t.Previous:
		where = st.Paint(styles.Warn, "runs in "+t.Where(actions.WebContainer))
	case t.Pod != "":
		where = st.Paint(styles.Dim, "runs in "+t.Where(actions.WebContainer))
	}
	fmt.Fprintf(&b, " %s  %s\n", st.Title.Render("drush · "+p.ns), where)
	if p.f.deployDue(p.ns) {
		b.WriteString(" " + st.Paint(styles.Warn, "new code rolled out: drush deploy is due (database updates, configuration, caches)") + "\n")
	}
	b.WriteString("\n")
	row := func(i int, text string) {
		line := "   " + text
		if i == p.cursor {
			line = st.Selected.Render(ansi.Truncate(" ▸ "+text, max(10, p.width-1), "…"))
		}
		b.WriteString(ansi.Truncate(line, max(10, p.width), "…") + "\n")
	}
	for i, c := range p.cmds {
		mark := ""
		if c.Confirm {
			mark = " (asks first)"
		}
		row(i, fmt.Sprintf("%-24s %s", c.Line(), st.Paint(styles.Dim, c.Help+mark)))
	}
	row(len(p.cmds), fmt.Sprintf("%-24s %s", "drush …", st.Paint(styles.Dim, "free text (asks first)")))
	runs := p.f.history(p.ns)
	if len(runs) > 0 {
		b.WriteString("\n " + st.Label.Render("last runs") + "\n")
	}
	now := p.f.c.Now()
	for i, r := range runs {
		res, done := r.Result()
		state := st.Paint(styles.Warn, "running")
		if done {
			state = resultText(p.f.c, res)
		}
		row(len(p.cmds)+1+i, fmt.Sprintf("%-24s %s %s", r.Line(), state, st.Paint(styles.Dim, r.pod+" · "+model.FormatAge(now.Sub(r.started))+" ago")))
	}
	return b.String()
}

func (p *palette) ShortHelp() []key.Binding { return []key.Binding{p.keys.Run, p.keys.Up, p.keys.Down} }
func (p *palette) FullHelp() [][]key.Binding {
	return [][]key.Binding{{p.keys.Run, p.keys.Up, p.keys.Down, p.keys.Top, p.keys.Bottom}}
}

// resultText is a run's result line, green for exit 0, red otherwise.
func resultText(c *common.Common, res actions.DrushResult) string {
	if res.OK() {
		return c.Styles.Paint(styles.Good, res.Summary())
	}
	return c.Styles.Paint(styles.Bad, res.Summary())
}
