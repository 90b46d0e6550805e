package triage

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/ui/common"
)

// replacementBound is how long a replacement may take before the watch
// gives up and says so: a site's pods start in seconds, an image pull in
// a minute or two.
const replacementBound = 5 * time.Minute

// replacement waits for a deleted pod's successor: a pod of the same
// controller (owner, e.g. "ReplicaSet/web-5cac23b" or "StatefulSet/mysql",
// which recreates the same name) created after the delete, and Ready. It
// is a common.Watch, armed only once the delete succeeded, and it gives
// up after replacementBound with a message instead of waiting forever.
type replacement struct {
	namespace, deleted, owner string
	// since is when the delete was done, less a second; the first Check
	// sets it: that is when the watch is armed, right after the delete
	// succeeded (the key was pressed earlier, before the prompt).
	since time.Time
}

func newReplacement(ns, pod, owner string) *replacement {
	return &replacement{namespace: ns, deleted: pod, owner: owner}
}

// Deadline is when pages.Actions checks once more although nothing
// changed, so the watch can give up.
func (r *replacement) Deadline() time.Duration { return replacementBound }

// Check reports the replacement once it is Ready, or gives up.
func (r *replacement) Check(c *common.Common, now time.Time) (tea.Cmd, bool) {
	if r.since.IsZero() {
		// Created timestamps have second precision: allow the same second.
		r.since = now.Add(-time.Second)
	}
	for _, e := range c.Conn.Store.PodsOf(r.namespace) {
		if e.Owner != r.owner || e.Created.Before(r.since) {
			continue
		}
		if e.Status == "Running" && e.ReadyContainers == e.Containers {
			took := now.Sub(r.since.Add(time.Second)).Round(time.Second)
			return common.Toast(fmt.Sprintf("replacement pod %s is Ready (%s after deleting %s)", e.Name, took, r.deleted), false), true
		}
	}
	if waited := now.Sub(r.since.Add(time.Second)); waited >= replacementBound {
		return common.Toast(fmt.Sprintf("no replacement for %s is Ready %s after the delete: look at %s's pods and events",
			r.deleted, waited.Round(time.Second), r.owner), true), true
	}
	return nil, false
}

// rolloutWatch reports the end of a rollout started here: complete, or
// stuck with the diagnosis and the key that rolls back. Every change it
// follows (roll back, restart, roll an image) makes a new revision, so
// the outcome is judged on a revision other than the one web had when the
// key was pressed: the old stuck or complete state never counts, however
// quickly the new one comes (a rollback of a stuck rollout goes straight
// from stuck to complete, the old pods still serving).
type rolloutWatch struct {
	namespace, what string
	from            int64 // web's revision when the key was pressed
	// since is when the change was made: the first Check sets it, when
	// the watch is armed right after the change succeeded (not when the
	// key was pressed, before the prompt).
	since time.Time
	// then is asked once after a complete rollout; what it says is added
	// to the report (nil: nothing).
	then func(ns string) string
}

func newRolloutWatch(ns, what string, fromRevision int64) *rolloutWatch {
	return &rolloutWatch{namespace: ns, what: what, from: fromRevision}
}

// WatchKey makes a newer rollout watch on the same site replace this one:
// a restart after a rollback is the restart's to report.
func (w *rolloutWatch) WatchKey() string { return "rollout/" + w.namespace }

// Check reads the site from the store (the page may be underneath another).
func (w *rolloutWatch) Check(c *common.Common, now time.Time) (tea.Cmd, bool) {
	if w.since.IsZero() {
		w.since = now
	}
	site, ok := c.Conn.Store.Site(w.namespace)
	ended, stuck := site.RolloutEnded(w.from)
	switch {
	case !ok || !ended:
		return nil, false
	case stuck:
		diag := model.DiagnoseWeb(c.Conn.Store.ObjectsWithEvents(w.namespace), now)
		return common.Toast("rollout stuck: "+diag.Verdict+" — press u to roll back", true), true
	}
	web := site.Web
	took := now.Sub(w.since).Round(time.Second)
	text := fmt.Sprintf("%s of web complete in %s: revision %d, %s", w.what, took, web.Revision, model.ImageTag(web.Image))
	if w.then != nil {
		if offer := w.then(w.namespace); offer != "" {
			text += " · " + offer
		}
	}
	return common.Toast(text, false), true
}
