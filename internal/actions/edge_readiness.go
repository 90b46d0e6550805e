package actions

import (
	"context"
	"fmt"
	networkingv1 "k8s.io/api/networking/v1"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"

	"github.com/flightdeck/fdtui/internal/kube"
	"github.com/flightdeck/fdtui/internal/model"
)

// fixEdge is what a cluster without a maintained edge needs. DigitalOcean
// offers a managed Gateway API on VPC-native DOKS clusters.
const fixEdge = "on DigitalOcean: enable the managed Gateway API (VPC-native clusters); elsewhere install a Gateway API\n" +
	"  implementation (Envoy Gateway, Cilium, ...) or a maintained ingress controller; then choose it in the site wizard (n, U)"

// maxEdgeFindings are listed one per line; the rest are counted.
const maxEdgeFindings = 10

// edgeChecks are the edge's two checks: a maintained way in (an
// IngressClass of a controller that is not retired, or an Accepted
// GatewayClass), and the cluster's Ingresses whose class is missing or
// belongs to a retired controller, each with its migration hint.
func edgeChecks(ctx context.Context, cs kubernetes.Interface, dyn dynamic.Interface) []Check {
	e, err := kube.ReadEdge(ctx, cs, dyn)
	if err != nil {
		return []Check{{Name: "edge", Detail: couldNotCheck(err)}, {Name: "Ingress routes", Detail: couldNotCheck(err)}}
	}
	return []Check{edgeCheck(e), ingressRoutesCheck(ctx, cs, e)}
}

func edgeCheck(e model.Edge) Check {
	c := Check{Name: "edge", Detail: model.EdgeSummary(e)}
	if !e.IngressClassesKnown {
		c.Detail = "IngressClasses: could not check: not allowed to read them (RBAC); " + c.Detail
	}
	for _, ic := range e.IngressClasses {
		if model.RetiredController(ic.Controller) == "" {
			c.OK = true
		}
	}
	for _, gc := range e.GatewayClasses {
		if gc.Accepted != nil && gc.Accepted.Status == "True" {
			c.OK = true
		}
	}
	if !c.OK {
		c.Detail = "no maintained ingress controller or accepted GatewayClass: " + c.Detail
		c.Fix = fixEdge
	}
	return c
}

func ingressRoutesCheck(ctx context.Context, cs kubernetes.Interface, e model.Edge) Check {
	c := Check{Name: "Ingress routes"}
	list, err := cs.NetworkingV1().Ingresses("").List(ctx, metav1.ListOptions{})
	if err != nil {
		c.Detail = couldNotCheck(err)
		return c
	}
	ings := make([]*networkingv1.Ingress, 0, len(list.Items))
	for i := range list.Items {
		ings = append(ings, &list.Items[i])
	}
	found := model.EdgeFindings(ings, e)
	if len(found) == 0 {
		return Check{Name: c.Name, OK: true, Detail: fmt.Sprintf("%d Ingress(es), each served by a maintained controller", len(ings))}
	}
	c.Detail = fmt.Sprintf("%d of %d Ingress(es) served by a retired or missing controller", len(found), len(ings))
	var fix []string
	for i, f := range found {
		if i == maxEdgeFindings {
			fix = append(fix, fmt.Sprintf("… and %d more", len(found)-i))
			break
		}
		fix = append(fix, fmt.Sprintf("%s/%s: %s", f.Namespace, f.Name, f.Line.State))
		if f.Line.Fix != "" {
			fix = append(fix, "  → "+f.Line.Fix)
		}
	}
	c.Fix = strings.Join(fix, "\n")
	return c
}
