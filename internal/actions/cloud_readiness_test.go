package actions

import (
	"context"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	networkingv1 "k8s.io/api/networking/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

func crd(name string) *unstructured.Unstructured {
	u := &unstructured.Unstructured{}
	u.SetAPIVersion("apiextensions.k8s.io/v1")
	u.SetKind("CustomResourceDefinition")
	u.SetName(name)
	return u
}

func clusterIssuer(name string) *unstructured.Unstructured {
	u := &unstructured.Unstructured{}
	u.SetAPIVersion("cert-manager.io/v1")
	u.SetKind("ClusterIssuer")
	u.SetName(name)
	return u
}

func ingressClass(name, controller string) *networkingv1.IngressClass {
	return &networkingv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: networkingv1.IngressClassSpec{Controller: controller}}
}

func storageClass(name string, isDefault bool) *storagev1.StorageClass {
	sc := &storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: name}, Provisioner: "dobs.csi.digitalocean.com"}
	if isDefault {
		sc.Annotations = map[string]string{"storageclass.kubernetes.io/is-default-class": "true"}
	}
	return sc
}

func newDynamic(objs ...runtime.Object) *dynamicfake.FakeDynamicClient {
	return dynamicfake.NewSimpleDynamicClientWithCustomListKinds(runtime.NewScheme(), map[schema.GroupVersionResource]string{
		crdGVR: "CustomResourceDefinitionList", clusterIssuerGVR: "ClusterIssuerList",
		{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gatewayclasses"}: "GatewayClassList",
		{Group: "gateway.networking.k8s.io", Version: "v1", Resource: "gateways"}:       "GatewayList",
	}, objs...)
}

func TestReadiness(t *testing.T) {
	type want struct {
		ok     bool
		detail string
		fix    string
	}
	cases := []struct {
		name   string
		kube   []runtime.Object
		dyn    []runtime.Object
		forbid string // resource whose list RBAC forbids
		want   map[string]want
	}{
		{
			name: "fresh DOKS cluster",
			kube: []runtime.Object{storageClass("do-block-storage", true)},
			want: map[string]want{
				"ingress controller":   {detail: "no IngressClass and no ingress-nginx controller", fix: "managed Gateway API"},
				"edge":                 {detail: "no maintained ingress controller or accepted GatewayClass", fix: "managed Gateway API"},
				"Ingress routes":       {ok: true, detail: "0 Ingress(es)"},
				"cert-manager CRDs":    {detail: "cert-manager is not installed", fix: "--set crds.enabled=true"},
				"ClusterIssuer":        {detail: "needs cert-manager first", fix: "kind: ClusterIssuer"},
				"default StorageClass": {ok: true, detail: "StorageClass do-block-storage (dobs.csi.digitalocean.com) is the default"},
			},
		},
		{
			name: "ready for Flight Deck",
			kube: []runtime.Object{ingressClass("nginx", "k8s.io/ingress-nginx"), storageClass("do-block-storage", true), storageClass("fast", false)},
			dyn:  []runtime.Object{crd("certificates.cert-manager.io"), clusterIssuer("letsencrypt-prod")},
			want: map[string]want{
				"ingress controller":   {ok: true, detail: "IngressClass nginx (k8s.io/ingress-nginx)"},
				"edge":                 {detail: "IngressClass nginx (k8s.io/ingress-nginx, retired)", fix: "Gateway API"},
				"cert-manager CRDs":    {ok: true, detail: "certificates.cert-manager.io"},
				"ClusterIssuer":        {ok: true, detail: "ClusterIssuer letsencrypt-prod"},
				"default StorageClass": {ok: true, detail: "do-block-storage"},
			},
		},
		{
			name: "controller without a class, other issuer, no default class",
			kube: []runtime.Object{
				&appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Namespace: "ingress-nginx", Name: "ingress-nginx-controller"}},
				storageClass("standard", false),
			},
			dyn: []runtime.Object{crd("certificates.cert-manager.io"), clusterIssuer("staging")},
			want: map[string]want{
				"ingress controller":   {ok: true, detail: "Deployment ingress-nginx/ingress-nginx-controller (it has no IngressClass yet)"},
				"ClusterIssuer":        {ok: true, detail: "ClusterIssuer staging (sites default to letsencrypt-prod"},
				"default StorageClass": {detail: "StorageClass standard exists but is not the default", fix: "kubectl annotate storageclass standard storageclass.kubernetes.io/is-default-class=true"},
			},
		},
		{
			name: "no storage at all",
			want: map[string]want{
				"default StorageClass": {detail: "no StorageClass", fix: "csi-digitalocean"},
			},
		},
		{
			name:   "RBAC forbids reading classes",
			forbid: "ingressclasses",
			want: map[string]want{
				"ingress controller": {detail: "could not check: not allowed to read it (RBAC)"},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cs := fake.NewClientset(tc.kube...)
			if tc.forbid != "" {
				cs.PrependReactor("list", tc.forbid, func(k8stesting.Action) (bool, runtime.Object, error) {
					return true, nil, apierrors.NewForbidden(schema.GroupResource{Resource: tc.forbid}, "", nil)
				})
			}
			checks := Readiness(context.Background(), cs, newDynamic(tc.dyn...))
			if len(checks) != 6 {
				t.Fatalf("%d checks", len(checks))
			}
			for _, ch := range checks {
				w, ok := tc.want[ch.Name]
				if !ok {
					continue
				}
				if ch.OK != w.ok || !strings.Contains(ch.Detail, w.detail) || !strings.Contains(ch.Fix, w.fix) {
					t.Errorf("%s = %+v, want ok=%v detail~%q fix~%q", ch.Name, ch, w.ok, w.detail, w.fix)
				}
				if ch.OK && ch.Fix != "" {
					t.Errorf("%s is OK but offers a fix", ch.Name)
				}
			}
		})
	}
}

// The edge checks: Ingresses of a retired controller and of a class that
// does not exist are listed with their hint; an accepted GatewayClass is
// a maintained way in and the hint names it.
func TestReadinessEdge(t *testing.T) {
	class := func(name string) *string { return &name }
	ing := func(ns, cls string) *networkingv1.Ingress {
		return &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "web"},
			Spec: networkingv1.IngressSpec{IngressClassName: class(cls)}}
	}
	gc := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass", "metadata": map[string]any{"name": "cilium"},
		"spec":   map[string]any{"controllerName": "io.cilium/gateway-controller"},
		"status": map[string]any{"conditions": []any{map[string]any{"type": "Accepted", "status": "True", "reason": "Accepted"}}},
	}}
	cs := fake.NewClientset(ingressClass("nginx", "k8s.io/ingress-nginx"), ing("shop", "nginx"), ing("blog", "nginx-internal"))
	checks := Readiness(context.Background(), cs, newDynamic(gc))
	byName := map[string]Check{}
	for _, c := range checks {
		byName[c.Name] = c
	}
	edge := byName["edge"]
	if !edge.OK || !strings.Contains(edge.Detail, "GatewayClass cilium (io.cilium/gateway-controller, Accepted=True)") {
		t.Errorf("edge = %+v", edge)
	}
	routes := byName["Ingress routes"]
	for _, want := range []string{
		"blog/web: IngressClass nginx-internal not found: nothing serves this Ingress",
		"shop/web: controller k8s.io/ingress-nginx: ingress-nginx was retired in March 2026",
		"→ move the site to the Gateway API (U: route Gateway API, GatewayClass cilium)",
	} {
		if routes.OK || !strings.Contains(routes.Fix, want) {
			t.Errorf("Ingress routes = %+v\nwant %q", routes, want)
		}
	}
	if routes.Detail != "2 of 2 Ingress(es) served by a retired or missing controller" {
		t.Errorf("detail %q", routes.Detail)
	}
}
