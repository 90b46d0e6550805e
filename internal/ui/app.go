package ui

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

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
	f        *features
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
	load    loading
	tasks   taskState
	// timedAt is when the armed time-based re-evaluation fires (zero:
	// none armed).
	timedAt time.Time
	// mem hands free heap back to the OS (gc.go).
	mem *releaser
	// ctx ends at quit: tasks run under it.
	ctx    context.Context
	cancel context.CancelFunc
}

// New builds the app as shipped: every feature composed (compose.go), on
// an already connected cluster (cfg.Conn may be nil to start on the
// clusters page). cmd/fdtui, every UI test and every benchmark call it.
func New(cfg Config) *App {
	c := cfg.Common
	if c == nil {
		c = &common.Common{}
	}
	if c.Styles == nil {
		c.Styles = styles.Default(true)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Probe == nil {
		c.Probe = pages.ProbeServer
	}
	o := &c.Options
	o.MetricsInterval = orDefault(o.MetricsInterval, 15*time.Second)
	o.ActionTimeout = orDefault(o.ActionTimeout, 30*time.Second)
	o.BatchWindow = orDefault(o.BatchWindow, 100*time.Millisecond)
	o.PingInterval = orDefault(o.PingInterval, 20*time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	a := &App{c: c, keys: keys.Default(), help: help.New(), input: textinput.New(), tasks: newTaskState(), ctx: ctx, cancel: cancel, mem: &releaser{}}
	a.f = compose(c, cfg)
	names := make([]string, 0, len(a.f.commands))
	for _, cmd := range a.f.offered() {
		names = append(names, cmd.Name)
	}
	a.keys = keys.Default(names...)
	a.help.Styles = c.Styles.Help
	a.input.Prompt = ""
	if cfg.Conn != nil {
		a.nextID = cfg.Conn.ID + 1
		a.c.Conn = cfg.Conn
		a.startLoading(cfg.Conn.ID)
		a.stack = []common.Page{a.f.page(common.Route{Kind: common.RouteSites})}
	} else if a.f.fleet.Start() {
		a.stack = []common.Page{a.f.page(common.Route{Kind: common.RouteFleet})}
	} else {
		a.stack = []common.Page{a.f.page(common.Route{Kind: common.RouteClusters})}
	}
	return a
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Init starts the informer feed and asks the terminal's background colour.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, a.top().Init()}
	if a.c.Conn != nil {
		cmds = append(cmds, a.watch(a.c.Conn), a.waitSynced(a.c.Conn), a.f.onConnect(a.c.Conn), a.schedulePing(a.c.Conn))
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
		return a, a.updateTop(common.ResizedMsg{})
	case common.PageMsg:
		return a, a.toPage(msg.To, msg.Msg)
	case tea.BackgroundColorMsg:
		a.restyle(msg.IsDark())
		return a, a.updateTop(msg) // forms adapt their theme too
	case tea.KeyPressMsg:
		return a, a.onKey(msg)
	case common.KubeBatchMsg:
		return a, a.onBatch(msg)
	case common.SyncedMsg:
		return a, a.onSynced(msg)
	case loadTickMsg:
		return a, a.onLoadTick(msg)
	case common.UsageMsg:
		return a, a.onUsage(msg)
	case pollMsg:
		return a, a.onPoll(msg)
	case pingMsg:
		return a, a.onPing(msg)
	case timedMsg:
		return a, a.onTimed(msg)
	case common.PushMsg:
		if msg.Build != nil {
			return a, a.push(msg.Build())
		}
		return a, a.push(msg.Page)
	case common.OpenMsg:
		if msg.Replace {
			return a, a.replace(a.f.page(msg.Route))
		}
		return a, a.push(a.f.page(msg.Route))
	case common.PopMsg:
		return a, a.pop()
	case common.ConnectMsg:
		return a, a.connectThen(msg)
	case connectedMsg:
		return a, a.onConnected(msg)
	case connectFailedMsg:
		a.connecting = ""
		return a, a.showToast(common.ToastMsg{Text: msg.err.Error(), Error: true})
	case common.ToastMsg:
		return a, a.showToast(msg)
	case common.TaskMsg:
		return a, a.runTask(msg.Task)
	case taskDoneMsg:
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

// toPage delivers a page-addressed message to that page wherever it is on
// the stack; a reply for a page that is gone is dropped.
func (a *App) toPage(id common.PageID, msg tea.Msg) tea.Cmd {
	for i, p := range a.stack {
		if p.ID() == id {
			np, cmd := p.Update(msg)
			a.stack[i] = np
			return cmd
		}
	}
	return nil
}

// toAll delivers msg to every open page, top first (data changes reach
// the follow-ups of pages underneath too).
func (a *App) toAll(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(a.stack))
	for i := len(a.stack) - 1; i >= 0; i-- {
		np, cmd := a.stack[i].Update(msg)
		a.stack[i] = np
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
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

// quit closes every page, the connection and the features' background
// work, then ends the program (which restores the terminal).
func (a *App) quit() tea.Cmd {
	a.Close()
	return tea.Quit
}

// Close releases everything the app started; quit calls it, and so do
// tests that drop an app without quitting.
func (a *App) Close() {
	for _, p := range a.stack {
		p.Close()
	}
	if a.c.Conn != nil {
		a.c.Conn.Close()
	}
	a.f.close()
	a.cancel()
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
	a.top().Close()
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
	a.closeAll()
	a.stack = []common.Page{p}
	a.resize()
	return tea.Batch(p.Init(), a.startPolling())
}

// closeAll closes every page on the stack: whatever a jump drops stops
// its work (a followed log stream, a fetch).
func (a *App) closeAll() {
	for _, old := range a.stack {
		old.Close()
	}
	a.stack = nil
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
