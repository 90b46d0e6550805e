package kube

import (
	"sort"

	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/flightdeck/fdtui/internal/model"
)

// Readers of the Gateway API objects' fields fdtui uses, from their
// unstructured form (gateway.networking.k8s.io/v1 field names): small
// local structs instead of the Gateway API's Go module.

// IngressClassInfo is an IngressClass's name, controller and default mark
// (ingressclass.kubernetes.io/is-default-class).
func IngressClassInfo(ic *networkingv1.IngressClass) model.IngressClassInfo {
	return model.IngressClassInfo{Name: ic.Name, Controller: ic.Spec.Controller,
		Default: ic.Annotations[networkingv1.AnnotationIsDefaultIngressClass] == "true"}
}

// GatewayClassInfo reads spec.controllerName and the Accepted condition.
func GatewayClassInfo(u *unstructured.Unstructured) model.GatewayClassInfo {
	ctrl, _, _ := unstructured.NestedString(u.Object, "spec", "controllerName")
	return model.GatewayClassInfo{Name: u.GetName(), Controller: ctrl, Accepted: condition(u.Object, "Accepted", "status", "conditions")}
}

// GatewayInfo reads a Gateway's class, listeners (with their TLS
// certificateRefs and Programmed status), addresses, conditions and its
// cert-manager.io/cluster-issuer annotation.
func GatewayInfo(u *unstructured.Unstructured) model.GatewayInfo {
	class, _, _ := unstructured.NestedString(u.Object, "spec", "gatewayClassName")
	g := model.GatewayInfo{Namespace: u.GetNamespace(), Name: u.GetName(), Class: class,
		Issuer:   u.GetAnnotations()["cert-manager.io/cluster-issuer"],
		Accepted: condition(u.Object, "Accepted", "status", "conditions"), Programmed: condition(u.Object, "Programmed", "status", "conditions")}
	statuses, _, _ := unstructured.NestedSlice(u.Object, "status", "listeners")
	listeners, _, _ := unstructured.NestedSlice(u.Object, "spec", "listeners")
	for _, l := range listeners {
		m, ok := l.(map[string]any)
		if !ok {
			continue
		}
		li := model.ListenerInfo{Name: str(m, "name"), Protocol: str(m, "protocol"), Hostname: str(m, "hostname")}
		li.Port, _, _ = unstructured.NestedInt64(m, "port")
		refs, _, _ := unstructured.NestedSlice(m, "tls", "certificateRefs")
		for _, r := range refs {
			if rm, ok := r.(map[string]any); ok {
				li.TLSSecrets = append(li.TLSSecrets, str(rm, "name"))
			}
		}
		for _, s := range statuses {
			if sm, ok := s.(map[string]any); ok && str(sm, "name") == li.Name {
				li.Programmed = condition(sm, "Programmed", "conditions")
			}
		}
		g.Listeners = append(g.Listeners, li)
	}
	addrs, _, _ := unstructured.NestedSlice(u.Object, "status", "addresses")
	for _, a := range addrs {
		if am, ok := a.(map[string]any); ok {
			g.Addresses = append(g.Addresses, str(am, "value"))
		}
	}
	return g
}

// HTTPRouteInfo reads an HTTPRoute's hostnames, Gateway parentRefs and
// status.parents (Accepted and ResolvedRefs per parent).
func HTTPRouteInfo(u *unstructured.Unstructured) model.HTTPRouteInfo {
	r := model.HTTPRouteInfo{Namespace: u.GetNamespace(), Name: u.GetName()}
	r.Hostnames, _, _ = unstructured.NestedStringSlice(u.Object, "spec", "hostnames")
	refs, _, _ := unstructured.NestedSlice(u.Object, "spec", "parentRefs")
	for _, p := range refs {
		if m, ok := p.(map[string]any); ok {
			r.Parents = append(r.Parents, parentRef(m))
		}
	}
	if rules, _, _ := unstructured.NestedSlice(u.Object, "spec", "rules"); len(rules) > 0 {
		if m, ok := rules[0].(map[string]any); ok {
			r.RequestTimeout, _, _ = unstructured.NestedString(m, "timeouts", "request")
		}
	}
	parents, _, _ := unstructured.NestedSlice(u.Object, "status", "parents")
	for _, p := range parents {
		m, ok := p.(map[string]any)
		if !ok {
			continue
		}
		ref, _, _ := unstructured.NestedMap(m, "parentRef")
		r.Status = append(r.Status, model.RouteParentStatus{Parent: parentRef(ref), Controller: str(m, "controllerName"),
			Accepted: condition(m, "Accepted", "conditions"), ResolvedRefs: condition(m, "ResolvedRefs", "conditions")})
	}
	return r
}

func parentRef(m map[string]any) model.ParentRef {
	return model.ParentRef{Namespace: str(m, "namespace"), Name: str(m, "name"), Section: str(m, "sectionName")}
}

// condition finds the condition of type t in the list at path.
func condition(obj map[string]any, t string, path ...string) *model.Condition {
	conds, _, _ := unstructured.NestedSlice(obj, path...)
	for _, c := range conds {
		m, ok := c.(map[string]any)
		if ok && str(m, "type") == t {
			return &model.Condition{Type: t, Status: str(m, "status"), Reason: str(m, "reason"), Message: str(m, "message")}
		}
	}
	return nil
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func sortEdge(e *model.Edge) {
	sort.Slice(e.IngressClasses, func(i, j int) bool { return e.IngressClasses[i].Name < e.IngressClasses[j].Name })
	sort.Slice(e.GatewayClasses, func(i, j int) bool { return e.GatewayClasses[i].Name < e.GatewayClasses[j].Name })
	sort.Slice(e.Gateways, func(i, j int) bool {
		a, b := e.Gateways[i], e.Gateways[j]
		return a.Namespace+"/"+a.Name < b.Namespace+"/"+b.Name
	})
}

func sortRoutes(r []model.HTTPRouteInfo) {
	sort.Slice(r, func(i, j int) bool { return r[i].Name < r[j].Name })
}
