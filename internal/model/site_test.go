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
		MySQL:    WorkloadStatus{Present: true, Ready: 1, Desired: 1},
		Memcache: WorkloadStatus{Present: true, Ready: 3, Desired: 3},
		Hosts:    []string{"example.com", "www.example.com"}, TLS: true,
		PVCsBound: 2, PVCs: 2, Pods: 3, PodsNotReady: 0,
		Created: o.Namespace.CreationTimestamp.Time,
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
			func(s Site) bool { return !s.HasWeb && s.Web.Phase == RolloutUnknown }},
	}
	for _, tt := range tests {
		o := healthySite()
		tt.change(&o)
		if s := DeriveSite(o, now); !tt.check(s) {
			t.Errorf("%s: unexpected site %+v", tt.name, s)
		}
	}
}

func siteWithPhase(domain string, phase RolloutPhase) Site {
	return Site{Domain: domain, Web: Rollout{Phase: phase}, PodsNotReady: int(phase)}
}

func TestSortSites(t *testing.T) {
	sites := []Site{
		siteWithPhase("a.example", RolloutComplete),
		siteWithPhase("z.example", RolloutStuck),
		siteWithPhase("b.example", RolloutPaused),
		siteWithPhase("c.example", RolloutProgressing),
		siteWithPhase("b.example", RolloutStuck),
		siteWithPhase("0.example", RolloutUnknown),
	}
	SortSites(sites)
	var got []string
	for _, s := range sites {
		got = append(got, s.Domain+":"+s.Web.Phase.String())
	}
	want := []string{"b.example:Stuck", "z.example:Stuck", "c.example:Progressing", "b.example:Paused",
		"0.example:Unknown", "a.example:Complete"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestSummarize(t *testing.T) {
	sites := []Site{
		siteWithPhase("a", RolloutComplete), siteWithPhase("b", RolloutStuck),
		siteWithPhase("c", RolloutProgressing), siteWithPhase("d", RolloutProgressing),
	}
	nodes := []*corev1.Node{node("pool-a-1", "pool-a", true, "4", "8Gi"), node("pool-a-2", "pool-a", false, "4", "8Gi")}
	got := Summarize(sites, nodes)
	want := Summary{Sites: 4, Stuck: 1, Rolling: 2, PodsNotReady: 1 + 4 + 2 + 2, NodesReady: 1, Nodes: 2}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
