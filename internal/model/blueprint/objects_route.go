package blueprint

import (
	"fmt"
	"strconv"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// Routes: how traffic reaches the site.
const (
	RouteIngress = "ingress" // an Ingress of the chosen IngressClass
	RouteGateway = "gateway" // a Gateway API HTTPRoute attached to a Gateway
)

// ControllerIngressNginx is ingress-nginx's IngressClass controller
// (repeated from internal/model, which imports this package).
const ControllerIngressNginx = "k8s.io/ingress-nginx"

// ingress-nginx annotations (kubernetes.github.io/ingress-nginx, "Annotations").
const (
	annotationReadTimeout = "nginx.ingress.kubernetes.io/proxy-read-timeout"
	annotationSendTimeout = "nginx.ingress.kubernetes.io/proxy-send-timeout"
)

// Gateway API names the blueprint writes (gateway.networking.k8s.io/v1).
const (
	gatewayAPIVersion = "gateway.networking.k8s.io/v1"
	// ListenerHTTPS and ListenerHTTP are the site's own Gateway's listeners.
	ListenerHTTPS = "https"
	ListenerHTTP  = "http"
)

// UsesGateway says the site is routed by an HTTPRoute.
func (s SiteSpec) UsesGateway() bool { return s.Route == RouteGateway }

// NginxAnnotations says ingress-nginx's annotations apply: an Ingress
// whose class is served by ingress-nginx (or, with the controller
// unknown, a class named "nginx": sites made before fdtui read classes).
func (s SiteSpec) NginxAnnotations() bool {
	s = s.WithDefaults()
	if s.UsesGateway() {
		return false
	}
	if s.IngressController == "" {
		return s.IngressClass == DefaultIngressClass
	}
	return s.IngressController == ControllerIngressNginx
}

// EdgeNotes say which of the spec's edge settings the chosen route cannot
// carry, so the wizard states it instead of dropping them silently:
// upload size is an ingress-nginx annotation and not part of the Gateway
// API (v1.6: HTTPRoute has timeouts but no request-body limit); another
// ingress controller gets neither (its own annotations differ).
func (s SiteSpec) EdgeNotes() []string {
	s = s.WithDefaults()
	switch {
	case s.NginxAnnotations():
		return nil
	case s.UsesGateway():
		return []string{"upload size " + s.MaxUpload + ": not part of the Gateway API, not applied (set it in the Gateway implementation's own policy)"}
	}
	notes := []string{"upload size " + s.MaxUpload + ": an ingress-nginx annotation, not applied to IngressClass " + s.IngressClass + " (" + orText(s.IngressController, "controller unknown") + ")"}
	if s.TimeoutSeconds > 0 {
		notes = append(notes, "request timeout: an ingress-nginx annotation, not applied to IngressClass "+s.IngressClass)
	}
	return notes
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func (s site) ingressAnnotations() map[string]string {
	a := map[string]string{annotationClusterIssuer: s.ClusterIssuer}
	if s.NginxAnnotations() {
		a[annotationBodySize] = s.MaxUpload
		if s.TimeoutSeconds > 0 {
			t := strconv.Itoa(int(s.TimeoutSeconds))
			a[annotationReadTimeout], a[annotationSendTimeout] = t, t
		}
	}
	return a
}

// routeObjects are the Ingress, or the site's own Gateway (when it has
// one) and the HTTPRoute.
func (s site) routeObjects() []*unstructured.Unstructured {
	if !s.UsesGateway() {
		u, err := toUnstructured(gvkOf(s.webIngress()), s.webIngress())
		if err != nil {
			panic(err) // a typed Ingress always converts
		}
		return []*unstructured.Unstructured{u}
	}
	var out []*unstructured.Unstructured
	if s.Gateway.Name == "" {
		out = append(out, s.siteGateway())
	}
	return append(out, s.httpRoute())
}

// siteGateway is the site's own Gateway: HTTP (for ACME HTTP-01
// challenges) and HTTPS for the domain, the certificate in the site's TLS
// Secret, issued by cert-manager's Gateway support from the
// cluster-issuer annotation (cert-manager.io "Annotated Gateway resource").
func (s site) siteGateway() *unstructured.Unstructured {
	meta := s.objectMeta(ComponentWeb)
	meta["annotations"] = map[string]any{annotationClusterIssuer: s.ClusterIssuer}
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": gatewayAPIVersion, "kind": "Gateway", "metadata": meta,
		"spec": map[string]any{
			"gatewayClassName": s.Gateway.Class,
			"listeners": []any{
				map[string]any{"name": ListenerHTTP, "protocol": "HTTP", "port": int64(80), "hostname": s.Domain},
				map[string]any{"name": ListenerHTTPS, "protocol": "HTTPS", "port": int64(443), "hostname": s.Domain,
					"tls": map[string]any{"mode": "Terminate", "certificateRefs": []any{
						map[string]any{"kind": "Secret", "name": TLSSecretName(s.ns)},
					}}},
			},
		},
	}}
}

// httpRoute sends the domain to varnish through the Gateway's listener.
func (s site) httpRoute() *unstructured.Unstructured {
	parent := map[string]any{"name": orText(s.Gateway.Name, ComponentWeb)}
	if s.Gateway.Name == "" {
		parent["sectionName"] = ListenerHTTPS
	} else if s.Gateway.Section != "" {
		parent["sectionName"] = s.Gateway.Section
	}
	if s.Gateway.Name != "" && s.Gateway.Namespace != "" && s.Gateway.Namespace != s.ns {
		parent["namespace"] = s.Gateway.Namespace
	}
	rule := map[string]any{
		"matches":     []any{map[string]any{"path": map[string]any{"type": "PathPrefix", "value": "/"}}},
		"backendRefs": []any{map[string]any{"name": ComponentWeb, "port": int64(cachePort)}},
	}
	if s.TimeoutSeconds > 0 {
		rule["timeouts"] = map[string]any{"request": fmt.Sprintf("%ds", s.TimeoutSeconds)}
	}
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": gatewayAPIVersion, "kind": "HTTPRoute", "metadata": s.objectMeta(ComponentWeb),
		"spec": map[string]any{
			"parentRefs": []any{parent},
			"hostnames":  []any{s.Domain},
			"rules":      []any{rule},
		},
	}}
}

// objectMeta is meta(name web) as an unstructured map.
func (s site) objectMeta(component string) map[string]any {
	labels := map[string]any{}
	for k, v := range s.labels(component) {
		labels[k] = v
	}
	return map[string]any{"name": ComponentWeb, "namespace": s.ns, "labels": labels}
}

// validateRoute checks the route's fields: a known kind, and for the
// Gateway API either an existing Gateway's name or a GatewayClass for the
// site's own one.
func (s SiteSpec) validateRoute(v *fieldErrors) {
	switch s.Route {
	case "", RouteIngress:
	case RouteGateway:
		if s.Gateway.Name == "" {
			v.check("Gateway.Class", validateName(s.Gateway.Class))
		} else {
			v.check("Gateway.Name", validateName(s.Gateway.Name))
			v.check("Gateway.Namespace", optionalName(s.Gateway.Namespace))
			v.check("Gateway.Section", optionalName(s.Gateway.Section))
		}
	default:
		v.check("Route", fmt.Errorf("must be %q or %q, got %q", RouteIngress, RouteGateway, s.Route))
	}
	if s.TimeoutSeconds < 0 || s.TimeoutSeconds > 3600 {
		v.check("TimeoutSeconds", fmt.Errorf("must be 0 (the controller's default) to 3600, got %d", s.TimeoutSeconds))
	}
}
