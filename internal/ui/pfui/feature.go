// Package pfui is port-forwarding: shift+f on a pod forwards one of its
// ports, shift+f on a site forwards Varnish (web:6081), Apache (web:80)
// or MySQL (mysql:3306) through the Service, following its Ready pods;
// :pf lists the forwards (k9s' port-forwards screen) with ctrl+d to stop
// one. The forwarding itself is internal/actions' (Forwards) over
// internal/kube's Forward. Starting one counts as changing the cluster
// (kubectl's pods/portforward is a create): read-only mode leaves it out,
// and RBAC must allow create pods/portforward.
package pfui

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// capForward is kubectl port-forward's permission.
var capForward = common.Capability{Verb: "create", Resource: "pods", Subresource: "portforward"}

// Feature is the session's port-forwards: they outlive the page that
// started them and end at quit (Close), with their cluster connection,
// or by ctrl+d on the :pf screen.
type Feature struct {
	c      *common.Common
	key    key.Binding
	set    *actions.Forwards
	cancel context.CancelFunc
}

// New returns the feature; its forwards run until Close.
func New(c *common.Common) *Feature {
	ctx, cancel := context.WithCancel(context.Background())
	return &Feature{c: c, cancel: cancel, set: actions.NewForwards(ctx, func() time.Time { return c.Now() }),
		key: key.NewBinding(key.WithKeys("F", "shift+f"), key.WithHelp("shift+f", "port-forward"))}
}

// Close stops every forward and returns once their ports are closed.
func (f *Feature) Close() {
	f.cancel()
	f.set.Wait()
}

// PodPage is a page with a pod cursor: site detail, or the pods list.
type PodPage interface {
	common.Page
	SelectedPod() (*store.PodEntry, bool)
}

// SiteActions are the site's key: shift+f forwards web:6081, web:80 or
// mysql:3306, following the Service's Ready pods.
func (f *Feature) SiteActions(p *pages.SiteDetail) []common.Action {
	return []common.Action{{Key: f.key, Mutates: true, Need: capForward, Do: func() common.Plan { return f.siteForm(p.Namespace()) }}}
}

// PodActions are the key on a selected pod: shift+f forwards one of its
// ports.
func (f *Feature) PodActions(p PodPage) []common.Action {
	return []common.Action{{Key: f.key, Mutates: true, Need: capForward, Do: func() common.Plan { return f.podForm(p) }}}
}

// Commands are :pf and :portforwards, the forwards screen. Listing and
// stopping change nothing in the cluster, so read-only mode keeps them.
func (f *Feature) Commands() []common.Command {
	open := func(string) tea.Cmd { return common.PushBuilt(func() common.Page { return f.page() }) }
	return []common.Command{{Name: "pf", Run: open}, {Name: "portforwards", Run: open}}
}

// start runs the forward as a task (dialing the pod may take a moment),
// then listens to what happens to it.
func (f *Feature) start(t actions.ForwardTarget, local uint16) tea.Cmd {
	conn := f.c.Conn
	cl := conn.Cluster
	lookup := actions.ForwardLookup{Pods: cl.Listers.Pods, Client: cl.Client}
	task := common.NewTaskThen("starting port-forward to "+t.String(), func(context.Context) (string, tea.Cmd, error) {
		fw, err := f.set.Start(conn.Ctx(), kube.PortForwardDialer(cl.Config, cl.Client), lookup, t, local)
		if err != nil {
			return "", nil, err
		}
		via := ""
		if fw.Target.Service != "" {
			via = " via pod " + fw.Target.Pod
		}
		return "port-forward " + fw.Addr + " → " + fw.Target.String() + via + " (:pf lists it)", f.listen(fw), nil
	})
	return task.Cmd()
}

// listen turns each of fw's events into a toast, until fw stops.
func (f *Feature) listen(fw *actions.Forwarding) tea.Cmd {
	return func() tea.Msg {
		note, ok := <-fw.Events()
		if !ok {
			return nil
		}
		bad := strings.HasPrefix(note, "waiting") || strings.Contains(note, "stopped")
		return tea.BatchMsg{common.Toast("port-forward "+fw.Addr+": "+note, bad), f.listen(fw)}
	}
}
