package sitewizard

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/huh/v2"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// Step 7, the edge: how traffic reaches the site. Ingress (a class of the
// cluster's; ingress-nginx's annotations only for its classes) or the
// Gateway API (an HTTPRoute on an existing Gateway's listener, or a
// Gateway of the site's own with cert-manager's Gateway support for TLS).

// ownGateway is the Gateway choice "make one for this site".
const ownGateway = ""

// EdgeFacts are what the wizard reads of the cluster's edge: its
// IngressClasses, GatewayClasses and Gateways, and the site's HTTPRoutes
// (an update's prefill).
type EdgeFacts struct {
	Edge   model.Edge
	Routes []model.HTTPRouteInfo
}

// gatewayChoice is the select's value for an existing Gateway's listener.
func gatewayChoice(ns, name, section string) string { return ns + "/" + name + "/" + section }

func parseGatewayChoice(v string) blueprint.GatewayRef {
	parts := strings.SplitN(v, "/", 3)
	if len(parts) != 3 {
		return blueprint.GatewayRef{}
	}
	return blueprint.GatewayRef{Namespace: parts[0], Name: parts[1], Section: parts[2]}
}

func edgeGroups(d *draft, f *facts) []*huh.Group {
	return []*huh.Group{
		huh.NewGroup(
			huh.NewSelect[string]().Title("Route").Value(&d.Route).Options(
				huh.NewOption("Ingress", blueprint.RouteIngress),
				huh.NewOption("Gateway API (HTTPRoute)", blueprint.RouteGateway),
			).Description(routeDescription(f)),
		).Title(stepTitle(7, "Edge")),
		huh.NewGroup(
			ingressClassField(d, f),
			huh.NewInput().Title("Upload size").Value(&d.MaxUpload).
				Description("ingress-nginx's proxy-body-size (e.g. 128m); other controllers: not applied, the review says so.").
				Validate(specField(d, "MaxUpload", func(c *draft, v string) { c.MaxUpload = v })),
			timeoutField(d, "ingress-nginx's proxy-read/send-timeout; other controllers: not applied."),
		).Title(stepTitle(7, "Edge · Ingress")).WithHideFunc(func() bool { return d.Route != blueprint.RouteIngress }),
		huh.NewGroup(
			gatewayField(d, f),
			timeoutField(d, "The HTTPRoute rule's timeouts.request. Upload size is not part of the Gateway API: not applied."),
		).Title(stepTitle(7, "Edge · Gateway API")).WithHideFunc(func() bool { return d.Route != blueprint.RouteGateway }),
		huh.NewGroup(
			gatewayClassField(d, f),
		).Title(stepTitle(7, "Edge · the site's own Gateway")).
			WithHideFunc(func() bool { return d.Route != blueprint.RouteGateway || d.Gateway != ownGateway }),
	}
}

// routeDescription says what the cluster offers, and that ingress-nginx
// is retired when it is there.
func routeDescription(f *facts) string {
	desc := "This cluster: " + model.EdgeSummary(f.edge.Edge) + "."
	if f.edgeErr != nil {
		desc = "Could not read the cluster's IngressClasses and Gateways: " + clip(f.edgeErr.Error())
	}
	for _, ic := range f.edge.Edge.IngressClasses {
		if model.RetiredController(ic.Controller) != "" {
			return desc + " " + model.RetiredController(ic.Controller) + ": prefer the Gateway API or a maintained controller."
		}
	}
	return desc
}

func timeoutField(d *draft, desc string) huh.Field {
	return huh.NewInput().Title("Request timeout, seconds (0 = the controller's default)").Value(&d.Timeout).Description(desc).
		Validate(func(v string) error {
			n, err := strconv.Atoi(strings.TrimSpace(orText(v, "0")))
			if err != nil {
				return fmt.Errorf("a whole number of seconds, got %q", clip(v))
			}
			c := *d
			c.Timeout = strconv.Itoa(n)
			return fieldError(c.spec().Validate(), "TimeoutSeconds")
		})
}

// ingressClassField picks among the cluster's IngressClasses (with their
// controller, retired ones marked), the current class kept even when the
// cluster lacks it; without classes to read it takes a typed name.
func ingressClassField(d *draft, f *facts) huh.Field {
	classes := f.edge.Edge.IngressClasses
	if len(classes) == 0 {
		return huh.NewInput().Title("Ingress class").Value(&d.IngressClass).
			Description("No IngressClass found in the cluster: nothing will serve the Ingress until one exists.").
			Validate(specField(d, "IngressClass", func(c *draft, v string) { c.IngressClass = v }))
	}
	var opts []huh.Option[string]
	found := false
	for _, c := range classes {
		label := c.Name + "  (" + c.Controller
		if model.RetiredController(c.Controller) != "" {
			label += ", retired March 2026"
		}
		opts = append(opts, huh.NewOption(label+")", c.Name))
		found = found || c.Name == d.IngressClass
	}
	if !found && d.IngressClass != "" {
		opts = append([]huh.Option[string]{huh.NewOption(d.IngressClass+"  (not found in the cluster)", d.IngressClass)}, opts...)
	}
	return huh.NewSelect[string]().Title("Ingress class").Value(&d.IngressClass).Options(opts...)
}

// gatewayField picks an existing Gateway's listener (HTTPS ones: the site
// is served with its certificate), or a Gateway of the site's own.
func gatewayField(d *draft, f *facts) huh.Field {
	opts := []huh.Option[string]{huh.NewOption("a new Gateway for this site (HTTP + HTTPS, cert-manager issues its certificate)", ownGateway)}
	found := d.Gateway == ownGateway
	for _, g := range f.edge.Edge.Gateways {
		if g.Namespace == d.Namespace && g.Name == blueprint.ComponentWeb {
			continue // the site's own: the first option
		}
		for _, l := range g.Listeners {
			if l.Protocol != "HTTPS" {
				continue
			}
			v := gatewayChoice(g.Namespace, g.Name, l.Name)
			host := orText(l.Hostname, "any host")
			opts = append(opts, huh.NewOption(fmt.Sprintf("Gateway %s/%s · listener %s (%s) · class %s", g.Namespace, g.Name, l.Name, host, g.Class), v))
			found = found || v == d.Gateway
		}
	}
	if !found {
		ref := parseGatewayChoice(d.Gateway)
		opts = append(opts, huh.NewOption(fmt.Sprintf("Gateway %s/%s · listener %s (not found in the cluster)", ref.Namespace, ref.Name, orText(ref.Section, "any")), d.Gateway))
	}
	return huh.NewSelect[string]().Title("Gateway").Value(&d.Gateway).Options(opts...).
		Description("An existing Gateway is not changed: its HTTPS listener must cover the domain, carry a certificate for it " +
			"(cert-manager: the cert-manager.io/cluster-issuer annotation on the Gateway) and allow routes from the site's namespace.")
}

// gatewayClassField picks the class of the site's own Gateway: accepted
// ones first; typed when the cluster has none.
func gatewayClassField(d *draft, f *facts) huh.Field {
	classes := f.edge.Edge.GatewayClasses
	if len(classes) == 0 {
		return huh.NewInput().Title("GatewayClass").Value(&d.GatewayClass).
			Description("No GatewayClass found: install a Gateway API implementation (DigitalOcean: the managed Gateway API on VPC-native clusters).").
			Validate(specField(d, "Gateway.Class", func(c *draft, v string) { c.GatewayClass = v }))
	}
	var opts []huh.Option[string]
	found := false
	for _, c := range classes {
		state := "not accepted yet"
		if c.Accepted != nil && c.Accepted.Status == "True" {
			state = "Accepted"
		}
		opts = append(opts, huh.NewOption(fmt.Sprintf("%s  (%s, %s)", c.Name, c.Controller, state), c.Name))
		found = found || c.Name == d.GatewayClass
	}
	if !found && d.GatewayClass != "" {
		opts = append([]huh.Option[string]{huh.NewOption(d.GatewayClass+"  (not found in the cluster)", d.GatewayClass)}, opts...)
	} else if d.GatewayClass == "" {
		d.GatewayClass = classes[0].Name
	}
	return huh.NewSelect[string]().Title("GatewayClass").Value(&d.GatewayClass).Options(opts...)
}

// edgeSpec sets the spec's route from the draft's edge fields.
func (d *draft) edgeSpec(s *blueprint.SiteSpec) {
	s.Route = d.Route
	s.IngressClass = strings.TrimSpace(d.IngressClass)
	s.IngressController = d.controllers[s.IngressClass]
	s.MaxUpload = strings.TrimSpace(d.MaxUpload)
	s.TimeoutSeconds = atoi(orText(d.Timeout, "0"))
	s.Gateway = blueprint.GatewayRef{}
	if d.Route == blueprint.RouteGateway {
		if d.Gateway == ownGateway {
			s.Gateway.Class = strings.TrimSpace(d.GatewayClass)
		} else {
			s.Gateway = parseGatewayChoice(d.Gateway)
		}
	}
}

// draftEdge fills the draft's edge fields from a spec.
func (d *draft) draftEdge(s blueprint.SiteSpec) {
	d.Route = orText(s.Route, blueprint.RouteIngress)
	d.controllers = map[string]string{s.IngressClass: s.IngressController}
	d.IngressClass, d.MaxUpload = s.IngressClass, s.MaxUpload
	d.Timeout = itoa(s.TimeoutSeconds)
	d.GatewayClass = s.Gateway.Class
	d.Gateway = ownGateway
	if s.Gateway.Name != "" {
		d.Gateway = gatewayChoice(orText(s.Gateway.Namespace, d.Namespace), s.Gateway.Name, s.Gateway.Section)
	}
}

// useEdge gives the draft the controllers of the cluster's classes (the
// blueprint's annotation rule needs the chosen class's controller).
func (d *draft) useEdge(e model.Edge) {
	if d.controllers == nil {
		d.controllers = map[string]string{}
	}
	for _, c := range e.IngressClasses {
		d.controllers[c.Name] = c.Controller
	}
}

// edgeNotes are the review's words on the route: settings the chosen
// route cannot carry (blueprint.EdgeNotes), an old Ingress left behind
// by a move to the Gateway API, and what an existing Gateway still needs
// for the site's TLS (fdtui does not change a Gateway it did not make).
func edgeNotes(s blueprint.SiteSpec, o model.NamespaceObjects, f *facts) []string {
	notes := s.EdgeNotes()
	if f.edgeErr != nil {
		notes = append(notes, "could not read the cluster's edge ("+clip(f.edgeErr.Error())+"): a site routed by an HTTPRoute may be prefilled as an Ingress; check the route step")
	}
	if !s.UsesGateway() {
		return notes
	}
	for _, ing := range o.Ingresses {
		if ing.Name == blueprint.ComponentWeb {
			notes = append(notes, "Ingress web stays and keeps serving: delete it (kubectl -n "+ing.Namespace+" delete ingress web) once the HTTPRoute is Accepted")
		}
	}
	if s.Gateway.Name == "" {
		return notes
	}
	ns := orText(s.Gateway.Namespace, namespaceOf(s.Domain))
	g, ok := f.edge.Edge.Gateway(ns, s.Gateway.Name)
	if !ok {
		return append(notes, "Gateway "+ns+"/"+s.Gateway.Name+" not found: the HTTPRoute will not be served until it exists")
	}
	if g.Issuer == "" {
		notes = append(notes, "Gateway "+ns+"/"+g.Name+" has no cert-manager.io/cluster-issuer annotation: cert-manager issues no certificate for it")
	}
	for _, l := range g.Listeners {
		if l.Name == s.Gateway.Section && l.Hostname != "" && !hostMatches(l.Hostname, s.Domain) {
			notes = append(notes, "listener "+l.Name+" serves "+l.Hostname+", not "+s.Domain+": the route will not be Accepted (NoMatchingListenerHostname)")
		}
	}
	return notes
}

// hostMatches is the Gateway API's listener hostname match: exact, or a
// wildcard "*.example.com" covering one or more labels before the suffix.
func hostMatches(listener, host string) bool {
	if suffix, ok := strings.CutPrefix(listener, "*"); ok {
		return strings.HasSuffix(host, suffix) && len(host) > len(suffix)
	}
	return listener == host
}
