// Package uitest builds realistic Flight Deck worlds — nodes, sites in
// every rollout state, pods, events — for the UI's golden tests and
// benchmarks. It is only imported by tests.
package uitest

import (
	"fmt"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
)

// Now is the fixed clock of every fixture: 3 a.m., when these things happen.
func Now() time.Time { return time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC) }

func ago(d time.Duration) metav1.Time { return metav1.NewTime(Now().Add(-d)) }
func ptr[T any](v T) *T               { return &v }

// SiteState is the rollout state a fixture site is in.
type SiteState int

const (
	Healthy SiteState = iota
	Rolling
	StuckImagePull
	CrashLoop
)

// Site describes one fixture site.
type Site struct {
	Domain string
	State  SiteState
	Age    time.Duration
}

// DemoSites are the sites the golden tests show.
func DemoSites() []Site {
	return []Site{
		{Domain: "www.example.com", State: Healthy, Age: 120 * 24 * time.Hour},
		{Domain: "shop.acme.org", State: StuckImagePull, Age: 40 * 24 * time.Hour},
		{Domain: "news.daily-gazette.com", State: Rolling, Age: 9 * 24 * time.Hour},
		{Domain: "blog.kittens.io", State: CrashLoop, Age: 3 * 24 * time.Hour},
	}
}

// Namespace turns a domain into the site's namespace name.
func Namespace(domain string) string {
	out := []byte(domain)
	for i, c := range out {
		if c == '.' {
			out[i] = '-'
		}
	}
	return string(out)
}

// Objects returns nodes plus every object of the given sites.
func Objects(sites []Site) []runtime.Object {
	objs := Nodes(3, 1)
	for _, s := range sites {
		objs = append(objs, SiteObjects(s)...)
	}
	return objs
}

// Nodes returns web and db nodes labelled like a DigitalOcean node pool.
func Nodes(web, db int) []runtime.Object {
	var out []runtime.Object
	for i := 1; i <= web; i++ {
		out = append(out, node(fmt.Sprintf("pool-web-%d", i), "web", "1900m", "3344Mi"))
	}
	for i := 1; i <= db; i++ {
		out = append(out, node(fmt.Sprintf("pool-db-%d", i), "db", "3900m", "6.5Gi"))
	}
	return out
}

func node(name, pool, cpu, mem string) *corev1.Node {
	alloc := corev1.ResourceList{
		corev1.ResourceCPU: resource.MustParse(cpu), corev1.ResourceMemory: resource.MustParse(mem),
		corev1.ResourcePods: resource.MustParse("110"),
	}
	return &corev1.Node{
		ObjectMeta: metav1.ObjectMeta{Name: name, CreationTimestamp: ago(200 * 24 * time.Hour),
			Labels: map[string]string{"doks.digitalocean.com/node-pool": pool}},
		Status: corev1.NodeStatus{Allocatable: alloc, Capacity: alloc, Conditions: []corev1.NodeCondition{
			{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}},
	}
}

// SiteObjects returns a site's namespace, workloads, pods and events.
func SiteObjects(s Site) []runtime.Object {
	ns := Namespace(s.Domain)
	image := func(tag string) string { return "registry.digitalocean.com/acme/" + ns + ":" + tag }
	objs := []runtime.Object{
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns, CreationTimestamp: ago(s.Age),
			Labels:      map[string]string{"app.kubernetes.io/part-of": "flightdeck"},
			Annotations: map[string]string{"flightdeck.dev/domain": s.Domain}}},
		secret(ns, "my-registry-key"), secret(ns, "mysql"), secret(ns, "drupal"), secret(ns, "s3"),
		statefulSet(ns, "mysql", 1, 1), statefulSet(ns, "memcache", 3, 3),
		&corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "data-mysql-0"},
			Spec: corev1.PersistentVolumeClaimSpec{AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
				Resources: corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("10Gi")}}},
			Status: corev1.PersistentVolumeClaimStatus{Phase: corev1.ClaimBound}},
		ingress(ns, s.Domain),
	}
	// The healthy site's certificate has 61 days left; the stuck shop's
	// renewal fails its HTTP-01 self-check with 12 days left.
	switch s.State {
	case Healthy:
		objs = append(objs, certChain(ns, s.Domain, 61, false)...)
	case StuckImagePull:
		objs = append(objs, certChain(ns, s.Domain, 12, true)...)
	}
	old, cur := "3b8d0c1", "4f9c2e1"
	switch s.State {
	case Healthy:
		return append(objs, rollout(ns, 4, image(cur), "", 3, 3, 3, nil)...)
	case Rolling:
		return append(objs, rollout(ns, 6, image("9a7b3c2"), image(cur), 2, 2, 3, nil)...)
	case StuckImagePull:
		return append(objs, rollout(ns, 5, image("broken-7d1e9a2"), image(old), 1, 0, 3, imagePullBackOff)...)
	case CrashLoop:
		return append(objs, rollout(ns, 3, image("crashloop-5e6f7a8"), image(old), 1, 0, 3, crashLoopBackOff)...)
	}
	return objs
}

func meta(ns, name string) metav1.ObjectMeta {
	return metav1.ObjectMeta{Namespace: ns, Name: name, UID: types.UID(ns + "/" + name), CreationTimestamp: ago(30 * 24 * time.Hour)}
}

func secret(ns, name string) *corev1.Secret { return &corev1.Secret{ObjectMeta: meta(ns, name)} }

func statefulSet(ns, name string, ready, desired int32) *appsv1.StatefulSet {
	// Valid as an apiserver sees it (selector, labels, a container): the
	// fleet tests write these to a real one.
	labels := map[string]string{"app.kubernetes.io/component": name}
	return &appsv1.StatefulSet{ObjectMeta: meta(ns, name),
		Spec: appsv1.StatefulSetSpec{Replicas: ptr(desired), Selector: &metav1.LabelSelector{MatchLabels: labels},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: labels},
				Spec: statefulSetPodSpec(name)}},
		Status: appsv1.StatefulSetStatus{ObservedGeneration: 1, Replicas: desired, ReadyReplicas: ready, AvailableReplicas: ready}}
}

// statefulSetPodSpec follows the Flight Deck rules (the audit finds
// nothing): a tagged image, requests, never root.
func statefulSetPodSpec(name string) corev1.PodSpec {
	image := map[string]string{"mysql": "mariadb:11.4", "memcache": "memcached:1.6-alpine"}[name] // the blueprint's defaults
	req := corev1.ResourceRequirements{Requests: corev1.ResourceList{
		corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("256Mi")}}
	return corev1.PodSpec{
		SecurityContext: &corev1.PodSecurityContext{RunAsNonRoot: ptr(true), RunAsUser: ptr(int64(999))},
		Containers:      []corev1.Container{{Name: name, Image: image, Resources: req}},
	}
}

func ingress(ns, host string) *networkingv1.Ingress {
	return &networkingv1.Ingress{ObjectMeta: meta(ns, "web"), Spec: networkingv1.IngressSpec{
		TLS:   []networkingv1.IngressTLS{{Hosts: []string{host}, SecretName: ns + "-tls"}},
		Rules: []networkingv1.IngressRule{{Host: host}},
	}}
}

func podSpec(image string) corev1.PodSpec {
	req := corev1.ResourceRequirements{Requests: corev1.ResourceList{
		corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("128Mi")}}
	return corev1.PodSpec{
		SecurityContext:  &corev1.PodSecurityContext{RunAsNonRoot: ptr(true), RunAsUser: ptr(int64(33))},
		ImagePullSecrets: []corev1.LocalObjectReference{{Name: "my-registry-key"}},
		Containers: []corev1.Container{
			{Name: "varnish", Image: "varnish:7.6", Resources: req},
			{Name: "web", Image: image, Resources: req},
		},
	}
}
