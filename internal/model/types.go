// Package model is fdtui's pure domain code: it turns Kubernetes API objects
// (as read from informer listers) into view-models — sites, rollouts and their
// diagnosis, pods, node capacity, audits — and builds the Flight Deck site
// blueprint. It does no I/O; every function takes "now" when time matters so
// results are deterministic in tests.
package model

import (
	"time"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

// Labels and annotations fdtui reads and writes.
const (
	LabelPartOf      = "app.kubernetes.io/part-of"
	LabelInstance    = "app.kubernetes.io/instance"
	LabelComponent   = "app.kubernetes.io/component"
	PartOfFlightDeck = "flightdeck"
	AnnotationDomain = "flightdeck.dev/domain"
	// LabelDOPool is the node label DigitalOcean Kubernetes puts on every node.
	LabelDOPool = "doks.digitalocean.com/node-pool"
	// AnnotationRevision is the Deployment controller's revision annotation.
	AnnotationRevision = "deployment.kubernetes.io/revision"
	// AnnotationChangeCause is what kubectl rollout history shows.
	AnnotationChangeCause = "kubernetes.io/change-cause"
)

// NamespaceObjects is everything fdtui reads about one namespace, straight
// from the listers. Slices may be nil.
type NamespaceObjects struct {
	Namespace    *corev1.Namespace
	Deployments  []*appsv1.Deployment
	ReplicaSets  []*appsv1.ReplicaSet
	StatefulSets []*appsv1.StatefulSet
	Pods         []*corev1.Pod
	Services     []*corev1.Service
	Ingresses    []*networkingv1.Ingress
	PVCs         []*corev1.PersistentVolumeClaim
	Events       []*corev1.Event
	// SecretNames are the names of the Secrets in the namespace (values are
	// never read by the model).
	SecretNames []string
	// Nodes are the cluster's nodes, for the diagnosis of a pod no node
	// takes; empty when not known (a user confined to a namespace cannot
	// list them). Store.ObjectsWithEvents fills them.
	Nodes []*corev1.Node
	// Certs are the namespace's cert-manager objects (Watched false when
	// not read).
	Certs CertObjects
	// CronJobs and Jobs (Drupal cron, backups); empty when not watched
	// (the fleet's lean connections, RBAC).
	CronJobs []*batchv1.CronJob
	Jobs     []*batchv1.Job
}

// RolloutPhase is the state of a Deployment's rollout, worst last.
type RolloutPhase int

const (
	RolloutUnknown     RolloutPhase = iota // no Deployment / no status yet
	RolloutComplete                        // all replicas updated, ready, available
	RolloutProgressing                     // a new revision is coming up
	RolloutPaused                          // spec.paused
	RolloutStuck                           // ProgressDeadlineExceeded, or new pods failing
)

// Rollout is a Deployment's rollout state as shown in tables.
type Rollout struct {
	Namespace, Name string
	Phase           RolloutPhase
	// Desired is spec.replicas; Updated/Ready/Available come from status.
	Desired, Updated, Ready, Available int32
	// UpdatedAvailable is how many pods of the current revision are
	// available (the current ReplicaSet's availableReplicas); it is the
	// "2" in "ROLLING 2/3".
	UpdatedAvailable int32
	// Revision is the current (newest) revision, PrevRevision the one before
	// it (0 when there is none).
	Revision, PrevRevision int64
	// Image is the main container's image of the current revision, PrevImage
	// that of the previous revision ("" when none). The main container is
	// the one named "web", else the first container.
	Image, PrevImage string
	// Reason is a one-line machine-ish reason for Stuck/Progressing, e.g.
	// "ProgressDeadlineExceeded" or "ImagePullBackOff".
	Reason string
	// Since is when the current phase began (best effort, from conditions).
	Since time.Time
	// InProgress: a rollout is under way, by the controller's own account
	// (the Progressing condition, observedGeneration), not by replica
	// counts: false once the newest revision has rolled out, even when
	// its pods have failed since (then there is nothing to roll forward
	// or wait for, and Site.State says DOWN or DEGRADED).
	InProgress bool
}

// WorkloadStatus summarises a StatefulSet (mysql, memcache).
type WorkloadStatus struct {
	Present        bool
	Ready, Desired int32
	// State is what this StatefulSet alone makes of the site (SiteOK when
	// fine, the zero SiteUnknown when absent); the Site.Parts entry of the
	// same name says why.
	State SiteState
}

// SiteState is a site's state from all its parts: the web Deployment, the
// mysql and memcache StatefulSets, the namespace, and whether anything
// serves. Its String is the STATE column's word.
type SiteState int

const (
	SiteUnknown      SiteState = iota // web's Deployment has no status yet
	SiteOK                            // everything ready, nothing under way
	SiteNoWeb                         // a site namespace without a web Deployment
	SiteScaledToZero                  // web (or the database) has 0 replicas on purpose
	SitePaused                        // web's rollouts are paused (spec.paused)
	SiteScaling                       // fewer pods than desired, merely starting: a scale-up or a replaced pod, not a rollout
	SiteRolling                       // a rollout (web) or rolling update (StatefulSet) is under way
	SiteDegraded                      // serving, but a part fails or runs short, with no rollout to blame
	SiteDown                          // nothing serves (no web pod available, or no database), with no stuck rollout to blame
	SiteStuck                         // a rollout or rolling update will not finish without a human
	SiteDeleting                      // the namespace is being deleted
)

// Part is one part of a site — "web", "mysql", "memcache" or the
// "namespace" — and the state it puts the site in.
type Part struct {
	Name  string
	State SiteState
	// Reason says why in one line; Evidence are short supporting lines;
	// Hint is what to do ("" when there is nothing to suggest).
	Reason   string
	Evidence []string
	Hint     string
	// Pod is the pod whose deletion unsticks this part ("" when none),
	// e.g. mysql-0 left on a reverted revision.
	Pod string
	// Done of Of is the progress of ROLLING (new pods available) and
	// SCALING (pods available) against the desired replicas.
	Done, Of int32
	// Since is when the state began, when known (the namespace's
	// deletion).
	Since time.Time
}

// Site is one Flight Deck site: a namespace holding a web Deployment.
type Site struct {
	Namespace string
	// Domain is the site's domain (namespace annotation, else first
	// ingress host, else the namespace name).
	Domain string
	// FlightDeck is true when the namespace carries the part-of label;
	// false for namespaces recognised only by their web Deployment.
	FlightDeck         bool
	Web                Rollout
	HasWeb             bool
	MySQL, Memcache    WorkloadStatus
	Hosts              []string
	TLS                bool // every ingress host is covered by a TLS entry
	PVCsBound, PVCs    int
	Pods, PodsNotReady int
	Created            time.Time
	// State is the site's state from all its parts; Parts are the parts
	// that are not OK, worst first, so Parts[0] says why (empty when OK).
	State SiteState
	Parts []Part
	// Serving: web has an available pod and the database (when the site
	// has one) a ready pod. A site serving nothing ranks first.
	Serving bool
	// Certs are the site's cert-manager Certificates judged (DeriveTLS);
	// an urgent one ranks the site above healthy sites.
	Certs SiteTLS
	// certUrgent is Certs.Urgent when derived: the rank's input.
	certUrgent bool
	// CronFailing names the site's CronJobs whose newest finished run
	// failed (drupal-cron, backup). It does not change State (the site
	// serves); it ranks an otherwise OK site first among the OK ones.
	CronFailing []string
	// Backup is the freshness of the site's newest backup object. The
	// cluster's objects do not say it: the UI's store sets it from the
	// object store's listing (JudgeBackup) so the rank can use it.
	Backup BackupLevel
}

// PodRow is one pod as shown in the pod tables.
type PodRow struct {
	Namespace, Name             string
	ReadyContainers, Containers int
	// Status mirrors kubectl's STATUS column: Running, Pending,
	// ContainerCreating, ImagePullBackOff, CrashLoopBackOff, Terminating,
	// Completed, Error, OOMKilled, Init:0/1, ...
	Status string
	// Restarts and LastRestart are kubectl's RESTARTS ("2 (4m ago)"): an
	// initialized pod counts its app containers and sidecars only.
	Restarts    int32
	LastRestart time.Time
	Node        string
	// Owner is the pod's controller, "ReplicaSet/web-5c8ce92" or
	// "StatefulSet/mysql" ("" for a bare pod); Terminal is phase Succeeded
	// or Failed (an evicted pod): its controller has already replaced it.
	Owner    string
	Terminal bool
	// ChangesAt is when this row would change with time alone (a
	// terminating pod becomes "stuck"; restarts stop being recent); zero
	// when it will not. The app re-derives the row then, with one timer
	// for the earliest such moment, not a periodic redraw.
	ChangesAt time.Time
	Created   time.Time
	// ImageTag is the tag (or short digest) of the main container image.
	ImageTag string
	// Revision is the Deployment revision of the pod's ReplicaSet ("" when
	// not owned by a Deployment's ReplicaSet or unknown).
	Revision string
	// Problem is true when the pod needs attention (not ready for a reason
	// other than starting normally, restarts climbing, terminating long).
	Problem bool
}

// NodeCapacity is one node on the capacity screen. CPU in millicores,
// memory in bytes.
type NodeCapacity struct {
	Name, Pool string
	Ready      bool
	// Status is kubectl's STATUS ("Ready,SchedulingDisabled"); Schedulable
	// is Ready and not cordoned.
	Status      string
	Schedulable bool
	// FreeCPU and FreeMem (totals only) are the unrequested room on
	// schedulable nodes: a cordoned or NotReady node's room takes no new
	// pod. Unschedulable counts such nodes.
	FreeCPU, FreeMem   int64
	Unschedulable      int
	AllocCPU, AllocMem int64
	AllocPods          int64
	ReqCPU, ReqMem     int64
	UseCPU, UseMem     int64
	HasUsage           bool
	Pods               int
}

// Usage is live usage of one node from metrics.k8s.io.
type Usage struct {
	CPU int64 // millicores
	Mem int64 // bytes
}

// Cause classifies why a rollout is not complete.
type Cause int

const (
	CauseNone Cause = iota
	CauseImagePull
	CauseCrashLoop
	CauseUnschedulable
	CauseNotReady // running but readiness probe failing
	CauseDeadline // progress deadline exceeded, no better cause found
	CausePaused
	CauseMinReady     // waiting for minReadySeconds
	CauseTerminating  // old pods stuck terminating
	CauseProgressing  // normal progress
	CauseConfig       // CreateContainerConfigError: a referenced Secret/ConfigMap (key) is missing
	CauseFailedCreate // the ReplicaSet cannot create pods (quota, admission)
)

// Diagnosis explains a Deployment's rollout in plain words.
type Diagnosis struct {
	Cause Cause
	// Verdict is one sentence, e.g. "New image example/web:4f9c2e1 cannot
	// be pulled (ImagePullBackOff on 1 of 1 new pods)".
	Verdict string
	// Evidence are short supporting lines (event messages, conditions).
	Evidence []string
	// Hint is what to do, e.g. "check the tag exists and the pull secret
	// my-registry-key is present", or "" when nothing to suggest.
	Hint string
	// Serving tells whether the site still serves traffic: available
	// replicas (of any revision) > 0. ServingLine says so in words, e.g.
	// "2 old pods still serve traffic, so the site is up".
	Serving     bool
	Available   int32
	ServingLine string
	// StuckPods are the names of new-revision pods that are failing, best
	// candidates for delete-and-recreate first.
	StuckPods []string
}

// Finding is one audit finding against the Flight Deck rules.
type Finding struct {
	Object string // e.g. "Deployment/web", "Ingress/web"
	Rule   string // short rule name, e.g. "runs-as-root"
	Why    string // one line: why it matters
}
