package kube

import (
	"fmt"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	appslisters "k8s.io/client-go/listers/apps/v1"
	batchlisters "k8s.io/client-go/listers/batch/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	networkinglisters "k8s.io/client-go/listers/networking/v1"
	"k8s.io/client-go/tools/cache"
)

// Static is a Cluster whose listers read fixed objects instead of
// informers: for unit and golden tests of the UI, which then run without
// an apiserver. Add objects with Set; Changes receives their keys.
type Static struct {
	*Cluster
	indexers map[Kind]cache.Indexer
}

// NewStatic returns a static cluster holding objs.
func NewStatic(name string, objs ...runtime.Object) (*Static, error) {
	s := &Static{Cluster: &Cluster{Name: name, Changes: NewQueue(100000), cancel: func() {}}, indexers: map[Kind]cache.Indexer{}}
	s.health = newHealth(s.Changes)
	idx := func(k Kind) cache.Indexer {
		i := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
		s.indexers[k] = i
		return i
	}
	s.Listers = Listers{
		Namespaces:   corelisters.NewNamespaceLister(idx(KindNamespace)),
		Pods:         corelisters.NewPodLister(idx(KindPod)),
		Deployments:  appslisters.NewDeploymentLister(idx(KindDeployment)),
		ReplicaSets:  appslisters.NewReplicaSetLister(idx(KindReplicaSet)),
		StatefulSets: appslisters.NewStatefulSetLister(idx(KindStatefulSet)),
		Services:     corelisters.NewServiceLister(idx(KindService)),
		Ingresses:    networkinglisters.NewIngressLister(idx(KindIngress)),
		PVCs:         corelisters.NewPersistentVolumeClaimLister(idx(KindPVC)),
		Events:       corelisters.NewEventLister(idx(KindEvent)),
		Nodes:        corelisters.NewNodeLister(idx(KindNode)),
		Secrets:      cache.NewGenericLister(idx(KindSecret), schema.GroupResource{Resource: "secrets"}),
		CronJobs:     batchlisters.NewCronJobLister(idx(KindCronJob)),
		Jobs:         batchlisters.NewJobLister(idx(KindJob)),
		// cert-manager installed and readable: its objects are
		// unstructured, as the dynamic informers give them.
		Certs: CertListers{
			Certificates: cache.NewGenericLister(idx(KindCertificate), CertGVR(KindCertificate).GroupResource()),
			Requests:     cache.NewGenericLister(idx(KindCertificateRequest), CertGVR(KindCertificateRequest).GroupResource()),
			Orders:       cache.NewGenericLister(idx(KindOrder), CertGVR(KindOrder).GroupResource()),
			Challenges:   cache.NewGenericLister(idx(KindChallenge), CertGVR(KindChallenge).GroupResource()),
		},
	}
	for _, o := range objs {
		if err := s.Set(o); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Set adds or replaces an object and queues its change.
func (s *Static) Set(obj runtime.Object) error {
	kind, err := kindOf(obj)
	if err != nil {
		return err
	}
	if kind == KindSecret {
		// Like the metadata informer: keep names, never values.
		sec := obj.(*corev1.Secret)
		obj = &metav1.PartialObjectMetadata{ObjectMeta: *sec.ObjectMeta.DeepCopy()}
	}
	if err := s.indexers[kind].Update(obj); err != nil {
		return err
	}
	m := obj.(metav1.Object)
	s.Changes.Add(Change{Kind: kind, Namespace: m.GetNamespace(), Name: m.GetName()})
	return nil
}

// Delete removes an object and queues its change.
func (s *Static) Delete(obj runtime.Object) error {
	kind, err := kindOf(obj)
	if err != nil {
		return err
	}
	m := obj.(metav1.Object)
	if err := s.indexers[kind].Delete(obj); err != nil {
		return err
	}
	s.Changes.Add(Change{Kind: kind, Namespace: m.GetNamespace(), Name: m.GetName()})
	return nil
}

func kindOf(obj runtime.Object) (Kind, error) {
	switch o := obj.(type) {
	case *unstructured.Unstructured:
		for _, k := range CertKinds() {
			if CertGVR(k).Group == o.GroupVersionKind().Group && strings.EqualFold(string(k), o.GetKind()+"s") {
				return k, nil
			}
		}
		return "", fmt.Errorf("static cluster: unsupported object %s", o.GroupVersionKind())
	case *corev1.Namespace:
		return KindNamespace, nil
	case *corev1.Pod:
		return KindPod, nil
	case *appsv1.Deployment:
		return KindDeployment, nil
	case *appsv1.ReplicaSet:
		return KindReplicaSet, nil
	case *appsv1.StatefulSet:
		return KindStatefulSet, nil
	case *corev1.Service:
		return KindService, nil
	case *networkingv1.Ingress:
		return KindIngress, nil
	case *corev1.PersistentVolumeClaim:
		return KindPVC, nil
	case *corev1.Event:
		return KindEvent, nil
	case *corev1.Node:
		return KindNode, nil
	case *corev1.Secret:
		return KindSecret, nil
	case *batchv1.CronJob:
		return KindCronJob, nil
	case *batchv1.Job:
		return KindJob, nil
	}
	return "", fmt.Errorf("static cluster: unsupported object %T", obj)
}
