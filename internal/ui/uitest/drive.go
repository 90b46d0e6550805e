package uitest

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/ui/teamsg"
)

// Driver runs a model without a terminal: it sends messages and runs the
// commands they return, feeding their messages back, so that a test sees
// what a user would after each key. A command that waits by design
// (teamsg.Waits: timers, the informer feed, a page's listener) and does
// not answer within Wait is set aside; any other command is work and is
// waited for up to Work, so that a loaded machine (-race, every package
// at once) does not turn a key's own answer into a late one. Poll
// delivers what was set aside.
type Driver struct {
	Model tea.Model
	Wait  time.Duration
	Work  time.Duration
	// late receives the messages of commands set aside; Poll delivers
	// them, like an event loop.
	late chan tea.Msg
}

// NewDriver wraps m.
func NewDriver(m tea.Model) *Driver {
	return &Driver{Model: m, Wait: 50 * time.Millisecond, Work: 2 * time.Second, late: make(chan tea.Msg, 4096)}
}

// Run runs a command (e.g. the model's Init) like the program would.
func (d *Driver) Run(cmd tea.Cmd) { d.run(cmd, 0) }

// Poll delivers messages of slow commands that arrived within d.
func (d *Driver) Poll(wait time.Duration) {
	deadline := time.After(wait)
	for {
		select {
		case msg := <-d.late:
			d.deliver(msg, 0)
		case <-deadline:
			return
		}
	}
}

// WaitFor polls until cond holds for the screen, or fails after timeout.
func (d *Driver) WaitFor(t testing.TB, timeout time.Duration, what string, cond func(screen string) bool) {
	t.Helper()
	end := time.Now().Add(timeout)
	for time.Now().Before(end) {
		if cond(d.Screen()) {
			return
		}
		d.Poll(100 * time.Millisecond)
	}
	t.Fatalf("timed out after %s waiting for %s; screen:\n%s", timeout, what, d.Screen())
}

// Send delivers msgs in order.
func (d *Driver) Send(msgs ...tea.Msg) {
	for _, msg := range msgs {
		d.deliver(msg, 0)
	}
}

// Keys types keys: single characters, or names like "enter", "esc", "down".
func (d *Driver) Keys(keys ...string) {
	for _, k := range keys {
		d.Send(Key(k))
	}
}

// Type types text one character at a time.
func (d *Driver) Type(s string) {
	for _, r := range s {
		d.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// Key builds a key press message from a name.
func Key(k string) tea.KeyPressMsg {
	named := map[string]rune{"enter": tea.KeyEnter, "esc": tea.KeyEscape, "down": tea.KeyDown, "up": tea.KeyUp,
		"tab": tea.KeyTab, "backspace": tea.KeyBackspace, "pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "space": tea.KeySpace}
	if r, ok := named[k]; ok {
		return tea.KeyPressMsg{Code: r}
	}
	if len(k) > 5 && k[:5] == "ctrl+" {
		return tea.KeyPressMsg{Code: rune(k[5]), Mod: tea.ModCtrl}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

func (d *Driver) deliver(msg tea.Msg, depth int) {
	if msg == nil || depth > 20 {
		return
	}
	if cmds, ok := teamsg.Commands(msg); ok {
		// tea.Batch and tea.Sequence both carry a list of commands; run
		// them in order, which is a valid schedule for either.
		for _, c := range cmds {
			d.run(c, depth+1)
		}
		return
	}
	var cmd tea.Cmd
	d.Model, cmd = d.Model.Update(msg)
	d.run(cmd, depth+1)
}

func (d *Driver) run(cmd tea.Cmd, depth int) {
	if cmd == nil {
		return
	}
	wait := teamsg.Bound(cmd, d.Wait, d.Work)
	ch := make(chan tea.Msg, 1)
	go func() { ch <- cmd() }()
	select {
	case msg := <-ch:
		d.deliver(msg, depth)
	case <-time.After(wait):
		go func() {
			if msg := <-ch; msg != nil {
				d.late <- msg
			}
		}()
	}
}

// Screen is the current frame without colours.
func (d *Driver) Screen() string {
	return ansi.Strip(d.Model.View().Content)
}
