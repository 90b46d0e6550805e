package cloudui

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

// refreshCooldown stops a refresh loop: a cluster still answering 401
// right after new credentials has another problem.
const refreshCooldown = 2 * time.Minute

// watchCredentials watches a connection to a DigitalOcean context
// (do-<region>-<name>) and, when its apiserver starts answering 401
// Unauthorized (DO kubeconfigs expire), fetches new credentials, saves
// them and asks the app to reconnect to the same context. Call it each
// time the app connects (on start and on every new connection); it returns
// nil for contexts that are not DigitalOcean's, and its command ends with
// the connection. On the connection that follows a refresh it first says
// so in the status bar.
func watchCredentials(c *common.Common, s *service, conn *common.Conn) tea.Cmd {
	if s.cfg.DO == nil || conn == nil || !strings.HasPrefix(conn.Context, "do-") {
		return nil
	}
	path := kubeconfigPath(c, s)
	watch := func() tea.Msg { return s.watch(conn, path) }
	if s.takeAnnouncement(conn.Context) {
		return tea.Batch(common.Toast("credentials for "+conn.Context+" expired; refreshed from DigitalOcean and reconnected", false), watch)
	}
	return watch
}

// watch checks the connection's health on a slow tick until it closes or
// the apiserver rejects its credentials.
func (s *service) watch(conn *common.Conn, path string) tea.Msg {
	t := time.NewTicker(s.cfg.CredentialsCheck)
	defer t.Stop()
	for {
		select {
		case <-conn.Ctx().Done():
			return nil
		case <-t.C:
		}
		if conn.Cluster.Health().Unauthorized {
			return s.refreshCredentials(conn.Context, path)
		}
	}
}

// refreshCredentials saves new credentials for contextName and returns
// the message that reconnects (or a toast saying why it could not).
func (s *service) refreshCredentials(contextName, path string) tea.Msg {
	ctx, cancel := context.WithTimeout(context.Background(), do.DefaultTimeout)
	defer cancel()
	cl, ok := s.clusterForContext(contextName)
	if !ok {
		if _, err := s.listClusters(ctx); err != nil {
			return common.ToastMsg{Text: "credentials for " + contextName + " were rejected; could not ask DigitalOcean for new ones: " + err.Error(), Error: true}
		}
		if cl, ok = s.clusterForContext(contextName); !ok {
			return common.ToastMsg{Text: "credentials for " + contextName + " were rejected, and it is not a cluster of this DigitalOcean account", Error: true}
		}
	}
	if last, ok := s.lastRefresh(contextName); ok && time.Since(last) < refreshCooldown {
		return common.ToastMsg{Text: contextName + " still answers 401 Unauthorized with credentials fetched at " + last.Format("15:04:05") + "; check the token's access", Error: true}
	}
	if err := s.refreshContext(ctx, cl, path); do.IsDoctlManaged(err) {
		// doctl renews its own tokens: its 401 is doctl's to fix, and its
		// user must not become a static token.
		return common.ToastMsg{Text: contextName + " answers 401 Unauthorized: " + err.Error(), Error: true}
	} else if err != nil {
		return common.ToastMsg{Text: "credentials for " + contextName + " expired and could not be refreshed: " + err.Error(), Error: true}
	}
	s.recordRefresh(contextName)
	return common.ConnectMsg{Context: contextName}
}

func (s *service) lastRefresh(contextName string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.refreshedAt[contextName]
	return t, ok
}

func (s *service) recordRefresh(contextName string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refreshedAt[contextName] = time.Now()
	s.announce[contextName] = true
}

func (s *service) takeAnnouncement(contextName string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.announce[contextName]
	delete(s.announce, contextName)
	return a
}
