package watch

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"github.com/flightdeck/fdtui/internal/model"
)

// Incident statuses, as Alertmanager names them.
const (
	StatusFiring   = "firing"
	StatusResolved = "resolved"
)

// Incident is one stuck rollout: one site (cluster and namespace) at one
// revision. It is what the state file holds and what a notification
// carries.
type Incident struct {
	Cluster   string    `json:"cluster"`
	Namespace string    `json:"namespace"`
	Site      string    `json:"site"` // the domain
	Revision  int64     `json:"revision"`
	Image     string    `json:"image,omitempty"`
	Status    string    `json:"status"` // firing | resolved
	Early     bool      `json:"early,omitempty"`
	StartsAt  time.Time `json:"startsAt"` // when the trouble began (condition flip / failing pod)
	EndsAt    time.Time `json:"endsAt,omitzero"`
	// NotifiedAt is when the last firing notification was decided (the
	// --repeat clock).
	NotifiedAt time.Time `json:"notifiedAt"`
	// Resolution says why it resolved: "new revision 8", "rolled out",
	// "site deleted", "scaled to 0".
	Resolution  string `json:"resolution,omitempty"`
	Cause       string `json:"cause,omitempty"`
	Fingerprint string `json:"fingerprint"`
}

type siteKey struct{ cluster, namespace string }

// Book holds one incident per site (the latest revision's) and decides
// what to send: one firing, one resolved per site and revision, firing
// again only after repeat. It is owned by one goroutine at a time (the
// engine serialises calls); Save persists it.
type Book struct {
	items  map[siteKey]*Incident
	repeat time.Duration
}

// NewBook returns a book holding incidents (from the state file).
func NewBook(incidents []Incident, repeat time.Duration) *Book {
	b := &Book{items: map[siteKey]*Incident{}, repeat: repeat}
	for _, in := range incidents {
		in := in
		b.items[siteKey{in.Cluster, in.Namespace}] = &in
	}
	return b
}

// Observe folds one finding of a site on cluster into the book and
// returns the notifications to send, in order (a resolved one before the
// firing of a newer revision). gone says the site disappeared.
// cause is asked only when a firing notification is to be sent (it
// reads the site's events).
func (b *Book) Observe(cluster string, f Finding, gone bool, now time.Time, cause func() string) []Incident {
	k := siteKey{cluster, f.Namespace}
	cur := b.items[k]
	var out []Incident
	if cur != nil && cur.Status == StatusFiring {
		if why := resolution(cur, f, gone); why != "" {
			cur.Status, cur.EndsAt, cur.Resolution = StatusResolved, now, why
			out = append(out, *cur)
		}
	}
	if gone || !f.Stuck {
		return out
	}
	switch {
	case cur == nil || cur.Revision != f.Revision:
		in := &Incident{Cluster: cluster, Namespace: f.Namespace, Site: f.Domain, Revision: f.Revision, Image: f.Image,
			Status: StatusFiring, Early: f.Early, StartsAt: f.Since, NotifiedAt: now, Cause: cause(),
			Fingerprint: fingerprint(cluster, f.Namespace, f.Revision)}
		if in.StartsAt.IsZero() {
			in.StartsAt = now
		}
		b.items[k] = in
		out = append(out, *in)
	case cur.Status == StatusFiring && now.Sub(cur.NotifiedAt) >= b.repeat:
		cur.NotifiedAt, cur.Cause = now, cause()
		out = append(out, *cur)
	}
	// A resolved incident of this same revision stays resolved: one
	// incident per site and revision.
	return out
}

// resolution says why an open incident is over, or "" while it is not:
// a new revision (a rollback makes one, so does a new image), the
// revision rolled out after all, the site deleted or scaled to 0. The
// same revision still rolling (a pod between crash back-offs, a pause)
// keeps it open: that is not a fix.
func resolution(cur *Incident, f Finding, gone bool) string {
	switch {
	case gone:
		return "site deleted"
	case f.Revision != cur.Revision && f.Image != "":
		return fmt.Sprintf("new revision %d (%s)", f.Revision, model.ImageTag(f.Image))
	case f.Revision != cur.Revision:
		return fmt.Sprintf("new revision %d", f.Revision)
	case f.Expected == "scaled to 0" || f.Expected == "deleting":
		return f.Expected
	case !f.Stuck && !f.InProgress:
		return "rolled out"
	}
	return ""
}

// Open lists the firing incidents, by cluster and namespace.
func (b *Book) Open() []Incident {
	var out []Incident
	for _, in := range b.All() {
		if in.Status == StatusFiring {
			out = append(out, in)
		}
	}
	return out
}

// All lists every incident, by cluster and namespace, dropping resolved
// ones older than keepResolved (their sites have moved on).
func (b *Book) All() []Incident {
	out := make([]Incident, 0, len(b.items))
	for _, in := range b.items {
		out = append(out, *in)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Cluster != out[j].Cluster {
			return out[i].Cluster < out[j].Cluster
		}
		return out[i].Namespace < out[j].Namespace
	})
	return out
}

// Prune forgets resolved incidents that ended before cutoff.
func (b *Book) Prune(cutoff time.Time) {
	for k, in := range b.items {
		if in.Status == StatusResolved && in.EndsAt.Before(cutoff) {
			delete(b.items, k)
		}
	}
}

// NextRepeat is when cluster's earliest open incident is due to be
// re-sent (zero: none open).
func (b *Book) NextRepeat(cluster string) time.Time {
	var next time.Time
	for _, in := range b.items {
		if in.Status != StatusFiring || in.Cluster != cluster {
			continue
		}
		if t := in.NotifiedAt.Add(b.repeat); next.IsZero() || t.Before(next) {
			next = t
		}
	}
	return next
}

// fingerprint identifies an incident across restarts and receivers
// (Alertmanager's fingerprint is a hash of the labels, as this is).
func fingerprint(cluster, ns string, rev int64) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%d", cluster, ns, rev)))
	return hex.EncodeToString(h[:8])
}
