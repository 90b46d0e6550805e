package cloudui

import (
	"context"
	"fmt"
	"time"

	"github.com/flightdeck/fdtui/internal/actions"
	"github.com/flightdeck/fdtui/internal/cloud/do"
)

// doctl is the installed doctl as the exec credential runs it, or nil.
// The command is "doctl", the name found on PATH, which is what doctl
// itself writes when run from a shell.
func (s *service) doctl() *do.Doctl {
	if s.cfg.LookPath == nil {
		return nil
	}
	if _, err := s.cfg.LookPath("doctl"); err != nil {
		return nil
	}
	return &do.Doctl{Command: "doctl", Context: s.cfg.DoctlContext}
}

func (s *service) saveHow(path string) actions.KubeconfigSave {
	return actions.KubeconfigSave{Path: path, Expiry: s.cfg.KubeconfigExpiry, Doctl: s.doctl()}
}

// saveContext saves cl's context (doctl's exec credential when doctl is
// installed, else a token) and returns its name.
func (s *service) saveContext(ctx context.Context, cl do.Cluster, path string) (string, error) {
	saved, err := actions.SaveDOContext(ctx, s.cfg.DO, cl, s.saveHow(path), time.Now())
	if err == nil {
		s.recordSaved(saved)
	}
	return saved.Name, err
}

// refreshContext replaces rejected credentials, leaving a doctl-managed
// user alone (*do.DoctlManagedError).
func (s *service) refreshContext(ctx context.Context, cl do.Cluster, path string) error {
	saved, err := actions.RefreshDOContext(ctx, s.cfg.DO, cl, s.saveHow(path), time.Now())
	if err == nil {
		s.recordSaved(saved)
	}
	return err
}

func (s *service) recordSaved(saved actions.SavedContext) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saved[saved.Name] = saved
}

// authText is the clusters screen's AUTH cell for a DigitalOcean context:
// "doctl" (renews itself), "exec" (another plugin), "token 7d" or "cert 7d"
// (the static credential's kind and time left
// on a token saved this session), "expired", "token" (saved before this
// session: DigitalOcean's tokens do not say when they expire), or "" when
// no context is saved.
func (s *service) authText(path, contextName string, now time.Time) string {
	kind, err := do.SavedUser(path, contextName)
	if err != nil {
		return ""
	}
	switch kind {
	case do.UserDoctl:
		return "doctl"
	case do.UserExec:
		return "exec"
	case do.UserNone:
		return ""
	}
	what := "token"
	if kind == do.UserCert {
		what = "cert"
	}
	s.mu.Lock()
	saved, ok := s.saved[contextName]
	s.mu.Unlock()
	if !ok || saved.ExpiresAt.IsZero() {
		return what
	}
	return credLeft(what, saved.ExpiresAt.Sub(now))
}

// TokenLeft is "token 7d", "token 5h", "token 12m" or "expired".
func TokenLeft(d time.Duration) string { return credLeft("token", d) }

// credLeft is what ("token" or "cert") and the time left, rounded up to
// the unit shown: a credential saved for 7 days a second ago reads 7d.
func credLeft(what string, d time.Duration) string {
	ceil := func(unit time.Duration) int { return int((d + unit - 1) / unit) }
	switch {
	case d <= 0:
		return "expired"
	case d > 24*time.Hour:
		return fmt.Sprintf("%s %dd", what, ceil(24*time.Hour))
	case d > time.Hour:
		return fmt.Sprintf("%s %dh", what, ceil(time.Hour))
	}
	return fmt.Sprintf("%s %dm", what, max(1, ceil(time.Minute)))
}
