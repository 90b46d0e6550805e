package actions

import (
	"context"

	tea "charm.land/bubbletea/v2"
)

// ThenOp is an operation that leads somewhere: besides its one-line result
// it returns the command to run next (e.g. connect to the cluster whose
// credentials it just saved). then is ignored when err is set.
type ThenOp func(ctx context.Context) (text string, then tea.Cmd, err error)

// RunThen is Run for a ThenOp: the app shows the result and, on success,
// runs the follow-up command (DoneMsg.Then).
func RunThen(label string, op ThenOp) tea.Cmd {
	id := lastID.Add(1)
	started := func() tea.Msg { return StartedMsg{ID: id, Label: label} }
	run := func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), Timeout)
		defer cancel()
		text, then, err := op(ctx)
		if err != nil {
			then = nil
		}
		return DoneMsg{ID: id, Label: label, Text: text, Err: err, Then: then}
	}
	return tea.Sequence(started, run)
}
