package triage

import "charm.land/bubbles/v2/key"

// keyMap is the triage keys, k9s-like where k9s has the same action.
type keyMap struct {
	Rollback, History, Restart, Pause, Image, Delete, ForceDelete, Logs, PrevLogs, Describe, YAML key.Binding
}

func defaultKeys() keyMap {
	b := func(k, help string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, help)) }
	return keyMap{
		Rollback:    b("u", "roll back (undo)"),
		History:     b("h", "history"),
		Restart:     b("r", "restart"),
		Pause:       b("p", "pause/resume"),
		Image:       b("i", "roll image"),
		Delete:      b("ctrl+d", "delete pod"),
		ForceDelete: b("ctrl+k", "force delete pod"),
		Logs:        b("l", "logs"),
		PrevLogs:    b("L", "previous logs"),
		Describe:    b("d", "describe"),
		YAML:        b("y", "yaml"),
	}
}
