package blueprint

import (
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const (
	annotationClusterIssuer = "cert-manager.io/cluster-issuer"
	annotationBodySize      = "nginx.ingress.kubernetes.io/proxy-body-size"
)

func (s site) namespace() *corev1.Namespace {
	return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name:        s.ns,
		Labels:      s.labels(ComponentSite),
		Annotations: map[string]string{AnnotationDomain: s.Domain},
	}}
}

// TLSSecretName is where cert-manager stores the site's certificate.
func TLSSecretName(namespace string) string { return namespace + "-tls" }

// webIngress routes the domain to varnish; cert-manager sees the
// cluster-issuer annotation and fills the TLS secret. Upload size and
// timeouts are ingress-nginx annotations, written only for its classes.
func (s site) webIngress() *networkingv1.Ingress {
	meta := metaWithAnnotations(s.meta(ComponentWeb, ComponentWeb), s.ingressAnnotations())
	pathType := networkingv1.PathTypePrefix
	return &networkingv1.Ingress{
		ObjectMeta: meta,
		Spec: networkingv1.IngressSpec{
			IngressClassName: ptr(s.IngressClass),
			TLS:              []networkingv1.IngressTLS{{Hosts: []string{s.Domain}, SecretName: TLSSecretName(s.ns)}},
			Rules: []networkingv1.IngressRule{{
				Host: s.Domain,
				IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{
					Paths: []networkingv1.HTTPIngressPath{{
						Path: "/", PathType: &pathType,
						Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{
							Name: ComponentWeb, Port: networkingv1.ServiceBackendPort{Number: cachePort},
						}},
					}},
				}},
			}},
		},
	}
}
