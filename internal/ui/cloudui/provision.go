package cloudui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
	"github.com/flightdeck/fdtui/internal/ui/styles"
)

type phase int

const (
	phaseCreating phase = iota
	phaseProvisioning
	phaseSaving
	phaseConnecting
	phaseFailed
)

// provision follows a new cluster from the create call to a saved,
// connected context, showing DigitalOcean's status messages. esc stops
// waiting, never the cluster. When DigitalOcean refuses the create, enter
// goes back to the wizard with every answer as it was.
type provision struct {
	common.Owner
	c    *common.Common
	s    *service
	req  do.CreateRequest
	cost do.Cost
	// again reopens the wizard with the answers that made req and why
	// DigitalOcean refused them.
	again func(refusal error) tea.Cmd
	// registryErr is why AddRegistry failed (the cluster exists anyway).
	registryErr error

	phase    phase
	cluster  do.Cluster
	messages []string
	err      error
	context  string
	pollErr  error
	frame    int
	started  time.Time
	width    int
}

// The page's own messages carry the page, so a second wizard's messages
// never reach the first. The app's spinner.TickMsg goes to its own
// spinner, hence a separate tick.
type (
	createdMsg struct {
		p                *provision
		cluster          do.Cluster
		registryErr, err error
	}
	pollTickMsg struct{ p *provision }
	polledMsg   struct {
		p        *provision
		cluster  do.Cluster
		messages []string
		err      error
	}
	savedMsg struct {
		p       *provision
		context string
		err     error
	}
	spinMsg struct{ p *provision }
)

var spin = spinner.Dot

func newProvision(c *common.Common, s *service, req do.CreateRequest, cost do.Cost, again func(error) tea.Cmd) *provision {
	return &provision{Owner: common.NewOwner(c), c: c, s: s, req: req, cost: cost, again: again, started: c.Now()}
}

func (p *provision) Init() tea.Cmd {
	api, req := p.s.cfg.DO, p.req
	create := func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), do.DefaultTimeout)
		defer cancel()
		cl, registryErr, err := actions.CreateDOCluster(ctx, api, req)
		return createdMsg{p: p, cluster: cl, registryErr: registryErr, err: err}
	}
	return tea.Batch(p.Reply(create), p.tick())
}

func (p *provision) tick() tea.Cmd {
	return tea.Tick(spin.FPS, func(time.Time) tea.Msg { return spinMsg{p: p} })
}

func (p *provision) Title() string       { return "creating " + p.req.Name }
func (p *provision) Capturing() bool     { return true }
func (p *provision) Refresh(store.Dirty) {}
func (p *provision) SetSize(w, _ int)    { p.width = w }

func (p *provision) busy() bool { return p.phase != phaseFailed }

func (p *provision) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case createdMsg:
		if msg.p == p {
			return p, p.onCreated(msg)
		}
	case pollTickMsg:
		if msg.p == p {
			return p, p.poll()
		}
	case polledMsg:
		if msg.p == p {
			return p, p.onPolled(msg)
		}
	case savedMsg:
		if msg.p == p {
			return p, p.onSaved(msg)
		}
	case spinMsg:
		if msg.p == p && p.busy() {
			p.frame++
			return p, p.tick()
		}
	case tea.KeyPressMsg:
		switch {
		case msg.String() == "esc":
			return p, tea.Batch(common.Pop, p.leaveToast())
		case msg.String() == "enter" && p.refused() && p.again != nil:
			return p, tea.Sequence(common.Pop, p.again(p.err))
		}
	}
	return p, nil
}

// refused says DigitalOcean did not create the cluster, so the answers
// can go back to the wizard.
func (p *provision) refused() bool { return p.phase == phaseFailed && p.cluster.ID == "" }

func (p *provision) onCreated(msg createdMsg) tea.Cmd {
	if msg.err != nil {
		p.phase, p.err = phaseFailed, msg.err
		return nil
	}
	p.registryErr = msg.registryErr
	p.cluster, p.phase = msg.cluster, phaseProvisioning
	p.s.updateCluster(msg.cluster)
	return p.poll()
}

func (p *provision) poll() tea.Cmd {
	api, id := p.s.cfg.DO, p.cluster.ID
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), do.DefaultTimeout)
		defer cancel()
		cl, err := api.GetCluster(ctx, id)
		if err != nil {
			return polledMsg{p: p, err: err}
		}
		msgs, err := api.StatusMessages(ctx, id)
		return polledMsg{p: p, cluster: cl, messages: msgs, err: err}
	}
}

func (p *provision) nextPoll() tea.Cmd {
	return tea.Tick(p.s.cfg.ProvisionPoll, func(time.Time) tea.Msg { return pollTickMsg{p: p} })
}

func (p *provision) onPolled(msg polledMsg) tea.Cmd {
	p.pollErr = msg.err
	if msg.cluster.ID == "" {
		return p.nextPoll() // the GET failed; the client already retried
	}
	p.cluster = msg.cluster
	if msg.err == nil {
		p.messages = msg.messages
	}
	p.s.updateCluster(msg.cluster)
	switch msg.cluster.Status {
	case "running":
		p.phase = phaseSaving
		return p.save()
	case "error", "invalid", "deleted":
		p.phase = phaseFailed
		p.err = fmt.Errorf("DigitalOcean reports the cluster as %s: %s", msg.cluster.Status, msg.cluster.StatusMessage)
		return nil
	}
	return p.nextPoll()
}

func (p *provision) save() tea.Cmd {
	s, cl := p.s, p.cluster
	path := kubeconfigPath(p.c, p.s)
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), do.DefaultTimeout)
		defer cancel()
		name, err := s.saveContext(ctx, cl, path)
		return savedMsg{p: p, context: name, err: err}
	}
}

// onSaved connects; the check of what the cluster lacks runs once the app
// has connected (the sites screen's hook picks it up).
func (p *provision) onSaved(msg savedMsg) tea.Cmd {
	if msg.err != nil {
		p.phase, p.err = phaseFailed, msg.err
		return nil
	}
	p.context, p.phase = msg.context, phaseConnecting
	p.s.markReadiness(msg.context)
	return connectTo(msg.context)
}

func (p *provision) leaveToast() tea.Cmd {
	switch {
	case p.phase == phaseCreating:
		return common.Toast("stopped waiting; if DigitalOcean accepted the create, the cluster shows on the clusters screen (:clusters)", false)
	case p.phase == phaseProvisioning || p.phase == phaseFailed && p.cluster.ID != "" && p.cluster.Status != "running":
		return common.Toast("stopped waiting: the cluster keeps provisioning on DigitalOcean; it stays on the clusters screen (:clusters)", false)
	case p.phase == phaseFailed && p.cluster.ID == "":
		return common.Toast("no cluster created", false)
	}
	return common.Toast("the cluster runs; its context is saved (:ctx "+do.ContextName(p.cluster.Region, p.cluster.Name)+")", false)
}

func (p *provision) View() string {
	st := p.c.Styles
	var b strings.Builder
	fmt.Fprintf(&b, " %s  %s\n\n", st.Title.Render("Creating cluster "+p.req.Name+" in "+p.req.Region), costText(p.cost))
	b.WriteString(" " + p.stateLine() + "\n\n")
	if line := p.registryLine(); line != "" {
		b.WriteString(" " + line + "\n\n")
	}
	if len(p.messages) > 0 {
		b.WriteString(" " + st.Label.Render("DigitalOcean says") + "\n")
		for _, m := range p.messages {
			b.WriteString("   " + m + "\n")
		}
		b.WriteString("\n")
	}
	if p.pollErr != nil {
		b.WriteString(" " + st.Paint(styles.Warn, "last poll failed: "+p.pollErr.Error()+" (trying again)") + "\n\n")
	}
	b.WriteString(" " + st.Paint(styles.Dim, p.footerHint()))
	return b.String()
}

func (p *provision) stateLine() string {
	st := p.c.Styles
	frame := spin.Frames[p.frame%len(spin.Frames)]
	elapsed := p.c.Now().Sub(p.started).Round(time.Second)
	switch p.phase {
	case phaseCreating:
		return frame + " asking DigitalOcean to create the cluster…"
	case phaseProvisioning:
		return fmt.Sprintf("%s %s (%s)  %s", frame, st.Paint(styles.Warn, orDefault(p.cluster.Status, "provisioning")), elapsed, p.cluster.StatusMessage)
	case phaseSaving:
		return frame + " " + st.Paint(styles.Good, "running") + "; saving its kubeconfig context…"
	case phaseConnecting:
		return frame + " " + st.Paint(styles.Good, "running") + "; context " + p.context + " saved; connecting…"
	}
	if p.refused() {
		return st.Paint(styles.Bad, "DigitalOcean refused the cluster; nothing was created:") + "\n   " + st.Paint(styles.Bad, p.err.Error())
	}
	return st.Paint(styles.Bad, "failed: "+p.err.Error())
}

// registryLine says whether the registry integration asked for is done.
func (p *provision) registryLine() string {
	st := p.c.Styles
	switch {
	case !p.req.Registry || p.cluster.ID == "":
		return ""
	case p.registryErr != nil:
		return st.Paint(styles.Warn, "the cluster was created but the container registry was not integrated: "+p.registryErr.Error()+
			" (retry with doctl kubernetes cluster registry add "+p.req.Name+")")
	}
	return st.Paint(styles.Good, "container registry integrated (AddRegistry)")
}

func (p *provision) footerHint() string {
	if p.refused() && p.again != nil {
		return "enter: back to the wizard with your answers, to fix what DigitalOcean refused · esc: leave (nothing was created)"
	}
	switch p.phase {
	case phaseProvisioning:
		return "esc stops waiting; the cluster keeps provisioning on DigitalOcean and stays on the clusters screen (:clusters)"
	case phaseConnecting:
		return "esc: back (the context is saved; :ctx " + p.context + " connects later)"
	}
	return "esc: back"
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (p *provision) ShortHelp() []key.Binding {
	keys := []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop waiting"))}
	if p.refused() && p.again != nil {
		keys = append(keys, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "back to the wizard")))
	}
	return keys
}

func (p *provision) FullHelp() [][]key.Binding { return [][]key.Binding{p.ShortHelp()} }
