package testenv

import (
	"context"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

// Seed creates objs on a cluster with no controllers (PrivateCluster)
// as they are, status included: each object is created, then its status
// written through the status subresource, as the cases patch a pod's.
// Owner references are re-pointed at the UIDs the apiserver gave the
// owners (objs must list owners first). Kinds other than core, apps and
// networking ones (cert-manager's) are skipped: a private cluster has no
// CRDs.
func Seed(t testing.TB, cs kubernetes.Interface, objs ...runtime.Object) {
	t.Helper()
	ctx := context.Background()
	uids := map[types.UID]types.UID{}
	opt := metav1.CreateOptions{}
	for _, obj := range objs {
		obj = obj.DeepCopyObject()
		m, ok := obj.(metav1.Object)
		if !ok {
			continue
		}
		old := m.GetUID()
		m.SetUID("")
		m.SetResourceVersion("")
		refs := m.GetOwnerReferences()
		for i := range refs {
			if uid, ok := uids[refs[i].UID]; ok {
				refs[i].UID = uid
			}
		}
		m.SetOwnerReferences(refs)
		var got metav1.Object
		var err error
		switch o := obj.(type) {
		case *corev1.Namespace:
			got, err = cs.CoreV1().Namespaces().Create(ctx, o, opt)
			if err == nil {
				// The ServiceAccount admission refuses pods without it,
				// and no controller is there to make it.
				sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Namespace: o.Name, Name: "default"}}
				_, err = cs.CoreV1().ServiceAccounts(o.Name).Create(ctx, sa, opt)
			}
		case *corev1.Node:
			got, err = cs.CoreV1().Nodes().Create(ctx, o, opt)
			if err == nil {
				o.ResourceVersion = got.GetResourceVersion()
				_, err = cs.CoreV1().Nodes().UpdateStatus(ctx, o, metav1.UpdateOptions{})
			}
		case *corev1.Secret:
			got, err = cs.CoreV1().Secrets(o.Namespace).Create(ctx, o, opt)
		case *corev1.PersistentVolumeClaim:
			got, err = cs.CoreV1().PersistentVolumeClaims(o.Namespace).Create(ctx, o, opt)
			if err == nil {
				o.ResourceVersion = got.GetResourceVersion()
				_, err = cs.CoreV1().PersistentVolumeClaims(o.Namespace).UpdateStatus(ctx, o, metav1.UpdateOptions{})
			}
		case *corev1.Event:
			got, err = cs.CoreV1().Events(o.Namespace).Create(ctx, o, opt)
		case *networkingv1.Ingress:
			got, err = cs.NetworkingV1().Ingresses(o.Namespace).Create(ctx, o, opt)
		case *appsv1.Deployment:
			got, err = cs.AppsV1().Deployments(o.Namespace).Create(ctx, o, opt)
			if err == nil {
				o.ResourceVersion = got.GetResourceVersion()
				_, err = cs.AppsV1().Deployments(o.Namespace).UpdateStatus(ctx, o, metav1.UpdateOptions{})
			}
		case *appsv1.ReplicaSet:
			got, err = cs.AppsV1().ReplicaSets(o.Namespace).Create(ctx, o, opt)
			if err == nil {
				o.ResourceVersion = got.GetResourceVersion()
				_, err = cs.AppsV1().ReplicaSets(o.Namespace).UpdateStatus(ctx, o, metav1.UpdateOptions{})
			}
		case *appsv1.StatefulSet:
			got, err = cs.AppsV1().StatefulSets(o.Namespace).Create(ctx, o, opt)
			if err == nil {
				o.ResourceVersion = got.GetResourceVersion()
				_, err = cs.AppsV1().StatefulSets(o.Namespace).UpdateStatus(ctx, o, metav1.UpdateOptions{})
			}
		case *corev1.Pod:
			got, err = cs.CoreV1().Pods(o.Namespace).Create(ctx, o, opt)
			if err == nil {
				o.ResourceVersion = got.GetResourceVersion()
				_, err = cs.CoreV1().Pods(o.Namespace).UpdateStatus(ctx, o, metav1.UpdateOptions{})
			}
		default:
			continue
		}
		if err != nil {
			t.Fatalf("seed %T %s/%s: %v", obj, m.GetNamespace(), m.GetName(), err)
		}
		uids[old] = got.GetUID()
	}
}
