package cloudui

import (
	"context"
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/store"
)

var keyUpgrade = common.Bind("u", "upgrade DO cluster")

// upgrade reads the versions DigitalOcean offers the selected cluster;
// with none it says so, else it opens the upgrade page (lint first, the
// maintenance window, y to upgrade).
func (f *Feature) upgrade(p *pages.Clusters) common.Plan {
	cl, why := f.selectedDO(p, "u upgrades")
	if why != "" {
		return common.Refuse(why)
	}
	c, s, api, list := f.c, f.s, f.s.cfg.DO, p.ID()
	return common.Plan{Task: common.NewTaskThen("reading the upgrades DigitalOcean offers "+cl.Name, func(ctx context.Context) (string, tea.Cmd, error) {
		cur, err := api.GetCluster(ctx, cl.ID)
		if err != nil {
			return "", nil, err
		}
		if cur.Status == "upgrading" {
			return cur.Name + " is upgrading already: " + cur.StatusMessage, nil, nil
		}
		versions, err := api.Upgrades(ctx, cl.ID)
		if err != nil {
			return "", nil, err
		}
		if len(versions) == 0 {
			return "no upgrade available: " + cur.Name + " runs " + cur.Version + ", the newest DigitalOcean offers it", nil, nil
		}
		return "", common.PushBuilt(func() common.Page { return newUpgradePage(c, s, cur, versions, list) }), nil
	})}
}

type upgradePhase int

const (
	upLinting upgradePhase = iota
	upChoosing
	upUpgrading
	upDone
	upFailed
)

// upgradePage runs clusterlint, then offers the versions with the lint
// summary and the maintenance window; y upgrades and the page follows
// DigitalOcean's status until the cluster runs the new version. esc
// stops watching, never the upgrade.
type upgradePage struct {
	common.Owner
	c        *common.Common
	s        *service
	cluster  do.Cluster
	versions []do.Version
	cursor   int
	list     common.PageID // the clusters page, refreshed at the end

	phase    upgradePhase
	diags    []do.Diagnostic
	lintErr  error
	target   do.Version
	seen     int // status messages from before the upgrade, not shown
	messages []string
	pollErr  error
	err      error
	started  time.Time
}

type (
	upLintMsg struct {
		p     *upgradePage
		diags []do.Diagnostic
		err   error
	}
	upStartedMsg struct {
		p *upgradePage
		// seen is how many status messages predate the upgrade.
		seen int
		err  error
	}
	upTickMsg   struct{ p *upgradePage }
	upPolledMsg struct {
		p        *upgradePage
		cluster  do.Cluster
		messages []string
		err      error
	}
)

func newUpgradePage(c *common.Common, s *service, cl do.Cluster, versions []do.Version, list common.PageID) *upgradePage {
	return &upgradePage{Owner: common.NewOwner(c), c: c, s: s, cluster: cl, versions: versions, list: list}
}

func (p *upgradePage) Init() tea.Cmd {
	s, cl, ctx := p.s, p.cluster, p.Ctx()
	return p.Reply(func() tea.Msg {
		diags, err := s.runLint(ctx, cl)
		return upLintMsg{p: p, diags: diags, err: err}
	})
}

func (p *upgradePage) Title() string       { return "upgrade " + p.cluster.Name }
func (p *upgradePage) Capturing() bool     { return true }
func (p *upgradePage) SetSize(int, int)    {}
func (p *upgradePage) Refresh(store.Dirty) {}

func (p *upgradePage) Update(msg tea.Msg) (common.Page, tea.Cmd) {
	switch msg := msg.(type) {
	case upLintMsg:
		if msg.p == p {
			p.phase, p.diags, p.lintErr = upChoosing, msg.diags, msg.err
		}
	case upStartedMsg:
		if msg.p == p {
			p.seen = msg.seen
			return p, p.onStarted(msg.err)
		}
	case upTickMsg:
		if msg.p == p {
			return p, p.poll()
		}
	case upPolledMsg:
		if msg.p == p {
			return p, p.onPolled(msg)
		}
	case tea.KeyPressMsg:
		return p, p.key(msg.String())
	}
	return p, nil
}

func (p *upgradePage) key(k string) tea.Cmd {
	switch {
	case k == "esc":
		return tea.Batch(common.Pop, p.leaveToast())
	case p.phase != upChoosing:
		return nil
	case k == "up" || k == "k":
		p.cursor = max(0, p.cursor-1)
	case k == "down" || k == "j":
		p.cursor = min(len(p.versions)-1, p.cursor+1)
	case k == "y":
		return p.start()
	}
	return nil
}

// start asks DigitalOcean to upgrade; the answer comes back to this page.
func (p *upgradePage) start() tea.Cmd {
	p.target, p.phase, p.started = p.versions[p.cursor], upUpgrading, p.c.Now()
	api, id, slug := p.s.cfg.DO, p.cluster.ID, p.target.Slug
	return p.Reply(func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), do.DefaultTimeout)
		defer cancel()
		before, _ := api.StatusMessages(ctx, id) // best effort: only to show the upgrade's own
		return upStartedMsg{p: p, seen: len(before), err: api.Upgrade(ctx, id, slug)}
	})
}

func (p *upgradePage) onStarted(err error) tea.Cmd {
	if err != nil {
		p.phase, p.err = upFailed, err
		return nil
	}
	return p.poll()
}

func (p *upgradePage) poll() tea.Cmd {
	api, id, ctx := p.s.cfg.DO, p.cluster.ID, p.Ctx()
	return p.Reply(func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, do.DefaultTimeout)
		defer cancel()
		cl, err := api.GetCluster(ctx, id)
		if err != nil {
			return upPolledMsg{p: p, err: err}
		}
		msgs, err := api.StatusMessages(ctx, id)
		return upPolledMsg{p: p, cluster: cl, messages: msgs, err: err}
	})
}

func (p *upgradePage) onPolled(msg upPolledMsg) tea.Cmd {
	p.pollErr = msg.err
	next := p.Reply(tea.Tick(p.s.cfg.ProvisionPoll, func(time.Time) tea.Msg { return upTickMsg{p: p} }))
	if msg.cluster.ID == "" {
		return next // the GET failed; the client already retried
	}
	p.cluster = msg.cluster
	if msg.err == nil && len(msg.messages) >= p.seen {
		p.messages = msg.messages[p.seen:]
	}
	p.s.updateCluster(msg.cluster)
	switch {
	case msg.cluster.Status == "running" && msg.cluster.Version == p.target.Slug:
		p.phase = upDone
		return common.ReplyTo(p.list, p.s.rowsCmd())
	case msg.cluster.Status == "error" || msg.cluster.Status == "invalid":
		p.phase = upFailed
		p.err = fmt.Errorf("DigitalOcean reports the cluster as %s: %s", msg.cluster.Status, msg.cluster.StatusMessage)
		return nil
	}
	return next
}

func (p *upgradePage) leaveToast() tea.Cmd {
	if p.phase == upUpgrading {
		return common.Toast("stopped watching: the upgrade of "+p.cluster.Name+" goes on at DigitalOcean (:clusters shows its state)", false)
	}
	return nil
}
