package kube

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

// Annotations the deployment controller keeps on Deployments and their
// ReplicaSets (k8s.io/kubectl/pkg/util/deployment).
const (
	RevisionAnnotation        = "deployment.kubernetes.io/revision"
	revisionHistoryAnnotation = "deployment.kubernetes.io/revision-history"
	desiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas"
	maxReplicasAnnotation     = "deployment.kubernetes.io/max-replicas"
	// ChangeCauseAnnotation is what `kubectl rollout history` shows per revision.
	ChangeCauseAnnotation = "kubernetes.io/change-cause"
)

var (
	// ErrDeploymentPaused: a paused Deployment does not roll, so a rollback
	// (or restart) would only change its template and silently wait.
	ErrDeploymentPaused = errors.New("cannot rollback a paused deployment; resume it first")
	// ErrRevisionNotFound: the requested revision (or a previous one) is not
	// among the Deployment's ReplicaSets (revisionHistoryLimit may have
	// pruned it).
	ErrRevisionNotFound = errors.New("revision not found")
)

// rollbackKeepAnnotations are the Deployment annotations a rollback keeps
// rather than copying them from the ReplicaSet: the same list as kubectl's
// annotationsToSkip in polymorphichelpers/rollback.go.
var rollbackKeepAnnotations = map[string]bool{
	corev1.LastAppliedConfigAnnotation: true,
	RevisionAnnotation:                 true,
	revisionHistoryAnnotation:          true,
	desiredReplicasAnnotation:          true,
	maxReplicasAnnotation:              true,
	appsv1.DeprecatedRollbackTo:        true,
}

// RollbackResult says what RollbackDeployment did.
type RollbackResult struct {
	// FromRevision is the Deployment's revision before the rollback.
	FromRevision int64
	// ToRevision is the revision whose template was restored. The
	// controller then gives that ReplicaSet a new, highest revision number.
	ToRevision int64
	// Image is the image the rollback brings back: the first container
	// whose image changes, or the first container when none does.
	Image string
	// Skipped is true when the Deployment already had that template.
	Skipped bool
}

func (r RollbackResult) String() string {
	if r.Skipped {
		return fmt.Sprintf("skipped: already at revision %d", r.ToRevision)
	}
	return fmt.Sprintf("rolled back from revision %d to %d (%s)", r.FromRevision, r.ToRevision, r.Image)
}

// RollbackDeployment implements `kubectl rollout undo` with kubectl's
// semantics: restore the pod template of the ReplicaSet of toRevision
// (0 = the previous revision) with a JSON patch that also copies that
// ReplicaSet's annotations (change-cause among them). It works on a
// Deployment whose rollout is stuck: it does not wait for anything.
func RollbackDeployment(ctx context.Context, cs kubernetes.Interface, ns, name string, toRevision int64) (RollbackResult, error) {
	if toRevision < 0 {
		return RollbackResult{}, fmt.Errorf("rollback %s/%s: revision %d: %w", ns, name, toRevision, ErrRevisionNotFound)
	}
	d, err := cs.AppsV1().Deployments(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return RollbackResult{}, fmt.Errorf("rollback %s/%s: %w", ns, name, err)
	}
	rss, err := OwnedReplicaSets(ctx, cs, d)
	if err != nil {
		return RollbackResult{}, fmt.Errorf("rollback %s/%s: %w", ns, name, err)
	}
	target, err := rollbackTarget(rss, toRevision)
	if err != nil {
		return RollbackResult{}, fmt.Errorf("rollback %s/%s: %w", ns, name, err)
	}
	res := RollbackResult{
		FromRevision: currentRevision(d, rss),
		ToRevision:   revisionOf(&target.ObjectMeta),
		Image:        restoredImage(&d.Spec.Template, &target.Spec.Template),
	}
	if d.Spec.Paused {
		return res, fmt.Errorf("rollback %s/%s: %w", ns, name, ErrDeploymentPaused)
	}
	if templatesEqualIgnoringHash(&d.Spec.Template, &target.Spec.Template) {
		res.Skipped = true
		return res, nil
	}
	patch, err := rollbackPatch(d, target)
	if err != nil {
		return res, fmt.Errorf("rollback %s/%s: %w", ns, name, err)
	}
	if _, err := cs.AppsV1().Deployments(ns).Patch(ctx, name, types.JSONPatchType, patch, metav1.PatchOptions{FieldManager: OpsFieldManager}); err != nil {
		return res, fmt.Errorf("rollback %s/%s to revision %d: %w", ns, name, res.ToRevision, err)
	}
	return res, nil
}

// OwnedReplicaSets lists the ReplicaSets the Deployment controls: those
// its selector matches whose controller reference is the Deployment
// (kubectl's deploymentutil.GetAllReplicaSets).
func OwnedReplicaSets(ctx context.Context, cs kubernetes.Interface, d *appsv1.Deployment) ([]*appsv1.ReplicaSet, error) {
	selector, err := metav1.LabelSelectorAsSelector(d.Spec.Selector)
	if err != nil {
		return nil, fmt.Errorf("selector: %w", err)
	}
	list, err := cs.AppsV1().ReplicaSets(d.Namespace).List(ctx, metav1.ListOptions{LabelSelector: selector.String()})
	if err != nil {
		return nil, fmt.Errorf("list replicasets: %w", err)
	}
	var owned []*appsv1.ReplicaSet
	for i := range list.Items {
		if metav1.IsControlledBy(&list.Items[i], d) {
			owned = append(owned, &list.Items[i])
		}
	}
	return owned, nil
}

// rollbackTarget picks the ReplicaSet of toRevision, or for 0 the one of
// the second-highest revision, as kubectl does: the highest is the
// current rollout (even when it is stuck).
func rollbackTarget(rss []*appsv1.ReplicaSet, toRevision int64) (*appsv1.ReplicaSet, error) {
	byRevision := map[int64]*appsv1.ReplicaSet{}
	var revisions []int64
	for _, rs := range rss {
		if v := revisionOf(&rs.ObjectMeta); v > 0 {
			byRevision[v] = rs
			revisions = append(revisions, v)
		}
	}
	slices.Sort(revisions)
	if toRevision > 0 {
		if rs, ok := byRevision[toRevision]; ok {
			return rs, nil
		}
		return nil, fmt.Errorf("no revision %d (have %s): %w", toRevision, revisionList(revisions), ErrRevisionNotFound)
	}
	if len(revisions) < 2 {
		return nil, fmt.Errorf("no previous revision to roll back to (have %s): %w", revisionList(revisions), ErrRevisionNotFound)
	}
	return byRevision[revisions[len(revisions)-2]], nil
}

func revisionList(revisions []int64) string {
	if len(revisions) == 0 {
		return "no revisions"
	}
	parts := make([]string, len(revisions))
	for i, v := range revisions {
		parts[i] = strconv.FormatInt(v, 10)
	}
	return "revision " + strings.Join(parts, ", ")
}

// revisionOf reads the revision annotation; 0 when absent or malformed.
func revisionOf(meta *metav1.ObjectMeta) int64 {
	v, err := strconv.ParseInt(meta.Annotations[RevisionAnnotation], 10, 64)
	if err != nil {
		return 0
	}
	return v
}

// currentRevision is the Deployment's own revision annotation, or the
// highest ReplicaSet revision when the controller has not written it yet.
func currentRevision(d *appsv1.Deployment, rss []*appsv1.ReplicaSet) int64 {
	if v := revisionOf(&d.ObjectMeta); v > 0 {
		return v
	}
	var highest int64
	for _, rs := range rss {
		highest = max(highest, revisionOf(&rs.ObjectMeta))
	}
	return highest
}

// templatesEqualIgnoringHash compares pod templates the way the deployment
// controller matches a Deployment to its ReplicaSet: the RS's template
// carries the pod-template-hash label, the Deployment's does not.
func templatesEqualIgnoringHash(a, b *corev1.PodTemplateSpec) bool {
	return equality.Semantic.DeepEqual(withoutHashLabel(a), withoutHashLabel(b))
}

func withoutHashLabel(t *corev1.PodTemplateSpec) *corev1.PodTemplateSpec {
	c := t.DeepCopy()
	delete(c.Labels, appsv1.DefaultDeploymentUniqueLabelKey)
	return c
}

// appContainer is the Flight Deck application container's name: the
// image people mean by "the site's image" (varnish is supporting cast).
const appContainer = "web"

// restoredImage names the image a rollback from current to target brings:
// the app container's when it changes, else the first that changes, else
// the app container's (a rollback of a restart changes no image).
func restoredImage(current, target *corev1.PodTemplateSpec) string {
	before := map[string]string{}
	for _, c := range current.Spec.Containers {
		before[c.Name] = c.Image
	}
	changed, app := "", ""
	for _, c := range target.Spec.Containers {
		if c.Name == appContainer {
			app = c.Image
		}
		if before[c.Name] != c.Image {
			if c.Name == appContainer {
				return c.Image
			}
			if changed == "" {
				changed = c.Image
			}
		}
	}
	switch {
	case changed != "":
		return changed
	case app != "":
		return app
	case len(target.Spec.Containers) > 0:
		return target.Spec.Containers[0].Image
	}
	return ""
}

// rollbackPatch is kubectl's patch: replace spec.template with the
// ReplicaSet's (minus the hash label) and metadata.annotations with the
// Deployment's bookkeeping annotations plus all others from the RS.
func rollbackPatch(d *appsv1.Deployment, target *appsv1.ReplicaSet) ([]byte, error) {
	annotations := map[string]string{}
	for k, v := range d.Annotations {
		if rollbackKeepAnnotations[k] {
			annotations[k] = v
		}
	}
	for k, v := range target.Annotations {
		if !rollbackKeepAnnotations[k] {
			annotations[k] = v
		}
	}
	// "add" replaces an existing member and, unlike "replace", also works
	// when the Deployment has no annotations at all.
	return json.Marshal([]map[string]any{
		{"op": "replace", "path": "/spec/template", "value": withoutHashLabel(&target.Spec.Template)},
		{"op": "add", "path": "/metadata/annotations", "value": annotations},
	})
}
