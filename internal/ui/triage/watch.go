package triage

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

// replacement waits for a deleted pod's successor: a pod of the same
// controller (same name for a StatefulSet, same ReplicaSet prefix for a
// Deployment) created after the delete, and Ready. It is a common.Watch,
// armed only once the delete succeeded.
type replacement struct {
	namespace, deleted, prefix string
	since                      time.Time
}

func newReplacement(ns, pod string, now time.Time) *replacement {
	prefix := pod
	if i := strings.LastIndexByte(pod, '-'); i > 0 {
		prefix = pod[:i+1]
	}
	// Created timestamps have second precision: allow the same second.
	return &replacement{namespace: ns, deleted: pod, prefix: prefix, since: now.Add(-time.Second)}
}

// Check reports the replacement once it is Ready.
func (r *replacement) Check(c *common.Common, now time.Time) (tea.Cmd, bool) {
	for _, e := range c.Conn.Store.PodsOf(r.namespace) {
		if !strings.HasPrefix(e.Name+"-", r.prefix) && e.Name != r.deleted {
			continue
		}
		fresh := !e.Created.Before(r.since)
		if fresh && e.Status == "Running" && e.ReadyContainers == e.Containers {
			took := now.Sub(r.since.Add(time.Second)).Round(time.Second)
			return common.Toast(fmt.Sprintf("replacement pod %s is Ready (%s after deleting %s)", e.Name, took, r.deleted), false), true
		}
	}
	return nil, false
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

// Check reads the site from the store (the page may be underneath another).
func (w *rolloutWatch) Check(c *common.Common, now time.Time) (tea.Cmd, bool) {
	site, ok := c.Conn.Store.Site(w.namespace)
	if !ok {
		return nil, false
	}
	web := site.Web
	switch web.Phase {
	case model.RolloutProgressing:
		w.seenMoving = true
	case model.RolloutComplete:
		if !w.seenMoving {
			return nil, false // the change has not reached the controller yet
		}
		took := now.Sub(w.since).Round(time.Second)
		return common.Toast(fmt.Sprintf("%s of web complete in %s: revision %d, %s", w.what, took, web.Revision, model.ImageTag(web.Image)), false), true
	case model.RolloutStuck:
		if !w.seenMoving && now.Sub(w.since) < 5*time.Second {
			return nil, false // still the old stuck state
		}
		diag := model.DiagnoseWeb(c.Conn.Store.ObjectsWithEvents(w.namespace), now)
		return common.Toast("rollout stuck: "+diag.Verdict+" — press u to roll back", true), true
	}
	return nil, false
}
