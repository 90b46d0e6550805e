package sitewizard

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

// deleting runs a confirmed site deletion and shows its steps as they
// happen. The Kubernetes steps are bounded by the action timeout; the
// files step only by this page: a bucket of a million files takes as
// long as it takes, esc interrupts it, and closing the page (a quit, a
// cluster switch) cancels it. What was deleted stays deleted; r re-runs
// the deletion (actions.DeleteOptions.Resume), which finishes the rest.
type deleting struct {
	common.Owner
	c      *common.Common
	w      *Feature
	domain string
	ns     string
	s3     blueprint.S3Settings
	opt    actions.DeleteOptions

	// run numbers the runs: a late message of an earlier run is ignored.
	run          int
	running      bool
	interrupting bool
	cancel       context.CancelFunc
	updates      <-chan actions.DeleteReport
	finished     <-chan struct{}
	rep          actions.DeleteReport
	err          error
	// prev is the last failed run's report: a resumed run finds the
	// namespace gone and knows nothing of its volumes.
	prev actions.DeleteReport
	// filesBefore counts the files earlier runs of this page deleted;
	// floor says an earlier run was interrupted, so the count may be short
	// by a batch the store deleted unanswered (see DeleteReport.FilesAtLeast).
	filesBefore int64
	floor       bool
	width       int
}

type deleteProgressMsg struct {
	page *deleting
	run  int
	rep  actions.DeleteReport
}

type deleteDoneMsg struct {
	page *deleting
	run  int
	rep  actions.DeleteReport
	err  error
}

func (w *Feature) newDeleting(site model.Site, s3 blueprint.S3Settings, opt actions.DeleteOptions) *deleting {
	return &deleting{Owner: common.NewOwner(w.c), c: w.c, w: w, domain: site.Domain, ns: site.Namespace, s3: s3, opt: opt}
}

func (p *deleting) Init() tea.Cmd { return p.start() }

// start runs the deletion once more under the page's context. Its
// progress goes through updates (the latest report wins: the UI needs
// the newest count, not every one) to a listener re-armed per message.
func (p *deleting) start() tea.Cmd {
	p.run++
	ctx, cancel := context.WithCancel(p.Ctx())
	updates := make(chan actions.DeleteReport, 1)
	finished := make(chan struct{})
	p.cancel, p.updates, p.finished = cancel, updates, finished
	p.running, p.interrupting, p.err = true, false, nil
	p.rep = actions.DeleteReport{Namespace: p.ns, Bucket: p.opt.Bucket, Prefix: p.opt.Prefix}
	b, ns, s3, opt, run := p.w.backend(p.c), p.ns, p.s3, p.opt, p.run
	opt.ClusterTimeout = p.c.Options.ActionTimeout
	work := p.Reply(func() tea.Msg {
		defer cancel()
		defer close(finished)
		rep, err := b.Delete(ctx, ns, s3, opt, func(r actions.DeleteReport) { common.Latest(updates, r) })
		return deleteDoneMsg{page: p, run: run, rep: rep, err: err}
	})
	return tea.Batch(work, p.listen())
}

// listen answers the next progress report of the current run, or nothing
// once the run finished or the page closed.
func (p *deleting) listen() tea.Cmd {
	ctx, updates, finished, run := p.Ctx(), p.updates, p.finished, p.run
	return p.Reply(func() tea.Msg {
		select {
		case r := <-updates:
			return deleteProgressMsg{page: p, run: run, rep: r}
		case <-finished:
		case <-ctx.Done():
		}
		return nil
	})
}

func (p *deleting) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case deleteProgressMsg:
		if msg.page != p || msg.run != p.run || !p.running {
			return p, nil
		}
		p.rep = p.withEarlier(msg.rep)
		return p, p.listen()
	case deleteDoneMsg:
		if msg.page != p || msg.run != p.run {
			return p, nil
		}
		p.running, p.rep, p.err = false, p.withEarlier(msg.rep), msg.err
		if p.err != nil {
			p.prev = p.rep
		}
		return p, nil
	case tea.KeyPressMsg:
		return p, p.onKey(msg)
	}
	return p, nil
}

// withEarlier fills in what a resumed run did not see: the volumes the
// earlier run set before it deleted the namespace.
func (p *deleting) withEarlier(r actions.DeleteReport) actions.DeleteReport {
	if r.NamespaceGone && len(r.Volumes) == 0 && len(r.Unbound) == 0 {
		r.Volumes, r.Unbound = p.prev.Volumes, p.prev.Unbound
	}
	return r
}

func (p *deleting) onKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case p.running:
		if msg.String() == "esc" {
			p.cancel()
			p.interrupting = true
		}
	case p.err != nil && msg.String() == "r":
		p.filesBefore += p.rep.FilesDeleted
		p.floor = p.floor || p.interrupted()
		p.opt.Resume = true
		return p.start()
	case p.err != nil && msg.String() == "esc":
		return tea.Batch(common.Pop, common.Toast("site "+p.ns+" not fully deleted: "+oneLine(p.err.Error()), true))
	case p.err == nil && (msg.String() == "esc" || msg.String() == "enter"):
		return common.Pop
	}
	return nil
}

// files is the count over every run of this page.
func (p *deleting) files() int64 { return p.filesBefore + p.rep.FilesDeleted }

func (p *deleting) Title() string { return "Delete " + p.ns }

// Capturing while running or unfinished: no jump may close the page (and
// with it the deletion, or the way to resume it) without esc, which
// says what is left. ctrl+c still quits.
func (p *deleting) Capturing() bool     { return p.running || p.err != nil }
func (p *deleting) SetSize(w, _ int)    { p.width = w }
func (p *deleting) Refresh(store.Dirty) {}
