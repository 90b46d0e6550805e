package cloudui

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/cloud/do"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

// lintReport is the last clusterlint result of one cluster.
type lintReport struct {
	cluster string
	at      time.Time
	diags   []do.Diagnostic
}

// lintState keeps the last clusterlint result per cluster, by the context
// name fdtui saves it under (do-<region>-<name>), so the site screens of
// a connection find their cluster's findings. Runs write it from their
// goroutines, views read it: mu guards it.
type lintState struct {
	mu      sync.Mutex
	reports map[string]lintReport
	// changed is closed (and replaced) when a report arrives: every page
	// listening redraws once.
	changed chan struct{}
}

func newLintState() *lintState {
	return &lintState{reports: map[string]lintReport{}, changed: make(chan struct{})}
}

func (l *lintState) put(contextName string, r lintReport) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reports[contextName] = r
	close(l.changed)
	l.changed = make(chan struct{})
}

func (l *lintState) get(contextName string) (lintReport, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	r, ok := l.reports[contextName]
	return r, ok
}

// lintChangedMsg asks a listening page to redraw.
type lintChangedMsg struct{}

// listen answers once a report arrived, or nothing when the page closes.
func (l *lintState) listen(o common.Owner) tea.Cmd {
	l.mu.Lock()
	ch := l.changed
	l.mu.Unlock()
	ctx := o.Ctx()
	return func() tea.Msg {
		select {
		case <-ch:
			return lintChangedMsg{}
		case <-ctx.Done():
			return nil
		}
	}
}

// runLint runs clusterlint on cl within the configured bounds and keeps
// the result.
func (s *service) runLint(ctx context.Context, cl do.Cluster) ([]do.Diagnostic, error) {
	diags, err := do.Lint(ctx, s.cfg.DO, cl.ID, s.cfg.LintPoll, s.cfg.LintTimeout)
	if err != nil {
		return nil, err
	}
	s.lint.put(do.ContextName(cl.Region, cl.Name), lintReport{cluster: cl.Name, at: time.Now(), diags: diags})
	return diags, nil
}
