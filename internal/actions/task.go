// Package actions holds the operations that change the world. Each is
// run as a tea.Cmd: Run reports a task started (the app shows a spinner),
// runs the operation off the UI goroutine with a timeout, and reports the
// result. The live view then shows the effect through the informers.
package actions

import (
	"context"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
)

// StartedMsg says a task began.
type StartedMsg struct {
	ID    int64
	Label string
}

// DoneMsg says a task ended. Text is the one-line result; Err is set on
// failure. Then, when set, is run by the app afterwards (e.g. watch the
// rollout an image roll started).
type DoneMsg struct {
	ID    int64
	Label string
	Text  string
	Err   error
	Then  tea.Cmd
}

var lastID atomic.Int64

// Timeout bounds every operation.
var Timeout = 30 * time.Second

// Op is an operation: it returns a one-line result.
type Op func(ctx context.Context) (string, error)

// Run starts op as a task labelled label ("rolling back web in shop-acme-org").
func Run(label string, op Op) tea.Cmd {
	id := lastID.Add(1)
	started := func() tea.Msg { return StartedMsg{ID: id, Label: label} }
	run := func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), Timeout)
		defer cancel()
		text, err := op(ctx)
		return DoneMsg{ID: id, Label: label, Text: text, Err: err}
	}
	return tea.Sequence(started, run)
}
