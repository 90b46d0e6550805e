package common

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Capability is what RBAC must allow for an action: the resource
// attributes of a SelfSubjectAccessReview, asked in the page's namespace.
type Capability struct {
	Verb, Group, Resource, Subresource string
}

// String is kubectl's spelling, e.g. "patch deployments.apps" or
// "get pods/log".
func (c Capability) String() string {
	r := c.Resource
	if c.Group != "" {
		r += "." + c.Group
	}
	if c.Subresource != "" {
		r += "/" + c.Subresource
	}
	return c.Verb + " " + r
}

// Action is one key that does something (k9s' KeyAction with its
// Dangerous flag). A page's constructor lists its actions; pages.Actions
// applies the gates every action passes, in one place:
//   - Mutates: read-only mode (--readonly) leaves it out of help and
//     refuses the key with the reason;
//   - Need: checked with a SelfSubjectAccessReview in the page's
//     namespace; a denied action stays in help marked "(forbidden)" and is
//     refused with the apiserver's reason;
//   - Do decides, from the page's state when the key is pressed, what
//     happens: a refusal, a page to open, or a task (asked first when the
//     plan has a Prompt) whose follow-up runs only after yes and success.
type Action struct {
	Key     key.Binding
	Mutates bool
	// Need is the RBAC permission; the zero value needs none.
	Need Capability
	Do   func() Plan
}

// Plan is what one press of an action does.
type Plan struct {
	// Refuse says why nothing happens (shown as an error toast).
	Refuse string
	// Open is a command that opens a page or a wizard, which then asks
	// its own questions. With a Task, it runs first (e.g. close a list
	// before its prompt).
	Open tea.Cmd
	// Confirm, when set, is asked before Task runs.
	Confirm *Prompt
	// Task is the operation.
	Task *Task
}

// Refuse is a plan that does nothing and says why.
func Refuse(why string) Plan { return Plan{Refuse: why} }

// Prompt is a confirmation: y/n, or Typed text that must be typed for
// what cannot be undone.
type Prompt struct {
	Title string
	// Lines say exactly what will happen.
	Lines []string
	Typed string
}

// Watch follows up a finished action on the page that asked for it (a
// replacement pod becoming Ready, a rollout completing or sticking). It
// is installed only after the user confirmed and the operation
// succeeded, then sees every data change until it reports done.
type Watch interface {
	// Check looks at the connection's store; it returns what to say and
	// whether the watch is over.
	Check(c *Common, now time.Time) (tea.Cmd, bool)
}

// Deadliner is a Watch that must be checked again after Deadline even if
// nothing changes (it gives up at a bound).
type Deadliner interface {
	Deadline() time.Duration
}

// Keyed is a Watch that a newer one with the same key replaces (the
// rollout of one site is followed by one watch at a time).
type Keyed interface {
	WatchKey() string
}

// WatchMsg installs a follow-up on the page it is addressed to.
type WatchMsg struct{ Watch Watch }

// Bind is a key binding whose help key is its first key.
func Bind(k, help string, more ...string) key.Binding {
	return key.NewBinding(key.WithKeys(append([]string{k}, more...)...), key.WithHelp(k, help))
}

// Forbidden marks a binding's help as forbidden by RBAC.
func Forbidden(b key.Binding) key.Binding {
	h := b.Help()
	if strings.HasSuffix(h.Desc, "(forbidden)") {
		return b
	}
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(h.Key, h.Desc+" (forbidden)"))
}
