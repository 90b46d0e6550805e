package kube

import (
	"context"
	"sync"

	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/dynamic/dynamicinformer"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"

	"github.com/flightdeck/fdtui/internal/model"
)

// The Gateway API kinds fdtui reads (gateway.networking.k8s.io/v1, the
// standard channel).
const GatewayGroup = "gateway.networking.k8s.io"

var (
	gatewayClassGVR = schema.GroupVersionResource{Group: GatewayGroup, Version: "v1", Resource: "gatewayclasses"}
	gatewayGVR      = schema.GroupVersionResource{Group: GatewayGroup, Version: "v1", Resource: "gateways"}
	httpRouteGVR    = schema.GroupVersionResource{Group: GatewayGroup, Version: "v1", Resource: "httproutes"}
)

// EdgeWatch keeps the cluster's edge in informer caches: IngressClasses
// (typed) and, when the Gateway API CRDs exist and RBAC lets the user list
// them cluster-wide, GatewayClasses, Gateways and HTTPRoutes (dynamic). A
// kind that cannot be listed is not watched, so no forbidden watch is
// retried all session. Its informers stop with the context given to
// WatchEdge.
type EdgeWatch struct {
	// changed is closed on a change and replaced: every listener wakes.
	changedMu sync.Mutex
	changed   chan struct{}

	mu         sync.Mutex
	ready      bool
	ingClasses cache.SharedIndexInformer
	gwClasses  cache.SharedIndexInformer
	gateways   cache.SharedIndexInformer
	routes     cache.SharedIndexInformer
}

// WatchEdge probes what may be listed, then starts the informers, in the
// background: Snapshot is empty (and says so) until the probe is done.
func WatchEdge(ctx context.Context, cs kubernetes.Interface, dyn dynamic.Interface) *EdgeWatch {
	w := &EdgeWatch{changed: make(chan struct{})}
	go w.start(ctx, cs, dyn)
	return w
}

func (w *EdgeWatch) start(ctx context.Context, cs kubernetes.Interface, dyn dynamic.Interface) {
	one := metav1.ListOptions{Limit: 1}
	var ing, gwc, gw, rt cache.SharedIndexInformer
	if cs != nil {
		if _, err := cs.NetworkingV1().IngressClasses().List(ctx, one); err == nil {
			f := informers.NewSharedInformerFactory(cs, 0)
			ing = f.Networking().V1().IngressClasses().Informer()
		}
	}
	if dyn != nil {
		f := dynamicinformer.NewDynamicSharedInformerFactory(dyn, 0)
		probe := func(gvr schema.GroupVersionResource) cache.SharedIndexInformer {
			if _, err := dyn.Resource(gvr).List(ctx, one); err != nil {
				return nil // not installed (NotFound) or forbidden: not watched
			}
			return f.ForResource(gvr).Informer()
		}
		gwc, gw, rt = probe(gatewayClassGVR), probe(gatewayGVR), probe(httpRouteGVR)
	}
	for _, inf := range []cache.SharedIndexInformer{ing, gwc, gw, rt} {
		if inf == nil {
			continue
		}
		_, _ = inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
			AddFunc: func(any) { w.poke() }, UpdateFunc: func(_, _ any) { w.poke() }, DeleteFunc: func(any) { w.poke() },
		})
		go inf.RunWithContext(ctx)
	}
	w.mu.Lock()
	w.ready, w.ingClasses, w.gwClasses, w.gateways, w.routes = true, ing, gwc, gw, rt
	w.mu.Unlock()
	w.poke()
}

func (w *EdgeWatch) poke() {
	w.changedMu.Lock()
	close(w.changed)
	w.changed = make(chan struct{})
	w.changedMu.Unlock()
}

// Changed is closed at the next change (take it before reading the
// Snapshot, so no change is missed between the two).
func (w *EdgeWatch) Changed() <-chan struct{} {
	w.changedMu.Lock()
	defer w.changedMu.Unlock()
	return w.changed
}

// Snapshot is the cluster's edge as cached now.
func (w *EdgeWatch) Snapshot() model.Edge {
	w.mu.Lock()
	defer w.mu.Unlock()
	var e model.Edge
	if w.ingClasses != nil && w.ingClasses.HasSynced() {
		e.IngressClassesKnown = true
		for _, o := range w.ingClasses.GetStore().List() {
			if ic, ok := o.(*networkingv1.IngressClass); ok {
				e.IngressClasses = append(e.IngressClasses, IngressClassInfo(ic))
			}
		}
	}
	e.GatewayAPI = w.gwClasses != nil || w.gateways != nil
	for _, u := range listUnstructured(w.gwClasses) {
		e.GatewayClasses = append(e.GatewayClasses, GatewayClassInfo(u))
	}
	for _, u := range listUnstructured(w.gateways) {
		e.Gateways = append(e.Gateways, GatewayInfo(u))
	}
	sortEdge(&e)
	return e
}

// Ready says the probe is done and every watched kind has synced.
func (w *EdgeWatch) Ready() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.ready {
		return false
	}
	for _, inf := range []cache.SharedIndexInformer{w.ingClasses, w.gwClasses, w.gateways, w.routes} {
		if inf != nil && !inf.HasSynced() {
			return false
		}
	}
	return true
}

// RoutesWatched says HTTPRoutes are watched: false when the Gateway API
// is not installed or RBAC forbids listing them cluster-wide (a site's
// HTTPRoute is then unknown, not absent).
func (w *EdgeWatch) RoutesWatched() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.routes != nil
}

// HTTPRoutes are the HTTPRoutes of one namespace.
func (w *EdgeWatch) HTTPRoutes(ns string) []model.HTTPRouteInfo {
	w.mu.Lock()
	routes := w.routes
	w.mu.Unlock()
	if routes == nil {
		return nil
	}
	objs, _ := routes.GetIndexer().ByIndex(cache.NamespaceIndex, ns)
	out := make([]model.HTTPRouteInfo, 0, len(objs))
	for _, o := range objs {
		if u, ok := o.(*unstructured.Unstructured); ok {
			out = append(out, HTTPRouteInfo(u))
		}
	}
	sortRoutes(out)
	return out
}

func listUnstructured(inf cache.SharedIndexInformer) []*unstructured.Unstructured {
	if inf == nil {
		return nil
	}
	var out []*unstructured.Unstructured
	for _, o := range inf.GetStore().List() {
		if u, ok := o.(*unstructured.Unstructured); ok {
			out = append(out, u)
		}
	}
	return out
}

// ReadEdge lists the edge once (the site wizard and :readiness): like
// EdgeWatch's Snapshot, a kind that is not installed or not allowed is
// left out; only an error other than those is returned.
func ReadEdge(ctx context.Context, cs kubernetes.Interface, dyn dynamic.Interface) (model.Edge, error) {
	var e model.Edge
	ics, err := cs.NetworkingV1().IngressClasses().List(ctx, metav1.ListOptions{})
	switch {
	case err == nil:
		e.IngressClassesKnown = true
		for i := range ics.Items {
			e.IngressClasses = append(e.IngressClasses, IngressClassInfo(&ics.Items[i]))
		}
	case !apierrors.IsForbidden(err):
		return e, err
	}
	if dyn != nil {
		gcs, err := dyn.Resource(gatewayClassGVR).List(ctx, metav1.ListOptions{})
		if err == nil {
			e.GatewayAPI = true
			for i := range gcs.Items {
				e.GatewayClasses = append(e.GatewayClasses, GatewayClassInfo(&gcs.Items[i]))
			}
		} else if !apierrors.IsNotFound(err) && !apierrors.IsForbidden(err) {
			return e, err
		}
		gws, err := dyn.Resource(gatewayGVR).List(ctx, metav1.ListOptions{})
		if err == nil {
			e.GatewayAPI = true
			for i := range gws.Items {
				e.Gateways = append(e.Gateways, GatewayInfo(&gws.Items[i]))
			}
		} else if !apierrors.IsNotFound(err) && !apierrors.IsForbidden(err) {
			return e, err
		}
	}
	sortEdge(&e)
	return e, nil
}

// ReadHTTPRoutes lists one namespace's HTTPRoutes; none when the Gateway
// API is not installed.
func ReadHTTPRoutes(ctx context.Context, dyn dynamic.Interface, ns string) ([]model.HTTPRouteInfo, error) {
	if dyn == nil {
		return nil, nil
	}
	list, err := dyn.Resource(httpRouteGVR).Namespace(ns).List(ctx, metav1.ListOptions{})
	if apierrors.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]model.HTTPRouteInfo, 0, len(list.Items))
	for i := range list.Items {
		out = append(out, HTTPRouteInfo(&list.Items[i]))
	}
	sortRoutes(out)
	return out, nil
}
