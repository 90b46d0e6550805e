package ui

import (
	"context"
	"sort"
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/ui/common"
)

// taskState tracks running tasks. The spinner only ticks while a task
// runs, so an idle app has no timer.
type taskState struct {
	running map[int64]string
	lastID  int64
	spin    spinner.Model
}

func newTaskState() taskState {
	return taskState{running: map[int64]string{}, spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
}

// taskDoneMsg says a task ended.
type taskDoneMsg struct {
	id   int64
	task common.Task
	text string
	err  error
	then tea.Cmd
}

// runTask starts a task (an action's operation, after its confirmation):
// a spinner while it runs, under the app's context and the action
// timeout, then onTaskDone.
func (a *App) runTask(t common.Task) tea.Cmd {
	a.tasks.lastID++
	id := a.tasks.lastID
	first := len(a.tasks.running) == 0
	a.tasks.running[id] = t.Label
	parent, timeout := a.ctx, a.c.Options.ActionTimeout
	run := func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, timeout)
		defer cancel()
		text, then, err := t.Op(ctx)
		return taskDoneMsg{id: id, task: t, text: text, err: err, then: then}
	}
	if first {
		return tea.Batch(run, a.tasks.spin.Tick)
	}
	return run
}

// onTaskDone shows the result; only on success does the follow-up run:
// the operation's next command, and the watch, installed on the page that
// asked (dropped if that page is gone).
func (a *App) onTaskDone(msg taskDoneMsg) tea.Cmd {
	delete(a.tasks.running, msg.id)
	if msg.err != nil {
		return a.showToast(common.ToastMsg{Text: msg.task.Label + " failed: " + msg.err.Error(), Error: true})
	}
	cmds := []tea.Cmd{msg.then}
	if msg.text != "" {
		cmds = append(cmds, a.showToast(common.ToastMsg{Text: msg.text}))
	}
	if msg.task.Watch != nil {
		cmds = append(cmds, a.toPage(msg.task.Page, common.WatchMsg{Watch: msg.task.Watch}))
	}
	return tea.Batch(cmds...)
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
