package model

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
)

// A site's state comes from all its parts, not from web's rollout alone:
// a site whose pods stopped being ready with no rollout is DOWN, not
// ROLLING; a web Deployment scaled to 0 is not a green OK; a mysql
// StatefulSet stuck on a reverted revision is not hidden behind web's
// "Rollout complete". Every part says what it makes of the site (a Part);
// the worst part is the site's State.

// String is the word of the STATE column.
func (s SiteState) String() string {
	switch s {
	case SiteOK:
		return "OK"
	case SiteNoWeb:
		return "NO WEB"
	case SiteScaledToZero:
		return "SCALED TO 0"
	case SitePaused:
		return "PAUSED"
	case SiteScaling:
		return "SCALING"
	case SiteRolling:
		return "ROLLING"
	case SiteDegraded:
		return "DEGRADED"
	case SiteDown:
		return "DOWN"
	case SiteStuck:
		return "STUCK"
	case SiteDeleting:
		return "DELETING"
	default:
		return "UNKNOWN"
	}
}

// severity picks the part that names the site's state, highest first. A
// namespace being deleted says it all; a stuck rollout names its own fix
// (undo, delete a pod), so it beats a plain DOWN (the ranking still puts a
// stuck site that serves nothing first); a failure beats a change under
// way, a change under way beats a pause, which beats a deliberate scale
// to zero.
func (s SiteState) severity() int {
	switch s {
	case SiteDeleting:
		return 10
	case SiteStuck:
		return 9
	case SiteDown:
		return 8
	case SiteDegraded:
		return 7
	case SiteRolling:
		return 6
	case SiteScaling:
		return 5
	case SitePaused:
		return 4
	case SiteScaledToZero:
		return 3
	case SiteNoWeb:
		return 2
	case SiteUnknown:
		return 1
	default:
		return 0
	}
}

// Label is the STATE cell: "OK", "ROLLING 2/3" (new pods available of
// desired, for a real rollout), "SCALING 3/4" (pods available of desired:
// a scale-up is not a rollout), "STUCK", "DOWN", "DEGRADED", "SCALED TO 0",
// "PAUSED", "DELETING", "NO WEB", or "—" before web has any status.
func (s Site) Label() string {
	switch s.State {
	case SiteRolling, SiteScaling:
		if len(s.Parts) > 0 {
			return fmt.Sprintf("%s %d/%d", s.State, s.Parts[0].Done, s.Parts[0].Of)
		}
	case SiteUnknown:
		return "—"
	}
	return s.State.String()
}

// WebExplains reports whether web's rollout sets the site's state, so
// that web's diagnosis (DiagnoseWeb) is the why: OK, ROLLING, STUCK,
// PAUSED or not yet known, with web the worst part. Otherwise another
// part (mysql stuck, the namespace being deleted) or a state web's
// rollout does not explain (DOWN, DEGRADED, SCALING, SCALED TO 0) leads,
// and web's diagnosis follows. The site screen and `fdtui diagnose`
// both order their explanation by it.
func (s Site) WebExplains() bool {
	if len(s.Parts) > 0 && s.Parts[0].Name != "web" {
		return false
	}
	switch s.State {
	case SiteOK, SiteRolling, SiteStuck, SitePaused, SiteUnknown:
		return s.HasWeb
	}
	return false
}

// RolloutEnded judges a change to web made when web was at revision from
// (a rollback, a restart, a new image: each makes a new revision): ended
// once web is on another revision and its rollout is complete, or stuck
// (then stuck is true). The old revision's state never counts, however
// quickly the new one comes: a rollback of a stuck rollout goes straight
// from stuck to complete, the old pods still serving. The TUI's rollout
// follow-up and `fdtui rollback --wait` both judge by it.
func (s Site) RolloutEnded(from int64) (ended, stuck bool) {
	if !s.HasWeb || s.Web.Revision == from {
		return false, false // the change has not reached the controller yet
	}
	switch s.Web.Phase {
	case RolloutComplete:
		return true, false
	case RolloutStuck:
		return true, true
	}
	return false, false
}

// Reason is why the site is in its state, one line ("" when OK).
func (s Site) Reason() string {
	if len(s.Parts) == 0 {
		return ""
	}
	return s.Parts[0].Reason
}

// Part returns the named part ("web", "mysql", "memcache", "namespace")
// when it is not OK.
func (s Site) Part(name string) (Part, bool) {
	for _, p := range s.Parts {
		if p.Name == name {
			return p, true
		}
	}
	return Part{}, false
}

// siteRank orders sites for the triage table, what needs a human first:
//
//  0. serving nothing: DOWN, and STUCK with nothing serving — visitors
//     get errors now;
//  1. STUCK while still serving: the rollout will not finish by itself;
//     then a site whose certificate is expired, expires within
//     CertUrgentDays, or fails to renew with one expiring within
//     CertWarnDays (CertStatus.Urgent), whatever its other state;
//  2. DEGRADED: serving, short of pods or with a failing part, and no
//     rollout to blame (so nothing will fix it by itself);
//     then a site whose newest backup is older than 3 intervals of its
//     schedule (BackupOverdue), when nothing above applies;
//  3. ROLLING and SCALING: a change under way, worth watching;
//  4. PAUSED: a rollout waiting for someone to resume it;
//  5. DELETING: usually meant, but a namespace can hang on finalizers;
//  6. SCALED TO 0: serving nothing, on purpose;
//  7. OK, NO WEB and not yet known; among them first, a site whose
//     newest backup is late (BackupLate) or whose cron or backup
//     CronJob's last run failed (CronFailing): it serves, but Drupal's
//     housekeeping or its backups do not run, and nothing else on the
//     sites screen would say so.
func siteRank(s Site) int {
	r := 2 * stateRank(s)
	if s.certUrgent && r > 2 {
		// An expired or expiring certificate (or a failing renewal of
		// one): browsers will refuse the site. Below DOWN and STUCK,
		// above everything else.
		return 3
	}
	switch {
	case s.Backup == BackupOverdue && r > 5:
		// No backup for three intervals: a risk a human must act on,
		// below a degraded site, above a rollout.
		return 5
	case (s.Backup == BackupLate || len(s.CronFailing) > 0) && r > 13:
		// A late backup or a failing CronJob: above the healthy sites only.
		return 13
	}
	return r
}

func stateRank(s Site) int {
	switch s.State {
	case SiteDown:
		return 0
	case SiteStuck:
		if !s.Serving {
			return 0
		}
		return 1
	case SiteDegraded:
		return 2
	case SiteRolling, SiteScaling:
		return 3
	case SitePaused:
		return 4
	case SiteDeleting:
		return 5
	case SiteScaledToZero:
		return 6
	default:
		return 7
	}
}

// deriveState fills the site's State, Parts and Serving, and the
// StatefulSets' State, from all its objects. s already holds Web, MySQL
// and Memcache.
func deriveState(o NamespaceObjects, s *Site) {
	var parts []Part
	if p, ok := namespacePart(o.Namespace); ok {
		parts = append(parts, p)
	}
	web := findDeployment(o.Deployments, WebDeployment)
	webRuns := false
	if web == nil {
		parts = append(parts, Part{Name: "web", State: SiteNoWeb, Reason: "no web Deployment in the namespace: nothing serves the site"})
	} else {
		parts = append(parts, webPart(web, s.Web, o.ReplicaSets, o.Pods, o.Events))
		webRuns = s.Web.Desired > 0
	}
	for _, w := range []struct {
		name   string
		status *WorkloadStatus
	}{{MySQLStatefulSet, &s.MySQL}, {MemcacheStatefulSet, &s.Memcache}} {
		sts := findStatefulSet(o.StatefulSets, w.name)
		if sts == nil {
			continue
		}
		p := statefulSetPart(sts, o.Pods)
		p = weighStatefulSet(p, webRuns)
		w.status.State = p.State
		parts = append(parts, p)
	}
	s.Parts = parts[:0]
	for _, p := range parts {
		if p.State != SiteOK {
			s.Parts = append(s.Parts, p)
		}
	}
	sort.SliceStable(s.Parts, func(i, j int) bool { return s.Parts[i].State.severity() > s.Parts[j].State.severity() })
	s.State = SiteOK
	if len(s.Parts) > 0 {
		s.State = s.Parts[0].State
	}
	s.Serving = web != nil && s.Web.Available > 0 && (!s.MySQL.Present || s.MySQL.Ready > 0)
	if len(s.Parts) == 0 {
		s.Parts = nil
	}
}

// weighStatefulSet says what a StatefulSet's trouble does to the site.
// Without its database the site serves nothing, so mysql at 0 ready is
// DOWN, even when scaled to 0 while web runs; without memcache Drupal
// still serves, slower, so memcache at 0 is DEGRADED.
func weighStatefulSet(p Part, webRuns bool) Part {
	switch {
	case p.Name == MySQLStatefulSet && p.State == SiteScaledToZero && webRuns:
		p.State = SiteDown
		p.Reason = "mysql is scaled to 0 replicas: the site has no database"
		p.Hint = "scale mysql back to 1 replica"
	case p.Name == MemcacheStatefulSet && p.State == SiteScaledToZero && webRuns:
		p.State = SiteDegraded
		p.Reason = "memcache is scaled to 0 replicas: the site runs without its cache"
	case p.Name == MemcacheStatefulSet && p.State == SiteDown:
		p.State = SiteDegraded
		p.Reason += " (the site runs without its cache, slower)"
	}
	return p
}

// --- the namespace ---

// namespacePart is DELETING for a namespace being deleted, with what
// holds the deletion up (the namespace controller's conditions).
func namespacePart(ns *corev1.Namespace) (Part, bool) {
	if ns == nil || ns.DeletionTimestamp == nil && ns.Status.Phase != corev1.NamespaceTerminating {
		return Part{}, false
	}
	p := Part{Name: "namespace", State: SiteDeleting, Reason: "the namespace is being deleted, and the site with it"}
	if ns.DeletionTimestamp != nil {
		p.Since = ns.DeletionTimestamp.Time
	}
	for _, c := range ns.Status.Conditions {
		if c.Status != corev1.ConditionTrue || c.Message == "" {
			continue
		}
		p.Evidence = append(p.Evidence, oneLine(c.Message))
		if c.Type == corev1.NamespaceFinalizersRemaining {
			p.Hint = "the deletion waits for finalizers: check that their controllers run"
		}
	}
	return p, true
}

// --- web ---

// webPart is what web's Deployment makes of the site: its rollout when
// one is under way, else whether its pods serve.
func webPart(d *appsv1.Deployment, r Rollout, rss []*appsv1.ReplicaSet, pods []*corev1.Pod, events []*corev1.Event) Part {
	p := Part{Name: "web"}
	if r.Phase == RolloutUnknown {
		p.State, p.Reason = SiteUnknown, "web's Deployment has no status yet: the controller has not reported on it"
		return p
	}
	if r.Desired == 0 {
		p.State = SiteScaledToZero
		p.Reason = "web is scaled to 0 replicas: nothing runs, so the site serves nothing"
		p.Evidence = []string{"spec.replicas is 0: every rollout check passes with nothing to check"}
		p.Hint = "scale web back up to serve the site again"
		return p
	}
	if r.Phase == RolloutComplete && r.Available >= r.Desired {
		p.State = SiteOK // the common case, without a look at the pods
		return p
	}
	owned := ownedReplicaSets(d, rss)
	var webPods []*corev1.Pod
	for _, rs := range owned {
		webPods = append(webPods, podsOf(rs, pods)...)
	}
	var current *appsv1.ReplicaSet
	if len(owned) > 0 {
		current = owned[0]
	}
	rev := fmt.Sprintf("revision %d (%s)", r.Revision, ImageTag(r.Image))
	switch r.Phase {
	case RolloutStuck:
		p.State = SiteStuck
		p.Reason = fmt.Sprintf("the rollout of %s is stuck: %s", rev, r.Reason)
		return p
	case RolloutProgressing:
		if f, ok := mountBlocked(current, pods, events); ok {
			// The kubelet said why a new pod cannot start (a missing
			// Secret): stuck from its first event, not at the deadline.
			p.State, p.Hint = SiteStuck, f.Hint
			p.Reason = fmt.Sprintf("the rollout of %s is stuck: new pods cannot start: %s", rev, f.Verdict)
			return p
		}
		if r.Available == 0 && r.PrevRevision > 0 {
			// The site served before this rollout and serves nothing now.
			p.State = SiteDown
			p.Reason = fmt.Sprintf("no web pod serves while %s rolls out (%d of %d new pods available)",
				rev, r.UpdatedAvailable, r.Desired)
			if summary, _ := describePods(unservingPods(webPods)); summary != "" {
				p.Evidence = []string{"web pods: " + summary}
			}
			return p
		}
		p.State, p.Done, p.Of = SiteRolling, r.UpdatedAvailable, r.Desired
		p.Reason = fmt.Sprintf("rolling out %s: %d of %d new pods available", rev, r.UpdatedAvailable, r.Desired)
		return p
	case RolloutPaused:
		h := webHealth(d, r, webPods, current)
		if h.State == SiteDown || h.State == SiteDegraded {
			h.Evidence = append(h.Evidence, "web's rollouts are paused")
			return h
		}
		p.State = SitePaused
		if r.InProgress {
			p.Reason = fmt.Sprintf("the rollout of %s is paused at %d of %d updated", rev, r.Updated, r.Desired)
		} else {
			p.Reason = "web's rollouts are paused: a new image or a restart will not roll out until resumed"
		}
		return p
	}
	return webHealth(d, r, webPods, current)
}

// webHealth judges web when no rollout is under way: every pod available
// is OK; none available is DOWN; some short is DEGRADED when a pod fails
// or has lost its readiness, else SCALING (the missing pods are merely
// starting: a scale-up or a replaced pod, not a rollout).
func webHealth(d *appsv1.Deployment, r Rollout, webPods []*corev1.Pod, current *appsv1.ReplicaSet) Part {
	p := Part{Name: "web"}
	if r.Available >= r.Desired {
		p.State = SiteOK
		return p
	}
	unserving := unservingPods(webPods)
	summary, broken := describePods(unserving)
	if msg := replicaFailure(d, current); msg != "" {
		broken = true
		p.Evidence = append(p.Evidence, msg)
	}
	if summary == "" {
		summary = fmt.Sprintf("%d not available yet", r.Desired-r.Available)
	}
	rolledOut := fmt.Sprintf("no rollout is under way: revision %d (%s) rolled out", r.Revision, ImageTag(r.Image))
	if r.PrevRevision == 0 {
		rolledOut += " and is the only revision"
	}
	switch {
	case r.Available == 0:
		p.State = SiteDown
		p.Reason = fmt.Sprintf("no web pod serves: %s", summary)
		p.Evidence = append([]string{rolledOut}, p.Evidence...)
	case broken:
		p.State = SiteDegraded
		p.Reason = fmt.Sprintf("only %d of %d web pods serve: %s", r.Available, r.Desired, summary)
		p.Evidence = append([]string{rolledOut}, p.Evidence...)
	default:
		p.State, p.Done, p.Of = SiteScaling, r.Available, r.Desired
		p.Reason = fmt.Sprintf("%d of %d web pods available, %s: a scale-up or a replaced pod, not a rollout",
			r.Available, r.Desired, summary)
	}
	return p
}

// unservingPods are the pods that should serve and do not: not ready,
// not finished, not being deleted.
func unservingPods(pods []*corev1.Pod) []*corev1.Pod {
	var out []*corev1.Pod
	for _, p := range pods {
		if p != nil && !podReady(p) && !podTerminal(p) && p.DeletionTimestamp == nil {
			out = append(out, p)
		}
	}
	return out
}

// describePods says what unserving pods do, counted by what: "2 running
// but not ready", "1 ImagePullBackOff, 1 ContainerCreating". broken is
// true when one fails in a way that will not heal by itself or has lost
// its readiness; pods merely starting are not broken.
func describePods(pods []*corev1.Pod) (summary string, broken bool) {
	counts := map[string]int{}
	var order []string
	for _, p := range pods {
		what := podDoing(p)
		if f, ok := failureOf(p); ok {
			what, broken = f.Reason, true
		} else if lostReadiness(p) {
			what, broken = "running but not ready", true
		}
		if counts[what] == 0 {
			order = append(order, what)
		}
		counts[what]++
	}
	parts := make([]string, 0, len(order))
	for _, what := range order {
		parts = append(parts, fmt.Sprintf("%d %s", counts[what], what))
	}
	return strings.Join(parts, ", "), broken
}

// podDoing is what a pod that does not serve yet is doing: "starting"
// when its containers run but it is not ready yet, else kubectl's STATUS
// (ContainerCreating, Pending, Init:0/1...).
func podDoing(p *corev1.Pod) string {
	if p.Status.Phase == corev1.PodRunning && allRunning(p) {
		return "starting"
	}
	status, _, _ := podStatus(p)
	return status
}

func allRunning(p *corev1.Pod) bool {
	for _, cs := range p.Status.ContainerStatuses {
		if cs.State.Running == nil {
			return false
		}
	}
	return len(p.Status.ContainerStatuses) > 0
}

// lostReadiness: a running pod whose Ready condition turned false after
// its containers had started — it was ready and stopped answering its
// readiness probe — unlike a pod still booting, whose Ready condition has
// been false since before its containers started. Both times are in the
// pod's status, so this needs no clock: a site page stays right without a
// change to re-derive it.
func lostReadiness(p *corev1.Pod) bool {
	if p.Status.Phase != corev1.PodRunning || podReady(p) || p.DeletionTimestamp != nil {
		return false
	}
	c := podCondition(p, corev1.PodReady)
	if c == nil || c.LastTransitionTime.IsZero() {
		return false
	}
	var started time.Time
	for _, cs := range p.Status.ContainerStatuses {
		if cs.State.Running == nil {
			return false
		}
		if t := cs.State.Running.StartedAt.Time; t.After(started) {
			started = t
		}
	}
	return !started.IsZero() && c.LastTransitionTime.After(started)
}

// --- StatefulSets (mysql, memcache) ---

// statefulSetPart is what a StatefulSet makes of the site: a rolling
// update under way, stuck, or its pods' readiness.
//
// A rolling update is under way when status.currentRevision differs from
// status.updateRevision, or when a pod runs another revision than
// updateRevision (its controller-revision-hash label): after a revert the
// two status revisions are equal again while the pod still runs the bad
// one. With podManagementPolicy OrderedReady the controller touches no
// pod while one is not Running and Ready, so a pod left on an old revision
// and unready is never replaced (kubernetes#67250): STUCK, and deleting
// that pod applies the update.
func statefulSetPart(s *appsv1.StatefulSet, pods []*corev1.Pod) Part {
	p := Part{Name: s.Name}
	desired := int32(1)
	if s.Spec.Replicas != nil {
		desired = *s.Spec.Replicas
	}
	if desired == 0 {
		p.State, p.Reason = SiteScaledToZero, s.Name+" is scaled to 0 replicas"
		return p
	}
	if st := s.Status; st.ObservedGeneration >= s.Generation && st.ReadyReplicas >= desired &&
		(st.UpdateRevision == "" || st.CurrentRevision == st.UpdateRevision && st.UpdatedReplicas >= st.Replicas) {
		p.State = SiteOK // every pod ready on the revision wanted: nothing to look at
		return p
	}
	f := newStatefulSetFacts(s, pods)
	if stuck, ok := f.stuck(); ok {
		return stuck
	}
	if f.updating() {
		p.State, p.Of = SiteRolling, desired
		p.Done = f.updatedReady()
		p.Reason = fmt.Sprintf("%s is rolling to revision %s: %d of %d pods updated and ready", s.Name, f.upd, p.Done, desired)
		return p
	}
	ready := s.Status.ReadyReplicas
	if ready >= desired {
		p.State = SiteOK
		return p
	}
	summary, broken := describePods(unservingPods(f.pods))
	if summary == "" {
		summary = fmt.Sprintf("%d not ready", desired-ready)
	}
	switch {
	case ready == 0:
		p.State = SiteDown
		p.Reason = fmt.Sprintf("%s has no ready pod (0 of %d): %s", s.Name, desired, summary)
	case broken:
		p.State = SiteDegraded
		p.Reason = fmt.Sprintf("%s has %d of %d pods ready: %s", s.Name, ready, desired, summary)
	default:
		p.State, p.Done, p.Of = SiteScaling, ready, desired
		p.Reason = fmt.Sprintf("%s has %d of %d pods ready: %s", s.Name, ready, desired, summary)
	}
	return p
}

// statefulSetFacts is what statefulSetPart reads about one StatefulSet.
type statefulSetFacts struct {
	s         *appsv1.StatefulSet
	pods      []*corev1.Pod // owned, by ordinal
	upd       string        // status.updateRevision
	partition int32
}

func newStatefulSetFacts(s *appsv1.StatefulSet, pods []*corev1.Pod) *statefulSetFacts {
	f := &statefulSetFacts{s: s, upd: s.Status.UpdateRevision}
	for _, p := range pods {
		if p != nil && p.Namespace == s.Namespace && ownedBy(p.OwnerReferences, s.UID) && !podTerminal(p) {
			f.pods = append(f.pods, p)
		}
	}
	sort.Slice(f.pods, func(i, j int) bool { return podOrdinal(f.pods[i]) < podOrdinal(f.pods[j]) })
	if ru := s.Spec.UpdateStrategy.RollingUpdate; ru != nil && ru.Partition != nil {
		f.partition = *ru.Partition
	}
	return f
}

func (f *statefulSetFacts) rollingUpdate() bool {
	t := f.s.Spec.UpdateStrategy.Type
	return t == "" || t == appsv1.RollingUpdateStatefulSetStrategyType
}

func (f *statefulSetFacts) orderedReady() bool {
	pm := f.s.Spec.PodManagementPolicy
	return pm == "" || pm == appsv1.OrderedReadyPodManagement
}

// behind: the pod should be on updateRevision and is not. Its revision
// label says so; without it (a cache that dropped it), the status says
// some pod is behind and this one runs another image than the template.
func (f *statefulSetFacts) behind(p *corev1.Pod) bool {
	if f.upd == "" || !f.rollingUpdate() || podOrdinal(p) < int(f.partition) {
		return false
	}
	if rev := podRevision(p); rev != "" {
		return rev != f.upd
	}
	return f.s.Status.UpdatedReplicas < f.s.Status.Replicas && mainImage(&p.Spec) != mainImage(&f.s.Spec.Template.Spec)
}

// updating: a rolling update is under way (see statefulSetPart).
func (f *statefulSetFacts) updating() bool {
	st := f.s.Status
	if f.s.Status.ObservedGeneration < f.s.Generation {
		return true
	}
	if f.upd == "" || !f.rollingUpdate() {
		return false
	}
	if st.CurrentRevision != "" && st.CurrentRevision != f.upd && f.partition == 0 {
		return true
	}
	for _, p := range f.pods {
		if f.behind(p) {
			return true
		}
	}
	return false
}

// updatedReady counts the ready pods on updateRevision.
func (f *statefulSetFacts) updatedReady() int32 {
	var n int32
	known := false
	for _, p := range f.pods {
		if podRevision(p) != "" {
			known = true
		}
		if podReady(p) && p.DeletionTimestamp == nil && !f.behind(p) {
			n++
		}
	}
	if !known {
		return min(f.s.Status.UpdatedReplicas, f.s.Status.ReadyReplicas)
	}
	return n
}

// stuck finds the pod that holds a rolling update up for good: one left
// behind and unready under OrderedReady (the revert that never arrives),
// or one on the new revision failing (a bad update).
func (f *statefulSetFacts) stuck() (Part, bool) {
	if !f.updating() {
		return Part{}, false
	}
	name := f.s.Name
	want := mainImage(&f.s.Spec.Template.Spec)
	for _, p := range f.pods {
		if !f.behind(p) || podReady(p) || p.DeletionTimestamp != nil || !f.orderedReady() {
			continue
		}
		rev := podRevision(p)
		if rev == "" {
			rev = "an older revision"
		} else {
			rev = "revision " + rev
		}
		return Part{Name: name, State: SiteStuck, Pod: p.Name,
			Reason: fmt.Sprintf("%s is stuck on %s (%s)", p.Name, rev, podTrouble(p)),
			Evidence: []string{
				fmt.Sprintf("the StatefulSet wants revision %s (%s)", f.upd, want),
				fmt.Sprintf("an OrderedReady rolling update never replaces an unready pod, so %s stays as it is", p.Name),
			},
			Hint: fmt.Sprintf("delete %s: the StatefulSet recreates it at revision %s", p.Name, f.upd),
		}, true
	}
	for _, p := range f.pods {
		if f.behind(p) {
			continue
		}
		if fail, ok := failureOf(p); ok {
			stuck := Part{Name: name, State: SiteStuck, Pod: p.Name,
				Reason: fmt.Sprintf("%s fails on the StatefulSet's new revision %s (%s)", p.Name, f.upd, podTrouble(p)),
				Hint:   fmt.Sprintf("fix or revert %s's template (kubectl rollout undo statefulset/%s)", name, name),
			}
			if msg := oneLine(fail.Message); msg != "" {
				stuck.Evidence = append(stuck.Evidence, fail.Reason+": "+msg)
			}
			if f.orderedReady() {
				stuck.Hint += fmt.Sprintf(", then delete %s: OrderedReady never replaces an unready pod", p.Name)
			}
			return stuck, true
		}
	}
	return Part{}, false
}

// podTrouble is "mariadb:11.4.5-broken, ImagePullBackOff": the image of
// the failing container (else the main one) and what is wrong.
func podTrouble(p *corev1.Pod) string {
	image := mainImage(&p.Spec)
	what := podDoing(p)
	if f, ok := failureOf(p); ok {
		what = f.Reason
		for _, c := range p.Spec.Containers {
			if c.Name == f.Container {
				image = c.Image
			}
		}
	} else if lostReadiness(p) {
		what = "running but not ready"
	}
	if what == "starting" {
		what = "not ready"
	}
	if image == "" {
		return what
	}
	return image + ", " + what
}

// podRevision is a StatefulSet pod's controller-revision-hash label ("" when
// not known).
func podRevision(p *corev1.Pod) string {
	return p.Labels[appsv1.ControllerRevisionHashLabelKey]
}

// podOrdinal is the ordinal in a StatefulSet pod's name ("mysql-0": 0), -1
// when there is none.
func podOrdinal(p *corev1.Pod) int {
	i := strings.LastIndexByte(p.Name, '-')
	if i < 0 {
		return -1
	}
	n, err := strconv.Atoi(p.Name[i+1:])
	if err != nil {
		return -1
	}
	return n
}

// mountBlocked finds a new pod held in ContainerCreating by a volume that
// cannot mount (a FailedMount naming a missing Secret); events nil (not
// read) finds nothing.
func mountBlocked(current *appsv1.ReplicaSet, pods []*corev1.Pod, events []*corev1.Event) (podFailure, bool) {
	if current == nil || len(events) == 0 {
		return podFailure{}, false
	}
	for _, p := range podsOf(current, pods) {
		if podReady(p) || podTerminal(p) {
			continue
		}
		if f, ok := mountFailure(p, newestFirst(events)); ok {
			return f, true
		}
	}
	return podFailure{}, false
}
