package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

func (a *App) startInput(mode inputMode, value string) tea.Cmd {
	a.mode = mode
	a.input.SetValue(value)
	a.input.CursorEnd()
	a.input.SetWidth(max(10, a.c.Width-4))
	if mode == modeCommand {
		a.input.SetSuggestions(commandNames)
		a.input.ShowSuggestions = true
	} else {
		a.input.ShowSuggestions = false
	}
	return a.input.Focus()
}

// onInputKey edits the command or filter line. The filter applies as you
// type, like k9s; esc on a filter restores no filter.
func (a *App) onInputKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		if a.mode == modeFilter {
			a.setFilter("")
		}
		a.endInput()
		return nil
	case "enter":
		mode, value := a.mode, strings.TrimSpace(a.input.Value())
		a.endInput()
		if mode == modeCommand {
			return a.runCommand(value)
		}
		a.setFilter(value)
		return nil
	}
	var cmd tea.Cmd
	a.input, cmd = a.input.Update(msg)
	if a.mode == modeFilter {
		a.setFilter(a.input.Value())
	}
	return cmd
}

func (a *App) endInput() {
	a.mode = modeNone
	a.input.Blur()
}

func (a *App) setFilter(f string) {
	if p, ok := a.top().(common.Filterable); ok {
		p.SetFilter(f)
	}
}

var commandNames = []string{"sites", "pods", "nodes", "events", "clusters", "ctx ", "ns ", "quit"}

// runCommand jumps like k9s' ":" prompt.
func (a *App) runCommand(line string) tea.Cmd {
	name, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	if a.c.Conn == nil && name != "clusters" && name != "ctx" && name != "q" && name != "quit" {
		return a.showToast(common.ToastMsg{Text: "not connected: pick a cluster first (:clusters)", Error: true})
	}
	switch name {
	case "sites", "site", "s":
		return a.replace(pages.NewSites(a.c))
	case "pods", "pod", "po":
		return a.replace(pages.NewPods(a.c, arg))
	case "nodes", "node", "no":
		return a.replace(pages.NewNodes(a.c))
	case "events", "event", "ev":
		return a.replace(pages.NewEvents(a.c, arg, ""))
	case "clusters", "cluster", "contexts", "context":
		return a.replace(pages.NewClusters(a.c))
	case "ctx":
		if arg == "" {
			return a.replace(pages.NewClusters(a.c))
		}
		return a.connect(arg)
	case "ns", "namespace":
		return a.jumpNamespace(arg)
	case "q", "quit", "q!":
		return a.quit()
	case "":
		return nil
	}
	if extra, ok := ExtraCommands[name]; ok {
		return extra(a.c, arg)
	}
	return a.showToast(common.ToastMsg{Text: "unknown command :" + name + " (try :sites :pods :nodes :events :clusters :ctx NAME :ns NAME)", Error: true})
}

// ExtraCommands lets features (wizards) add ":" commands.
var ExtraCommands = map[string]func(c *common.Common, arg string) tea.Cmd{}

// jumpNamespace opens a site's detail, or the pods of a plain namespace.
func (a *App) jumpNamespace(ns string) tea.Cmd {
	if ns == "" || ns == "all" || ns == "-A" {
		return a.replace(pages.NewPods(a.c, ""))
	}
	if _, ok := a.c.Conn.Store.Site(ns); ok {
		// Sites stays underneath, so esc goes where the user expects.
		a.stack = []common.Page{pages.NewSites(a.c)}
		return a.push(pages.NewSiteDetail(a.c, ns))
	}
	return a.replace(pages.NewPods(a.c, ns))
}
