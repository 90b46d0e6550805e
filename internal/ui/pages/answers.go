package pages

import "sync"

// Answers is a copy of a form's answers for huh's dynamic functions
// (TitleFunc, DescriptionFunc, OptionsFunc). huh calls those in a command,
// off the UI goroutine, while the form writes its fields on the UI
// goroutine: reading the fields there is a data race (found by the race
// detector in the cluster wizard's review). The functions read Get, a copy
// that Form.Copies refreshes on the UI goroutine after each of the form's
// updates, before the commands it returned run.
type Answers[T any] struct {
	take func() T // on the UI goroutine only
	mu   sync.Mutex
	v    T
}

// NewAnswers starts with take's copy; take must return a value that
// shares nothing the form writes (copy slices and pointed-to values).
func NewAnswers[T any](take func() T) *Answers[T] {
	return &Answers[T]{take: take, v: take()}
}

// Get is the last copy; safe from any goroutine.
func (a *Answers[T]) Get() T {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.v
}

// Refresh takes a new copy; call it on the UI goroutine (Form.Copies does).
func (a *Answers[T]) Refresh() {
	v := a.take()
	a.mu.Lock()
	a.v = v
	a.mu.Unlock()
}
