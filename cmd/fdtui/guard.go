package main

import (
	"sync"

	tea "charm.land/bubbletea/v2"
)

// guard remembers a panic in the app's Update or View and lets it go on
// to Bubble Tea, which restores the terminal and returns ErrProgramPanic;
// run then prints what panicked and where the stack trace is. (Bubble
// Tea prints the panic itself, but to stderr, which is the log file while
// the UI runs.)
type guard struct {
	model tea.Model
	rec   *panicRecord
}

type panicRecord struct {
	mu    sync.Mutex
	value any
}

func (r *panicRecord) set(v any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.value == nil {
		r.value = v
	}
}

// Value is the first panic seen, or nil.
func (r *panicRecord) Value() any {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.value
}

func newGuard(m tea.Model) (guard, *panicRecord) {
	g := guard{model: m, rec: &panicRecord{}}
	return g, g.rec
}

func (g guard) Init() tea.Cmd { return g.model.Init() }

func (g guard) Update(msg tea.Msg) (_ tea.Model, cmd tea.Cmd) {
	defer g.note()
	g.model, cmd = g.model.Update(msg)
	return g, cmd
}

func (g guard) View() tea.View {
	defer g.note()
	return g.model.View()
}

func (g guard) note() {
	if r := recover(); r != nil {
		g.rec.set(r)
		panic(r)
	}
}
