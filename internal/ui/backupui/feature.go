// Package backupui is a site's database backups as the object store
// holds them: the sites page's BACKUP column (age and size of the newest
// object under <prefix>backups/, judged against the backup CronJob's
// schedule), the site page's backup line, and "back up now" (B), a Job
// from the backup CronJob followed until its object lands. It reads the
// store, not Job statuses: a Job can succeed and upload nothing.
package backupui

import (
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/table"
)

// Config is what the backups feature needs.
type Config struct {
	// S3 is fdtui's object-store account (SPACES_*, AWS_* or FDTUI_S3_*,
	// as the STORAGE column uses); nil: each site's own s3 Secret keys.
	S3 *objstore.Config
	// NewLister opens a listing; nil is objstore.NewLister.
	NewLister func(objstore.Config) (objstore.Lister, error)
	// TTL is how old a site's listing may get while shown (0: a minute);
	// Poll paces the following of a back-up-now Job (0: a second).
	TTL, Poll time.Duration
}

const (
	defaultTTL  = time.Minute
	defaultPoll = time.Second
	readTimeout = 20 * time.Second
	// readers bounds concurrent reads: hundreds of sites must not open
	// hundreds of listings at once.
	readers = 4
)

func (c Config) withDefaults() Config {
	if c.NewLister == nil {
		c.NewLister = objstore.NewLister
	}
	if c.TTL <= 0 {
		c.TTL = defaultTTL
	}
	if c.Poll <= 0 {
		c.Poll = defaultPoll
	}
	return c
}

// Feature is the backups feature of one app.
type Feature struct {
	c   *common.Common
	cfg Config
	st  *state
	sem chan struct{}
}

// New returns the feature.
func New(c *common.Common, cfg Config) *Feature {
	return &Feature{c: c, cfg: cfg.withDefaults(), st: newState(), sem: make(chan struct{}, readers)}
}

// Column is the sites page's BACKUP column: "3h 41 MiB", amber past 1.5
// intervals of the backup schedule, red past 3, "none" when there is no
// backup, "?" when the bucket cannot be read (the site page says why),
// "—" for a site without an s3 Secret.
func (f *Feature) Column() pages.SiteColumn {
	return pages.SiteColumn{
		Column: table.Column{Title: "BACKUP", Width: 11, Right: true},
		Cell:   f.cell,
		Fetch:  f.fetch,
		Listen: func(o common.Owner) tea.Cmd { return f.st.listen(o, f.cfg.TTL) },
	}
}

// Section is the site page's backup line.
func (f *Feature) Section() pages.SiteSection {
	return pages.SiteSection{
		Text:   f.section,
		Fetch:  func(o common.Owner, ns string) tea.Cmd { return f.fetch(o, []string{ns}) },
		Listen: func(o common.Owner) tea.Cmd { return f.st.listen(o, f.cfg.TTL) },
	}
}

// fetch starts reads of the namespaces that are due, under the page's
// context, and tells the store each known site's freshness (its rank).
// It runs in Update.
func (f *Feature) fetch(o common.Owner, namespaces []string) tea.Cmd {
	conn := f.c.Conn
	if conn == nil || conn.Cluster.Client == nil {
		return nil
	}
	now := f.c.Now()
	for _, ns := range namespaces {
		if b, ok := f.st.get(conn.ID, ns); ok && !b.readAt.IsZero() {
			conn.Store.SetBackup(ns, b.level(now))
		}
	}
	due := f.st.claim(conn.ID, namespaces, f.cfg.TTL, now)
	cmds := make([]tea.Cmd, 0, len(due))
	cs, ctx := conn.Cluster.Client, o.Ctx()
	for _, ns := range due {
		cmds = append(cmds, func() tea.Msg {
			select {
			case f.sem <- struct{}{}:
			case <-ctx.Done():
				f.st.put(conn.ID, ns, siteBackups{err: ctx.Err()}, time.Time{})
				return nil
			}
			defer func() { <-f.sem }()
			f.st.put(conn.ID, ns, read(ctx, cs, f.cfg, ns, f.c.Now()), f.c.Now())
			return nil // the listener redraws
		})
	}
	return tea.Batch(cmds...)
}

func (f *Feature) cell(s model.Site) table.Cell {
	if f.c.Conn == nil {
		return table.Cell{Text: "…", Tone: styles.Dim}
	}
	b, ok := f.st.get(f.c.Conn.ID, s.Namespace)
	return cellOf(b, ok, f.c.Now())
}

// cellOf is the BACKUP cell of what is known (ok false: nothing yet).
func cellOf(b siteBackups, ok bool, now time.Time) table.Cell {
	switch {
	case !ok || b.readAt.IsZero():
		return table.Cell{Text: "…", Tone: styles.Dim}
	case errors.Is(b.err, actions.ErrNoS3Secret):
		return table.Cell{Text: "—", Tone: styles.Dim}
	case b.err != nil:
		return table.Cell{Text: "?", Tone: styles.Warn}
	}
	newest, _ := b.newest()
	return table.Cell{Text: model.BackupText(newest.LastModified, newest.Size, now), Tone: levelTone(b.level(now))}
}

// levelTone: amber late, red overdue, dim without a schedule to judge by.
func levelTone(l model.BackupLevel) styles.Tone {
	switch l {
	case model.BackupLate:
		return styles.Warn
	case model.BackupOverdue:
		return styles.Bad
	case model.BackupFresh:
		return styles.Normal
	}
	return styles.Dim
}
