package common

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// Op is a world-changing operation (usually a call into internal/actions):
// it returns a one-line result, and optionally a command to run next
// (e.g. connect to the cluster whose credentials it saved). Then is
// ignored when err is set.
type Op func(ctx context.Context) (text string, then tea.Cmd, err error)

// Task is an operation the app runs off the UI goroutine, with a spinner
// in the status bar and a toast with its result. The app gives it a
// context that ends at quit and after Options.ActionTimeout.
type Task struct {
	// Label says what runs ("rolling back web in shop-acme-org").
	Label string
	Op    Op
	// Page is the page that asked (set by pages.Actions); Watch is
	// installed on it after success.
	Page  PageID
	Watch Watch
}

// NewTask is a task whose operation only reports a result.
func NewTask(label string, op func(ctx context.Context) (string, error)) *Task {
	return &Task{Label: label, Op: func(ctx context.Context) (string, tea.Cmd, error) {
		text, err := op(ctx)
		return text, nil, err
	}}
}

// NewTaskThen is a task whose operation leads somewhere.
func NewTaskThen(label string, op Op) *Task { return &Task{Label: label, Op: op} }

// TaskMsg asks the app to run a task.
type TaskMsg struct{ Task Task }

// Cmd asks the app to run t.
func (t *Task) Cmd() tea.Cmd {
	task := *t
	return func() tea.Msg { return TaskMsg{Task: task} }
}
