package common

import (
	"context"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/ui/store"
)

// PageID names one opened page. Replies to a page's commands carry it
// (gh-dash's SectionMsg{Id}), so they reach that page even when it is not
// on top, and are dropped once it is gone.
type PageID int

// Page is one screen. Update returns the page itself (pointer pages).
type Page interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Page, tea.Cmd)
	View() string
	SetSize(width, height int)
	// Title is the breadcrumb name, e.g. "Sites" or "www-example-com".
	Title() string
	help.KeyMap
	// Refresh tells the page the store changed.
	Refresh(d store.Dirty)
	// ID is the page's address for async replies.
	ID() PageID
	// Ctx is cancelled when the page closes: its work runs under it.
	Ctx() context.Context
	// Close stops everything the page started (log streams, fetches):
	// the app calls it when the page leaves the stack, by esc, a jump or
	// a cluster switch.
	Close()
}

// Owner is what every page embeds: its ID and a context that is cancelled
// when the page closes or its connection closes, whichever comes first.
// Every goroutine, stream or request a page starts runs under Ctx.
type Owner struct {
	id     PageID
	ctx    context.Context
	cancel context.CancelFunc
}

// NewOwner gives a new page its ID and context (a child of the active
// connection's, so a cluster switch stops the page's work too).
func NewOwner(c *Common) Owner {
	c.pageIDs++
	parent := context.Background()
	if c.Conn != nil {
		parent = c.Conn.Ctx()
	}
	ctx, cancel := context.WithCancel(parent)
	return Owner{id: c.pageIDs, ctx: ctx, cancel: cancel}
}

// ID is the page's address.
func (o Owner) ID() PageID { return o.id }

// Ctx is cancelled when the page closes.
func (o Owner) Ctx() context.Context { return o.ctx }

// Close cancels the page's context. Pages with more to release wrap it.
func (o Owner) Close() {
	if o.cancel != nil {
		o.cancel()
	}
}

// Reply addresses cmd's message to this page: the app hands it to the
// page wherever it is on the stack, or drops it when the page is gone.
func (o Owner) Reply(cmd tea.Cmd) tea.Cmd { return ReplyTo(o.id, cmd) }

// PageMsg is a message for page To only.
type PageMsg struct {
	To  PageID
	Msg tea.Msg
}

// ReplyTo wraps cmd so that its message is delivered to page id only.
func ReplyTo(id PageID, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		msg := cmd()
		if msg == nil {
			return nil
		}
		return PageMsg{To: id, Msg: msg}
	}
}

// Filterable pages take the / filter.
type Filterable interface {
	SetFilter(f string)
	Filter() string
}

// Capturing pages (forms, confirmations, log search) take every key; the
// app's global keys then do not apply except ctrl+c.
type Capturing interface {
	Capturing() bool
}

// UsesMetrics pages want metrics.k8s.io polled while they are shown.
type UsesMetrics interface {
	SetUsage(u Usage)
}

// Fleetwide marks a page over every cluster (the fleet): the header names
// the connected cluster after it, for the pages opened from it, not before.
type Fleetwide interface{ Fleetwide() }
