package model

import (
	"reflect"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestIsSite(t *testing.T) {
	unlabelled := healthySite()
	unlabelled.Namespace.Labels = nil
	labelledEmpty := NamespaceObjects{Namespace: siteNamespace()}
	other := NamespaceObjects{Namespace: &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kube-system"}},
		Deployments: []*appsv1.Deployment{{ObjectMeta: metav1.ObjectMeta{Name: "coredns"}}}}
	tests := []struct {
		name string
		o    NamespaceObjects
		want bool
	}{
		{"flight deck site", healthySite(), true},
		{"labelled, nothing deployed yet", labelledEmpty, true},
		{"unlabelled but has a web Deployment", unlabelled, true},
		{"other namespace", other, false},
		{"nothing at all", NamespaceObjects{}, false},
	}
	for _, tt := range tests {
		if got := IsSite(tt.o); got != tt.want {
			t.Errorf("%s: IsSite = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestDeriveSiteHealthy(t *testing.T) {
	o := healthySite()
	s := DeriveSite(o, now)
	want := Site{
		Namespace: siteNS, Domain: "example.com", FlightDeck: true,
		Web:      DeriveRollout(o.Deployments[0], o.ReplicaSets, o.Pods, now),
		HasWeb:   true,
		MySQL:    WorkloadStatus{Present: true, Ready: 1, Desired: 1, State: SiteOK},
		Memcache: WorkloadStatus{Present: true, Ready: 3, Desired: 3, State: SiteOK},
		Hosts:    []string{"example.com", "www.example.com"}, TLS: true,
		PVCsBound: 2, PVCs: 2, Pods: 3, PodsNotReady: 0,
		Created: o.Namespace.CreationTimestamp.Time,
		State:   SiteOK, Serving: true,
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got  %+v\nwant %+v", s, want)
	}
	if s.Web.Phase != RolloutComplete {
		t.Errorf("web phase = %v", s.Web.Phase)
	}
}

func TestDeriveSiteVariants(t *testing.T) {
	tests := []struct {
		name   string
		change func(*NamespaceObjects)
		check  func(Site) bool
	}{
		{"domain from first ingress host when not annotated",
			func(o *NamespaceObjects) {
				o.Namespace.Annotations = nil
				o.Ingresses = append(o.Ingresses, ingress("api", true, "api.example.com"))
			},
			func(s Site) bool { return s.Domain == "api.example.com" && len(s.Hosts) == 3 }},
		{"domain falls back to namespace name",
			func(o *NamespaceObjects) { o.Namespace.Annotations, o.Ingresses = nil, nil },
			func(s Site) bool { return s.Domain == siteNS && !s.TLS }},
		{"one host without TLS",
			func(o *NamespaceObjects) {
				o.Ingresses = append(o.Ingresses, ingress("legacy", false, "old.example.com"))
			},
			func(s Site) bool { return !s.TLS }},
		{"wildcard certificate covers subdomains",
			func(o *NamespaceObjects) {
				o.Ingresses = []*networkingv1.Ingress{ingress("web", false, "www.example.com", "shop.example.com")}
				o.Ingresses[0].Spec.TLS = []networkingv1.IngressTLS{{Hosts: []string{"*.example.com"}}}
			},
			func(s Site) bool { return s.TLS }},
		{"pending PVC", func(o *NamespaceObjects) { o.PVCs[1].Status.Phase = corev1.ClaimPending },
			func(s Site) bool { return s.PVCs == 2 && s.PVCsBound == 1 }},
		{"not-ready pods; a finished job pod is fine",
			func(o *NamespaceObjects) {
				markNotReady(o.Pods[0])
				job := runningPod(o.ReplicaSets[1], "cron1", succeededJob)
				o.Pods = append(o.Pods, job)
			},
			func(s Site) bool { return s.Pods == 4 && s.PodsNotReady == 1 }},
		{"no mysql, no namespace object",
			func(o *NamespaceObjects) { o.StatefulSets, o.Namespace = o.StatefulSets[1:], nil },
			func(s Site) bool {
				return !s.MySQL.Present && s.Memcache.Present && s.Namespace == siteNS && !s.FlightDeck
			}},
		{"no web deployment",
			func(o *NamespaceObjects) { o.Deployments = nil },
			func(s Site) bool {
				return !s.HasWeb && s.Web.Phase == RolloutUnknown && s.State == SiteNoWeb && !s.Serving
			}},
	}
	for _, tt := range tests {
		o := healthySite()
		tt.change(&o)
		if s := DeriveSite(o, now); !tt.check(s) {
			t.Errorf("%s: unexpected site %+v", tt.name, s)
		}
	}
}

func siteIn(domain string, state SiteState, serving bool) Site {
	return Site{Domain: domain, State: state, Serving: serving, PodsNotReady: int(state)}
}

func TestSortSites(t *testing.T) {
	sites := []Site{
		siteIn("a.example", SiteOK, true),
		siteIn("z.example", SiteStuck, true),
		siteIn("b.example", SitePaused, true),
		siteIn("c.example", SiteRolling, true),
		siteIn("b.example", SiteStuck, true),
		siteIn("0.example", SiteUnknown, false),
		siteIn("s.example", SiteScaledToZero, false),
		siteIn("d.example", SiteDown, false),
		siteIn("y.example", SiteStuck, false),
		siteIn("e.example", SiteDegraded, true),
		siteIn("f.example", SiteScaling, true),
		siteIn("g.example", SiteDeleting, false),
		siteIn("h.example", SiteNoWeb, false),
	}
	SortSites(sites)
	var got []string
	for _, s := range sites {
		got = append(got, s.Domain+":"+s.Label())
	}
	want := []string{
		"d.example:DOWN", "y.example:STUCK", // serving nothing
		"b.example:STUCK", "z.example:STUCK",
		"e.example:DEGRADED",
		"c.example:ROLLING", "f.example:SCALING",
		"b.example:PAUSED",
		"g.example:DELETING",
		"s.example:SCALED TO 0",
		"0.example:—", "a.example:OK", "h.example:NO WEB",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestSameOrder(t *testing.T) {
	stuck := siteIn("a.example", SiteStuck, true)
	stuckDown := siteIn("a.example", SiteStuck, false)
	rolling, scaling := siteIn("a.example", SiteRolling, true), siteIn("a.example", SiteScaling, true)
	if SameOrder(stuck, stuckDown) {
		t.Error("a stuck site that stops serving moves up")
	}
	if !SameOrder(rolling, scaling) {
		t.Error("rolling and scaling rank together")
	}
	if SameOrder(rolling, siteIn("b.example", SiteRolling, true)) {
		t.Error("another domain is another place")
	}
}

func TestSummarize(t *testing.T) {
	sites := []Site{
		siteIn("a", SiteOK, true), siteIn("b", SiteStuck, true),
		siteIn("c", SiteRolling, true), siteIn("d", SiteRolling, true),
		siteIn("e", SiteDown, false), siteIn("f", SiteDegraded, true), siteIn("g", SiteScaling, true),
		siteIn("h", SiteScaledToZero, false), siteIn("i", SitePaused, true), siteIn("j", SiteDeleting, false),
	}
	nodes := []*corev1.Node{node("pool-a-1", "pool-a", true, "4", "8Gi"), node("pool-a-2", "pool-a", false, "4", "8Gi")}
	got := Summarize(sites, nodes)
	notReady := 0
	for _, s := range sites {
		notReady += s.PodsNotReady
	}
	want := Summary{Sites: 10, Stuck: 1, Rolling: 2, Down: 1, Degraded: 1, ScaledToZero: 1, Paused: 1, Deleting: 1,
		PodsNotReady: notReady, NodesReady: 1, Nodes: 2}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
