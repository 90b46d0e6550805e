package actions

import (
	"context"
	"fmt"
	"sort"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// Check is one thing a cluster needs before it can host Flight Deck sites,
// found or missing, with the command that provides it.
type Check struct {
	Name string
	OK   bool
	// Detail says what was found, what is missing, or why it could not be
	// checked (e.g. RBAC).
	Detail string
	// Fix is the command (possibly several lines) that provides it; empty
	// when OK.
	Fix string
}

// Readiness checks what a fresh cluster lacks for Flight Deck sites: an
// ingress controller, cert-manager (its CRDs and a ClusterIssuer), a
// default StorageClass, and the edge (a maintained controller or an
// accepted GatewayClass; Ingresses of a retired or missing class). It
// only reads.
func Readiness(ctx context.Context, cs kubernetes.Interface, dyn dynamic.Interface) []Check {
	crds := certManagerCheck(ctx, dyn)
	return append([]Check{
		ingressCheck(ctx, cs),
		crds,
		clusterIssuerCheck(ctx, dyn, crds.OK),
		storageClassCheck(ctx, cs),
	}, edgeChecks(ctx, cs, dyn)...)
}

const (
	// ingress-nginx, the controller this once installed, was retired in
	// March 2026: a new cluster gets a maintained edge instead.
	fixIngress     = fixEdge
	fixCertManager = "helm upgrade --install cert-manager cert-manager --repo https://charts.jetstack.io \\\n" +
		"  --namespace cert-manager --create-namespace --set crds.enabled=true"
	fixStorageDriver = "install a CSI driver; DigitalOcean's is https://github.com/digitalocean/csi-digitalocean (DOKS ships it as do-block-storage)"
)

const fixClusterIssuer = "kubectl apply -f - <<'EOF'\n" +
	"apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata: {name: " + blueprint.DefaultClusterIssuer + "}\n" +
	"spec:\n  acme:\n    server: https://acme-v02.api.letsencrypt.org/directory\n    email: you@example.com  # your address\n" +
	"    privateKeySecretRef: {name: " + blueprint.DefaultClusterIssuer + "}\n" +
	"    solvers: [{http01: {ingress: {ingressClassName: " + blueprint.DefaultIngressClass + "}}}]\nEOF"

func couldNotCheck(err error) string {
	if apierrors.IsForbidden(err) {
		return "could not check: not allowed to read it (RBAC)"
	}
	return "could not check: " + cloudLine(err.Error())
}

func cloudLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

// ingressCheck looks for IngressClasses first (what Ingresses bind to),
// then for an ingress-nginx controller installed without one.
func ingressCheck(ctx context.Context, cs kubernetes.Interface) Check {
	c := Check{Name: "ingress controller", Fix: fixIngress}
	classes, err := cs.NetworkingV1().IngressClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		c.Detail = couldNotCheck(err)
		return c
	}
	if len(classes.Items) > 0 {
		names := make([]string, 0, len(classes.Items))
		for _, ic := range classes.Items {
			names = append(names, fmt.Sprintf("%s (%s)", ic.Name, ic.Spec.Controller))
		}
		sort.Strings(names)
		return Check{Name: c.Name, OK: true, Detail: "IngressClass " + strings.Join(names, ", ")}
	}
	if where, found, err := ingressNginxWorkload(ctx, cs); err != nil {
		c.Detail = "no IngressClass; " + couldNotCheck(err)
	} else if found {
		return Check{Name: c.Name, OK: true, Detail: where + " (it has no IngressClass yet)"}
	} else {
		c.Detail = "no IngressClass and no ingress-nginx controller in any namespace"
	}
	return c
}

// ingressNginxWorkload finds a Deployment, else a pod, whose name says
// ingress-nginx. One page of pods is enough to spot a controller.
func ingressNginxWorkload(ctx context.Context, cs kubernetes.Interface) (string, bool, error) {
	deps, err := cs.AppsV1().Deployments("").List(ctx, metav1.ListOptions{})
	if err == nil {
		for _, d := range deps.Items {
			if strings.Contains(d.Name, "ingress-nginx") {
				return "Deployment " + d.Namespace + "/" + d.Name, true, nil
			}
		}
	}
	pods, perr := cs.CoreV1().Pods("").List(ctx, metav1.ListOptions{Limit: 500})
	if perr != nil {
		if err != nil {
			return "", false, err
		}
		return "", false, perr
	}
	for _, p := range pods.Items {
		if strings.Contains(p.Name, "ingress-nginx") {
			return "pod " + p.Namespace + "/" + p.Name, true, nil
		}
	}
	return "", false, nil
}

var (
	crdGVR           = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}
	clusterIssuerGVR = schema.GroupVersionResource{Group: "cert-manager.io", Version: "v1", Resource: "clusterissuers"}
)

// certManagerCRD is the CRD whose presence says cert-manager is installed.
const certManagerCRD = "certificates.cert-manager.io"

func certManagerCheck(ctx context.Context, dyn dynamic.Interface) Check {
	c := Check{Name: "cert-manager CRDs", Fix: fixCertManager}
	_, err := dyn.Resource(crdGVR).Get(ctx, certManagerCRD, metav1.GetOptions{})
	switch {
	case err == nil:
		return Check{Name: c.Name, OK: true, Detail: "CustomResourceDefinition " + certManagerCRD}
	case apierrors.IsNotFound(err):
		c.Detail = "no CustomResourceDefinition " + certManagerCRD + ": cert-manager is not installed"
	default:
		c.Detail = couldNotCheck(err)
	}
	return c
}

func clusterIssuerCheck(ctx context.Context, dyn dynamic.Interface, haveCRDs bool) Check {
	c := Check{Name: "ClusterIssuer", Fix: fixClusterIssuer}
	if !haveCRDs {
		c.Detail = "needs cert-manager first; then create " + blueprint.DefaultClusterIssuer
		return c
	}
	list, err := dyn.Resource(clusterIssuerGVR).List(ctx, metav1.ListOptions{})
	if err != nil {
		c.Detail = couldNotCheck(err)
		return c
	}
	if len(list.Items) == 0 {
		c.Detail = "no ClusterIssuer; sites ask for " + blueprint.DefaultClusterIssuer
		return c
	}
	names := make([]string, 0, len(list.Items))
	hasDefault := false
	for _, it := range list.Items {
		names = append(names, it.GetName())
		hasDefault = hasDefault || it.GetName() == blueprint.DefaultClusterIssuer
	}
	sort.Strings(names)
	detail := "ClusterIssuer " + strings.Join(names, ", ")
	if !hasDefault {
		detail += " (sites default to " + blueprint.DefaultClusterIssuer + "; pick one of these in the site wizard)"
	}
	return Check{Name: c.Name, OK: true, Detail: detail}
}

// Default-class annotations, GA and the beta one older clusters still use.
const (
	defaultClassAnnotation     = "storageclass.kubernetes.io/is-default-class"
	defaultClassAnnotationBeta = "storageclass.beta.kubernetes.io/is-default-class"
)

func storageClassCheck(ctx context.Context, cs kubernetes.Interface) Check {
	c := Check{Name: "default StorageClass"}
	list, err := cs.StorageV1().StorageClasses().List(ctx, metav1.ListOptions{})
	if err != nil {
		c.Detail = couldNotCheck(err)
		return c
	}
	var names []string
	for _, sc := range list.Items {
		if sc.Annotations[defaultClassAnnotation] == "true" || sc.Annotations[defaultClassAnnotationBeta] == "true" {
			return Check{Name: c.Name, OK: true, Detail: "StorageClass " + sc.Name + " (" + sc.Provisioner + ") is the default"}
		}
		names = append(names, sc.Name)
	}
	if len(names) == 0 {
		c.Detail, c.Fix = "no StorageClass: MySQL volumes cannot be provisioned", fixStorageDriver
		return c
	}
	sort.Strings(names)
	c.Detail = "StorageClasses " + strings.Join(names, ", ") + " exist but none is the default"
	if len(names) == 1 {
		c.Detail = "StorageClass " + names[0] + " exists but is not the default"
	}
	c.Fix = "kubectl annotate storageclass " + names[0] + " " + defaultClassAnnotation + "=true"
	return c
}
