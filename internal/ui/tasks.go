package ui

import (
	"sort"
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

// taskState tracks running actions. The spinner only ticks while a task
// runs, so an idle app has no timer.
type taskState struct {
	running map[int64]string
	spin    spinner.Model
}

func newTaskState() taskState {
	return taskState{running: map[int64]string{}, spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
}

func (a *App) onTaskStarted(msg actions.StartedMsg) tea.Cmd {
	first := len(a.tasks.running) == 0
	a.tasks.running[msg.ID] = msg.Label
	if first {
		return a.tasks.spin.Tick
	}
	return nil
}

func (a *App) onTaskDone(msg actions.DoneMsg) tea.Cmd {
	delete(a.tasks.running, msg.ID)
	t := common.ToastMsg{Text: msg.Text}
	if msg.Err != nil {
		t = common.ToastMsg{Text: msg.Label + " failed: " + msg.Err.Error(), Error: true}
	}
	return tea.Batch(a.showToast(t), msg.Then)
}

func (a *App) onSpin(msg spinner.TickMsg) tea.Cmd {
	if len(a.tasks.running) == 0 {
		return nil
	}
	var cmd tea.Cmd
	a.tasks.spin, cmd = a.tasks.spin.Update(msg)
	return cmd
}

// taskLine is "⣾ rolling back web…" for the status bar.
func (a *App) taskLine() string {
	if len(a.tasks.running) == 0 {
		return ""
	}
	labels := make([]string, 0, len(a.tasks.running))
	for _, l := range a.tasks.running {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	return a.tasks.spin.View() + " " + strings.Join(labels, ", ") + "…"
}
