package common

import (
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// KubeBatchMsg carries a batch of informer changes of connection ConnID.
type KubeBatchMsg struct {
	ConnID int
	Batch  kube.Batch
}

// DataChangedMsg is sent to every open page right after the store applied
// a batch (the top page refreshed first), so that follow-ups can react to
// what changed (a replacement pod became Ready, a rollout completed).
type DataChangedMsg struct {
	Dirty store.Dirty
}

// SyncedMsg says connection ConnID's caches are full.
type SyncedMsg struct{ ConnID int }

// PushMsg asks the app to open a page on top of the current one. Build,
// when set instead of Page, makes the page on the UI goroutine (a task's
// follow-up must not build pages in its own goroutine).
type PushMsg struct {
	Page  Page
	Build func() Page
}

// ResizedMsg tells the top page it has a new size (after SetSize), so it
// can prepare what it will now draw.
type ResizedMsg struct{}

// PopMsg asks the app to go back one page.
type PopMsg struct{}

// ConnectMsg asks the app to connect to a kubeconfig context and then
// open Then, when set (the fleet opens a site in its cluster). With Then
// set, a context already connected is not connected again; without, it
// is (fresh credentials).
type ConnectMsg struct {
	Context string
	Then    *Route
	// Under, when set, is the page put beneath Then instead of the
	// cluster's sites, so esc returns there (the fleet's enter).
	Under *Route
}

// ToastMsg shows a short message in the status bar.
type ToastMsg struct {
	Text  string
	Error bool
}

// Usage is a metrics poll's result.
type Usage struct {
	Nodes map[string]model.Usage
	// Err is set when usage is not available ("usage n/a").
	Err error
}

// UsageMsg carries a metrics poll result for connection ConnID.
type UsageMsg struct {
	ConnID int
	Usage  Usage
}

// Push is a command that opens a page.
func Push(p Page) tea.Cmd { return func() tea.Msg { return PushMsg{Page: p} } }

// PushBuilt is a command that opens the page build makes, built when the
// app handles it.
func PushBuilt(build func() Page) tea.Cmd { return func() tea.Msg { return PushMsg{Build: build} } }

// Pop is a command that goes back.
func Pop() tea.Msg { return PopMsg{} }

// Toast is a command that shows a message.
func Toast(text string, isErr bool) tea.Cmd {
	return func() tea.Msg { return ToastMsg{Text: text, Error: isErr} }
}
