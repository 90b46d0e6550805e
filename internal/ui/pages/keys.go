package pages

import "charm.land/bubbles/v2/key"

func bind(help, desc string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
}

var (
	keyEnter  = bind("enter", "open", "enter")
	keyBack   = bind("esc", "back", "esc")
	keyEvents = bind("e", "events", "e")
	keyFilter = bind("/", "filter", "/")
)
