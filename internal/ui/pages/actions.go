package pages

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/ui/common"
)

// ReadOnlyRefusal is what a mutating key answers under --readonly.
const ReadOnlyRefusal = "read-only mode (--readonly): actions that change the cluster are off"

// Actions are one page's keys that do something, and the one place where
// every gate is applied (see common.Action): read-only mode, RBAC in the
// page's namespace, confirmation, and follow-ups armed only after yes and
// success. A page embeds it, offers it every message first, and lists
// its Keys in help.
type Actions struct {
	c    *common.Common
	page common.PageID
	// followUps is the page whose follow-ups the tasks arm (the page
	// itself, unless FollowUpsOn moved them).
	followUps common.PageID
	namespace string
	list      []common.Action
	// denied maps a capability RBAC refused to the apiserver's reason.
	denied  map[common.Capability]string
	watches []common.Watch
}

// NewActions gathers a page's actions; namespace is where RBAC is asked
// ("" for cluster-wide pages).
func NewActions(c *common.Common, page common.PageID, namespace string, lists ...[]common.Action) *Actions {
	s := &Actions{c: c, page: page, followUps: page, namespace: namespace, denied: map[common.Capability]string{}}
	for _, l := range lists {
		s.list = append(s.list, l...)
	}
	return s
}

// FollowUpsOn sends the tasks' follow-ups to another page (a history
// list's rollback is watched on the site's page, which outlives it).
func (s *Actions) FollowUpsOn(page common.PageID) *Actions {
	s.followUps = page
	return s
}

// List is every action, in the order given (read-only ones included).
func (s *Actions) List() []common.Action { return s.list }

// Keys is the help: read-only mode leaves the mutating actions out, and
// forbidden ones are marked.
func (s *Actions) Keys() []key.Binding {
	out := make([]key.Binding, 0, len(s.list))
	for _, a := range s.list {
		if a.Mutates && s.c.Options.ReadOnly {
			continue
		}
		if _, denied := s.denied[a.Need]; denied {
			out = append(out, common.Forbidden(a.Key))
			continue
		}
		out = append(out, a.Key)
	}
	return out
}

// accessMsg answers the RBAC questions of one page.
type accessMsg struct {
	namespace string
	denied    map[common.Capability]string
}

// Init asks the apiserver which of the actions this user may take in the
// page's namespace. The answer is addressed to this page.
func (s *Actions) Init(ctx context.Context) tea.Cmd {
	if s.c.Conn == nil || s.c.Conn.Access == nil {
		return nil
	}
	var needs []common.Capability
	seen := map[common.Capability]bool{}
	for _, a := range s.list {
		if a.Need != (common.Capability{}) && !seen[a.Need] && !(a.Mutates && s.c.Options.ReadOnly) {
			seen[a.Need] = true
			needs = append(needs, a.Need)
		}
	}
	if len(needs) == 0 {
		return nil
	}
	access, ns := s.c.Conn.Access, s.namespace
	return common.ReplyTo(s.page, func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		denied := map[common.Capability]string{}
		for _, need := range needs {
			ok, reason, err := access.Can(ctx, need.Verb, need.Group, need.Resource, need.Subresource, ns)
			switch {
			case err != nil:
				// Unknown: offer the action; the apiserver still decides.
			case !ok:
				if reason == "" {
					reason = "not allowed to " + need.String() + " (RBAC)"
				}
				denied[need] = reason
			}
		}
		return accessMsg{namespace: ns, denied: denied}
	})
}

// Update handles the page's action keys, the RBAC answers, follow-ups and
// the data changes they watch. handled is false for everything else
// (data changes are also the page's).
func (s *Actions) Update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		for _, a := range s.list {
			if key.Matches(msg, a.Key) {
				return s.press(a), true
			}
		}
	case accessMsg:
		if msg.namespace == s.namespace {
			s.denied = msg.denied
		}
		return nil, true
	case common.WatchMsg:
		s.watches = append(dropKey(s.watches, msg.Watch), msg.Watch)
		return tea.Batch(s.check(), s.deadline(msg.Watch)), true
	case watchDeadlineMsg:
		return s.check(), true
	case common.DataChangedMsg:
		return s.check(), false
	}
	return nil, false
}

// press runs one action through the gates.
func (s *Actions) press(a common.Action) tea.Cmd {
	if a.Mutates && s.c.Options.ReadOnly {
		return common.Toast(ReadOnlyRefusal, true)
	}
	if reason, denied := s.denied[a.Need]; denied {
		return common.Toast(reason, true) // "not allowed to patch apps/deployments in namespace …: …"
	}
	plan := a.Do()
	switch {
	case plan.Refuse != "":
		return common.Toast(plan.Refuse, true)
	case plan.Task == nil:
		return plan.Open
	}
	task := *plan.Task
	task.Page = s.followUps
	run := task.Cmd()
	if plan.Confirm != nil {
		// Only yes runs the task; no and esc leave nothing armed.
		run = common.Push(NewPrompt(s.c, *plan.Confirm, run))
	}
	if plan.Open != nil {
		return tea.Sequence(plan.Open, run)
	}
	return run
}

// dropKey removes the watches a new one supersedes (same WatchKey).
func dropKey(watches []common.Watch, w common.Watch) []common.Watch {
	k, ok := w.(common.Keyed)
	if !ok {
		return watches
	}
	out := watches[:0]
	for _, old := range watches {
		if ok, same := old.(common.Keyed); same && ok.WatchKey() == k.WatchKey() {
			continue
		}
		out = append(out, old)
	}
	return out
}

// watchDeadlineMsg asks for one more check when nothing changed.
type watchDeadlineMsg struct{}

// deadline schedules that check for a watch that gives up at a bound
// (common.Deadliner): a time-based judgement must not wait for the next
// change of the data.
func (s *Actions) deadline(w common.Watch) tea.Cmd {
	d, ok := w.(common.Deadliner)
	if !ok {
		return nil
	}
	return common.ReplyTo(s.page, tea.Tick(d.Deadline(), func(time.Time) tea.Msg { return watchDeadlineMsg{} }))
}

// check runs the follow-ups after a data change, dropping finished ones.
func (s *Actions) check() tea.Cmd {
	if len(s.watches) == 0 || s.c.Conn == nil {
		return nil
	}
	var cmds []tea.Cmd
	keep := s.watches[:0]
	now := s.c.Now()
	for _, w := range s.watches {
		cmd, done := w.Check(s.c, now)
		cmds = append(cmds, cmd)
		if !done {
			keep = append(keep, w)
		}
	}
	s.watches = keep
	return tea.Batch(cmds...)
}

// Watching is how many follow-ups are armed (tests).
func (s *Actions) Watching() int { return len(s.watches) }
