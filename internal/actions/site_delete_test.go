package actions

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/flightdeck/fdtui/internal/cloud/objstore"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// deletingStore records DeletePrefix calls; it "deletes" files objects,
// reporting progress every 1000, then fails with err if set.
type deletingStore struct {
	objstore.Store
	deleted []string
	files   int64
	err     error
}

func (d *deletingStore) DeletePrefix(_ context.Context, bucket, prefix string, progress func(int64)) (int64, error) {
	d.deleted = append(d.deleted, bucket+"/"+prefix)
	for n := int64(1000); n <= d.files; n += 1000 {
		progress(n)
	}
	progress(d.files)
	return d.files, d.err
}

const deleteNS = "www-example-com"

// siteWithVolume is a Flight Deck namespace whose mysql claim is bound to
// a PV with policy (DigitalOcean's class defaults to Delete).
func siteWithVolume(policy corev1.PersistentVolumeReclaimPolicy) *fake.Clientset {
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: deleteNS,
		Labels: map[string]string{blueprint.LabelPartOf: blueprint.PartOfFlightDeck}}}
	claim := &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Namespace: deleteNS, Name: "data-mysql-0"},
		Spec: corev1.PersistentVolumeClaimSpec{VolumeName: "pvc-3f1c"}, Status: corev1.PersistentVolumeClaimStatus{Phase: corev1.ClaimBound}}
	pending := &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Namespace: deleteNS, Name: "scratch"}}
	pv := &corev1.PersistentVolume{ObjectMeta: metav1.ObjectMeta{Name: "pvc-3f1c"}, Spec: corev1.PersistentVolumeSpec{
		PersistentVolumeReclaimPolicy: policy,
		Capacity:                      corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("10Gi")},
		ClaimRef:                      &corev1.ObjectReference{Namespace: deleteNS, Name: "data-mysql-0"},
	}}
	return fake.NewClientset(ns, claim, pending, pv)
}

func TestDeleteSite(t *testing.T) {
	cases := []struct {
		name        string
		policy      corev1.PersistentVolumeReclaimPolicy
		opt         DeleteOptions
		wantPolicy  corev1.PersistentVolumeReclaimPolicy
		wantDeleted []string
		wantSummary []string
	}{
		{
			name: "default keeps data", policy: corev1.PersistentVolumeReclaimDelete,
			opt:        DeleteOptions{KeepVolumes: true, KeepBucket: true, Bucket: "www-example-com"},
			wantPolicy: corev1.PersistentVolumeReclaimRetain,
			wantSummary: []string{"deleted site namespace www-example-com", "data kept on PV pvc-3f1c (10Gi)",
				"bucket www-example-com kept, untouched"},
		},
		{
			name: "delete everything", policy: corev1.PersistentVolumeReclaimRetain,
			opt:         DeleteOptions{Bucket: "shared-sites", Prefix: "www-example-com"},
			wantPolicy:  corev1.PersistentVolumeReclaimDelete,
			wantDeleted: []string{"shared-sites/www-example-com"},
			wantSummary: []string{"PV pvc-3f1c (10Gi) deleted", "files in bucket shared-sites/www-example-com deleted (0; the bucket is shared and stays)"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cs := siteWithVolume(tc.policy)
			store := &deletingStore{}
			rep, err := DeleteSite(t.Context(), cs, store, deleteNS, tc.opt, nil)
			if err != nil {
				t.Fatal(err)
			}
			pv, _ := cs.CoreV1().PersistentVolumes().Get(t.Context(), "pvc-3f1c", metav1.GetOptions{})
			if pv.Spec.PersistentVolumeReclaimPolicy != tc.wantPolicy {
				t.Errorf("PV policy = %s, want %s", pv.Spec.PersistentVolumeReclaimPolicy, tc.wantPolicy)
			}
			if _, err := cs.CoreV1().Namespaces().Get(t.Context(), deleteNS, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
				t.Errorf("namespace still there: %v", err)
			}
			if strings.Join(store.deleted, ",") != strings.Join(tc.wantDeleted, ",") {
				t.Errorf("deleted from store %v, want %v", store.deleted, tc.wantDeleted)
			}
			if len(rep.Unbound) != 1 || rep.Unbound[0] != "scratch" {
				t.Errorf("unbound claims = %v", rep.Unbound)
			}
			for _, want := range tc.wantSummary {
				if !strings.Contains(rep.Summary(), want) {
					t.Errorf("summary %q lacks %q", rep.Summary(), want)
				}
			}
		})
	}
}

func TestDeleteSiteRefusesBeforeChangingAnything(t *testing.T) {
	cases := []struct {
		name    string
		ns      string
		store   objstore.Store
		opt     DeleteOptions
		wantErr string
	}{
		{name: "not a flight deck namespace", ns: "kube-system", opt: DeleteOptions{KeepVolumes: true, KeepBucket: true},
			wantErr: "not a Flight Deck site"},
		{name: "missing namespace", ns: "../etc", opt: DeleteOptions{KeepVolumes: true, KeepBucket: true}, wantErr: "not found"},
		{name: "store cannot delete", ns: deleteNS, store: &fakeStore{}, opt: DeleteOptions{Bucket: "b-1"},
			wantErr: "cannot delete buckets"},
		{name: "no store", ns: deleteNS, opt: DeleteOptions{Bucket: "b-1"}, wantErr: "cannot delete buckets"},
		{name: "no bucket name", ns: deleteNS, store: &deletingStore{}, opt: DeleteOptions{}, wantErr: "no bucket name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cs := siteWithVolume(corev1.PersistentVolumeReclaimDelete)
			_, _ = cs.CoreV1().Namespaces().Create(t.Context(), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kube-system"}}, metav1.CreateOptions{})
			_, err := DeleteSite(t.Context(), cs, tc.store, tc.ns, tc.opt, nil)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
			pv, _ := cs.CoreV1().PersistentVolumes().Get(t.Context(), "pvc-3f1c", metav1.GetOptions{})
			if pv.Spec.PersistentVolumeReclaimPolicy != corev1.PersistentVolumeReclaimDelete {
				t.Error("the PV was changed although nothing was deleted")
			}
			if _, err := cs.CoreV1().Namespaces().Get(t.Context(), deleteNS, metav1.GetOptions{}); err != nil {
				t.Errorf("namespace deleted although DeleteSite refused: %v", err)
			}
		})
	}
}

func TestDeleteSiteReportsBucketFailureAfterNamespace(t *testing.T) {
	cs := siteWithVolume(corev1.PersistentVolumeReclaimRetain)
	store := &deletingStore{files: 1200, err: errors.New("AccessDenied")}
	rep, err := DeleteSite(t.Context(), cs, store, deleteNS, DeleteOptions{KeepVolumes: true, Bucket: "www-example-com"}, nil)
	if err == nil || !strings.Contains(err.Error(), "namespace www-example-com deleted, but deleting the files in bucket www-example-com did not finish: AccessDenied") {
		t.Fatalf("err = %v", err)
	}
	if rep.BucketDeleted || rep.Step != StepFiles || rep.FilesDeleted != 1200 || len(rep.Volumes) != 1 || !rep.Volumes[0].Kept {
		t.Errorf("report = %+v", rep)
	}
}

func TestDeleteSiteReportsEachStep(t *testing.T) {
	cs := siteWithVolume(corev1.PersistentVolumeReclaimDelete)
	store := &deletingStore{files: 2500}
	var steps []string
	rep, err := DeleteSite(t.Context(), cs, store, deleteNS, DeleteOptions{Bucket: "www-example-com"}, func(r DeleteReport) {
		steps = append(steps, fmt.Sprintf("%d:%d:%d", r.Step, len(r.Volumes), r.FilesDeleted))
	})
	if err != nil {
		t.Fatal(err)
	}
	// check, volumes, namespace (one volume set by then), files 0, 1000,
	// 2000, 2500, done.
	want := "0:0:0 1:0:0 2:1:0 3:1:0 3:1:1000 3:1:2000 3:1:2500 4:1:2500"
	if got := strings.Join(steps, " "); got != want {
		t.Errorf("steps %s\nwant  %s", got, want)
	}
	if !rep.BucketDeleted || rep.FilesDeleted != 2500 || !strings.Contains(rep.Summary(), "bucket www-example-com deleted (2,500 files)") {
		t.Errorf("report %+v: %s", rep, rep.Summary())
	}
}

// TestDeleteSiteResumes re-runs a deletion whose files step did not
// finish: the namespace is gone by then, which only Resume accepts.
func TestDeleteSiteResumes(t *testing.T) {
	cs := siteWithVolume(corev1.PersistentVolumeReclaimDelete)
	opt := DeleteOptions{Bucket: "www-example-com"}
	if _, err := DeleteSite(t.Context(), cs, &deletingStore{err: errors.New("interrupted")}, deleteNS, opt, nil); err == nil {
		t.Fatal("the first run should fail")
	}
	if _, err := DeleteSite(t.Context(), cs, &deletingStore{}, deleteNS, opt, nil); !apierrors.IsNotFound(err) {
		t.Fatalf("without Resume a missing namespace must fail, got %v", err)
	}
	opt.Resume = true
	store := &deletingStore{files: 300}
	rep, err := DeleteSite(t.Context(), cs, store, deleteNS, opt, nil)
	if err != nil || !rep.NamespaceGone || !rep.BucketDeleted || rep.FilesDeleted != 300 || len(store.deleted) != 1 {
		t.Fatalf("resume: %+v, %v", rep, err)
	}
	if want := "site namespace www-example-com already deleted; bucket www-example-com deleted (300 files)"; rep.Summary() != want {
		t.Errorf("summary %q, want %q", rep.Summary(), want)
	}
}

// TestDeleteSiteResumeWithVolumeAlreadyGone: a re-run while the namespace
// still terminates finds the claim but not its volume, which was to be
// deleted anyway.
func TestDeleteSiteResumeWithVolumeAlreadyGone(t *testing.T) {
	cs := siteWithVolume(corev1.PersistentVolumeReclaimDelete)
	if err := cs.CoreV1().PersistentVolumes().Delete(t.Context(), "pvc-3f1c", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	_, err := DeleteSite(t.Context(), cs, &deletingStore{}, deleteNS, DeleteOptions{Bucket: "b-1", Resume: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs = siteWithVolume(corev1.PersistentVolumeReclaimDelete)
	_ = cs.CoreV1().PersistentVolumes().Delete(t.Context(), "pvc-3f1c", metav1.DeleteOptions{})
	_, err = DeleteSite(t.Context(), cs, &deletingStore{}, deleteNS, DeleteOptions{KeepVolumes: true, Bucket: "b-1", Resume: true}, nil)
	if err == nil || !strings.Contains(err.Error(), "reading volume pvc-3f1c") {
		t.Errorf("a volume to keep that is gone must be reported, got %v", err)
	}
}
