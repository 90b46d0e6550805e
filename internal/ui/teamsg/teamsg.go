// Package teamsg runs Bubble Tea commands the way the program would, for
// tests that drive a page or the app without a terminal: tea.Batch and
// tea.Sequence answer with a slice of commands, which are run in turn
// (a valid schedule for either), and a command slower than a bound (a
// cursor blink, a timer) is left out.
package teamsg

import (
	"reflect"
	"runtime"
	"strings"
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

// Waits reports whether cmd waits by design rather than works: a timer
// (tea.Tick, tea.Every, a cursor's blink), the informer feed, or a page's
// listener on a stream. A test runner gives these a short bound (a timer
// that short fires at once, as in the program) and sets them aside after
// it; any other command is work, which it waits for much longer, however
// loaded the machine (under -race a form's next step took more than the
// 10 ms bound in CI, and the test's next key went to the old step). Known
// by the name Go gives the command's function, so a waiter it misses is
// still handled right, only slower: it is waited for up to the bound for
// work.
func Waits(cmd tea.Cmd) bool {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	for _, w := range []string{"Tick.func", "Every.func", "Blink.func", "(*App).watch.", "listen"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// Bound is how long a test runner waits for cmd before it sets cmd aside:
// wait for a waiter (see Waits), work for any other command.
func Bound(cmd tea.Cmd, wait, work time.Duration) time.Duration {
	if Waits(cmd) {
		return wait
	}
	return work
}
