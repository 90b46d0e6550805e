// Package store keeps the view-models of one connected cluster up to date.
// It reads objects from the informers' listers and re-derives only what a
// batch of changes touched: a pod change re-derives that pod's row and its
// namespace's site, never the whole cluster.
package store

import (
	"slices"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
)

// PodEntry is a pod row plus what the UI needs to find it quickly.
type PodEntry struct {
	model.PodRow
	Key    string // namespace/name
	Search string // lower-case text the filter matches
}

// Dirty says which parts of the store a batch changed.
type Dirty struct {
	Sites, Pods, Nodes, Events, Connection bool
	// Namespaces whose objects changed (site detail pages refresh on it).
	Namespaces map[string]bool
}

// Any reports whether anything changed.
func (d Dirty) Any() bool {
	return d.Sites || d.Pods || d.Nodes || d.Events || d.Connection || len(d.Namespaces) > 0
}

// Store holds the derived view-models of one cluster. Pod rows follow
// every batch; sites are derived lazily, when a page asks for them, from
// per-namespace object caches — so a batch of 500 pod updates costs 500
// pod rows, and the sites they touch are derived once, when shown.
type Store struct {
	L   kube.Listers
	Now func() time.Time

	objs     map[string]*nsObjects
	sites    map[string]model.Site
	siteList []model.Site
	siteIdx  map[string]int
	// pending namespaces need their site re-derived; resort is set when
	// a site appeared, vanished or changed its place in the order.
	pending    map[string]bool
	resort     bool
	summaryOld bool
	pods       map[string]*PodEntry
	podList    []*PodEntry
	summary    model.Summary
	// timed holds the pods whose rows change with time alone, by key,
	// with the moment they do (PodRow.ChangesAt).
	timed map[string]time.Time
	// timedSites holds the sites whose certificates' judgement changes
	// with time alone (days left, expiry: SiteTLS.ChangesAt), by namespace.
	timedSites map[string]time.Time
	// backups are the sites' backup freshness, which only the object
	// store knows (SetBackup), by namespace.
	backups map[string]model.BackupLevel
}

// New returns an empty store reading from listers.
func New(l kube.Listers) *Store {
	return &Store{L: l, Now: time.Now, objs: map[string]*nsObjects{}, sites: map[string]model.Site{},
		siteIdx: map[string]int{}, pending: map[string]bool{}, pods: map[string]*PodEntry{}, timed: map[string]time.Time{},
		timedSites: map[string]time.Time{}, backups: map[string]model.BackupLevel{}}
}

// Sites are the sites in display order (stuck first).
func (s *Store) Sites() []model.Site {
	s.flush()
	return s.siteList
}

// Site returns one site by namespace.
func (s *Store) Site(ns string) (model.Site, bool) {
	if s.pending[ns] {
		s.flush()
	}
	site, ok := s.sites[ns]
	return site, ok
}

// Pods are all pods sorted by namespace and name. Entries are shared:
// treat them as read-only.
func (s *Store) Pods() []*PodEntry { return s.podList }

// PodsOf are one namespace's pods, sorted by name: a slice of Pods(),
// found by binary search (the list is sorted by namespace/name), so a
// site page does not scan 10,000 pods on every refresh. Read only.
func (s *Store) PodsOf(ns string) []*PodEntry {
	prefix := ns + "/"
	lo := sort.Search(len(s.podList), func(i int) bool { return s.podList[i].Key >= prefix })
	hi := lo
	for hi < len(s.podList) && strings.HasPrefix(s.podList[hi].Key, prefix) {
		hi++
	}
	return s.podList[lo:hi:hi]
}

// Summary is the header line's numbers.
func (s *Store) Summary() model.Summary {
	s.flush()
	if s.summaryOld {
		s.summarize()
	}
	return s.summary
}

// Apply folds a batch of changes into the view-models.
func (s *Store) Apply(b kube.Batch) Dirty {
	if b.Resync {
		return s.Resync()
	}
	d := Dirty{Namespaces: map[string]bool{}}
	podsAddedOrRemoved := false
	for _, c := range b.Changes {
		s.markStale(c.Namespace, c.Kind)
		if c.Kind == kube.KindNamespace {
			s.markStale(c.Name, c.Kind)
		}
		switch c.Kind {
		case kube.KindPod:
			podsAddedOrRemoved = s.refreshPod(c.Namespace, c.Name) || podsAddedOrRemoved
			d.Pods = true
			d.Namespaces[c.Namespace] = true
		case kube.KindReplicaSet:
			// A rollback re-labels an old ReplicaSet with a new revision:
			// the pods' revision column must follow.
			s.refreshNamespacePods(c.Namespace)
			d.Pods = true
			d.Namespaces[c.Namespace] = true
		case kube.KindNode:
			d.Nodes = true
		case kube.KindEvent:
			d.Events = true
			d.Namespaces[c.Namespace] = true
			if site, ok := s.sites[c.Namespace]; ok && site.State == model.SiteRolling {
				s.pending[c.Namespace] = true // its events may show it stuck
				d.Sites = true
			}
		case kube.KindConnection:
			d.Connection = true
		case kube.KindNamespace:
			d.Namespaces[c.Name] = true
		default:
			d.Namespaces[c.Namespace] = true
		}
	}
	if podsAddedOrRemoved {
		s.sortPods()
	}
	for _, c := range b.Changes {
		// Events, nodes and the connection state do not change a site.
		ns := c.Namespace
		if c.Kind == kube.KindNamespace {
			ns = c.Name
		}
		if _, ok := bitOf[c.Kind]; ok && ns != "" {
			s.pending[ns] = true
			d.Sites = true
		}
	}
	s.summaryOld = s.summaryOld || d.Sites || d.Nodes || d.Pods
	return d
}

// Resync re-derives everything from the listers.
func (s *Store) Resync() Dirty {
	s.pods, s.timed = map[string]*PodEntry{}, map[string]time.Time{}
	pods, _ := s.L.Pods.List(labels.Everything())
	for _, p := range pods {
		s.putPod(p, s.revisionOf(p))
	}
	s.sortPods()
	s.objs, s.sites, s.pending = map[string]*nsObjects{}, map[string]model.Site{}, map[string]bool{}
	s.timedSites = map[string]time.Time{}
	for _, ns := range s.namespaces() {
		s.pending[ns] = true
	}
	s.resort, s.summaryOld = true, true
	return Dirty{Sites: true, Pods: true, Nodes: true, Events: true, Connection: true, Namespaces: map[string]bool{}}
}

// namespaces lists namespace names from the namespace informer, or — for a
// user confined to one namespace — from the pods and deployments seen.
func (s *Store) namespaces() []string {
	seen := map[string]bool{}
	if nss, err := s.L.Namespaces.List(labels.Everything()); err == nil {
		for _, ns := range nss {
			seen[ns.Name] = true
		}
	}
	if ds, err := s.L.Deployments.List(labels.Everything()); err == nil {
		for _, d := range ds {
			seen[d.Namespace] = true
		}
	}
	out := make([]string, 0, len(seen))
	for ns := range seen {
		out = append(out, ns)
	}
	return out
}

// refreshPod re-derives one pod; it reports whether the pod appeared or
// disappeared (which changes the sort order).
func (s *Store) refreshPod(ns, name string) bool {
	key := ns + "/" + name
	p, err := s.L.Pods.Pods(ns).Get(name)
	if err != nil {
		_, had := s.pods[key]
		delete(s.pods, key)
		delete(s.timed, key)
		return had
	}
	_, had := s.pods[key]
	s.putPod(p, s.revisionOf(p))
	return !had
}

func (s *Store) refreshNamespacePods(ns string) {
	pods, _ := s.L.Pods.Pods(ns).List(labels.Everything())
	for _, p := range pods {
		if _, ok := s.pods[ns+"/"+p.Name]; ok {
			s.putPod(p, s.revisionOf(p))
		}
	}
}

func (s *Store) putPod(p *corev1.Pod, revisions map[string]string) {
	row := model.DerivePod(p, revisions, s.Now())
	key := p.Namespace + "/" + p.Name
	e, ok := s.pods[key]
	if !ok {
		e = &PodEntry{Key: key}
		s.pods[key] = e
	}
	e.PodRow = row
	e.Search = strings.ToLower(key + " " + row.Status + " " + row.Node + " " + row.ImageTag)
	if row.ChangesAt.IsZero() {
		delete(s.timed, key)
	} else {
		s.timed[key] = row.ChangesAt
	}
}

// SetBackup records a site's backup freshness as read from the object
// store (the sites page's BACKUP column): it takes part in the site's
// rank. It reports whether it changed; the site is re-derived when next
// read.
func (s *Store) SetBackup(ns string, level model.BackupLevel) bool {
	if s.backups[ns] == level {
		return false
	}
	s.backups[ns] = level
	if _, ok := s.sites[ns]; ok {
		s.pending[ns] = true
	}
	return true
}

// NextChange is the earliest moment a pod row changes with time alone
// (zero: none will).
func (s *Store) NextChange() time.Time {
	var next time.Time
	for _, t := range s.timed {
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	for _, t := range s.timedSites {
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	return next
}

// Reevaluate re-derives the pods whose time-based judgement is due, and
// their sites.
func (s *Store) Reevaluate(now time.Time) Dirty {
	d := Dirty{Namespaces: map[string]bool{}}
	for key, t := range s.timed {
		if t.After(now) {
			continue
		}
		ns, name, _ := strings.Cut(key, "/")
		s.refreshPod(ns, name)
		s.pending[ns] = true
		d.Pods, d.Sites, d.Namespaces[ns] = true, true, true
	}
	for ns, t := range s.timedSites {
		if t.After(now) {
			continue
		}
		delete(s.timedSites, ns) // re-derived below, which sets the next one
		s.pending[ns] = true
		d.Sites, d.Namespaces[ns] = true, true
	}
	s.summaryOld = s.summaryOld || d.Pods
	return d
}

// revisionOf looks up the revision of the pod's owning ReplicaSet only,
// instead of building a map of every ReplicaSet in the namespace.
func (s *Store) revisionOf(p *corev1.Pod) map[string]string {
	for _, o := range p.OwnerReferences {
		if o.Kind != "ReplicaSet" {
			continue
		}
		if rs, err := s.L.ReplicaSets.ReplicaSets(p.Namespace).Get(o.Name); err == nil {
			if rev := rs.Annotations[model.AnnotationRevision]; rev != "" {
				return map[string]string{rs.Name: rev}
			}
		}
	}
	return nil
}

func (s *Store) sortPods() {
	s.podList = s.podList[:0]
	for _, e := range s.pods {
		s.podList = append(s.podList, e)
	}
	slices.SortFunc(s.podList, func(a, b *PodEntry) int { return strings.Compare(a.Key, b.Key) })
}

// flush derives the pending sites; the list is re-sorted only when a site
// appeared, vanished or moved in the order, else updated in place.
func (s *Store) flush() {
	if len(s.pending) == 0 && !s.resort {
		return
	}
	now := s.Now()
	for ns := range s.pending {
		s.deriveSite(ns, now)
	}
	clear(s.pending)
	if s.resort {
		s.rebuildSiteList()
	}
	s.summaryOld = true
}

func (s *Store) deriveSite(ns string, now time.Time) {
	o := s.Objects(ns)
	old, had := s.sites[ns]
	if o.Namespace == nil && len(o.Deployments) == 0 || !model.IsSite(o) {
		if had {
			delete(s.sites, ns)
			delete(s.timedSites, ns)
			s.resort = true
		}
		if o.Namespace == nil {
			delete(s.objs, ns) // the namespace is gone
		}
		return
	}
	site := model.DeriveSite(o, now)
	if site.State == model.SiteRolling {
		// A rollout may be held by a volume the kubelet cannot mount,
		// which only its events say: read them for rolling sites only.
		site = model.DeriveSite(s.ObjectsWithEvents(ns), now)
	}
	site.Backup = s.backups[ns]
	s.sites[ns] = site
	if at := site.Certs.ChangesAt(now); !at.IsZero() {
		s.timedSites[ns] = at
	} else {
		delete(s.timedSites, ns)
	}
	if !had || !model.SameOrder(old, site) {
		s.resort = true
	} else if i, ok := s.siteIdx[ns]; ok && !s.resort {
		s.siteList[i] = site
	}
}

func (s *Store) rebuildSiteList() {
	s.resort = false
	s.siteList = s.siteList[:0]
	for _, site := range s.sites {
		s.siteList = append(s.siteList, site)
	}
	model.SortSites(s.siteList)
	clear(s.siteIdx)
	for i, site := range s.siteList {
		s.siteIdx[site.Namespace] = i
	}
}

func (s *Store) summarize() {
	s.summaryOld = false
	nodes, _ := s.L.Nodes.List(labels.Everything())
	s.summary = model.Summarize(s.siteList, nodes)
}

// Nodes lists the nodes (empty when the user may not list them).
func (s *Store) Nodes() []*corev1.Node {
	nodes, _ := s.L.Nodes.List(labels.Everything())
	return nodes
}
