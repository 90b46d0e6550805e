package common

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// ScrollKeys move a view of numbered lines (a log, a command's output).
type ScrollKeys struct{ Up, Down, PageUp, PageDown, Top, Bottom key.Binding }

// DefaultScrollKeys are less's and k9s's: arrows or j/k, page keys, g/G.
func DefaultScrollKeys() ScrollKeys {
	return ScrollKeys{
		Up: Bind("↑/k", "up", "up", "k"), Down: Bind("↓/j", "down", "down", "j"), PageUp: Bind("pgup", "page up", "pgup"),
		PageDown: Bind("pgdn", "page down", "pgdown"), Top: Bind("g", "top"), Bottom: Bind("G", "bottom"),
	}
}

// Scroll moves top, the first line shown of the lines [start, end) in a
// view height lines high, by msg. ok is false when msg is not one of the
// keys (top unchanged); follow says the view now shows the last line.
func (k ScrollKeys) Scroll(msg tea.KeyPressMsg, top, height, start, end int) (newTop int, follow, ok bool) {
	switch {
	case key.Matches(msg, k.Up):
		top--
	case key.Matches(msg, k.Down):
		top++
	case key.Matches(msg, k.PageUp):
		top -= height
	case key.Matches(msg, k.PageDown):
		top += height
	case key.Matches(msg, k.Top):
		top = start
	case key.Matches(msg, k.Bottom):
		top = end - height
	default:
		return top, false, false
	}
	top = max(start, min(top, end-height))
	return top, top >= end-height, true
}
