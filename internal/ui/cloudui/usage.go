package cloudui

import (
	"context"
	"fmt"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

// usageState is per-site object-store usage: where each site keeps its
// files (read from its s3 Secret) and the cache of scans. Scans run in the
// background; a listener command turns their progress into redraws.
type usageState struct {
	cache *objstore.Cache

	mu      sync.Mutex
	targets map[string]*siteTarget // by connection ID + namespace
	// changed is closed (and replaced) when anything changed: every page
	// listening wakes once per change, however many scans poke it.
	changed chan struct{}
}

// siteTarget is what a site's s3 Secret said, and where its figure lives
// in the cache.
type siteTarget struct {
	target   actions.S3Target
	storeKey string
	endpoint string // the endpoint scanned, for display
	err      error
	readAt   time.Time
	loading  bool
}

func newUsageState(cache *objstore.Cache) *usageState {
	return &usageState{cache: cache, targets: map[string]*siteTarget{}, changed: make(chan struct{})}
}

// usageChangedMsg asks for a redraw: a scan progressed or a Secret was read.
type usageChangedMsg struct{}

func targetKey(connID int, namespace string) string { return fmt.Sprintf("%d/%s", connID, namespace) }

func (u *usageState) poke() {
	u.mu.Lock()
	defer u.mu.Unlock()
	close(u.changed)
	u.changed = make(chan struct{})
}

// listen is a column's listener: a command that answers once usage
// changed, or nothing when the page that armed it closes.
func (u *usageState) listen(o common.Owner) tea.Cmd {
	u.mu.Lock()
	ch := u.changed
	u.mu.Unlock()
	ctx := o.Ctx()
	return func() tea.Msg {
		select {
		case <-ch:
			return usageChangedMsg{}
		case <-ctx.Done():
			return nil
		}
	}
}

func (u *usageState) get(connID int, namespace string) (siteTarget, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	t, ok := u.targets[targetKey(connID, namespace)]
	if !ok {
		return siteTarget{}, false
	}
	return *t, true
}

// claim marks the namespaces whose Secret should be (re-)read: unknown,
// or read longer than ttl ago, and not being read.
func (u *usageState) claim(connID int, namespaces []string, ttl time.Duration) []string {
	u.mu.Lock()
	defer u.mu.Unlock()
	var out []string
	for _, ns := range namespaces {
		k := targetKey(connID, ns)
		t := u.targets[k]
		if t == nil {
			t = &siteTarget{}
			u.targets[k] = t
		}
		if t.loading || !t.readAt.IsZero() && time.Since(t.readAt) < ttl {
			continue
		}
		t.loading = true
		out = append(out, ns)
	}
	return out
}

func (u *usageState) store(connID int, namespace string, t siteTarget) {
	u.mu.Lock()
	defer u.mu.Unlock()
	t.readAt, t.loading = time.Now(), false
	u.targets[targetKey(connID, namespace)] = &t
}

// Concurrency limits: a cluster with hundreds of sites must not open
// hundreds of Secret GETs or bucket listings at once.
const (
	secretReaders = 4
	bucketScans   = 4
)

// scanSites reads the sites' s3 Secrets and starts background scans of
// their buckets (each at most once per UsageTTL). Pages call it from
// Update (a column's Prepare) with the rows about to be drawn, so sites
// that appear later are scanned as they come into view and figures older
// than the TTL are renewed while shown. It never blocks the UI: the work
// runs in goroutines bounded by the semaphores, and their results reach
// the pages through the usage listener. Secret reads end with the
// connection, scans with the app.
func (s *service) scanSites(conn *common.Conn, namespaces []string) {
	if conn == nil || conn.Cluster.Client == nil {
		return
	}
	s.refreshScans(conn.ID, namespaces)
	for _, ns := range s.usage.claim(conn.ID, namespaces, s.cfg.UsageTTL) {
		go s.readTarget(conn.Ctx(), conn.Cluster.Client, conn.ID, ns)
	}
}

func (s *service) readTarget(parent context.Context, cs kubernetes.Interface, connID int, namespace string) {
	select {
	case s.secretSem <- struct{}{}:
	case <-parent.Done():
		return
	}
	defer func() { <-s.secretSem }()
	ctx, cancel := context.WithTimeout(parent, 15*time.Second)
	defer cancel()
	t, err := actions.ReadS3Target(ctx, cs, namespace)
	st := siteTarget{target: t, err: err}
	if err == nil {
		var cfg objstore.Config
		if cfg, st.err = t.StoreConfig(s.cfg.S3); st.err == nil {
			st.endpoint = cfg.Name()
			st.storeKey = objstore.Key(cfg.Name(), t.Bucket, t.Prefix)
			s.startScan(cfg, t)
		}
	}
	s.usage.store(connID, namespace, st)
	s.usage.poke()
}

// refreshScans restarts scans whose figures went stale (the cache decides).
func (s *service) refreshScans(connID int, namespaces []string) {
	for _, ns := range namespaces {
		t, ok := s.usage.get(connID, ns)
		if !ok || t.err != nil || t.storeKey == "" {
			continue
		}
		if cfg, err := t.target.StoreConfig(s.cfg.S3); err == nil {
			s.startScan(cfg, t.target)
		}
	}
}

func (s *service) startScan(cfg objstore.Config, t actions.S3Target) {
	if !s.usage.cache.Due(cfg.Name(), t.Bucket, t.Prefix) {
		return // fresh or being scanned: no client to open
	}
	opened, err := s.cfg.NewStore(cfg)
	if err != nil {
		s.usage.cache.Put(objstore.Key(cfg.Name(), t.Bucket, t.Prefix), objstore.BucketUsage{Bucket: t.Bucket, Prefix: t.Prefix, Err: err})
		return
	}
	store := limitedStore{Store: opened, sem: s.scanSem}
	// Scans outlive connections on purpose (a reconnect must not leave a
	// cancelled scan cached for the TTL); they end with the app.
	s.usage.cache.Refresh(s.ctx, store, cfg.Name(), t.Bucket, t.Prefix, func(objstore.BucketUsage) { s.usage.poke() })
}

// limitedStore runs at most cap(sem) scans at a time; the others wait
// (still "scanning…") for a slot.
type limitedStore struct {
	objstore.Store
	sem chan struct{}
}

func (l limitedStore) Usage(ctx context.Context, bucket, prefix string, progress func(objstore.BucketUsage)) (objstore.BucketUsage, error) {
	select {
	case l.sem <- struct{}{}:
	case <-ctx.Done():
		return objstore.BucketUsage{Bucket: bucket, Prefix: prefix, Err: ctx.Err()}, ctx.Err()
	}
	defer func() { <-l.sem }()
	return l.Store.Usage(ctx, bucket, prefix, progress)
}
