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
		a.input.SetSuggestions(a.commandNames())
		a.input.ShowSuggestions = true
	} else {
		// The command line's completions must not follow into the filter
		// (":pods" then "/b" drew a dim "ods" after the b).
		a.input.SetSuggestions(nil)
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

// commandNames are the : suggestions: the app's jumps, then the
// features' commands.
func (a *App) commandNames() []string {
	names := []string{"sites", "pods", "nodes", "events", "clusters", "fleet", "ctx ", "ns ", "quit"}
	for _, c := range a.f.offered() {
		names = append(names, c.Name+" ")
	}
	return names
}

func (a *App) open(kind common.RouteKind, ns string) tea.Cmd {
	return a.replace(a.f.page(common.Route{Kind: kind, Namespace: ns}))
}

// runCommand jumps like k9s' ":" prompt.
func (a *App) runCommand(line string) tea.Cmd {
	name, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	if a.c.Conn == nil && name != "clusters" && name != "ctx" && name != "fleet" && name != "q" && name != "quit" {
		return a.showToast(common.ToastMsg{Text: "not connected: pick a cluster first (:clusters, or enter on a :fleet row)", Error: true})
	}
	switch name {
	case "sites", "site", "s":
		return a.open(common.RouteSites, "")
	case "pods", "pod", "po":
		return a.open(common.RoutePods, arg)
	case "nodes", "node", "no":
		return a.open(common.RouteNodes, "")
	case "events", "event", "ev":
		return a.open(common.RouteEvents, arg)
	case "clusters", "cluster", "contexts", "context":
		return a.open(common.RouteClusters, "")
	case "fleet":
		return a.open(common.RouteFleet, "")
	case "ctx":
		if arg == "" {
			return a.open(common.RouteClusters, "")
		}
		return a.connect(arg)
	case "ns", "namespace":
		return a.jumpNamespace(arg)
	case "q", "quit", "q!":
		return a.quit()
	case "":
		return nil
	}
	for _, c := range a.f.commands {
		if c.Name != name {
			continue
		}
		if c.Mutates && a.c.Options.ReadOnly {
			return a.showToast(common.ToastMsg{Text: pages.ReadOnlyRefusal, Error: true})
		}
		return c.Run(arg)
	}
	return a.showToast(common.ToastMsg{Text: "unknown command :" + name + " (try :sites :pods :nodes :events :clusters :fleet :ctx NAME :ns NAME)", Error: true})
}

// jumpNamespace opens a site's detail, or the pods of a plain namespace.
func (a *App) jumpNamespace(ns string) tea.Cmd {
	if ns == "" || ns == "all" || ns == "-A" {
		return a.open(common.RoutePods, "")
	}
	if cl := a.c.Conn.Cluster; !cl.Watches(ns) {
		// Confined to some namespaces (-n, or a user who may read only
		// some): the informers watch those, so watch this one too, on the
		// same context, and open it there. kubectl -n works for such a
		// user; fdtui must too, without a restart.
		scope := append(append([]string(nil), cl.Namespaces...), ns)
		return a.connectScoped(a.c.Conn.Context, scope, common.ConnectMsg{Then: &common.Route{Kind: common.RouteSite, Namespace: ns}})
	}
	if _, ok := a.c.Conn.Store.Site(ns); ok {
		// Sites stays underneath, so esc goes where the user expects;
		// everything else on the stack is closed, like any jump.
		sites := a.open(common.RouteSites, "")
		return tea.Batch(sites, a.push(a.f.page(common.Route{Kind: common.RouteSite, Namespace: ns})))
	}
	return a.open(common.RoutePods, ns)
}
