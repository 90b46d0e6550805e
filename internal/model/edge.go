package model

import (
	"fmt"
	"sort"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
)

// The edge: what routes a site's traffic in. A cluster has IngressClasses
// (each names the controller that serves it) and, with the Gateway API,
// GatewayClasses and Gateways; a site is reached through an Ingress or an
// HTTPRoute attached to a Gateway.

// ControllerIngressNginx is the controller name of the ingress-nginx
// project's IngressClass (spec.controller).
const ControllerIngressNginx = "k8s.io/ingress-nginx"

// retiredControllers are ingress controllers whose project has stopped,
// with when: an Ingress they serve gets no more fixes, security ones
// included. Source: the Kubernetes blog, "Ingress NGINX Retirement"
// (2025-11-11): best-effort maintenance until March 2026, then retired.
var retiredControllers = map[string]string{
	ControllerIngressNginx: "ingress-nginx was retired in March 2026 (no more releases or security fixes)",
}

// RetiredController says why a controller is retired, "" when it is not.
func RetiredController(controller string) string { return retiredControllers[controller] }

// IngressClassInfo is one IngressClass: its name and spec.controller.
type IngressClassInfo struct {
	Name, Controller string
	Default          bool // ingressclass.kubernetes.io/is-default-class
}

// Condition is one status condition (type, status, reason, message) as
// the Gateway API writes them.
type Condition struct {
	Type, Status, Reason, Message string
}

// GatewayClassInfo is one GatewayClass: spec.controllerName and its
// Accepted condition (nil: the implementation has not answered).
type GatewayClassInfo struct {
	Name, Controller string
	Accepted         *Condition
}

// ListenerInfo is one Gateway listener (spec) and its Programmed
// condition (status.listeners).
type ListenerInfo struct {
	Name, Protocol, Hostname string
	Port                     int64
	// TLSSecrets are the listener's tls.certificateRefs (Secret names).
	TLSSecrets []string
	Programmed *Condition
}

// GatewayInfo is one Gateway: its class, listeners, addresses and its
// Accepted and Programmed conditions; Issuer is its
// cert-manager.io/cluster-issuer annotation (cert-manager's Gateway
// support issues a certificate per HTTPS listener hostname).
type GatewayInfo struct {
	Namespace, Name, Class string
	Issuer                 string
	Listeners              []ListenerInfo
	Addresses              []string
	Accepted, Programmed   *Condition
}

// ParentRef is an HTTPRoute's spec.parentRefs entry (a Gateway); an
// empty Namespace is the route's own.
type ParentRef struct {
	Namespace, Name, Section string
}

// RouteParentStatus is one status.parents entry of an HTTPRoute: what the
// Gateway's implementation says of the route on that parent.
type RouteParentStatus struct {
	Parent                 ParentRef
	Controller             string
	Accepted, ResolvedRefs *Condition
}

// HTTPRouteInfo is one HTTPRoute: hostnames, parents and their status.
type HTTPRouteInfo struct {
	Namespace, Name string
	Hostnames       []string
	Parents         []ParentRef
	Status          []RouteParentStatus
	// RequestTimeout is the first rule's timeouts.request ("" = none), a
	// Gateway API Duration such as "60s".
	RequestTimeout string
}

// Edge is what a cluster has at its edge. A nil slice with its Known flag
// false means it could not be read (no CRD, RBAC), not that there is none.
type Edge struct {
	IngressClasses      []IngressClassInfo
	IngressClassesKnown bool
	GatewayClasses      []GatewayClassInfo
	Gateways            []GatewayInfo
	// GatewayAPI: the Gateway API CRDs are installed and readable.
	GatewayAPI bool
}

// IngressClass finds a class by name.
func (e Edge) IngressClass(name string) (IngressClassInfo, bool) {
	for _, c := range e.IngressClasses {
		if c.Name == name {
			return c, true
		}
	}
	return IngressClassInfo{}, false
}

// Gateway finds a Gateway.
func (e Edge) Gateway(ns, name string) (GatewayInfo, bool) {
	for _, g := range e.Gateways {
		if g.Namespace == ns && g.Name == name {
			return g, true
		}
	}
	return GatewayInfo{}, false
}

// Tone of an edge finding, worst last.
type EdgeTone int

const (
	EdgeOK EdgeTone = iota
	EdgePending
	EdgeWarn
	EdgeBad
)

// RouteLine is one route of a site, as the site screen shows it: the
// route (Text), its state (Tone, State) and, when something is wrong, what
// to do (Fix).
type RouteLine struct {
	Text, State string
	Tone        EdgeTone
	Fix         string
}

// IngressClassName is an Ingress's class: spec.ingressClassName, else the
// deprecated kubernetes.io/ingress.class annotation, else "" (the
// cluster's default class, if any, serves it).
func IngressClassName(ing *networkingv1.Ingress) string {
	if ing.Spec.IngressClassName != nil {
		return *ing.Spec.IngressClassName
	}
	return ing.Annotations["kubernetes.io/ingress.class"]
}

// IngressLine judges one Ingress against the cluster's classes: a class
// that does not exist serves nothing; a retired controller's class is
// flagged with the migration hint.
func IngressLine(ing *networkingv1.Ingress, e Edge) RouteLine {
	class := IngressClassName(ing)
	addr := ingressAddress(ing)
	shown := orDash(class)
	if class == "" {
		for _, c := range e.IngressClasses {
			if c.Default {
				class, shown = c.Name, c.Name+" (cluster default)"
			}
		}
	}
	l := RouteLine{Text: fmt.Sprintf("Ingress %s · class %s · address %s", ing.Name, shown, orDash(addr))}
	ic, found := e.IngressClass(class)
	switch {
	case !e.IngressClassesKnown:
		l.State, l.Tone = "IngressClasses not readable: controller unknown", EdgePending
	case class == "":
		l.State, l.Tone = "no class and no default IngressClass: nothing serves this Ingress", EdgeBad
		l.Fix = "set spec.ingressClassName to one of the cluster's IngressClasses"
	case !found:
		l.State, l.Tone = "IngressClass "+class+" not found: nothing serves this Ingress", EdgeBad
		l.Fix = migrationHint(e)
	case RetiredController(ic.Controller) != "":
		l.State, l.Tone = "controller "+ic.Controller+": "+RetiredController(ic.Controller), EdgeWarn
		l.Fix = migrationHint(e)
	case addr == "":
		l.State, l.Tone = "controller "+ic.Controller+" · no address yet", EdgePending
	default:
		l.State = "controller " + ic.Controller + " · serving"
	}
	return l
}

// migrationHint names where to move an Ingress whose controller is gone:
// the cluster's accepted GatewayClass when it has one, else a maintained
// IngressClass, else both options in general.
func migrationHint(e Edge) string {
	for _, gc := range e.GatewayClasses {
		if gc.Accepted != nil && gc.Accepted.Status == "True" {
			return "move the site to the Gateway API (U: route Gateway API, GatewayClass " + gc.Name + ")"
		}
	}
	for _, ic := range e.IngressClasses {
		if RetiredController(ic.Controller) == "" {
			return "move the site to IngressClass " + ic.Name + " (" + ic.Controller + ") with U, or to the Gateway API"
		}
	}
	return "install a maintained Gateway API implementation (DigitalOcean: the managed Gateway API on VPC-native clusters) or ingress controller, then move the site with U"
}

func ingressAddress(ing *networkingv1.Ingress) string {
	var out []string
	for _, lb := range ing.Status.LoadBalancer.Ingress {
		if lb.IP != "" {
			out = append(out, lb.IP)
		} else if lb.Hostname != "" {
			out = append(out, lb.Hostname)
		}
	}
	return strings.Join(out, ",")
}

// HTTPRouteLines judges an HTTPRoute on each of its parents, by what the
// Gateway's implementation wrote in status.parents (Accepted,
// ResolvedRefs; Gateway API v1 route conditions) and by the parent
// Gateway's own Programmed condition.
func HTTPRouteLines(r HTTPRouteInfo, e Edge) []RouteLine {
	if len(r.Parents) == 0 {
		return []RouteLine{{Text: "HTTPRoute " + r.Name + " · no parent Gateway", State: "attached to nothing: nothing serves it",
			Tone: EdgeBad, Fix: "add a parentRef to a Gateway (U)"}}
	}
	var out []RouteLine
	for _, p := range r.Parents {
		ns := orString(p.Namespace, r.Namespace)
		text := "HTTPRoute " + r.Name + " · Gateway " + ns + "/" + p.Name
		if p.Section != "" {
			text += " listener " + p.Section
		}
		out = append(out, routeParentLine(text, r, p, ns, e))
	}
	return out
}

func routeParentLine(text string, r HTTPRouteInfo, p ParentRef, ns string, e Edge) RouteLine {
	l := RouteLine{Text: text}
	st := parentStatus(r, p, ns)
	gw, gwFound := e.Gateway(ns, p.Name)
	switch {
	case st == nil || st.Accepted == nil:
		if e.GatewayAPI && !gwFound {
			l.State, l.Tone, l.Fix = "Gateway "+ns+"/"+p.Name+" not found: nothing serves this route", EdgeBad, "create the Gateway or attach the route to an existing one (U)"
			return l
		}
		l.State, l.Tone = "not accepted yet: no Gateway implementation has answered", EdgePending
		return l
	case st.Accepted.Status != "True":
		l.State, l.Tone = "Accepted=False "+st.Accepted.Reason+": "+st.Accepted.Message, EdgeBad
		l.Fix = acceptedFix(st.Accepted.Reason)
		return l
	case st.ResolvedRefs != nil && st.ResolvedRefs.Status != "True":
		l.State, l.Tone = "Accepted · ResolvedRefs=False "+st.ResolvedRefs.Reason+": "+st.ResolvedRefs.Message, EdgeBad
		l.Fix = "check the backend Service web and its port"
		return l
	}
	l.State = "Accepted · ResolvedRefs"
	if gwFound {
		switch {
		case gw.Programmed == nil:
			l.State, l.Tone = l.State+" · Gateway not programmed yet", EdgePending
		case gw.Programmed.Status != "True":
			l.State, l.Tone = l.State+" · Gateway Programmed=False "+gw.Programmed.Reason, EdgePending
		default:
			l.State += " · Gateway Programmed " + orDash(strings.Join(gw.Addresses, ","))
		}
	}
	return l
}

func parentStatus(r HTTPRouteInfo, p ParentRef, ns string) *RouteParentStatus {
	for i, s := range r.Status {
		if s.Parent.Name == p.Name && orString(s.Parent.Namespace, r.Namespace) == ns && (p.Section == "" || s.Parent.Section == p.Section) {
			return &r.Status[i]
		}
	}
	return nil
}

// acceptedFix is what to do for the Gateway API's route reasons.
func acceptedFix(reason string) string {
	switch reason {
	case "NotAllowedByListeners":
		return "the listener's allowedRoutes must admit the site's namespace (namespaces.from: All or a selector)"
	case "NoMatchingListenerHostname":
		return "the listener's hostname must match the route's hostnames"
	case "NoMatchingParent":
		return "the parentRef's sectionName or port names no listener of the Gateway"
	case "UnsupportedValue":
		return "the route uses a feature this implementation does not support"
	}
	return ""
}

// EdgeFinding is one Ingress the cluster's edge cannot serve well: for
// :readiness.
type EdgeFinding struct {
	Namespace, Name string
	Line            RouteLine
}

// EdgeFindings are the Ingresses of the cluster whose class is missing
// or belongs to a retired controller, by namespace and name.
func EdgeFindings(ings []*networkingv1.Ingress, e Edge) []EdgeFinding {
	var out []EdgeFinding
	for _, ing := range ings {
		l := IngressLine(ing, e)
		if l.Tone == EdgeBad || l.Tone == EdgeWarn {
			out = append(out, EdgeFinding{Namespace: ing.Namespace, Name: ing.Name, Line: l})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Namespace != out[j].Namespace {
			return out[i].Namespace < out[j].Namespace
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// EdgeSummary is the cluster's edge in one line: IngressClasses with
// their controller (retired ones marked) and GatewayClasses with their
// controller and whether they are Accepted.
func EdgeSummary(e Edge) string {
	var parts []string
	for _, ic := range e.IngressClasses {
		s := "IngressClass " + ic.Name + " (" + ic.Controller
		if RetiredController(ic.Controller) != "" {
			s += ", retired"
		}
		parts = append(parts, s+")")
	}
	for _, gc := range e.GatewayClasses {
		state := "not accepted yet"
		if gc.Accepted != nil {
			state = "Accepted=" + gc.Accepted.Status
			if gc.Accepted.Status != "True" {
				state += " " + gc.Accepted.Reason
			}
		}
		parts = append(parts, "GatewayClass "+gc.Name+" ("+gc.Controller+", "+state+")")
	}
	if len(parts) == 0 {
		return "no IngressClass and no GatewayClass"
	}
	return strings.Join(parts, ", ")
}

func orDash(s string) string { return orString(s, "—") }

func orString(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
