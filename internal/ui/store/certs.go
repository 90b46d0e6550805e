package store

import (
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/tools/cache"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
)

// certObjects reads one namespace's cert-manager objects from the
// informers' unstructured caches into the model's types (only the fields
// it declares; the caches hold no CSR or certificate to begin with).
// Not watched: Watched false and the listers' note.
func certObjects(l kube.CertListers, ns string) model.CertObjects {
	if !l.Watched() {
		return model.CertObjects{Note: l.Note}
	}
	return model.CertObjects{
		Watched:      true,
		Note:         l.Note,
		Certificates: convertAll[model.Certificate](l.Certificates, ns),
		Requests:     convertAll[model.CertificateRequest](l.Requests, ns),
		Orders:       convertAll[model.Order](l.Orders, ns),
		Challenges:   convertAll[model.Challenge](l.Challenges, ns),
	}
}

// convertAll converts a namespace's objects of one kind; an object that
// does not convert (a field of an unexpected type) is left out.
func convertAll[T any](l cache.GenericLister, ns string) []*T {
	if l == nil {
		return nil
	}
	objs, err := l.ByNamespace(ns).List(labels.Everything())
	if err != nil {
		return nil
	}
	out := make([]*T, 0, len(objs))
	for _, obj := range objs {
		u, ok := obj.(*unstructured.Unstructured)
		if !ok {
			continue
		}
		var t T
		if runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, &t) == nil {
			out = append(out, &t)
		}
	}
	return out
}
