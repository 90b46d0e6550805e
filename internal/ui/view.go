package ui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// chrome is the lines the app draws around the page: header, footer
// (command line or short help) and status bar.
const chrome = 3

func (a *App) resize() {
	a.help.SetWidth(a.c.Width)
	for _, p := range a.stack {
		p.SetSize(a.c.Width, max(1, a.c.Height-chrome))
	}
}

// View draws the frame. It is only called after a message, so an idle
// fdtui draws nothing.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = "fdtui"
	if a.c.Conn != nil {
		v.WindowTitle = "fdtui · " + a.c.Conn.Context
	}
	return v
}

func (a *App) render() string {
	if a.c.Width == 0 {
		return ""
	}
	body := a.top().View()
	if a.showHelp {
		body = a.fullHelp()
	}
	bodyHeight := max(1, a.c.Height-chrome)
	body = fitHeight(body, bodyHeight)
	return strings.Join([]string{a.header(), body, a.footer(), a.statusBar()}, "\n")
}

// fitHeight pads or cuts s to exactly h lines so the footer stays put.
func fitHeight(s string, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func (a *App) header() string {
	st := a.c.Styles
	left := st.Title.Render(" fdtui") + " " + st.Paint(styles.Dim, "▸") + " " + a.crumbs()
	if f, ok := a.top().(common.Filterable); ok && f.Filter() != "" && a.mode != modeFilter {
		left += "  " + st.Paint(styles.Warn, "/"+f.Filter())
	}
	right := st.Paint(styles.Dim, "? help ")
	gap := a.c.Width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		return ansi.Truncate(left, a.c.Width, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

// crumbs is the breadcrumb: the connected cluster, then the stack's
// titles; over the fleet the cluster comes after "Fleet" (and not at all
// on the fleet alone), since the fleet is not in any one cluster.
func (a *App) crumbs() string {
	st := a.c.Styles
	sep := " " + st.Paint(styles.Dim, "▸") + " "
	crumbs := make([]string, 0, len(a.stack)+1)
	for _, p := range a.stack {
		crumbs = append(crumbs, p.Title())
	}
	if a.c.Conn == nil || len(a.stack) == 0 {
		return strings.Join(crumbs, sep)
	}
	at := 0
	if _, ok := a.stack[0].(common.Fleetwide); ok {
		if len(a.stack) == 1 {
			return strings.Join(crumbs, sep)
		}
		at = 1
	}
	ctx := st.Paint(styles.Accent, a.c.Conn.Context)
	crumbs = append(crumbs[:at], append([]string{ctx}, crumbs[at:]...)...)
	return strings.Join(crumbs, sep)
}

func (a *App) footer() string {
	st := a.c.Styles
	switch a.mode {
	case modeCommand:
		return st.Prompt.Render(":") + a.input.View()
	case modeFilter:
		return st.Prompt.Render("/") + a.input.View()
	}
	return ansi.Truncate(" "+a.help.ShortHelpView(a.top().ShortHelp()), a.c.Width, "…")
}

func (a *App) fullHelp() string {
	st := a.c.Styles
	return st.Section.Render(" "+a.top().Title()+" keys") + "\n\n" +
		lipgloss.NewStyle().PaddingLeft(1).Render(a.help.FullHelpView(a.top().FullHelp())) + "\n\n" +
		st.Section.Render(" Everywhere") + "\n\n" +
		lipgloss.NewStyle().PaddingLeft(1).Render(a.help.FullHelpView(a.keys.FullHelp())) + "\n\n" +
		st.Paint(styles.Dim, " press any key to close")
}

// statusBar: context, server version, connection state, and the last toast
// or error.
func (a *App) statusBar() string {
	st := a.c.Styles
	var head, mid []string
	if a.c.Conn == nil {
		// On the fleet, clusters are connected, just no single one.
		what := "not connected"
		if a.top().Title() == "Fleet" {
			what = "fleet · enter opens a site in its cluster"
		}
		head = append(head, st.StatusKey.Render(what))
	} else {
		head = append(head, st.StatusKey.Render(a.c.Conn.Context), st.StatusPaint(styles.Normal, a.c.Conn.Version))
		mid = append(mid, a.connState())
	}
	if a.c.Options.ReadOnly {
		// Always in view: the keys that change things are gone, and a
		// user should not have to press one to learn why.
		head = append(head, st.StatusPaint(styles.Warn, "read-only"))
	}
	if t := a.taskLine(); t != "" {
		mid = append(mid, st.StatusPaint(styles.Accent, t))
	}
	if a.connecting != "" {
		mid = append(mid, st.StatusPaint(styles.Warn, "connecting to "+a.connecting+"…"))
	}
	toast := ""
	if a.toast.Text != "" {
		if a.toast.Error {
			toast = st.ToastError.Render(a.toast.Text)
		} else {
			toast = st.Toast.Render(a.toast.Text)
		}
	}
	sep := st.StatusPaint(styles.Normal, " ")
	left := strings.Join(head, sep)
	middle := strings.Join(mid, sep)
	// The toast answers the key just pressed (a refusal, a failure), so a
	// long connection state gives way to it rather than push it off the
	// edge: the state is cut to what is left (it is back when the toast
	// expires).
	if toast != "" && middle != "" {
		room := a.c.Width - ansi.StringWidth(left) - ansi.StringWidth(toast) - 2
		switch {
		case room < 1:
			middle = ""
		case ansi.StringWidth(middle) > room:
			middle = ansi.Truncate(middle, room, "…")
		}
	}
	line := left
	for _, p := range []string{middle, toast} {
		if p != "" {
			line += sep + p
		}
	}
	line = ansi.Truncate(line, a.c.Width, "…")
	pad := a.c.Width - ansi.StringWidth(line)
	return line + st.StatusPaint(styles.Normal, strings.Repeat(" ", max(0, pad)))
}

func (a *App) connState() string {
	st := a.c.Styles
	h := a.c.Conn.Cluster.Health()
	now := a.c.Now()
	switch {
	case h.Unauthorized:
		// DigitalOcean contexts refresh themselves (cloudui); any other
		// kubeconfig must be refreshed by its owner, then re-read.
		return st.StatusPaint(styles.Bad, "unauthorized (401): credentials expired or revoked") +
			" " + st.StatusPaint(styles.Dim, "refresh them, then :ctx "+a.c.Conn.Context+" reconnects")
	case h.Credentials != "":
		return st.StatusPaint(styles.Bad, "cannot get credentials: "+h.Credentials) + a.pluginSaid()
	case h.Failing:
		return st.StatusPaint(styles.Bad, fmt.Sprintf("reconnecting since %s", now.Sub(h.FailingSince).Round(time.Second))) +
			" " + st.StatusPaint(styles.Dim, ansi.Truncate(h.LastError, 60, "…"))
	case !a.synced:
		return st.StatusPaint(styles.Warn, "syncing…")
	case len(h.Forbidden) > 0:
		kinds := make([]string, len(h.Forbidden))
		for i, k := range h.Forbidden {
			kinds[i] = string(k)
		}
		who := ""
		if u := a.c.Conn.Cluster.User; u != "" {
			who = " for " + u
		}
		return st.StatusPaint(styles.Warn, "connected; cannot see "+strings.Join(kinds, ",")+" (forbidden"+who+")")
	}
	return st.StatusPaint(styles.Good, "connected")
}

// pluginSaid is what a failing credential plugin last wrote to stderr
// (captured into the log file), as a dim suffix, or "".
func (a *App) pluginSaid() string {
	if a.c.LibraryOutput == nil {
		return ""
	}
	line := a.c.LibraryOutput()
	if line == "" {
		return ""
	}
	return " " + a.c.Styles.StatusPaint(styles.Dim, "(it said: "+ansi.Truncate(line, 80, "…")+")")
}
