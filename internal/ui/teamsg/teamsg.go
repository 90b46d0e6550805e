// Package teamsg runs Bubble Tea commands the way the program would, for
// tests that drive a page or the app without a terminal: tea.Batch and
// tea.Sequence answer with a slice of commands, which are run in turn
// (a valid schedule for either), and a command slower than a bound (a
// cursor blink, a timer) is left out.
package teamsg

import (
	"reflect"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Commands recognises tea.BatchMsg and Bubble Tea's unexported sequence
// message: both are slices of commands.
func Commands(msg tea.Msg) ([]tea.Cmd, bool) {
	if b, ok := msg.(tea.BatchMsg); ok {
		return b, true
	}
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeOf(tea.Cmd(nil)) {
		return nil, false
	}
	cmds := make([]tea.Cmd, v.Len())
	for i := range cmds {
		cmds[i] = v.Index(i).Interface().(tea.Cmd)
	}
	return cmds, true
}

// Run runs cmd and the commands its batches and sequences hold, and
// returns their messages in order; commands that take longer than wait
// are dropped.
func Run(cmd tea.Cmd, wait time.Duration) []tea.Msg {
	if cmd == nil {
		return nil
	}
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-ch:
	case <-time.After(wait):
		return nil
	}
	if cmds, ok := Commands(msg); ok {
		var out []tea.Msg
		for _, c := range cmds {
			out = append(out, Run(c, wait)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}
