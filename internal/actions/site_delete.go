package actions

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// BucketDeleter is an object store that can delete a site's files.
// objstore.Store does not require it; DeleteSite refuses to delete a bucket
// through a store that lacks it (before touching anything).
type BucketDeleter interface {
	// DeletePrefix removes every object under prefix in bucket, and the
	// bucket itself when prefix is ""; it returns how many objects it
	// removed and calls progress (may be nil) with the count as it goes.
	// A bucket or prefix already gone is success.
	DeletePrefix(ctx context.Context, bucket, prefix string, progress func(deleted int64)) (int64, error)
}

// DeleteOptions say what DeleteSite may destroy besides the namespace. The
// zero value keeps the database volumes and never touches the object store:
// losing a client's data must be asked for explicitly.
type DeleteOptions struct {
	KeepVolumes, KeepBucket bool
	// Bucket and Prefix are where the site keeps its files (from its s3
	// Secret); used only when KeepBucket is false.
	Bucket, Prefix string
	// Resume re-runs a deletion that was interrupted or failed: a
	// namespace already gone then counts as deleted, so the files step
	// can finish. Without it a missing namespace is an error.
	Resume bool
	// ClusterTimeout bounds the Kubernetes steps (0: only ctx). The files
	// step is bounded by ctx alone: a large bucket takes as long as it
	// takes, and the caller cancels it.
	ClusterTimeout time.Duration
}

// VolumeFate is what happened to one PersistentVolume of the site.
type VolumeFate struct {
	PV, Claim, Size string
	// Kept: the PV's reclaim policy is Retain, so the volume and its data
	// outlive the claim. Otherwise the storage system deletes it.
	Kept bool
}

// DeleteStep is a step of DeleteSite, in order.
type DeleteStep int

const (
	// StepCheck: reading the namespace, refusing one fdtui did not create.
	StepCheck DeleteStep = iota
	// StepVolumes: setting the database volumes' reclaim policy.
	StepVolumes
	// StepNamespace: deleting the namespace.
	StepNamespace
	// StepFiles: deleting the site's files in the object store.
	StepFiles
	// StepDone: every step finished.
	StepDone
)

// DeleteReport says what DeleteSite did, or has done so far.
type DeleteReport struct {
	Namespace string
	// Step is the step running (in progress reports), or the one that
	// failed, or StepDone.
	Step    DeleteStep
	Volumes []VolumeFate
	// Unbound are claims that had no volume (nothing to keep).
	Unbound []string
	// NamespaceGone: on Resume, the namespace was already deleted.
	NamespaceGone  bool
	Bucket, Prefix string
	// FilesDeleted counts the objects this run removed (an earlier,
	// interrupted run's are not included).
	FilesDeleted int64
	// FilesAtLeast: FilesDeleted is a floor, because an interrupted run
	// counted in it may have had a batch deleted by the store without the
	// answer reaching fdtui (objstore.DeleteError.Interrupted).
	FilesAtLeast  bool
	BucketDeleted bool
}

// ErrNotFlightDeck refuses to delete namespaces fdtui did not create.
var ErrNotFlightDeck = errors.New("not a Flight Deck site namespace")

// DeleteSite deletes a site's namespace (and with it every object in it,
// PersistentVolumeClaims included). Before that it sets each bound
// PersistentVolume's reclaim policy: Retain when opt.KeepVolumes (the PV
// then survives as Released and holds the database files, which is how
// operators keep data of a deleted claim), Delete otherwise. With
// KeepBucket false it then deletes the site's files through store, which
// must implement BucketDeleter. It does not wait for the namespace to
// finish terminating.
//
// progress (may be nil) gets the report so far at each step and as files
// are deleted, from the calling goroutine. Every step is idempotent, so a
// run that failed or was interrupted is finished by running it again with
// opt.Resume.
func DeleteSite(ctx context.Context, cs kubernetes.Interface, store objstore.Store, ns string, opt DeleteOptions, progress func(DeleteReport)) (DeleteReport, error) {
	rep := DeleteReport{Namespace: ns, Bucket: opt.Bucket, Prefix: opt.Prefix}
	step := func(s DeleteStep) {
		rep.Step = s
		if progress != nil {
			snapshot := rep
			snapshot.Volumes = slices.Clone(rep.Volumes) // the receiver reads it on another goroutine
			progress(snapshot)
		}
	}
	step(StepCheck)
	deleter, err := bucketDeleter(store, opt)
	if err != nil {
		return rep, err
	}
	if err := deleteFromCluster(ctx, cs, ns, opt, &rep, step); err != nil {
		return rep, err
	}
	if deleter != nil {
		step(StepFiles)
		rep.FilesDeleted, err = deleter.DeletePrefix(ctx, opt.Bucket, opt.Prefix, func(n int64) {
			rep.FilesDeleted = n
			step(StepFiles)
		})
		if err != nil {
			return rep, fmt.Errorf("%s, but deleting the files in bucket %s did not finish: %w",
				namespaceDone(rep), bucketPath(opt.Bucket, opt.Prefix), err)
		}
		rep.BucketDeleted = true
	}
	step(StepDone)
	return rep, nil
}

// deleteFromCluster is the Kubernetes part: check, volumes, namespace,
// under opt.ClusterTimeout.
func deleteFromCluster(ctx context.Context, cs kubernetes.Interface, ns string, opt DeleteOptions, rep *DeleteReport, step func(DeleteStep)) error {
	if opt.ClusterTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opt.ClusterTimeout)
		defer cancel()
	}
	if err := checkSiteNamespace(ctx, cs, ns); err != nil {
		if opt.Resume && apierrors.IsNotFound(err) {
			rep.NamespaceGone = true
			return nil
		}
		return err
	}
	step(StepVolumes)
	if err := setReclaimPolicies(ctx, cs, ns, opt.KeepVolumes, rep); err != nil {
		return err
	}
	step(StepNamespace)
	propagation := metav1.DeletePropagationBackground
	err := cs.CoreV1().Namespaces().Delete(ctx, ns, metav1.DeleteOptions{PropagationPolicy: &propagation})
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("deleting namespace %s: %w", ns, err)
	}
	return nil
}

func namespaceDone(rep DeleteReport) string {
	if rep.NamespaceGone {
		return "namespace " + rep.Namespace + " already deleted"
	}
	return "namespace " + rep.Namespace + " deleted"
}

func checkSiteNamespace(ctx context.Context, cs kubernetes.Interface, ns string) error {
	n, err := cs.CoreV1().Namespaces().Get(ctx, ns, metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("reading namespace %s: %w", ns, err)
	}
	if n.Labels[blueprint.LabelPartOf] != blueprint.PartOfFlightDeck {
		return fmt.Errorf("namespace %s: %w (no %s=%s label); delete it with kubectl if you mean it",
			ns, ErrNotFlightDeck, blueprint.LabelPartOf, blueprint.PartOfFlightDeck)
	}
	return nil
}

// bucketDeleter checks up front that the bucket can be deleted when asked,
// so that a missing capability never leaves a half-deleted site.
func bucketDeleter(store objstore.Store, opt DeleteOptions) (BucketDeleter, error) {
	if opt.KeepBucket {
		return nil, nil
	}
	if opt.Bucket == "" {
		return nil, errors.New("deleting the bucket was asked, but no bucket name was given")
	}
	d, ok := store.(BucketDeleter) // false for a nil store too
	if !ok {
		return nil, fmt.Errorf("this object store client cannot delete buckets; keep bucket %s and delete it in the provider's console",
			bucketPath(opt.Bucket, opt.Prefix))
	}
	return d, nil
}

// setReclaimPolicies runs before the namespace is deleted: once a claim is
// gone, a PV with policy Delete is destroyed at once.
func setReclaimPolicies(ctx context.Context, cs kubernetes.Interface, ns string, keep bool, rep *DeleteReport) error {
	claims, err := cs.CoreV1().PersistentVolumeClaims(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		return fmt.Errorf("listing volume claims of %s: %w", ns, err)
	}
	want := corev1.PersistentVolumeReclaimDelete
	if keep {
		want = corev1.PersistentVolumeReclaimRetain
	}
	for _, claim := range claims.Items {
		if claim.Spec.VolumeName == "" {
			rep.Unbound = append(rep.Unbound, claim.Name)
			continue
		}
		size, err := setReclaimPolicy(ctx, cs, claim.Spec.VolumeName, want)
		if err != nil {
			return err
		}
		rep.Volumes = append(rep.Volumes, VolumeFate{PV: claim.Spec.VolumeName, Claim: claim.Name, Size: size, Kept: keep})
	}
	return nil
}

func setReclaimPolicy(ctx context.Context, cs kubernetes.Interface, pvName string, want corev1.PersistentVolumeReclaimPolicy) (string, error) {
	pvs := cs.CoreV1().PersistentVolumes()
	pv, err := pvs.Get(ctx, pvName, metav1.GetOptions{})
	if apierrors.IsNotFound(err) && want == corev1.PersistentVolumeReclaimDelete {
		return "", nil // a re-run after the claim went: already deleted, as asked
	}
	if err != nil {
		return "", fmt.Errorf("reading volume %s: %w", pvName, err)
	}
	size := ""
	if q, ok := pv.Spec.Capacity[corev1.ResourceStorage]; ok {
		size = q.String()
	}
	if pv.Spec.PersistentVolumeReclaimPolicy == want {
		return size, nil
	}
	patch := fmt.Sprintf(`{"spec":{"persistentVolumeReclaimPolicy":%q}}`, want)
	if _, err := pvs.Patch(ctx, pvName, types.StrategicMergePatchType, []byte(patch), metav1.PatchOptions{FieldManager: "fdtui"}); err != nil {
		return "", fmt.Errorf("setting volume %s to %s: %w", pvName, want, err)
	}
	return size, nil
}

func bucketPath(bucket, prefix string) string {
	if prefix == "" {
		return bucket
	}
	return bucket + "/" + prefix
}

// Summary is the report in one line for a toast.
func (r DeleteReport) Summary() string {
	parts := []string{"deleted site namespace " + r.Namespace + " (terminating)"}
	if r.NamespaceGone {
		parts[0] = "site namespace " + r.Namespace + " already deleted"
	}
	for _, v := range r.Volumes {
		if v.Kept {
			parts = append(parts, fmt.Sprintf("database data kept on PV %s%s (reclaim Retain, Released)", v.PV, sizeSuffix(v.Size)))
		} else {
			parts = append(parts, fmt.Sprintf("PV %s%s deleted with its claim", v.PV, sizeSuffix(v.Size)))
		}
	}
	switch {
	case r.Bucket == "":
	case r.BucketDeleted && r.Prefix == "":
		parts = append(parts, fmt.Sprintf("bucket %s deleted (%s%s files)", r.Bucket, r.atLeast(), model.Thousands(r.FilesDeleted)))
	case r.BucketDeleted:
		parts = append(parts, fmt.Sprintf("files in bucket %s deleted (%s%s; the bucket is shared and stays)", bucketPath(r.Bucket, r.Prefix), r.atLeast(), model.Thousands(r.FilesDeleted)))
	default:
		parts = append(parts, "bucket "+bucketPath(r.Bucket, r.Prefix)+" kept, untouched")
	}
	return strings.Join(parts, "; ")
}

func (r DeleteReport) atLeast() string {
	if r.FilesAtLeast {
		return "at least "
	}
	return ""
}

func sizeSuffix(size string) string {
	if size == "" {
		return ""
	}
	return " (" + size + ")"
}
