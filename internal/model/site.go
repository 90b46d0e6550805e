package model

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
)

// Names of the Flight Deck workloads inside a site namespace.
const (
	WebDeployment       = "web"
	MySQLStatefulSet    = "mysql"
	MemcacheStatefulSet = "memcache"
)

// IsSite reports whether a namespace is a Flight Deck site: labelled
// part-of=flightdeck, or at least holding a Deployment named "web".
func IsSite(o NamespaceObjects) bool {
	return isFlightDeckNamespace(o.Namespace) || findDeployment(o.Deployments, WebDeployment) != nil
}

// DeriveSite summarises one site namespace.
func DeriveSite(o NamespaceObjects, now time.Time) Site {
	s := Site{
		Namespace:  namespaceName(o),
		FlightDeck: isFlightDeckNamespace(o.Namespace),
		MySQL:      statefulSetStatus(findStatefulSet(o.StatefulSets, MySQLStatefulSet)),
		Memcache:   statefulSetStatus(findStatefulSet(o.StatefulSets, MemcacheStatefulSet)),
		Hosts:      ingressHosts(o.Ingresses),
	}
	if o.Namespace != nil {
		s.Created = o.Namespace.CreationTimestamp.Time
	}
	if web := findDeployment(o.Deployments, WebDeployment); web != nil {
		s.HasWeb = true
		s.Web = DeriveRollout(web, o.ReplicaSets, o.Pods, now)
	}
	s.TLS = len(s.Hosts) > 0 && allHostsCovered(s.Hosts, o.Ingresses)
	s.PVCs, s.PVCsBound = countPVCs(o.PVCs)
	s.Pods, s.PodsNotReady = countPods(o.Pods)
	s.Domain = siteDomain(o.Namespace, s.Hosts, s.Namespace)
	deriveState(o, &s)
	s.Certs = DeriveTLS(o.Certs, now)
	s.certUrgent = s.Certs.Urgent(now)
	if len(o.CronJobs) > 0 {
		s.CronFailing = FailingCronJobs(DeriveCronJobs(o))
	}
	return s
}

// SortSites puts what needs a human first (siteRank: sites serving
// nothing, stuck, degraded, rolling, paused, being deleted, scaled to 0,
// then the rest); ties by domain.
// Each site's rank is computed once and the keys sorted, not the sites:
// a comparison that ranked both sites and swapped whole Site values was
// 8 % of fdtui's CPU on a 1,000-site cluster whose controllers kept
// moving sites between ranks.
func SortSites(s []Site) {
	type key struct {
		rank   int
		domain string
		i      int // the old position: equal keys keep their order
	}
	keys := make([]key, len(s))
	for i := range s {
		keys[i] = key{siteRank(s[i]), s[i].Domain, i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), strings.Compare(a.domain, b.domain), cmp.Compare(a.i, b.i))
	})
	sorted := make([]Site, len(s))
	for j, k := range keys {
		sorted[j] = s[k.i]
	}
	copy(s, sorted)
}

// Rank is a site's place in the triage order SortSites uses (lower
// first): sites from several clusters (the fleet) sort by it, then by
// cluster and domain.
func Rank(s Site) int { return siteRank(s) }

// Summary is the one-line header over the sites table: sites counted by
// State (Rolling counts real rollouts only, not SCALING).
type Summary struct {
	Sites, Stuck, Rolling, PodsNotReady, NodesReady, Nodes int
	Down, Degraded, Paused, ScaledToZero, Deleting         int
	// NodesCordoned are Ready but cordoned (spec.unschedulable): ready
	// does not mean a pod can land there.
	NodesCordoned int
}

// Summarize counts sites by state, pods not ready and ready nodes.
func Summarize(sites []Site, nodes []*corev1.Node) Summary {
	sum := Summary{Sites: len(sites), Nodes: len(nodes)}
	for _, s := range sites {
		switch s.State {
		case SiteStuck:
			sum.Stuck++
		case SiteRolling:
			sum.Rolling++
		case SiteDown:
			sum.Down++
		case SiteDegraded:
			sum.Degraded++
		case SitePaused:
			sum.Paused++
		case SiteScaledToZero:
			sum.ScaledToZero++
		case SiteDeleting:
			sum.Deleting++
		}
		sum.PodsNotReady += s.PodsNotReady
	}
	for _, n := range nodes {
		if nodeReady(n) {
			sum.NodesReady++
			if n.Spec.Unschedulable {
				sum.NodesCordoned++
			}
		}
	}
	return sum
}

func isFlightDeckNamespace(ns *corev1.Namespace) bool {
	return ns != nil && ns.Labels[LabelPartOf] == PartOfFlightDeck
}

// namespaceName falls back to the objects' namespace when the Namespace
// itself is not visible (RBAC may allow reading in it but not listing it).
func namespaceName(o NamespaceObjects) string {
	if o.Namespace != nil {
		return o.Namespace.Name
	}
	for _, d := range o.Deployments {
		return d.Namespace
	}
	for _, p := range o.Pods {
		return p.Namespace
	}
	return ""
}

func siteDomain(ns *corev1.Namespace, hosts []string, fallback string) string {
	if ns != nil && ns.Annotations[AnnotationDomain] != "" {
		return ns.Annotations[AnnotationDomain]
	}
	if len(hosts) > 0 {
		return hosts[0]
	}
	return fallback
}

func findDeployment(ds []*appsv1.Deployment, name string) *appsv1.Deployment {
	for _, d := range ds {
		if d != nil && d.Name == name {
			return d
		}
	}
	return nil
}

func findStatefulSet(ss []*appsv1.StatefulSet, name string) *appsv1.StatefulSet {
	for _, s := range ss {
		if s != nil && s.Name == name {
			return s
		}
	}
	return nil
}

func statefulSetStatus(s *appsv1.StatefulSet) WorkloadStatus {
	if s == nil {
		return WorkloadStatus{}
	}
	desired := int32(1)
	if s.Spec.Replicas != nil {
		desired = *s.Spec.Replicas
	}
	return WorkloadStatus{Present: true, Ready: s.Status.ReadyReplicas, Desired: desired}
}

// ingressHosts lists the rule hosts of all ingresses, ingresses by name so
// the first host (the domain fallback) is stable, duplicates dropped.
func ingressHosts(ings []*networkingv1.Ingress) []string {
	var hosts []string
	seen := map[string]bool{}
	for _, ing := range sortedIngresses(ings) {
		for _, rule := range ing.Spec.Rules {
			if rule.Host != "" && !seen[rule.Host] {
				seen[rule.Host] = true
				hosts = append(hosts, rule.Host)
			}
		}
	}
	return hosts
}

func sortedIngresses(ings []*networkingv1.Ingress) []*networkingv1.Ingress {
	out := make([]*networkingv1.Ingress, 0, len(ings))
	for _, ing := range ings {
		if ing != nil {
			out = append(out, ing)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func allHostsCovered(hosts []string, ings []*networkingv1.Ingress) bool {
	for _, h := range hosts {
		if !tlsCovers(ings, h) {
			return false
		}
	}
	return true
}

// tlsCovers reports whether any ingress has a TLS entry for host, allowing
// one-label wildcards ("*.example.com" covers "www.example.com").
func tlsCovers(ings []*networkingv1.Ingress, host string) bool {
	for _, ing := range ings {
		if ing == nil {
			continue
		}
		for _, tls := range ing.Spec.TLS {
			for _, h := range tls.Hosts {
				if hostMatches(h, host) {
					return true
				}
			}
		}
	}
	return false
}

func hostMatches(pattern, host string) bool {
	if pattern == host {
		return true
	}
	suffix, ok := strings.CutPrefix(pattern, "*")
	if !ok || !strings.HasSuffix(host, suffix) {
		return false
	}
	label := strings.TrimSuffix(host, suffix)
	return label != "" && !strings.Contains(label, ".")
}

func countPVCs(pvcs []*corev1.PersistentVolumeClaim) (total, bound int) {
	for _, c := range pvcs {
		if c == nil {
			continue
		}
		total++
		if c.Status.Phase == corev1.ClaimBound {
			bound++
		}
	}
	return total, bound
}

// countPods counts pods, and those neither Ready nor finished: a Succeeded
// pod (a finished job) is fine without being ready.
func countPods(pods []*corev1.Pod) (total, notReady int) {
	for _, p := range pods {
		if p == nil {
			continue
		}
		total++
		if !podReady(p) && !podTerminal(p) { // a Failed (evicted) pod is replaced, not unready
			notReady++
		}
	}
	return total, notReady
}

func nodeReady(n *corev1.Node) bool {
	c := readyCondition(n)
	return c != nil && c.Status == corev1.ConditionTrue
}

// SameOrder reports whether a and b sort to the same place relative to
// other sites: a re-derived site that keeps its place needs no re-sort.
func SameOrder(a, b Site) bool {
	return siteRank(a) == siteRank(b) && a.Domain == b.Domain
}

// IngressText is the site's address as the sites table shows it:
// "https://host" (+N more hosts), "http://host (no TLS)", or "no ingress".
func (s Site) IngressText() string {
	if len(s.Hosts) == 0 {
		return "no ingress"
	}
	text := s.Hosts[0]
	if len(s.Hosts) > 1 {
		text += fmt.Sprintf(" +%d", len(s.Hosts)-1)
	}
	if s.TLS {
		return "https://" + text
	}
	return "http://" + text + " (no TLS)"
}

// PodsText is the PODS cell: the site's pod count, "6!" when some pod is
// not ready.
func (s Site) PodsText() string {
	if s.PodsNotReady > 0 {
		return fmt.Sprintf("%d!", s.Pods)
	}
	return fmt.Sprint(s.Pods)
}
