package kube

import (
	"context"
	"fmt"
	"sync"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/tools/cache"
)

// The cert-manager kinds fdtui watches (cert-manager.io/v1 and
// acme.cert-manager.io/v1), when their CRDs exist and RBAC allows.
const (
	KindCertificate        Kind = "certificates"
	KindCertificateRequest Kind = "certificaterequests"
	KindOrder              Kind = "orders"
	KindChallenge          Kind = "challenges"
)

// CertKinds are the cert-manager kinds in chain order.
func CertKinds() []Kind {
	return []Kind{KindCertificate, KindCertificateRequest, KindOrder, KindChallenge}
}

// CertGVR is the resource of a cert-manager kind.
func CertGVR(k Kind) schema.GroupVersionResource {
	group := "cert-manager.io"
	if k == KindOrder || k == KindChallenge {
		group = "acme.cert-manager.io"
	}
	return schema.GroupVersionResource{Group: group, Version: "v1", Resource: string(k)}
}

// CertListers read the cert-manager caches (unstructured, slimmed by
// slimCertManager). A nil lister: that kind is not watched; Note says
// why when none is ("" when all are).
type CertListers struct {
	Certificates, Requests, Orders, Challenges cache.GenericLister
	Note                                       string
}

// Watched reports whether Certificates are read at all.
func (l CertListers) Watched() bool { return l.Certificates != nil }

// certScope decides which cert-manager kinds a scope watches: none when
// the CRDs are not served (cert-manager is not installed), and each kind
// only if RBAC allows listing it there (a forbidden watch would be
// retried all session). It returns the kinds and a note for what is left
// out ("" when nothing is).
func (c *Cluster) certScope(ns string, installed bool) ([]Kind, string) {
	if !installed {
		return nil, "cert-manager is not installed in this cluster (no certificates.cert-manager.io)"
	}
	// The four questions at once: connecting waits for them.
	all := CertKinds()
	allowed := make([]bool, len(all))
	var wg sync.WaitGroup
	for i, k := range all {
		wg.Go(func() {
			gvr := CertGVR(k)
			allowed[i] = c.mayListGroup(ns, gvr.Group, gvr.Resource)
		})
	}
	wg.Wait()
	var kinds []Kind
	var denied []string
	for i, k := range all {
		gvr := CertGVR(k)
		if allowed[i] {
			kinds = append(kinds, k)
		} else {
			// Not marked forbidden in the status bar: cert-manager's kinds
			// are optional, and the TLS line carries the note.
			denied = append(denied, gvr.Resource+"."+gvr.Group)
		}
	}
	if len(kinds) == 0 || kinds[0] != KindCertificate {
		return nil, fmt.Sprintf("may not list %v: certificates not shown", denied)
	}
	if len(denied) > 0 {
		return kinds, fmt.Sprintf("may not list %v: a failing step there is not shown", denied)
	}
	return kinds, ""
}

// mayListGroup is mayList for a resource of an API group.
func (c *Cluster) mayListGroup(namespace, group, resource string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ok, _, err := NewAccess(c.Client).Can(ctx, "list", group, resource, "", namespace)
	return err != nil || ok
}

// certManagerInstalled asks discovery whether the Certificate kind is
// served (its CRD installed); an unanswered question counts as no.
func certManagerInstalled(d discovery.DiscoveryInterface) bool {
	list, err := d.ServerResourcesForGroupVersion("cert-manager.io/v1")
	if err != nil {
		return false
	}
	for _, r := range list.APIResources {
		if r.Name == "certificates" {
			return true
		}
	}
	return false
}

// newCertFactory is the dynamic informer factory of one scope's
// cert-manager kinds, every object slimmed on the way in.
func newCertFactory(dyn dynamic.Interface, ns string) dynamicinformer.DynamicSharedInformerFactory {
	return dynamicinformer.NewFilteredDynamicSharedInformerFactory(dyn, 0, ns, nil)
}

// registerCerts registers the scope's cert-manager informers into all
// and returns their listers.
func registerCerts(sc scope, all map[Kind]informer) (CertListers, error) {
	l := CertListers{Note: sc.certNote}
	for _, k := range sc.certKinds {
		gi := sc.certFactory.ForResource(CertGVR(k))
		if err := gi.Informer().SetTransform(slimCertManager); err != nil {
			return CertListers{}, fmt.Errorf("%s informer: %w", k, err)
		}
		all[k] = gi.Informer()
		switch k {
		case KindCertificate:
			l.Certificates = gi.Lister()
		case KindCertificateRequest:
			l.Requests = gi.Lister()
		case KindOrder:
			l.Orders = gi.Lister()
		case KindChallenge:
			l.Challenges = gi.Lister()
		}
	}
	return l, nil
}

// slimCertManager keeps what the TLS line reads: the CSR (spec.request),
// any issued certificate and CA (status.certificate, status.ca), the
// challenge's key authorization and solver config, managed fields and
// last-applied copies are dropped before the cache.
func slimCertManager(obj any) (any, error) {
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		return obj, nil
	}
	u.SetManagedFields(nil)
	if a := u.GetAnnotations(); a != nil {
		delete(a, "kubectl.kubernetes.io/last-applied-configuration")
		u.SetAnnotations(a)
	}
	for _, path := range [][]string{
		{"spec", "request"}, {"status", "certificate"}, {"status", "ca"},
		{"spec", "key"}, {"spec", "solver"}, {"status", "authorizations"},
	} {
		unstructured.RemoveNestedField(u.Object, path...)
	}
	return u, nil
}
