// Package fleetui is the fleet screen's feature: every site of every
// selected cluster in one list (internal/fleet keeps the clusters
// connected, lean), opened by :fleet, fdtui --fleet, several --context
// flags, or a fleet file.
package fleetui

import (
	"context"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"
	"k8s.io/client-go/rest"

	"github.com/flightdeck/fdtui/internal/fleet"
	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// Config is what the command line and the fleet file chose.
type Config struct {
	// Contexts named with --context (two or more start on the fleet);
	// none: the file's, else every context.
	Contexts []string
	// File is the fleet file (zero: none).
	File fleet.File
	// Start opens the fleet first (--fleet, a fleet file, or several
	// --context).
	Start bool
}

// Feature owns the fleet: started when the fleet screen first opens,
// kept connected while fdtui runs (a site opened from it and back costs
// no reconnect), stopped by Close.
type Feature struct {
	c      *common.Common
	cfg    Config
	cloud  pages.ClustersCloud
	fleet  *fleet.Fleet
	sel    fleet.Selection
	err    error
	ctx    context.Context
	cancel context.CancelFunc
	// account are the account clusters' saved contexts in the fleet.
	account []string
}

// New returns the feature; cloud is the DigitalOcean account's clusters
// (the clusters screen's), the zero value when none is configured.
func New(c *common.Common, cfg Config, cloud pages.ClustersCloud) *Feature {
	ctx, cancel := context.WithCancel(context.Background())
	return &Feature{c: c, cfg: cfg, cloud: cloud, ctx: ctx, cancel: cancel}
}

// Start says the app opens on the fleet screen.
func (f *Feature) Start() bool { return f.cfg.Start }

// Page is the fleet screen (starting the fleet the first time, taking
// in contexts saved since).
func (f *Feature) Page() common.Page {
	f.ensure()
	src := pages.FleetSource{Snapshot: f.fleet.Snapshot, Changed: f.changed, Problem: f.err}
	if f.sel.DO {
		src.Cloud, src.Account = f.cloud, f.accountRows
	}
	return pages.NewFleet(f.c, src)
}

// Close disconnects every cluster of the fleet.
func (f *Feature) Close() {
	f.cancel()
	if f.fleet != nil {
		f.fleet.Close()
	}
}

// ensure starts the fleet the first time and, every time the screen
// opens, reads the kubeconfig again: a context saved meanwhile (the
// clusters screen, doctl) joins a fleet of every context; the members
// already connected stay connected.
func (f *Feature) ensure() {
	sel, err := fleet.Choose(f.contextNames(), f.cfg.Contexts, f.cfg.File)
	if f.err = err; err == nil || f.fleet == nil {
		f.sel = sel // a context gone from the kubeconfig meanwhile drops nothing
	}
	if f.fleet == nil {
		kc := f.c.Kubeconfig
		keep := kube.NewKeeper(kube.Keeper{Limit: f.cfg.File.ConnectLimit, Timeout: f.cfg.File.ConnectTimeout.Duration,
			Lean: true, Scope: kc.Scope})
		f.fleet = fleet.New(f.ctx, keep)
	}
	f.fleet.Set(f.members())
}

// contextNames are the kubeconfig's contexts, read now (a context saved
// meanwhile counts).
func (f *Feature) contextNames() []string {
	ctxs, err := f.c.Kubeconfig.Contexts()
	if err != nil {
		return nil
	}
	names := make([]string, 0, len(ctxs))
	for _, c := range ctxs {
		names = append(names, c.Name)
	}
	return names
}

func (f *Feature) members() []fleet.Member {
	names := append(slices.Clone(f.sel.Contexts), f.account...)
	slices.Sort(names)
	names = slices.Compact(names)
	ms := make([]fleet.Member, 0, len(names))
	for _, name := range names {
		ms = append(ms, fleet.Member{Name: name, Dial: f.dialer(name)})
	}
	return ms
}

// dialer reads a context when connecting (credentials saved since
// fdtui started count).
func (f *Feature) dialer(name string) kube.Dialer {
	kc := f.c.Kubeconfig
	return func(context.Context) (*rest.Config, time.Time, error) {
		cfg, err := kc.RESTConfig(name)
		return cfg, time.Time{}, err
	}
}

// accountRows joins the account's clusters the fleet selects with the
// kubeconfig: a cluster with a saved context (do-<region>-<name>, as
// doctl names it) joins the fleet; one without is offered for enter to
// fetch credentials.
func (f *Feature) accountRows(rows []pages.ClusterRow) (offers []pages.ClusterRow, byContext map[string]pages.ClusterRow) {
	names := f.contextNames()
	byContext = map[string]pages.ClusterRow{}
	var account []string
	for _, r := range rows {
		if r.CloudID == "" || !f.sel.Wants(r.Tags) {
			continue
		}
		name := "do-" + r.Region + "-" + r.Name
		if !slices.Contains(names, name) {
			offers = append(offers, r)
			continue
		}
		byContext[name] = r
		account = append(account, name)
	}
	if !slices.Equal(account, f.account) {
		f.account = account
		f.fleet.Set(f.members())
	}
	return offers, byContext
}

// changed waits for the fleet's next change.
func (f *Feature) changed(ctx context.Context) tea.Cmd {
	fl := f.fleet
	return func() tea.Msg {
		select {
		case <-fl.Changed():
			return pages.FleetChangedMsg{}
		case <-ctx.Done():
		case <-fl.Done():
		}
		return nil
	}
}
