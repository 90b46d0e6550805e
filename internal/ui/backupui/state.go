package backupui

import (
	"context"
	"fmt"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

// siteBackups is what is known of one site's backups.
type siteBackups struct {
	// From the backup CronJob: its schedule, the schedule's interval
	// (model.ScheduleInterval) and when it was created (the age a site
	// without any backup is judged by).
	hasCronJob bool
	schedule   string
	interval   time.Duration
	since      time.Time
	// target is the site's s3 Secret (keys never shown); objects are
	// its <prefix>backups/, newest first.
	target  actions.S3Target
	objects []objstore.Object
	// err is why the bucket cannot be read (the "?" in the column);
	// errors.Is(err, actions.ErrNoS3Secret) for a site without one.
	err     error
	readAt  time.Time
	loading bool
	// landed is the last "back up now" result on this site, bad when it
	// failed.
	landed    string
	landedBad bool
}

// newest is the newest backup object, if any.
func (b siteBackups) newest() (objstore.Object, bool) {
	if len(b.objects) == 0 {
		return objstore.Object{}, false
	}
	return b.objects[0], true
}

// level judges the backups at now (model.JudgeBackup).
func (b siteBackups) level(now time.Time) model.BackupLevel {
	if b.err != nil || !b.hasCronJob {
		return model.BackupUnknown
	}
	newest, _ := b.newest()
	return model.JudgeBackup(newest.LastModified, b.since, b.interval, now)
}

// state holds every site's backups, shared by the pages of one app; the
// fetches write it from their goroutines, the pages read it in View.
type state struct {
	mu    sync.Mutex
	sites map[string]*siteBackups // by connection ID + namespace
	// changed is closed (and replaced) when anything changed.
	changed chan struct{}
}

func newState() *state {
	return &state{sites: map[string]*siteBackups{}, changed: make(chan struct{})}
}

func siteKey(connID int, ns string) string { return fmt.Sprintf("%d/%s", connID, ns) }

func (s *state) get(connID int, ns string) (siteBackups, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.sites[siteKey(connID, ns)]
	if !ok {
		return siteBackups{}, false
	}
	return *b, true
}

// claim marks the namespaces due for a read (never read, or read longer
// than ttl ago, and not being read) as loading and returns them.
func (s *state) claim(connID int, namespaces []string, ttl time.Duration, now time.Time) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, ns := range namespaces {
		k := siteKey(connID, ns)
		b := s.sites[k]
		if b == nil {
			b = &siteBackups{}
			s.sites[k] = b
		}
		if b.loading || !b.readAt.IsZero() && now.Sub(b.readAt) < ttl {
			continue
		}
		b.loading = true
		out = append(out, ns)
	}
	return out
}

// put records a read, keeping the last back-up-now result.
func (s *state) put(connID int, ns string, b siteBackups, now time.Time) {
	s.mu.Lock()
	k := siteKey(connID, ns)
	if old := s.sites[k]; old != nil {
		b.landed, b.landedBad = old.landed, old.landedBad
	}
	b.readAt, b.loading = now, false
	s.sites[k] = &b
	s.mu.Unlock()
	s.poke()
}

// setLanded records a back-up-now result and asks for a new read.
func (s *state) setLanded(connID int, ns, text string, bad bool) {
	s.mu.Lock()
	k := siteKey(connID, ns)
	b := s.sites[k]
	if b == nil {
		b = &siteBackups{}
		s.sites[k] = b
	}
	b.landed, b.landedBad, b.readAt = text, bad, time.Time{}
	s.mu.Unlock()
	s.poke()
}

func (s *state) poke() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.changed)
	s.changed = make(chan struct{})
}

// listen answers once something changed, or after every (the periodic
// refresh: the page then fetches what went stale), or nothing when the
// page closes.
func (s *state) listen(o common.Owner, every time.Duration) tea.Cmd {
	s.mu.Lock()
	ch := s.changed
	s.mu.Unlock()
	ctx := o.Ctx()
	return func() tea.Msg {
		t := time.NewTimer(every)
		defer t.Stop()
		select {
		case <-ch:
		case <-t.C:
		case <-ctx.Done():
			return nil
		}
		return changedMsg{}
	}
}

// changedMsg wakes the page (wrapped by the page's listener).
type changedMsg struct{}

// read is one site's backups: its backup CronJob's schedule, its s3
// Secret and the listing of <prefix>backups/. The listing uses the
// credentials actions.S3Target.StoreConfig picks (fdtui's object-store
// account when it is for the same endpoint, else the site's own keys
// from its Secret, read now and held only in memory).
func read(ctx context.Context, cs kubernetes.Interface, cfg Config, ns string, now time.Time) siteBackups {
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()
	var b siteBackups
	cj, err := cs.BatchV1().CronJobs(ns).Get(ctx, blueprint.CronJobBackup, metav1.GetOptions{})
	switch {
	case err == nil:
		b.hasCronJob, b.schedule, b.since = true, cj.Spec.Schedule, cj.CreationTimestamp.Time
		at := now
		if cj.Spec.TimeZone != nil {
			if loc, err := time.LoadLocation(*cj.Spec.TimeZone); err == nil {
				at = now.In(loc)
			}
		}
		b.interval, _ = model.ScheduleInterval(cj.Spec.Schedule, at)
	case apierrors.IsNotFound(err), apierrors.IsForbidden(err):
		// No schedule to judge by: the column shows the newest object
		// without a verdict.
	default:
		b.err = fmt.Errorf("reading CronJob %s/%s: %w", ns, blueprint.CronJobBackup, err)
		return b
	}
	if b.target, b.err = actions.ReadS3Target(ctx, cs, ns); b.err != nil {
		return b
	}
	storeCfg, err := b.target.StoreConfig(cfg.S3)
	if err != nil {
		b.err = err
		return b
	}
	lister, err := cfg.NewLister(storeCfg)
	if err != nil {
		b.err = err
		return b
	}
	b.objects, b.err = lister.Objects(ctx, b.target.Bucket, blueprint.BackupKeyPrefix(b.target.Prefix))
	return b
}
