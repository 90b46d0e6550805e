package actions

import (
	"context"
	"errors"
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

// deletingStore records DeletePrefix calls.
type deletingStore struct {
	objstore.Store
	deleted []string
	err     error
}

func (d *deletingStore) DeletePrefix(_ context.Context, bucket, prefix string) error {
	d.deleted = append(d.deleted, bucket+"/"+prefix)
	return d.err
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
			wantSummary: []string{"PV pvc-3f1c (10Gi) deleted", "bucket shared-sites/www-example-com deleted"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cs := siteWithVolume(tc.policy)
			store := &deletingStore{}
			rep, err := DeleteSite(t.Context(), cs, store, deleteNS, tc.opt)
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
			_, err := DeleteSite(t.Context(), cs, tc.store, tc.ns, tc.opt)
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
	store := &deletingStore{err: errors.New("AccessDenied")}
	rep, err := DeleteSite(t.Context(), cs, store, deleteNS, DeleteOptions{KeepVolumes: true, Bucket: "www-example-com"})
	if err == nil || !strings.Contains(err.Error(), "namespace www-example-com deleted, but deleting bucket www-example-com failed") {
		t.Fatalf("err = %v", err)
	}
	if rep.BucketDeleted || len(rep.Volumes) != 1 || !rep.Volumes[0].Kept {
		t.Errorf("report = %+v", rep)
	}
}
