package main

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// The local cluster has no volume provisioner, and the scheduler will not
// place a pod whose PVC is unbound. So the seed does what an admin of a
// bare-metal cluster does: a StorageClass without a provisioner plus one
// pre-bound local PersistentVolume per site on the db node pool. The PV
// controller binds a pre-bound PV at once, and its node affinity sends
// mysql to the db pool. kwok never touches the (nonexistent) path.

const mysqlClaim = "data-mysql-0" // volumeClaimTemplate "data" of StatefulSet "mysql", pod 0

func ensureStorageClass(ctx context.Context, cs kubernetes.Interface) error {
	mode := storagev1.VolumeBindingWaitForFirstConsumer
	reclaim := corev1.PersistentVolumeReclaimRetain
	sc := &storagev1.StorageClass{
		ObjectMeta:        metav1.ObjectMeta{Name: storageClass, Labels: seedLabels()},
		Provisioner:       "kubernetes.io/no-provisioner",
		VolumeBindingMode: &mode,
		ReclaimPolicy:     &reclaim,
	}
	_, err := cs.StorageV1().StorageClasses().Create(ctx, sc, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		return nil // its fields are immutable; nothing to converge
	}
	return err
}

func pvName(d siteDef) string { return "local-" + d.namespace() + "-mysql" }

// ensureMySQLVolume creates d's PersistentVolume, or frees a Released one
// (its claim was deleted with the namespace) so the next claim binds.
func ensureMySQLVolume(ctx context.Context, cs kubernetes.Interface, d siteDef) error {
	pvs := cs.CoreV1().PersistentVolumes()
	pv, err := pvs.Get(ctx, pvName(d), metav1.GetOptions{})
	switch {
	case apierrors.IsNotFound(err):
		_, err = pvs.Create(ctx, mysqlVolume(d), metav1.CreateOptions{})
		return err
	case err != nil:
		return err
	case pv.Status.Phase != corev1.VolumeReleased || pv.Spec.ClaimRef == nil:
		return nil
	}
	pv.Spec.ClaimRef.UID, pv.Spec.ClaimRef.ResourceVersion = "", ""
	if _, err := pvs.Update(ctx, pv, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("freeing released volume %s: %w", pv.Name, err)
	}
	return nil
}

func mysqlVolume(d siteDef) *corev1.PersistentVolume {
	return &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: pvName(d), Labels: seedLabels()},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:                      corev1.ResourceList{corev1.ResourceStorage: resource.MustParse(d.Volume)},
			AccessModes:                   []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			PersistentVolumeReclaimPolicy: corev1.PersistentVolumeReclaimRetain,
			StorageClassName:              storageClass,
			PersistentVolumeSource: corev1.PersistentVolumeSource{
				Local: &corev1.LocalVolumeSource{Path: "/mnt/disks/" + d.namespace() + "-mysql"},
			},
			ClaimRef: &corev1.ObjectReference{Kind: "PersistentVolumeClaim", APIVersion: "v1",
				Namespace: d.namespace(), Name: mysqlClaim},
			NodeAffinity: &corev1.VolumeNodeAffinity{Required: &corev1.NodeSelector{
				NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: []corev1.NodeSelectorRequirement{{
					Key: blueprint.LabelDOPool, Operator: corev1.NodeSelectorOpIn, Values: []string{dbPool},
				}}}},
			}},
		},
	}
}

// seedLabels marks the cluster-scoped objects only the seed creates.
func seedLabels() map[string]string {
	return map[string]string{blueprint.LabelManagedBy: "fdtui-seed"}
}
