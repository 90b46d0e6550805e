package triage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

func (f *Feature) logs(d PodPage, previous bool) common.Plan {
	e, ok := d.SelectedPod()
	if !ok {
		return common.Refuse("no pod selected")
	}
	// A pod that never started has no logs: the logs view then shows
	// its events instead of an empty screen.
	if model.NoLogsYet(e.Status) && !previous {
		return open(tea.Batch(common.Open(common.Route{Kind: common.RouteEvents, Namespace: e.Namespace, Pod: e.Name}),
			common.Toast(e.Name+" has no logs yet ("+e.Status+"): showing its events instead", false)))
	}
	pod, err := f.c.Conn.Store.L.Pods.Pods(e.Namespace).Get(e.Name)
	if err != nil {
		return common.Refuse(err.Error())
	}
	// Init containers first, as kubectl lists them: a failing drush
	// deploy's crash output is what the on-call engineer needs.
	var containers []string
	for _, c := range pod.Spec.InitContainers {
		containers = append(containers, c.Name)
	}
	for _, c := range pod.Spec.Containers {
		containers = append(containers, c.Name)
	}
	want := model.TroubledContainer(pod)
	if previous && !model.HasPreviousInstance(pod, want) {
		// A container that never restarted has no previous log to read:
		// its events say why it is where it is.
		return open(tea.Batch(common.Open(common.Route{Kind: common.RouteEvents, Namespace: e.Namespace, Pod: e.Name}),
			common.Toast(want+" in "+e.Name+" has not restarted, so it has no previous log: showing the pod's events", false)))
	}
	return open(common.Push(newLogsPage(f.c, e.Namespace, e.Name, containers, want, previous)))
}

// logsPage follows one container's logs into a bounded ring buffer; the
// view reads only the visible lines. "/" searches (n/N jump between hits).
type logsPage struct {
	common.Owner
	c                *common.Common
	cs               kubernetes.Interface
	ns, pod          string
	containers       []string
	container        int
	previous, follow bool
	buf              *kube.LogBuffer
	cancel           context.CancelFunc
	gen              int
	top              int // first visible line number
	width, height    int
	search           string
	hits             []int
	hit              int
	err              error
	lastEnd          int
	keys             logKeys
}

type logKeys struct {
	Follow, Previous, Container, Next, Prev key.Binding
	common.ScrollKeys
}

// newLogsPage opens the logs of container want (one of containers).
func newLogsPage(c *common.Common, ns, pod string, containers []string, want string, previous bool) *logsPage {
	b := common.Bind
	p := &logsPage{Owner: common.NewOwner(c), c: c, cs: c.Conn.Cluster.Client, ns: ns, pod: pod, containers: containers, previous: previous, follow: true,
		keys: logKeys{Follow: b("f", "follow on/off"), Previous: b("p", "previous container"), Container: b("c", "next container"),
			Next: b("n", "next match"), Prev: b("N", "previous match"), ScrollKeys: common.DefaultScrollKeys()}}
	for i, name := range containers {
		if name == want {
			p.container = i
		}
	}
	return p
}

type logTickMsg struct{ gen int }
type logEndMsg struct {
	gen int
	err error
}

func (p *logsPage) Init() tea.Cmd { return p.start() }

// start (re)opens the stream into a fresh buffer.
func (p *logsPage) start() tea.Cmd {
	p.stop()
	p.gen++
	p.buf = kube.NewLogBuffer(max(p.c.Options.LogLines, 100))
	p.err, p.top, p.lastEnd = nil, 0, 0
	// The stream is the page's: it ends when the page closes (esc, a jump,
	// a cluster switch, quit) or the connection does.
	ctx, cancel := context.WithCancel(p.Ctx())
	p.cancel = cancel
	cs, ns, pod, container, buf, gen := p.cs, p.ns, p.pod, p.containers[p.container], p.buf, p.gen
	opt := kube.LogOptions{Follow: !p.previous, Previous: p.previous}
	read := func() tea.Msg {
		r, err := kube.StreamLogs(ctx, cs, ns, pod, container, opt)
		if err != nil {
			return logEndMsg{gen: gen, err: err}
		}
		defer r.Close()
		_, err = buf.ReadFrom(r)
		if ctx.Err() != nil {
			return nil
		}
		return logEndMsg{gen: gen, err: err}
	}
	return tea.Batch(read, p.tick())
}

// tick redraws while the stream is open; it stops when the page closes.
func (p *logsPage) tick() tea.Cmd {
	gen := p.gen
	return tea.Tick(250*time.Millisecond, func(time.Time) tea.Msg { return logTickMsg{gen: gen} })
}

// stop ends the current stream (a restart with other options opens a
// new one).
func (p *logsPage) stop() {
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
}

// Close ends the stream and everything else of the page's.
func (p *logsPage) Close() {
	p.stop()
	p.Owner.Close()
}

func (p *logsPage) Title() string {
	which := "logs "
	if p.previous {
		which = "previous logs "
	}
	return which + p.pod + "/" + p.containers[p.container]
}

func (p *logsPage) Refresh(store.Dirty) {}
func (p *logsPage) SetSize(w, h int)    { p.width, p.height = w, max(1, h-1) }
func (p *logsPage) Filter() string      { return p.search }

// SetFilter is the app's "/" line: here it searches instead of filtering.
func (p *logsPage) SetFilter(f string) {
	p.search, p.hits, p.hit = f, nil, 0
	if f != "" {
		p.hits = p.buf.Search(f)
		p.jump(len(p.hits) - 1)
	}
}

func (p *logsPage) jump(i int) {
	if len(p.hits) == 0 {
		return
	}
	p.hit = (i + len(p.hits)) % len(p.hits)
	p.follow = false
	p.top = max(0, p.hits[p.hit]-p.height/2)
}

func (p *logsPage) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case logTickMsg:
		if msg.gen != p.gen || p.cancel == nil {
			return p, nil
		}
		if end := p.buf.End(); end != p.lastEnd && p.follow {
			p.lastEnd = end
			p.top = max(0, end-p.height)
		}
		return p, p.tick()
	case logEndMsg:
		if msg.gen == p.gen {
			// The stream ended (previous logs, or the container exited):
			// stop ticking and show the tail.
			p.err = msg.err
			p.stop()
			if p.follow {
				p.top = max(0, p.buf.End()-p.height)
			}
		}
		return p, nil
	case tea.KeyPressMsg:
		return p, p.onKey(msg)
	}
	return p, nil
}

func (p *logsPage) onKey(msg tea.KeyPressMsg) tea.Cmd {
	k := p.keys
	switch {
	case key.Matches(msg, k.Follow):
		p.follow = !p.follow
	case key.Matches(msg, k.Previous):
		p.previous = !p.previous
		return p.start()
	case key.Matches(msg, k.Container):
		p.container = (p.container + 1) % len(p.containers)
		return p.start()
	case key.Matches(msg, k.Next):
		p.jump(p.hit + 1)
	case key.Matches(msg, k.Prev):
		p.jump(p.hit - 1)
	default:
		p.scroll(msg)
	}
	return nil
}

func (p *logsPage) scroll(msg tea.KeyPressMsg) {
	if top, follow, ok := p.keys.Scroll(msg, p.top, p.height, int(p.buf.Dropped()), p.buf.End()); ok {
		p.top, p.follow = top, follow
	}
}

func (p *logsPage) View() string {
	st := p.c.Styles
	state := "following"
	if !p.follow {
		state = "paused (f follows)"
	}
	head := fmt.Sprintf(" %s · %s · %d lines kept (max %d)", p.Title(), state, p.buf.Len(), max(p.c.Options.LogLines, 100))
	if n := p.buf.Dropped(); n > 0 {
		head += fmt.Sprintf(", %d older dropped", n)
	}
	if p.search != "" {
		head += fmt.Sprintf(" · /%s %d/%d", p.search, min(p.hit+1, len(p.hits)), len(p.hits))
	}
	if p.err != nil {
		head += " · " + st.Paint(styles.Bad, p.err.Error())
	}
	var b strings.Builder
	b.WriteString(st.Paint(styles.Dim, ansi.Truncate(head, p.width, "…")))
	lines := p.buf.Lines(p.top, p.height)
	if len(lines) == 0 && p.err == nil {
		b.WriteString("\n" + st.Paint(styles.Dim, "  waiting for log lines…"))
	}
	for _, l := range lines {
		text := ansi.Truncate(strings.ReplaceAll(l.Text, "\t", "    "), p.width, "…")
		if p.search != "" && strings.Contains(l.Text, p.search) {
			text = strings.ReplaceAll(text, p.search, st.Paint(styles.Warn, p.search))
		}
		b.WriteString("\n" + text)
	}
	return b.String()
}

func (p *logsPage) ShortHelp() []key.Binding {
	k := p.keys
	return []key.Binding{k.Follow, k.Previous, k.Container, key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")), k.Next, k.Prev}
}

func (p *logsPage) FullHelp() [][]key.Binding {
	k := p.keys
	return [][]key.Binding{p.ShortHelp(), {k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}}
}
