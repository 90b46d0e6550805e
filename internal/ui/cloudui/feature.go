package cloudui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// Feature is the cloud features of one app: its service holds the
// account listing, refreshed credentials and object-store usage.
type Feature struct {
	c *common.Common
	s *service
	// ctx ends with the app (Close): object-store scans run under it.
	ctx    context.Context
	cancel context.CancelFunc
}

// New returns the feature for cfg (zero: no DigitalOcean account, sites'
// own s3 Secrets for usage).
func New(c *common.Common, cfg Config) *Feature {
	ctx, cancel := context.WithCancel(context.Background())
	s := newService(cfg.withDefaults())
	s.ctx = ctx
	s.path = kubeconfigPath(c, s)
	return &Feature{c: c, s: s, ctx: ctx, cancel: cancel}
}

// Close stops the background scans.
func (f *Feature) Close() { f.cancel() }

// hasDO says a DigitalOcean account is configured.
func (f *Feature) hasDO() bool { return f.s.cfg.DO != nil }

// ClustersCloud is what the account adds to the clusters screen: its
// clusters as rows, and enter on one fetches credentials first.
func (f *Feature) ClustersCloud() pages.ClustersCloud {
	cc := pages.ClustersCloud{Load: func() tea.Cmd { return cloudInit(f.s) }}
	if f.hasDO() {
		cc.Connect = func(row pages.ClusterRow) tea.Cmd { return f.connectDO(row) }
	}
	return cc
}

// ClustersActions: c creates a DigitalOcean cluster (price first), D
// deletes one (type its name), r refreshes the listing, l runs clusterlint
// on one, u upgrades one (lint first, y to confirm).
func (f *Feature) ClustersActions(p *pages.Clusters) []common.Action {
	if !f.hasDO() {
		return nil
	}
	return []common.Action{
		{Key: keyCreate, Mutates: true, Do: func() common.Plan { return f.create() }},
		{Key: keyDelete, Mutates: true, Do: func() common.Plan { return f.delete(p) }},
		{Key: keyRefresh, Do: func() common.Plan { return common.Plan{Open: p.Reply(f.s.rowsCmd())} }},
		{Key: keyLint, Do: func() common.Plan { return f.lint(p) }},
		{Key: keyUpgrade, Mutates: true, Do: func() common.Plan { return f.upgrade(p) }},
	}
}

// NodesCloud is the account's pool notes on the nodes screen.
func (f *Feature) NodesCloud() pages.NodesCloud {
	if !f.hasDO() {
		return pages.NodesCloud{}
	}
	return pages.NodesCloud{
		PoolInfo: func(pool string) string { return poolInfo(f.c, f.s, pool) },
		Load:     func() tea.Cmd { return f.s.refreshClusters(false) },
	}
}

// NodesActions: s scales the selected node's pool, price change first.
func (f *Feature) NodesActions(p *pages.Nodes) []common.Action {
	if !f.hasDO() {
		return nil
	}
	return []common.Action{{Key: keyScale, Mutates: true, Do: func() common.Plan { return f.scale(p.SelectedPool()) }}}
}

// StorageColumn is the sites page's object-store usage.
func (f *Feature) StorageColumn() pages.SiteColumn {
	return pages.SiteColumn{
		Column: storageColumnHead,
		Cell:   f.storageCell,
		Prepare: func(namespaces []string) tea.Cmd {
			f.s.scanSites(f.c.Conn, namespaces)
			return nil
		},
		Listen: f.s.usage.listen,
	}
}

// StorageSection is the site page's object-store block.
func (f *Feature) StorageSection() pages.SiteSection {
	return pages.SiteSection{
		Text: f.storageSection,
		Prepare: func(ns string) tea.Cmd {
			f.s.scanSites(f.c.Conn, []string{ns})
			return nil
		},
		Listen: f.s.usage.listen,
	}
}

// OnConnect watches a DigitalOcean context's credentials for the life of
// the connection, and checks a cluster the wizard just created for what
// Flight Deck sites need.
func (f *Feature) OnConnect(conn *common.Conn) tea.Cmd {
	cmds := []tea.Cmd{watchCredentials(f.c, f.s, conn)}
	if conn != nil && f.s.takeReadiness(conn.Context) {
		cmds = append(cmds, checkReadiness(f.c), f.lintAfterCreate(conn))
	}
	return tea.Batch(cmds...)
}

// Commands is :readiness, the check of what the connected cluster lacks
// for Flight Deck sites (the wizard runs it on clusters it creates).
func (f *Feature) Commands() []common.Command {
	return []common.Command{{Name: "readiness", Run: func(string) tea.Cmd {
		if f.c.Conn == nil {
			return common.Toast("not connected: pick a cluster first (:clusters)", true)
		}
		return checkReadiness(f.c)
	}}}
}
