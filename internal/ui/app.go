// Package ui is fdtui's Bubble Tea application: the App routes messages to
// the page on top of its stack, feeds informer batches into the store, and
// draws the header, the command/filter line and the status bar.
package ui

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/keys"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

type inputMode int

const (
	modeNone inputMode = iota
	modeCommand
	modeFilter
)

// App is the root model.
type App struct {
	c        *common.Common
	stack    []common.Page
	keys     keys.Global
	help     help.Model
	input    textinput.Model
	mode     inputMode
	showHelp bool
	toast    common.ToastMsg
	toastGen int
	nextID   int
	// connecting names the context being connected to ("" when idle).
	connecting string
	// pollGen invalidates metrics polls when the page or cluster changes.
	pollGen int
	synced  bool
	tasks   taskState
}

// New returns the app on an already connected cluster (conn may be nil
// to start on the clusters page).
func New(c *common.Common, conn *common.Conn) *App {
	if c.Styles == nil {
		c.Styles = styles.Default(true)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Options.MetricsInterval == 0 {
		c.Options.MetricsInterval = 15 * time.Second
	}
	a := &App{c: c, keys: keys.Default(), help: help.New(), input: textinput.New(), tasks: newTaskState()}
	a.help.Styles = c.Styles.Help
	a.input.Prompt = ""
	if conn != nil {
		a.nextID = conn.ID + 1
		a.c.Conn = conn
		a.stack = []common.Page{pages.NewSites(c)}
	} else {
		a.stack = []common.Page{pages.NewClusters(c)}
	}
	return a
}

// ConnectHooks run on every new connection (at start and after each
// switch), e.g. the DigitalOcean credentials watcher.
var ConnectHooks []func(c *common.Common, conn *common.Conn) tea.Cmd

func (a *App) connectHooks(conn *common.Conn) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(ConnectHooks))
	for _, h := range ConnectHooks {
		cmds = append(cmds, h(a.c, conn))
	}
	return tea.Batch(cmds...)
}

// Init starts the informer feed and asks the terminal's background colour.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, a.top().Init()}
	if a.c.Conn != nil {
		cmds = append(cmds, a.watch(a.c.Conn), a.waitSynced(a.c.Conn), a.connectHooks(a.c.Conn), a.schedulePing(a.c.Conn))
	}
	return tea.Batch(cmds...)
}

func (a *App) top() common.Page { return a.stack[len(a.stack)-1] }

// Update routes one message. Each case delegates to a small method.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.c.Width, a.c.Height = msg.Width, msg.Height
		a.resize()
		return a, nil
	case tea.BackgroundColorMsg:
		a.restyle(msg.IsDark())
		return a, a.updateTop(msg) // forms adapt their theme too
	case tea.KeyPressMsg:
		return a, a.onKey(msg)
	case common.KubeBatchMsg:
		return a, a.onBatch(msg)
	case common.SyncedMsg:
		return a, a.onSynced(msg)
	case common.UsageMsg:
		return a, a.onUsage(msg)
	case pollMsg:
		return a, a.onPoll(msg)
	case pingMsg:
		return a, a.onPing(msg)
	case common.PushMsg:
		return a, a.push(msg.Page)
	case common.PopMsg:
		return a, a.pop()
	case common.ConnectMsg:
		return a, a.connect(msg.Context)
	case connectedMsg:
		return a, a.onConnected(msg)
	case connectFailedMsg:
		a.connecting = ""
		return a, a.showToast(common.ToastMsg{Text: msg.err.Error(), Error: true})
	case common.ToastMsg:
		return a, a.showToast(msg)
	case actions.StartedMsg:
		return a, a.onTaskStarted(msg)
	case actions.DoneMsg:
		return a, a.onTaskDone(msg)
	case spinner.TickMsg:
		return a, a.onSpin(msg)
	case toastExpiredMsg:
		if msg.gen == a.toastGen {
			a.toast = common.ToastMsg{}
		}
		return a, nil
	}
	return a, a.updateTop(msg)
}

func (a *App) updateTop(msg tea.Msg) tea.Cmd {
	p, cmd := a.top().Update(msg)
	a.stack[len(a.stack)-1] = p
	return cmd
}

func (a *App) capturing() bool {
	c, ok := a.top().(common.Capturing)
	return ok && c.Capturing()
}

func (a *App) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, a.keys.ForceQuit) {
		return a.quit()
	}
	if a.mode != modeNone {
		return a.onInputKey(msg)
	}
	if a.capturing() {
		return a.updateTop(msg)
	}
	if a.showHelp {
		a.showHelp = false
		return nil
	}
	switch {
	case key.Matches(msg, a.keys.Quit):
		return a.quit()
	case key.Matches(msg, a.keys.Help):
		a.showHelp = true
	case key.Matches(msg, a.keys.Command):
		return a.startInput(modeCommand, "")
	case key.Matches(msg, a.keys.Filter):
		if _, ok := a.top().(common.Filterable); ok {
			// A fresh prompt, like k9s: typing replaces the old filter.
			return a.startInput(modeFilter, "")
		}
	case key.Matches(msg, a.keys.Back):
		return a.back()
	default:
		return a.updateTop(msg)
	}
	return nil
}

// back clears an active filter first, then pops the page (k9s does the same).
func (a *App) back() tea.Cmd {
	if f, ok := a.top().(common.Filterable); ok && f.Filter() != "" {
		f.SetFilter("")
		return nil
	}
	return a.pop()
}

func (a *App) quit() tea.Cmd {
	if a.c.Conn != nil {
		a.c.Conn.Close()
	}
	return tea.Quit
}

func (a *App) push(p common.Page) tea.Cmd {
	a.stack = append(a.stack, p)
	a.resize()
	return tea.Batch(p.Init(), a.startPolling())
}

func (a *App) pop() tea.Cmd {
	if len(a.stack) == 1 {
		return nil
	}
	closePage(a.top())
	a.stack = a.stack[:len(a.stack)-1]
	a.resize()
	// The page below missed the batches that arrived while it was hidden.
	// Every page refreshes on one of these flags; none needs the namespace.
	a.top().Refresh(store.Dirty{Sites: true, Pods: true, Nodes: true, Events: true, Connection: true})
	return a.startPolling()
}

// replace makes p the only page (used by : jumps so esc does not walk back
// through every jump).
func (a *App) replace(p common.Page) tea.Cmd {
	for _, old := range a.stack {
		closePage(old)
	}
	a.stack = []common.Page{p}
	a.resize()
	return tea.Batch(p.Init(), a.startPolling())
}

func closePage(p common.Page) {
	if c, ok := p.(common.Closer); ok {
		c.Close()
	}
}

func (a *App) restyle(dark bool) {
	st := styles.Default(dark)
	*a.c.Styles = *st
	a.help.Styles = st.Help
}

func (a *App) showToast(t common.ToastMsg) tea.Cmd {
	a.toast = t
	a.toastGen++
	gen := a.toastGen
	return tea.Tick(6*time.Second, func(time.Time) tea.Msg { return toastExpiredMsg{gen: gen} })
}

type toastExpiredMsg struct{ gen int }
