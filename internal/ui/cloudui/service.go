package cloudui

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/cloud/objstore"
)

// service is the state the hooks share: the last account listing, which
// contexts just had their credentials refreshed, and object-store usage.
// Commands write it from their goroutines, views read it, so every field
// is guarded by mu.
type service struct {
	cfg Config
	// ctx ends with the app: listings and scans run under it.
	ctx context.Context
	// path is the kubeconfig DigitalOcean contexts are saved in ("" is
	// doctl's default), read for the clusters screen's AUTH column.
	path string

	mu       sync.Mutex
	clusters []do.Cluster
	listedAt time.Time
	listErr  error
	// refreshedAt records credential refreshes per context, so that a
	// cluster that keeps answering 401 is not refreshed in a loop, and the
	// next connection to it can say what happened.
	refreshedAt map[string]time.Time
	announce    map[string]bool
	// readiness holds contexts of clusters just created, checked once the
	// app has connected to them.
	readiness map[string]bool
	// saved records the contexts saved this session (token expiries).
	saved map[string]actions.SavedContext

	usage              *usageState
	secretSem, scanSem chan struct{}
	// lint is the last clusterlint result per cluster.
	lint *lintState
}

func newService(cfg Config) *service {
	return &service{
		cfg: cfg, ctx: context.Background(), refreshedAt: map[string]time.Time{}, announce: map[string]bool{}, readiness: map[string]bool{}, saved: map[string]actions.SavedContext{},
		usage:     newUsageState(objstore.NewCache(cfg.UsageTTL)),
		secretSem: make(chan struct{}, secretReaders), scanSem: make(chan struct{}, bucketScans),
		lint: newLintState(),
	}
}

// clustersMsg says the account listing changed (stored in the service).
type clustersMsg struct{ err error }

// listClusters reads the account's clusters into the service.
func (s *service) listClusters(ctx context.Context) ([]do.Cluster, error) {
	list, err := s.cfg.DO.ListClusters(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listErr = err
	if err == nil {
		s.clusters, s.listedAt = list, time.Now()
	}
	return list, err
}

// refreshClusters is a command re-reading the listing when it is older
// than clustersTTL (nil when DigitalOcean is not configured).
func (s *service) refreshClusters(force bool) tea.Cmd {
	if s.cfg.DO == nil {
		return nil
	}
	s.mu.Lock()
	fresh := time.Since(s.listedAt) < clustersTTL
	s.mu.Unlock()
	if fresh && !force {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(s.ctx, do.DefaultTimeout)
		defer cancel()
		_, err := s.listClusters(ctx)
		return clustersMsg{err: err}
	}
}

// clusterForContext finds the account cluster a kubeconfig context was
// saved for (do-<region>-<name>).
func (s *service) clusterForContext(contextName string) (do.Cluster, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.clusters {
		if do.ContextName(c.Region, c.Name) == contextName {
			return c, true
		}
	}
	return do.Cluster{}, false
}

func (s *service) clusterByID(id string) (do.Cluster, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.clusters {
		if c.ID == id {
			return c, true
		}
	}
	return do.Cluster{}, false
}

func (s *service) clusterNames() map[string]bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make(map[string]bool, len(s.clusters))
	for _, c := range s.clusters {
		names[c.Name] = true
	}
	return names
}

// updateCluster replaces one cluster in the listing (after a poll).
func (s *service) updateCluster(c do.Cluster) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.clusters {
		if s.clusters[i].ID == c.ID {
			s.clusters[i] = c
			return
		}
	}
	s.clusters = append(s.clusters, c)
}

func (s *service) markReadiness(contextName string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.readiness[contextName] = true
}

// takeReadiness reports (once) whether contextName awaits its check.
func (s *service) takeReadiness(contextName string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	pending := s.readiness[contextName]
	delete(s.readiness, contextName)
	return pending
}
