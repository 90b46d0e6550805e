package triage

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// replacement waits for a deleted pod's successor: a pod of the same
// controller (same name for a StatefulSet, same ReplicaSet prefix for a
// Deployment) created after the delete, and Ready.
type replacement struct {
	namespace, deleted, prefix string
	since                      time.Time
}

func newReplacement(ns, pod string, now time.Time) replacement {
	prefix := pod
	if i := strings.LastIndexByte(pod, '-'); i > 0 {
		prefix = pod[:i+1]
	}
	// Created timestamps have second precision: allow the same second.
	return replacement{namespace: ns, deleted: pod, prefix: prefix, since: now.Add(-time.Second)}
}

func (h *siteHook) checkReplacements(d podPage) tea.Cmd {
	var cmds []tea.Cmd
	keep := h.replacements[:0]
	for _, r := range h.replacements {
		if name, ok := h.replacementReady(r); ok {
			took := h.c.Now().Sub(r.since.Add(time.Second)).Round(time.Second)
			cmds = append(cmds, common.Toast(fmt.Sprintf("replacement pod %s is Ready (%s after deleting %s)", name, took, r.deleted), false))
			continue
		}
		keep = append(keep, r)
	}
	h.replacements = keep
	return tea.Batch(cmds...)
}

func (h *siteHook) replacementReady(r replacement) (string, bool) {
	for _, e := range h.c.Conn.Store.PodsOf(r.namespace) {
		if !strings.HasPrefix(e.Name+"-", r.prefix) && e.Name != r.deleted {
			continue
		}
		fresh := e.Created.After(r.since) || e.Created.Equal(r.since)
		if fresh && e.Status == "Running" && e.ReadyContainers == e.Containers {
			return e.Name, true
		}
	}
	return "", false
}

// rolloutWatch reports the end of a rollout started here: complete, or
// stuck with the diagnosis and the key that rolls back.
type rolloutWatch struct {
	namespace, what string
	since           time.Time
	seenMoving      bool
}

func newRolloutWatch(ns, what string, now time.Time) *rolloutWatch {
	return &rolloutWatch{namespace: ns, what: what, since: now}
}

func (h *siteHook) checkRollout(d *pages.SiteDetail) tea.Cmd {
	w := h.rollout
	if w == nil || w.namespace != d.Namespace() {
		return nil
	}
	web := d.Site().Web
	switch web.Phase {
	case model.RolloutProgressing:
		w.seenMoving = true
	case model.RolloutComplete:
		if !w.seenMoving {
			return nil // the change has not reached the controller yet
		}
		h.rollout = nil
		took := h.c.Now().Sub(w.since).Round(time.Second)
		return common.Toast(fmt.Sprintf("%s of web complete in %s: revision %d, %s", w.what, took, web.Revision, model.ImageTag(web.Image)), false)
	case model.RolloutStuck:
		if !w.seenMoving && h.c.Now().Sub(w.since) < 5*time.Second {
			return nil // still the old stuck state
		}
		h.rollout = nil
		return common.Toast("rollout stuck: "+d.Diagnosis().Verdict+" — press u to roll back", true)
	}
	return nil
}
