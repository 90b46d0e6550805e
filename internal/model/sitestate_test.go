package model

import (
	"fmt"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// --- builders for the site-state cases (the shared cases' objects) ---

// lostReadinessAgo: the pod was ready and its readiness probe started
// failing d ago, long after its containers started (case 06).
func lostReadinessAgo(d time.Duration) podOpt {
	return func(p *corev1.Pod) {
		runningNotReady("web")(p)
		podCondition(p, corev1.PodReady).LastTransitionTime = ago(d)
	}
}

// booting: containers started 15s ago, not ready yet; Ready has been
// false since the pod was initialized, before they started.
func booting(p *corev1.Pod) {
	p.CreationTimestamp = ago(20 * time.Second)
	for i := range p.Status.ContainerStatuses {
		p.Status.ContainerStatuses[i].State.Running.StartedAt = ago(15 * time.Second)
	}
	runningNotReady("web")(p)
	podCondition(p, corev1.PodReady).LastTransitionTime = ago(18 * time.Second)
}

// replicas sets spec.replicas and a settled status (no rollout): total
// and updated pods, ready and available ones, generation observed.
func replicas(desired, total, ready int32) deployOpt {
	return func(d *appsv1.Deployment) {
		d.Spec.Replicas = ptr(desired)
		d.Status.Replicas, d.Status.UpdatedReplicas = total, total
		d.Status.ReadyReplicas, d.Status.AvailableReplicas = ready, ready
		d.Status.UnavailableReplicas = max(0, desired-ready)
	}
}

// settledSite is a site whose only live revision (4, image abc1234)
// rolled out long ago, with these web pods of it.
func settledSite(dOpts []deployOpt, pods ...func(*appsv1.ReplicaSet) *corev1.Pod) NamespaceObjects {
	o := healthySite()
	d := webDeployment(4, "example/web:abc1234", dOpts...)
	rs3 := replicaSet(d, 3, "example/web:0ff1ce0", 0, 0)
	rs4 := replicaSet(d, 4, "example/web:abc1234", int32(len(pods)), 0)
	o.Deployments, o.ReplicaSets, o.Pods = []*appsv1.Deployment{d}, []*appsv1.ReplicaSet{rs3, rs4}, nil
	for _, mk := range pods {
		p := mk(rs4)
		if podReady(p) {
			rs4.Status.ReadyReplicas++
			rs4.Status.AvailableReplicas++
		}
		o.Pods = append(o.Pods, p)
	}
	return o
}

func webPodMaker(suffix string, opts ...podOpt) func(*appsv1.ReplicaSet) *corev1.Pod {
	return func(rs *appsv1.ReplicaSet) *corev1.Pod { return runningPod(rs, suffix, opts...) }
}

// unreadyWithoutRollout is shared case 06: revision 1 rolled out long ago
// (Progressing=True NewReplicaSetAvailable), 2 replicas; both pods Running
// with the web container unready (readiness probe: connection refused on
// :80) since a minute ago. The only revision: nothing to undo.
func unreadyWithoutRollout() NamespaceObjects {
	o := healthySite()
	d := webDeployment(1, "registry.digitalocean.com/acme/bh-06-example-com:4f9c2e1", replicas(2, 2, 0))
	d.Status.Conditions[0] = appsv1.DeploymentCondition{Type: appsv1.DeploymentAvailable, Status: corev1.ConditionFalse,
		Reason: "MinimumReplicasUnavailable", Message: "Deployment does not have minimum availability."}
	rs1 := replicaSet(d, 1, "registry.digitalocean.com/acme/bh-06-example-com:4f9c2e1", 2, 0)
	o.Deployments, o.ReplicaSets = []*appsv1.Deployment{d}, []*appsv1.ReplicaSet{rs1}
	o.Pods = []*corev1.Pod{
		runningPod(rs1, "aaaaa", createdPodAgo(3*time.Hour), lostReadinessAgo(time.Minute)),
		runningPod(rs1, "bbbbb", createdPodAgo(3*time.Hour), lostReadinessAgo(time.Minute)),
	}
	return o
}

// scaledToZero is shared case 09: web had 2 healthy replicas and was
// scaled to 0; the Deployment is "complete" (0 of 0).
func scaledToZero() NamespaceObjects {
	o := healthySite()
	d := webDeployment(1, "registry.digitalocean.com/acme/bh-09-example-com:4f9c2e1", replicas(0, 0, 0))
	d.Generation, d.Status.ObservedGeneration = 2, 2
	d.Status.Conditions[0].Status = corev1.ConditionTrue // 0 of 0 is available
	rs1 := replicaSet(d, 1, "registry.digitalocean.com/acme/bh-09-example-com:4f9c2e1", 0, 0)
	o.Deployments, o.ReplicaSets, o.Pods = []*appsv1.Deployment{d}, []*appsv1.ReplicaSet{rs1}, nil
	return o
}

// Revisions of the mysql StatefulSet in case 07: good is mariadb:11.4.4,
// bad mariadb:11.4.5-broken (a tag that does not exist).
const (
	mysqlGoodRev = "mysql-5d8f7c6b9d"
	mysqlBadRev  = "mysql-7b9c4d8f6a"
)

func mysqlSet(image, current, update string, ready, updated int32, opts ...func(*appsv1.StatefulSet)) *appsv1.StatefulSet {
	s := statefulSet("mysql", image, 1, ready)
	s.UID = "uid-sts-mysql"
	s.Generation = 3
	s.Spec.ServiceName = "mysql"
	s.Spec.PodManagementPolicy = appsv1.OrderedReadyPodManagement
	s.Spec.UpdateStrategy = appsv1.StatefulSetUpdateStrategy{Type: appsv1.RollingUpdateStatefulSetStrategyType}
	s.Status.ObservedGeneration = 3
	s.Status.CurrentRevision, s.Status.UpdateRevision = current, update
	s.Status.UpdatedReplicas, s.Status.CurrentReplicas = updated, 0
	if current == update {
		s.Status.CurrentReplicas = updated
	}
	s.Status.AvailableReplicas = ready
	for _, o := range opts {
		o(s)
	}
	return s
}

// stsPod is pod ordinal of s at revision rev running image, ready.
func stsPod(s *appsv1.StatefulSet, ordinal int, rev, image string, opts ...podOpt) *corev1.Pod {
	p := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{
			Namespace: s.Namespace, Name: fmt.Sprintf("%s-%d", s.Name, ordinal), UID: types.UID(fmt.Sprintf("uid-%s-%d", s.Name, ordinal)),
			CreationTimestamp: ago(2 * time.Minute),
			Labels:            map[string]string{appsv1.ControllerRevisionHashLabelKey: rev},
			OwnerReferences: []metav1.OwnerReference{{APIVersion: "apps/v1", Kind: "StatefulSet",
				Name: s.Name, UID: s.UID, Controller: ptr(true)}},
		},
		Spec: corev1.PodSpec{NodeName: "pool-db-1", Containers: []corev1.Container{{Name: s.Name, Image: image}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning, Conditions: []corev1.PodCondition{
			{Type: corev1.PodScheduled, Status: corev1.ConditionTrue},
			{Type: corev1.ContainersReady, Status: corev1.ConditionTrue},
			{Type: corev1.PodReady, Status: corev1.ConditionTrue},
		}, ContainerStatuses: []corev1.ContainerStatus{{Name: s.Name, Image: image, Ready: true, Started: ptr(true),
			State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: ago(time.Minute)}}}}},
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

// pullBackOff: the pod's only container cannot pull its image.
func pullBackOff(p *corev1.Pod) {
	name := p.Spec.Containers[0].Name
	waiting(name, "ImagePullBackOff", `Back-off pulling image "`+p.Spec.Containers[0].Image+`"`)(p)
	p.Status.Phase = corev1.PodPending
}

// withMySQL replaces the site's mysql StatefulSet and adds its pods.
func withMySQL(o NamespaceObjects, s *appsv1.StatefulSet, pods ...*corev1.Pod) NamespaceObjects {
	o.StatefulSets = []*appsv1.StatefulSet{s, o.StatefulSets[1]}
	o.Pods = append(o.Pods, pods...)
	return o
}

// mysqlStuckAfterRevert is shared case 07: mysql was set to the bad tag,
// mysql-0 was recreated on it and cannot pull; the image was reverted.
// The controller reuses the good revision, so currentRevision ==
// updateRevision again, while mysql-0 still runs the bad one and
// OrderedReady never replaces it.
func mysqlStuckAfterRevert(o NamespaceObjects) NamespaceObjects {
	s := mysqlSet("mariadb:11.4.4", mysqlGoodRev, mysqlGoodRev, 0, 0)
	return withMySQL(o, s, stsPod(s, 0, mysqlBadRev, "mariadb:11.4.5-broken", pullBackOff))
}

// case07Namespace is the namespace of case 07 exactly: a Flight Deck
// namespace with the mysql Service and StatefulSet, and no web.
func case07Namespace() NamespaceObjects {
	o := mysqlStuckAfterRevert(healthySite())
	o.Deployments, o.ReplicaSets, o.Ingresses = nil, nil, nil
	o.StatefulSets = o.StatefulSets[:1]
	o.Pods = o.Pods[len(o.Pods)-1:]
	return o
}

func deletingNamespace(o NamespaceObjects) NamespaceObjects {
	ns := o.Namespace.DeepCopy()
	ns.DeletionTimestamp = agoPtr(2 * time.Minute)
	ns.Status.Phase = corev1.NamespaceTerminating
	ns.Status.Conditions = []corev1.NamespaceCondition{
		{Type: corev1.NamespaceDeletionContentFailure, Status: corev1.ConditionFalse, Reason: "ContentDeleted", Message: "All content successfully deleted, may be waiting on finalization"},
		{Type: corev1.NamespaceFinalizersRemaining, Status: corev1.ConditionTrue, Reason: "SomeFinalizersRemain",
			Message: "Some content in the namespace has finalizers remaining: kubernetes.io/pvc-protection in 1 resource instances"},
	}
	o.Namespace = ns
	return o
}

func withScenario(o NamespaceObjects, s scenario) NamespaceObjects {
	o.Deployments, o.ReplicaSets, o.Pods = []*appsv1.Deployment{s.d}, s.rss, s.pods
	return o
}

// --- the table ---

type stateCase struct {
	name        string
	o           NamespaceObjects
	wantState   SiteState
	wantLabel   string
	wantServing bool
	// wantReason and wantEvidence are substrings of Parts[0]'s; "" skips.
	wantReason, wantEvidence, wantHint string
	wantPod                            string
}

func stateCases() []stateCase {
	healthyRolling := midRollout(nil, 1, newPod("new01"), newPod("new02", creating))
	// A rollout whose replica counts look bad — one old pod gone, the
	// surge pod booting for a minute, 1 of 3 updated — while the
	// controller says it progresses: never STUCK.
	slowRollout := midRollout(nil, 0, newPod("new01", booting))
	slowRollout.d.Status.ReadyReplicas, slowRollout.d.Status.AvailableReplicas = 2, 2
	slowRollout.pods = slowRollout.pods[1:]
	slowRollout.old.Status.Replicas, slowRollout.old.Status.AvailableReplicas = 1, 1
	// Right after an undo of a stuck rollout: the old condition says
	// ProgressDeadlineExceeded, about a spec the controller has not seen.
	undone := midRollout([]deployOpt{deadlineExceededSince(3 * time.Minute)}, 0, newPod("new01", runningNotReady("web")))
	undone.d.Generation = 8
	stuckDown := midRollout([]deployOpt{deadlineExceededSince(time.Minute)}, 0, newPod("new01", waiting("web", "ImagePullBackOff", "")))
	stuckDown.d.Status.ReadyReplicas, stuckDown.d.Status.AvailableReplicas = 0, 0
	for _, p := range stuckDown.pods[:2] {
		runningNotReady("web")(p)
	}
	// A restart after the site went down: revision 5 rolls out, nothing
	// serves, no pod fails (yet).
	rollingDown := midRollout(nil, 0, newPod("new01", booting))
	rollingDown.d.Status.ReadyReplicas, rollingDown.d.Status.AvailableReplicas = 0, 0
	for _, p := range rollingDown.pods[:2] {
		lostReadinessAgo(5 * time.Minute)(p)
	}
	// A new site's first rollout: revision 1, nothing before it.
	firstRollout := scenario{d: webDeployment(1, "example/web:abc1234", rolling(1, 1, 0, 0))}
	rs1 := replicaSet(firstRollout.d, 1, "example/web:abc1234", 1, 0, createdAgo(30*time.Second))
	firstRollout.rss, firstRollout.pods = []*appsv1.ReplicaSet{rs1}, []*corev1.Pod{runningPod(rs1, "first", creating)}

	scaleUp := settledSite([]deployOpt{replicas(4, 4, 3), func(d *appsv1.Deployment) { d.Generation, d.Status.ObservedGeneration = 8, 8 }},
		webPodMaker("aaaaa"), webPodMaker("bbbbb"), webPodMaker("ccccc"), webPodMaker("ddddd", creating))
	scaleUpStuck := settledSite([]deployOpt{replicas(4, 4, 3)},
		webPodMaker("aaaaa"), webPodMaker("bbbbb"), webPodMaker("ccccc"),
		webPodMaker("ddddd", unschedulable("0/4 nodes are available: 4 Insufficient cpu.")))
	oneLost := settledSite([]deployOpt{replicas(3, 3, 2)},
		webPodMaker("aaaaa"), webPodMaker("bbbbb"), webPodMaker("ccccc", lostReadinessAgo(2*time.Minute)))
	crashAfterEviction := settledSite([]deployOpt{replicas(3, 3, 2)},
		webPodMaker("aaaaa"), webPodMaker("bbbbb"), webPodMaker("ccccc", crashLooping("web", 5, 1, "Error")))
	pausedSettled := healthySite()
	paused(pausedSettled.Deployments[0])

	goodMySQL := func(o NamespaceObjects) NamespaceObjects {
		s := mysqlSet("mariadb:11.4.4", mysqlGoodRev, mysqlGoodRev, 1, 1)
		return withMySQL(o, s, stsPod(s, 0, mysqlGoodRev, "mariadb:11.4.4"))
	}
	badUpdate := func() NamespaceObjects {
		s := mysqlSet("mariadb:11.4.5-broken", mysqlGoodRev, mysqlBadRev, 0, 1)
		return withMySQL(healthySite(), s, stsPod(s, 0, mysqlBadRev, "mariadb:11.4.5-broken", pullBackOff))
	}
	mysqlRolling := func() NamespaceObjects {
		s := mysqlSet("mariadb:11.4.5", mysqlGoodRev, mysqlBadRev, 0, 1)
		return withMySQL(healthySite(), s, stsPod(s, 0, mysqlBadRev, "mariadb:11.4.5", creating))
	}
	parallelRevert := func() NamespaceObjects {
		o := mysqlStuckAfterRevert(healthySite())
		o.StatefulSets[0].Spec.PodManagementPolicy = appsv1.ParallelPodManagement
		return o
	}
	labelsDropped := func() NamespaceObjects {
		o := mysqlStuckAfterRevert(healthySite())
		o.Pods[len(o.Pods)-1].Labels = nil
		return o
	}
	mysqlCrash := func() NamespaceObjects {
		s := mysqlSet("mariadb:11.4.4", mysqlGoodRev, mysqlGoodRev, 0, 1)
		return withMySQL(healthySite(), s, stsPod(s, 0, mysqlGoodRev, "mariadb:11.4.4", func(p *corev1.Pod) {
			crashLooping("mysql", 6, 1, "Error")(p)
		}))
	}
	memcacheDown := healthySite()
	memcacheDown.StatefulSets[1].Status.ReadyReplicas = 0
	mysqlOff := healthySite()
	mysqlOff.StatefulSets[0].Spec.Replicas = ptr(int32(0))
	mysqlOff.StatefulSets[0].Status = appsv1.StatefulSetStatus{}
	unobserved := healthySite()
	unobserved.Deployments[0].Status = appsv1.DeploymentStatus{}
	noWeb := healthySite()
	noWeb.Deployments, noWeb.ReplicaSets, noWeb.Pods = nil, nil, nil

	return []stateCase{
		{name: "healthy", o: healthySite(), wantState: SiteOK, wantLabel: "OK", wantServing: true},
		{name: "healthy rollout", o: withScenario(healthySite(), healthyRolling), wantState: SiteRolling, wantLabel: "ROLLING 1/3",
			wantServing: true, wantReason: "rolling out revision 5 (4f9c2e1): 1 of 3 new pods available"},
		{name: "slow healthy rollout is never stuck", o: withScenario(healthySite(), slowRollout), wantState: SiteRolling,
			wantLabel: "ROLLING 0/3", wantServing: true},
		{name: "a stale deadline after an undo is not stuck", o: withScenario(healthySite(), undone), wantState: SiteRolling,
			wantLabel: "ROLLING 0/3", wantServing: true},
		{name: "stuck rollout, old pods serve", o: withScenario(healthySite(), midRollout([]deployOpt{deadlineExceededSince(time.Minute)}, 0,
			newPod("new01", waiting("web", "ImagePullBackOff", "")))), wantState: SiteStuck, wantLabel: "STUCK", wantServing: true,
			wantReason: "the rollout of revision 5 (4f9c2e1) is stuck: ProgressDeadlineExceeded"},
		{name: "stuck rollout serving nothing", o: withScenario(healthySite(), stuckDown), wantState: SiteStuck, wantLabel: "STUCK"},
		{name: "rollout with nothing serving is down", o: withScenario(healthySite(), rollingDown), wantState: SiteDown, wantLabel: "DOWN",
			wantReason: "no web pod serves while revision 5 (4f9c2e1) rolls out", wantEvidence: "2 running but not ready"},
		{name: "first rollout of a new site", o: withScenario(healthySite(), firstRollout), wantState: SiteRolling, wantLabel: "ROLLING 0/3"},
		{name: "case 06: unready without a rollout", o: unreadyWithoutRollout(), wantState: SiteDown, wantLabel: "DOWN",
			wantReason: "no web pod serves: 2 running but not ready", wantEvidence: "no rollout is under way: revision 1 (4f9c2e1) rolled out and is the only revision"},
		{name: "one pod lost readiness, no rollout", o: oneLost, wantState: SiteDegraded, wantLabel: "DEGRADED", wantServing: true,
			wantReason: "only 2 of 3 web pods serve: 1 running but not ready"},
		{name: "crash loop after an eviction, no rollout", o: crashAfterEviction, wantState: SiteDegraded, wantLabel: "DEGRADED",
			wantServing: true, wantReason: "1 CrashLoopBackOff"},
		{name: "scale-up is not a rollout", o: scaleUp, wantState: SiteScaling, wantLabel: "SCALING 3/4", wantServing: true,
			wantReason: "3 of 4 web pods available, 1 ContainerCreating"},
		{name: "scale-up that cannot schedule", o: scaleUpStuck, wantState: SiteDegraded, wantLabel: "DEGRADED", wantServing: true,
			wantReason: "1 Unschedulable"},
		{name: "case 09: web scaled to zero", o: scaledToZero(), wantState: SiteScaledToZero, wantLabel: "SCALED TO 0",
			wantReason: "web is scaled to 0 replicas: nothing runs, so the site serves nothing", wantEvidence: "spec.replicas is 0"},
		{name: "paused, settled", o: pausedSettled, wantState: SitePaused, wantLabel: "PAUSED", wantServing: true,
			wantReason: "web's rollouts are paused"},
		{name: "paused mid-rollout", o: withScenario(healthySite(), midRollout([]deployOpt{paused}, 1, newPod("new01"), newPod("new02", creating))),
			wantState: SitePaused, wantLabel: "PAUSED", wantServing: true, wantReason: "paused at 2 of 3 updated"},
		{name: "namespace being deleted", o: deletingNamespace(healthySite()), wantState: SiteDeleting, wantLabel: "DELETING",
			wantServing: true, wantReason: "being deleted", wantEvidence: "finalizers remaining", wantHint: "finalizers"},
		{name: "deleting beats stuck", o: deletingNamespace(mysqlStuckAfterRevert(healthySite())), wantState: SiteDeleting, wantLabel: "DELETING"},
		{name: "case 07: mysql stuck after a revert", o: mysqlStuckAfterRevert(healthySite()), wantState: SiteStuck, wantLabel: "STUCK",
			wantReason:   "mysql-0 is stuck on revision " + mysqlBadRev + " (mariadb:11.4.5-broken, ImagePullBackOff)",
			wantEvidence: "the StatefulSet wants revision " + mysqlGoodRev + " (mariadb:11.4.4)",
			wantHint:     "delete mysql-0: the StatefulSet recreates it at revision " + mysqlGoodRev, wantPod: "mysql-0"},
		{name: "case 07 as created: no web, mysql stuck", o: case07Namespace(), wantState: SiteStuck, wantLabel: "STUCK",
			wantReason: "mysql-0 is stuck on revision " + mysqlBadRev, wantPod: "mysql-0"},
		{name: "mysql stuck after a revert, revision label not cached", o: labelsDropped(), wantState: SiteStuck, wantLabel: "STUCK",
			wantReason: "mysql-0 is stuck on an older revision (mariadb:11.4.5-broken, ImagePullBackOff)", wantPod: "mysql-0"},
		{name: "mysql bad update before the revert", o: badUpdate(), wantState: SiteStuck, wantLabel: "STUCK",
			wantReason: "mysql-0 fails on the StatefulSet's new revision " + mysqlBadRev, wantHint: "kubectl rollout undo statefulset/mysql",
			wantPod: "mysql-0"},
		{name: "mysql rolling update under way", o: mysqlRolling(), wantState: SiteRolling, wantLabel: "ROLLING 0/1",
			wantReason: "mysql is rolling to revision " + mysqlBadRev},
		{name: "parallel policy replaces the pod itself", o: parallelRevert(), wantState: SiteRolling, wantLabel: "ROLLING 0/1"},
		{name: "mysql healthy with revisions", o: goodMySQL(healthySite()), wantState: SiteOK, wantLabel: "OK", wantServing: true},
		{name: "mysql crash looping, no update", o: mysqlCrash(), wantState: SiteDown, wantLabel: "DOWN",
			wantReason: "mysql has no ready pod (0 of 1): 1 CrashLoopBackOff"},
		{name: "mysql scaled to 0 under a running web", o: mysqlOff, wantState: SiteDown, wantLabel: "DOWN",
			wantReason: "the site has no database"},
		{name: "memcache down degrades", o: memcacheDown, wantState: SiteDegraded, wantLabel: "DEGRADED", wantServing: true,
			wantReason: "without its cache"},
		{name: "no web", o: noWeb, wantState: SiteNoWeb, wantLabel: "NO WEB"},
		{name: "web not observed yet", o: unobserved, wantState: SiteUnknown, wantLabel: "—"},
	}
}

func TestSiteState(t *testing.T) {
	for _, tt := range stateCases() {
		t.Run(tt.name, func(t *testing.T) {
			s := DeriveSite(tt.o, now)
			if s.State != tt.wantState || s.Label() != tt.wantLabel || s.Serving != tt.wantServing {
				t.Fatalf("got %v %q serving=%v; want %v %q serving=%v\nparts %+v",
					s.State, s.Label(), s.Serving, tt.wantState, tt.wantLabel, tt.wantServing, s.Parts)
			}
			if tt.wantState == SiteOK {
				if len(s.Parts) != 0 {
					t.Errorf("an OK site has no parts to tell, got %+v", s.Parts)
				}
				return
			}
			p := s.Parts[0]
			if !strings.Contains(p.Reason, tt.wantReason) {
				t.Errorf("reason %q lacks %q", p.Reason, tt.wantReason)
			}
			if tt.wantEvidence != "" && !strings.Contains(strings.Join(p.Evidence, "\n"), tt.wantEvidence) {
				t.Errorf("evidence %q lacks %q", p.Evidence, tt.wantEvidence)
			}
			if !strings.Contains(p.Hint, tt.wantHint) {
				t.Errorf("hint %q lacks %q", p.Hint, tt.wantHint)
			}
			if p.Pod != tt.wantPod {
				t.Errorf("pod to act on = %q, want %q", p.Pod, tt.wantPod)
			}
		})
	}
}

// The web rollout itself: after case 06 and a scale-up, nothing is
// rolling; a paused rollout with a failing new pod is still stuck.
func TestRolloutInProgressFromTheController(t *testing.T) {
	tests := []struct {
		name       string
		o          NamespaceObjects
		wantPhase  RolloutPhase
		inProgress bool
	}{
		{"case 06", unreadyWithoutRollout(), RolloutComplete, false},
		{"scale-up", settledSite([]deployOpt{replicas(4, 4, 3)}, webPodMaker("a"), webPodMaker("b"), webPodMaker("c"), webPodMaker("d", creating)),
			RolloutComplete, false},
		{"scaled to zero", scaledToZero(), RolloutComplete, false},
		{"rolling", withScenario(healthySite(), midRollout(nil, 1, newPod("new01"), newPod("new02", creating))), RolloutProgressing, true},
		{"spec not yet observed", func() NamespaceObjects { o := healthySite(); o.Deployments[0].Generation = 8; return o }(),
			RolloutProgressing, true},
		{"paused mid-rollout, by the replica counts", withScenario(healthySite(), midRollout([]deployOpt{paused}, 1, newPod("new01"))),
			RolloutPaused, true},
		{"paused settled", func() NamespaceObjects { o := healthySite(); paused(o.Deployments[0]); return o }(), RolloutPaused, false},
		{"a settled site whose new pod crashes is not a stuck rollout", settledSite([]deployOpt{replicas(3, 3, 2)},
			webPodMaker("a"), webPodMaker("b"), webPodMaker("c", crashLooping("web", 5, 1, "Error"))), RolloutComplete, false},
	}
	for _, tt := range tests {
		r := DeriveRollout(tt.o.Deployments[0], tt.o.ReplicaSets, tt.o.Pods, now)
		if r.Phase != tt.wantPhase || r.InProgress != tt.inProgress {
			t.Errorf("%s: phase %v in progress %v; want %v %v", tt.name, r.Phase, r.InProgress, tt.wantPhase, tt.inProgress)
		}
	}
}

func TestDeletingSince(t *testing.T) {
	s := DeriveSite(deletingNamespace(healthySite()), now)
	if p, ok := s.Part("namespace"); !ok || !p.Since.Equal(now.Add(-2*time.Minute)) {
		t.Errorf("namespace part %+v", p)
	}
}

func TestStatefulSetStatesOnWorkloads(t *testing.T) {
	s := DeriveSite(mysqlStuckAfterRevert(memcacheDownSite()), now)
	if s.MySQL.State != SiteStuck || s.Memcache.State != SiteDegraded {
		t.Errorf("mysql %v memcache %v", s.MySQL.State, s.Memcache.State)
	}
	if len(s.Parts) != 2 || s.Parts[0].Name != "mysql" || s.Parts[1].Name != "memcache" {
		t.Errorf("parts worst first: %+v", s.Parts)
	}
}

func memcacheDownSite() NamespaceObjects {
	o := healthySite()
	o.StatefulSets[1].Status.ReadyReplicas = 0
	return o
}

func TestLostReadinessNeedsNoClock(t *testing.T) {
	rs := replicaSet(webDeployment(4, "x:1"), 4, "x:1", 1, 0)
	if !lostReadiness(runningPod(rs, "a", lostReadinessAgo(time.Minute))) {
		t.Error("a pod that went unready after its containers started lost its readiness")
	}
	if lostReadiness(runningPod(rs, "b", booting)) {
		t.Error("a booting pod has not lost its readiness")
	}
	if lostReadiness(runningPod(rs, "c", runningNotReady("web"))) {
		t.Error("without a transition time nothing is known")
	}
}

// Case 06's explanation: the current pods fail readiness, no rollout is
// to blame, and with no earlier revision undo is not the fix.
func TestDiagnoseUnreadyWithoutRollout(t *testing.T) {
	o := unreadyWithoutRollout()
	o.Events = append(o.Events, event("Pod", o.Pods[0].Name, "Unhealthy",
		"Readiness probe failed: dial tcp 10.244.1.7:80: connect: connection refused", 10*time.Second))
	got := DiagnoseWeb(o, now)
	if !strings.Contains(got.Verdict, "current pods (revision 1) fail their readiness probe") || strings.Contains(got.Verdict, "New pods") {
		t.Errorf("verdict %q", got.Verdict)
	}
	if strings.Contains(got.Hint, "roll back") || !strings.Contains(got.Hint, "restart web (r)") {
		t.Errorf("hint %q: restart and the pods' events/logs, never undo without an earlier revision", got.Hint)
	}
	if !containsSubstring(got.Evidence, "connection refused") {
		t.Errorf("evidence %q lacks the probe's words", got.Evidence)
	}
}
