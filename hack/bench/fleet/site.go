package fleet

import (
	"fmt"
	"math/rand"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/scheme"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// MemcacheReplicas is the memcache StatefulSet's size of every site.
const MemcacheReplicas = 3

// Site is one bench site as the blueprint makes it, with its workloads
// split out because they are created in a particular order.
type Site struct {
	Index     int
	Domain    string
	Namespace *corev1.Namespace
	// Others are the Secrets, Services, PodDisruptionBudget and Ingress.
	Others   []runtime.Object
	Web      *appsv1.Deployment
	MySQL    *appsv1.StatefulSet
	Memcache *appsv1.StatefulSet
}

// Name is the site's namespace.
func (s Site) Name() string { return s.Namespace.Name }

// Pods is how many pods the site runs.
func (s Site) Pods() int {
	return int(*s.Web.Spec.Replicas + *s.MySQL.Spec.Replicas + *s.Memcache.Spec.Replicas)
}

// NewSite builds site i with podsPerSite pods: mysql-0, up to three
// memcache pods and the rest web replicas (at least one).
func NewSite(i, podsPerSite int) (Site, error) {
	domain := Domain(i)
	memcache := min(MemcacheReplicas, max(podsPerSite-2, 0))
	web := max(podsPerSite-1-memcache, 1)
	spec := blueprint.SiteSpec{
		Domain: domain, WebReplicas: int32(web), MemcacheReplicas: int32(memcache),
		S3: blueprint.S3Settings{Endpoint: "https://nyc3.digitaloceanspaces.com", Region: "nyc3",
			Bucket: "acme-sites", AccessKey: "BENCHACCESSKEY", SecretKey: "bench-not-a-secret"},
	}
	ns, err := blueprint.NamespaceFor(domain)
	if err != nil {
		return Site{}, err
	}
	spec.Image = Registry + "/" + ns + ":" + Tag(i)
	spec.S3.Prefix = ns
	secrets, err := blueprint.GenerateSecrets(rand.New(rand.NewSource(int64(i))))
	if err != nil {
		return Site{}, err
	}
	objs, err := blueprint.Build(spec, secrets)
	if err != nil {
		return Site{}, fmt.Errorf("site %s: %w", domain, err)
	}
	s := Site{Index: i, Domain: domain}
	for _, u := range objs {
		if err := s.add(u); err != nil {
			return Site{}, err
		}
	}
	if memcache == 0 {
		s.Memcache.Spec.Replicas = new(int32)
	}
	s.guard()
	return s, nil
}

// add decodes one blueprint object into its typed form and files it.
func (s *Site) add(u *unstructured.Unstructured) error {
	obj, err := typed(u)
	if err != nil {
		return err
	}
	addLabels(obj.(labelled), BenchLabels())
	switch o := obj.(type) {
	case *corev1.Namespace:
		s.Namespace = o
	case *appsv1.Deployment:
		s.Web = o
	case *appsv1.StatefulSet:
		if o.Name == blueprint.ComponentMySQL {
			s.MySQL = o
		} else {
			s.Memcache = o
		}
	default:
		s.Others = append(s.Others, obj)
	}
	return nil
}

// guard makes the controllers unable to create pods (see
// GuardPriorityClass), starts the Deployment paused so that it adopts the
// generator's ReplicaSet instead of making its own, and lets the
// StatefulSets keep pods whose revision label they did not compute.
func (s *Site) guard() {
	s.Web.Spec.Template.Spec.PriorityClassName = GuardPriorityClass
	s.Web.Spec.Paused = true
	for _, ss := range []*appsv1.StatefulSet{s.MySQL, s.Memcache} {
		ss.Spec.Template.Spec.PriorityClassName = GuardPriorityClass
		ss.Spec.UpdateStrategy = appsv1.StatefulSetUpdateStrategy{Type: appsv1.OnDeleteStatefulSetStrategyType}
	}
}

func typed(u *unstructured.Unstructured) (runtime.Object, error) {
	obj, err := scheme.Scheme.New(u.GroupVersionKind())
	if err != nil {
		return nil, fmt.Errorf("fleet: %s: %w", u.GetKind(), err)
	}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, obj); err != nil {
		return nil, fmt.Errorf("fleet: decoding %s: %w", u.GetKind(), err)
	}
	return obj, nil
}

type labelled interface {
	GetLabels() map[string]string
	SetLabels(map[string]string)
}

func addLabels(o labelled, extra map[string]string) {
	l := o.GetLabels()
	if l == nil {
		l = map[string]string{}
	}
	for k, v := range extra {
		l[k] = v
	}
	o.SetLabels(l)
}
