// Package keys is the app's global key map. k9s users should feel at home:
// ":" to jump, "/" to filter, "?" for help, esc back, q or ctrl+c to quit.
package keys

import "charm.land/bubbles/v2/key"

// Global are keys that work on every page (unless a form has the focus).
type Global struct {
	Command, Filter, Help, Back, Quit, ForceQuit key.Binding
}

// Default returns the global key map; extra names the features' :
// commands ("newsite", "readiness") for the help line.
func Default(extra ...string) Global {
	commands := ":sites :pods :nodes :events :clusters :fleet :ctx :ns"
	for _, c := range extra {
		commands += " :" + c
	}
	return Global{
		Command:   key.NewBinding(key.WithKeys(":"), key.WithHelp(":", "command ("+commands+" :q)")),
		Filter:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter (!text negates)")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back / clear filter")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// ShortHelp implements help.KeyMap.
func (g Global) ShortHelp() []key.Binding { return []key.Binding{g.Command, g.Filter, g.Help, g.Quit} }

// FullHelp implements help.KeyMap.
func (g Global) FullHelp() [][]key.Binding {
	return [][]key.Binding{{g.Command, g.Filter, g.Help}, {g.Back, g.Quit, g.ForceQuit}}
}
