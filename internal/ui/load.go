package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/ui/common"
)

// The first LISTs of a connection (10,000 pods arrive as one stream) are
// the costliest moment of a session. To keep the first full screen close
// to what a bare informer needs (issue 13's floor):
//
//   - batches that arrive before the caches are full are not derived one
//     by one: the Resync at sync derives everything from the listers
//     anyway, so deriving each batch first was done twice (a quarter of
//     fdtui's own CPU at startup, profiled at 10,000 pods). A cluster that
//     takes long (or never syncs: a kind forbidden mid-way) still shows
//     what has arrived, re-derived at most once a second after the first
//     loadShowAfter.
const (
	loadShowAfter = 2 * time.Second
	loadShowEvery = time.Second
)

// loading is one connection's state until its caches are full.
type loading struct {
	connID int
	// start is when the connection began loading; shown is when the
	// screen last showed what had arrived.
	start, shown time.Time
	// pending: a batch came after shown; armed: a loadTickMsg is on its way.
	pending, armed bool
}

// loadTickMsg asks to show what has arrived on connection connID.
type loadTickMsg struct{ connID int }

// startLoading begins a connection's load (New, onConnected).
func (a *App) startLoading(connID int) {
	a.load = loading{connID: connID, start: time.Now()}
	a.mem.collectForLoading()
}

// onLoadingBatch takes a batch that arrived before sync: it is shown by a
// Resync, now if the screen has waited long enough, else by a timer.
func (a *App) onLoadingBatch() tea.Cmd {
	a.load.pending = true
	due := a.loadDue()
	if wait := time.Until(due); wait > 0 {
		if a.load.armed {
			return nil
		}
		a.load.armed = true
		id := a.load.connID
		return tea.Tick(wait, func(time.Time) tea.Msg { return loadTickMsg{connID: id} })
	}
	return a.showLoaded()
}

func (a *App) loadDue() time.Time {
	if a.load.shown.IsZero() {
		return a.load.start.Add(loadShowAfter)
	}
	return a.load.shown.Add(loadShowEvery)
}

func (a *App) onLoadTick(msg loadTickMsg) tea.Cmd {
	if !a.current(msg.connID) || msg.connID != a.load.connID {
		return nil
	}
	a.load.armed = false
	if a.synced || !a.load.pending {
		return nil
	}
	return a.showLoaded()
}

// showLoaded derives everything that has arrived so far.
func (a *App) showLoaded() tea.Cmd {
	a.load.pending, a.load.shown = false, time.Now()
	d := a.c.Conn.Store.Resync()
	a.top().Refresh(d)
	return a.toAll(common.DataChangedMsg{Dirty: d})
}
