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
			got, err = withStatus(ctx, o, cs.CoreV1().Nodes().Create, cs.CoreV1().Nodes().UpdateStatus)
		case *corev1.Secret:
			got, err = cs.CoreV1().Secrets(o.Namespace).Create(ctx, o, opt)
		case *corev1.PersistentVolumeClaim:
			c := cs.CoreV1().PersistentVolumeClaims(o.Namespace)
			got, err = withStatus(ctx, o, c.Create, c.UpdateStatus)
		case *corev1.Event:
			got, err = cs.CoreV1().Events(o.Namespace).Create(ctx, o, opt)
		case *networkingv1.Ingress:
			got, err = cs.NetworkingV1().Ingresses(o.Namespace).Create(ctx, o, opt)
		case *appsv1.Deployment:
			c := cs.AppsV1().Deployments(o.Namespace)
			got, err = withStatus(ctx, o, c.Create, c.UpdateStatus)
		case *appsv1.ReplicaSet:
			c := cs.AppsV1().ReplicaSets(o.Namespace)
			got, err = withStatus(ctx, o, c.Create, c.UpdateStatus)
		case *appsv1.StatefulSet:
			c := cs.AppsV1().StatefulSets(o.Namespace)
			got, err = withStatus(ctx, o, c.Create, c.UpdateStatus)
		case *corev1.Pod:
			c := cs.CoreV1().Pods(o.Namespace)
			got, err = withStatus(ctx, o, c.Create, c.UpdateStatus)
		default:
			continue
		}
		if err != nil {
			t.Fatalf("seed %T %s/%s: %v", obj, m.GetNamespace(), m.GetName(), err)
		}
		uids[old] = got.GetUID()
	}
}

// withStatus creates o, then writes its status (which Create ignores)
// through the status subresource.
func withStatus[T interface {
	metav1.Object
	runtime.Object
}](ctx context.Context, o T,
	create func(context.Context, T, metav1.CreateOptions) (T, error),
	update func(context.Context, T, metav1.UpdateOptions) (T, error)) (metav1.Object, error) {
	got, err := create(ctx, o, metav1.CreateOptions{})
	if err != nil {
		return nil, err
	}
	o.SetResourceVersion(got.GetResourceVersion())
	return update(ctx, o, metav1.UpdateOptions{})
}
