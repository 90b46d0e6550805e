package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/ui/audit"
	"github.com/flightdeck/fdtui/internal/ui/backupui"
	"github.com/flightdeck/fdtui/internal/ui/cloudui"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/cronui"
	"github.com/flightdeck/fdtui/internal/ui/drupalui"
	"github.com/flightdeck/fdtui/internal/ui/edgeui"
	"github.com/flightdeck/fdtui/internal/ui/fleetui"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/pfui"
	"github.com/flightdeck/fdtui/internal/ui/restoreui"
	"github.com/flightdeck/fdtui/internal/ui/sitewizard"
	"github.com/flightdeck/fdtui/internal/ui/tlsui"
	"github.com/flightdeck/fdtui/internal/ui/triage"
)

// Config is everything the app is built from. cmd/fdtui, every UI test
// harness and every benchmark fill one and call New, so what is tested
// and measured is the app as shipped.
type Config struct {
	// Common carries styles, options, the kubeconfig and the clock.
	Common *common.Common
	// Conn is the connected cluster; nil starts on the clusters screen.
	Conn *common.Conn
	// Cloud configures DigitalOcean and the object store (zero: none
	// configured, sites' own s3 Secrets still read).
	Cloud cloudui.Config
	// SiteBackend replaces the site wizard's backend (dry run, apply,
	// delete) in unit tests; nil is the connected cluster.
	SiteBackend sitewizard.BackendFunc
	// Getenv reads the environment (the site wizard's object-store
	// defaults); nil is os.Getenv.
	Getenv func(string) string
	// Fleet chooses the fleet screen's clusters and whether the app
	// opens on it.
	Fleet fleetui.Config
	// Backups paces the BACKUP column's reads (zero: defaults); its
	// object-store account is Cloud.S3.
	Backups backupui.Config
}

// features are the values every feature contributes; compose builds them
// once per app, and page below is the only place they meet the pages.
type features struct {
	c        *common.Common
	triage   *triage.Feature
	wizard   *sitewizard.Feature
	audit    *audit.Feature
	cloud    *cloudui.Feature
	edge     *edgeui.Feature
	tls      *tlsui.Feature
	fleet    *fleetui.Feature
	drupal   *drupalui.Feature
	cron     *cronui.Feature
	pf       *pfui.Feature
	restore  *restoreui.Feature
	backup   *backupui.Feature
	commands []common.Command
}

func compose(c *common.Common, cfg Config) *features {
	f := &features{
		c:      c,
		triage: triage.New(c),
		wizard: sitewizard.New(c, cfg.SiteBackend, cfg.Getenv),
		audit:  audit.New(c),
		cloud:  cloudui.New(c, cfg.Cloud),
		edge:   edgeui.New(c),
		tls:    tlsui.New(c),
		drupal: drupalui.New(c),
		pf:     pfui.New(c),
	}
	backups := cfg.Backups
	if backups.S3 == nil {
		backups.S3 = cfg.Cloud.S3
	}
	f.backup = backupui.New(c, backups)
	f.fleet = fleetui.New(c, cfg.Fleet, f.cloud.ClustersCloud())
	// The CronJobs pages' l is the logs view of the site's pods.
	f.cron = cronui.New(c, func(p cronui.PodPage) common.Action { return f.triage.LogsAction(p) })
	// The restore reads backups with the storage column's credentials.
	f.restore = restoreui.New(c, cfg.Cloud.S3)
	// A rollback or new image that completes offers drush deploy once.
	f.triage.OfferAfterNewCode(f.drupal.OfferDeploy)
	f.commands = append(f.wizard.Commands(), f.cloud.Commands()...)
	f.commands = append(f.commands, f.pf.Commands()...) // :pf, :portforwards
	return f
}

// offered are the : commands help and suggestions name: in read-only
// mode, those that change the cluster are left out (typed anyway, they
// are refused with the reason).
func (f *features) offered() []common.Command {
	out := make([]common.Command, 0, len(f.commands))
	for _, c := range f.commands {
		if !(c.Mutates && f.c.Options.ReadOnly) {
			out = append(out, c)
		}
	}
	return out
}

// page builds the screen of a route with every key it has: reading a
// case tells a newcomer all that page does.
func (f *features) page(r common.Route) common.Page {
	c := f.c
	switch r.Kind {
	case common.RouteSite:
		p := pages.NewSiteDetail(c, r.Namespace, f.audit.Section(), f.tls.Section(), f.edge.Section(), f.cloud.StorageSection(), f.cloud.LintSection(),
			f.cron.Section(), f.backup.Section())
		p.Use(
			f.triage.SiteActions(p),  // u roll back, h history, r restart, p pause/resume, i roll image
			f.triage.PodActions(p),   // ctrl+d delete pod, ctrl+k force delete, l/L logs, d describe, y YAML
			f.wizard.SiteActions(p),  // U update site, D delete site
			f.tls.SiteActions(p),     // R renew certificate, c challenge details
			f.drupal.SiteActions(p),  // x drush, P purge varnish
			f.drupal.PodActions(p),   // s shell
			f.cron.SiteActions(p),    // J cronjobs: t trigger now, s suspend/resume, l failed pod's log, enter jobs
			f.pf.SiteActions(p),      // shift+f port-forward web:6081, web:80, mysql:3306
			f.restore.SiteActions(p), // ctrl+r restore the database from a backup
			f.backup.SiteActions(p),  // B back up now
		)
		return p
	case common.RoutePods:
		p := pages.NewPods(c, r.Namespace)
		p.Use(f.triage.PodActions(p), f.drupal.PodActions(p), f.pf.PodActions(p)) // ctrl+d, ctrl+k, l/L, d, y; s shell; shift+f port-forward
		return p
	case common.RouteEvents:
		return pages.NewEvents(c, r.Namespace, r.Pod)
	case common.RouteNodes:
		p := pages.NewNodes(c, f.cloud.NodesCloud())
		p.Use(f.cloud.NodesActions(p)) // s scale the node's DigitalOcean pool
		return p
	case common.RouteFleet:
		return f.fleet.Page() // enter opens a site in its cluster, / filters
	case common.RouteClusters:
		p := pages.NewClusters(c, f.cloud.ClustersCloud())
		p.Use(f.cloud.ClustersActions(p)) // c create, D delete a DigitalOcean cluster, r refresh, l lint, u upgrade
		return p
	}
	p := pages.NewSites(c, f.tls.Column(), f.audit.Column(), f.cloud.StorageColumn(), f.backup.Column())
	p.Use(f.wizard.SitesActions(p)) // n new site, D delete site
	return p
}

// onConnect starts what features watch per connection (DigitalOcean
// credentials); each command ends with the connection.
func (f *features) onConnect(conn *common.Conn) tea.Cmd { return f.cloud.OnConnect(conn) }

// close stops the features' background work (object-store scans, the
// fleet's connections, the port-forwards).
func (f *features) close() {
	f.cloud.Close()
	f.fleet.Close()
	f.pf.Close()
}
