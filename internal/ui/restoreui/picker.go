package restoreui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// picker lists a site's backups, newest first; enter asks to type the
// domain, then restores the one under the cursor.
type picker struct {
	common.Owner
	f          *Feature
	ns, domain string

	loading bool
	err     error
	list    listing
	cursor  int
	width   int
	keys    pickerKeys
}

type pickerKeys struct{ Up, Down, Pick, Reload key.Binding }

type loadedMsg struct {
	page *picker
	list listing
	err  error
}

func newPicker(f *Feature, ns, domain string) *picker {
	b := common.Bind
	return &picker{Owner: common.NewOwner(f.c), f: f, ns: ns, domain: domain, loading: true, keys: pickerKeys{
		Up: b("↑/k", "up", "up", "k"), Down: b("↓/j", "down", "down", "j"),
		Pick: b("enter", "restore this backup"), Reload: b("r", "list again")}}
}

// Init lists the backups under the page's context.
func (p *picker) Init() tea.Cmd {
	p.loading, p.err = true, nil
	ctx := p.Ctx()
	return p.Reply(func() tea.Msg {
		l, err := p.f.load(ctx, p.ns)
		return loadedMsg{page: p, list: l, err: err}
	})
}

func (p *picker) Title() string       { return "restore " + p.ns }
func (p *picker) SetSize(w, _ int)    { p.width = w }
func (p *picker) Refresh(store.Dirty) {}

func (p *picker) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.page == p {
			p.loading, p.list, p.err = false, msg.list, msg.err
			p.cursor = min(p.cursor, max(0, len(p.list.backups)-1))
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, p.keys.Up):
			p.cursor = max(0, p.cursor-1)
		case key.Matches(msg, p.keys.Down):
			p.cursor = min(max(0, len(p.list.backups)-1), p.cursor+1)
		case key.Matches(msg, p.keys.Reload) && !p.loading:
			return p, p.Init()
		case key.Matches(msg, p.keys.Pick) && !p.loading && p.err == nil && len(p.list.backups) > 0:
			return p, common.Push(p.confirm(p.list.backups[p.cursor]))
		}
	}
	return p, nil
}

// webReplicas is web's replica count as the store has it (what the
// restore will scale back to, unless it changes meanwhile: the restore
// reads it again).
func (p *picker) webReplicas() int32 {
	for _, d := range p.f.c.Conn.Store.Objects(p.ns).Deployments {
		if d.Name == model.WebDeployment && d.Spec.Replicas != nil {
			return *d.Spec.Replicas
		}
	}
	return 1
}

// confirm says what the restore does, step by step, and asks to type the
// domain (the delete-site confirmation).
func (p *picker) confirm(b objstore.BackupObject) common.Page {
	c := p.f.c
	st := c.Styles
	n := p.webReplicas()
	down := fmt.Sprintf("1. web is scaled from %d to 0: "+st.Paint(styles.Bad, "the site serves nothing")+" until step 3.", n)
	if n == 0 {
		down = "1. web is at 0 replicas already: nothing serves, and it stays at 0 after the import."
	}
	lines := []string{
		fmt.Sprintf("Replaces the database of %s (namespace %s) with", p.domain, p.ns),
		"  " + st.Paint(styles.Accent, b.Name()) + fmt.Sprintf(", taken %s (%s ago, %s compressed).",
			b.When().UTC().Format("2006-01-02 15:04 MST"), model.FormatAge(c.Now().Sub(b.When())), model.FormatSize(b.Size)),
		down,
		"2. the backup is streamed from the bucket into mysql in mysql-0: what was written",
		"   to the database since it was taken is lost.",
		fmt.Sprintf("3. web is scaled back to %d, and followed until Ready.", n),
		"If the import fails, web is scaled back all the same; the database may then hold part of the backup.",
	}
	run := tea.Sequence(common.Pop, common.PushBuilt(func() common.Page { return newRunPage(p.f, p.ns, p.domain, b, p.list.open) }))
	return pages.NewTypedConfirm(c, "Restore the database of "+p.domain, lines, p.domain, run)
}

func (p *picker) View() string {
	st := p.f.c.Styles
	var b strings.Builder
	fmt.Fprintf(&b, " %s", st.Title.Render("Restore database · "+p.domain))
	if p.list.where != "" {
		b.WriteString("  " + st.Paint(styles.Dim, "backups in "+p.list.where))
	}
	b.WriteString("\n\n")
	switch {
	case p.loading:
		b.WriteString(" " + st.Paint(styles.Dim, "reading the site's backups…") + "\n")
		return b.String()
	case p.err != nil:
		b.WriteString(" " + st.Paint(styles.Bad, p.err.Error()) + "\n\n " + st.Paint(styles.Dim, "r lists again · esc back") + "\n")
		return b.String()
	case len(p.list.backups) == 0:
		b.WriteString(" " + st.Paint(styles.Warn, "no backup in the bucket: nothing to restore") + "\n\n " +
			st.Paint(styles.Dim, "The backup CronJob writes one a day; r lists again.") + "\n")
		return b.String()
	}
	now := p.f.c.Now()
	fmt.Fprintf(&b, "   %s\n", st.Label.Render(fmt.Sprintf("%-20s %-8s %-10s %s", "TAKEN (UTC)", "AGE", "SIZE", "OBJECT")))
	for i, bk := range p.list.backups {
		line := fmt.Sprintf("%-20s %-8s %-10s %s", bk.When().UTC().Format("2006-01-02 15:04:05"), model.FormatAge(now.Sub(bk.When())),
			model.FormatSize(bk.Size), bk.Name())
		if i == p.cursor {
			b.WriteString(st.Selected.Render(ansi.Truncate(" ▸ "+line, max(10, p.width-1), "…")) + "\n")
			continue
		}
		b.WriteString(ansi.Truncate("   "+line, max(10, p.width), "…") + "\n")
	}
	b.WriteString("\n " + st.Paint(styles.Dim, "enter restores the selected backup: you type the domain first") + "\n")
	return b.String()
}

func (p *picker) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Pick, p.keys.Up, p.keys.Down, p.keys.Reload}
}
func (p *picker) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
