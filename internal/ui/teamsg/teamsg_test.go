package teamsg

import (
	"testing"
	"time"

	"charm.land/bubbles/v2/cursor"
	tea "charm.land/bubbletea/v2"
)

// TestWaits: timers and blinks wait by design; a form's next step, a
// page's work and a batch are work.
func TestWaits(t *testing.T) {
	c := cursor.New()
	c.SetMode(cursor.CursorBlink)
	work := func() tea.Msg { return nil }
	tests := []struct {
		name string
		cmd  tea.Cmd
		want bool
	}{
		{"tea.Tick", tea.Tick(time.Second, func(time.Time) tea.Msg { return nil }), true},
		{"tea.Every", tea.Every(time.Second, func(time.Time) tea.Msg { return nil }), true},
		{"cursor blink", c.Focus(), true},
		{"work", work, false},
		{"tea.Batch", tea.Batch(work, work), false},
	}
	for _, tt := range tests {
		if got := Waits(tt.cmd); got != tt.want {
			t.Errorf("Waits(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
