package actions

import (
	"strings"
	"testing"

	"github.com/flightdeck/fdtui/internal/model"
)

// TestDeletePodWordsFor: the prompt and the result's words follow the
// pod's state, the same for the TUI and `fdtui delete-pod`.
func TestDeletePodWordsFor(t *testing.T) {
	owned := model.PodRow{Name: "web-1", Status: "Running", ReadyContainers: 2, Containers: 2, Owner: "web-5c8"}
	evicted := owned
	evicted.Status, evicted.Terminal = "Evicted", true
	unowned := owned
	unowned.Owner = ""
	terminating := owned
	terminating.Status = "Terminating"
	tests := []struct {
		name      string
		pod       model.PodRow
		force     bool
		wantTitle string
		wantLine  string
		wantThen  string
		hint      bool
	}{
		{"owned", owned, false, "Delete pod web-1", "Its controller creates a replacement.", "waiting", false},
		{"evicted", evicted, false, "Delete pod web-1", "already replaced it", "its controller had already replaced it", false},
		{"unowned", unowned, false, "Delete pod web-1", "nothing recreates it", "no controller owns it, so nothing recreates it", false},
		{"force on a running pod", owned, true, "Force delete pod web-1", "Its controller creates a replacement.", "waiting", true},
		{"force on a terminating pod", terminating, true, "Force delete pod web-1", "Its controller creates a replacement.", "waiting", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := DeletePodWordsFor(tc.pod, tc.force, "Its controller creates a replacement.", "waiting", "ctrl+d", "pool-web-1")
			text := strings.Join(w.Lines, "\n")
			if w.Title != tc.wantTitle || !strings.Contains(w.Lines[1], tc.wantLine) || w.Then != tc.wantThen {
				t.Errorf("got %q / %q / %q", w.Title, w.Lines[1], w.Then)
			}
			if got := strings.Contains(text, "a normal delete (ctrl+d)"); got != tc.hint {
				t.Errorf("normal-delete hint %v, want %v:\n%s", got, tc.hint, text)
			}
			if !strings.Contains(w.Lines[0], "on pool-web-1") {
				t.Errorf("first line %q", w.Lines[0])
			}
		})
	}
}
