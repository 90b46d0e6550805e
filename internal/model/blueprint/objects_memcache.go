package blueprint

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const (
	memcachePort = 11211
	// memcacheUID is the memcache user of the official memcached image.
	memcacheUID     = 11211
	memcacheCacheMB = "64"
	// memcacheMemoryLimit: the 64 MB of cache plus connection buffers.
	memcacheMemoryLimit = "128Mi"
)

func (s site) memcacheService() *corev1.Service {
	return s.headlessService(ComponentMemcache, ComponentMemcache, memcachePort)
}

// memcacheStatefulSet gives each memcached a stable DNS name
// (memcache-N.memcache) for Drupal's server list, one per node.
func (s site) memcacheStatefulSet() *appsv1.StatefulSet {
	return &appsv1.StatefulSet{
		ObjectMeta: s.meta(ComponentMemcache, ComponentMemcache),
		Spec: appsv1.StatefulSetSpec{
			Replicas:    ptr(s.MemcacheReplicas),
			ServiceName: ComponentMemcache,
			// Caches don't depend on each other: start them all at once.
			PodManagementPolicy: appsv1.ParallelPodManagement,
			Selector:            &metav1.LabelSelector{MatchLabels: s.selector(ComponentMemcache)},
			Template:            s.memcachePod(),
		},
	}
}

func (s site) memcachePod() corev1.PodTemplateSpec {
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: s.labels(ComponentMemcache)},
		Spec: corev1.PodSpec{
			SecurityContext: &corev1.PodSecurityContext{
				RunAsNonRoot: ptr(true), RunAsUser: ptr(int64(memcacheUID)), RunAsGroup: ptr(int64(memcacheUID)),
				SeccompProfile: runtimeDefaultSeccomp(),
			},
			Affinity:   s.onePerNode(ComponentMemcache),
			Containers: []corev1.Container{s.memcacheContainer()},
		},
	}
}

func (s site) memcacheContainer() corev1.Container {
	return corev1.Container{
		Name:           ComponentMemcache,
		Image:          DefaultMemcacheImage,
		Args:           []string{"-m", memcacheCacheMB},
		Ports:          []corev1.ContainerPort{{Name: ComponentMemcache, ContainerPort: memcachePort, Protocol: corev1.ProtocolTCP}},
		ReadinessProbe: tcpProbe(memcachePort, 2, 10),
		LivenessProbe:  tcpProbe(memcachePort, 10, 20),
		Resources: corev1.ResourceRequirements{
			Requests: corev1.ResourceList{
				corev1.ResourceCPU: resource.MustParse(s.MemcacheCPU), corev1.ResourceMemory: resource.MustParse(s.MemcacheMemory),
			},
			Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse(memcacheMemoryLimit)},
		},
		SecurityContext: restrictedContainer(true),
	}
}

// onePerNode is a hard anti-affinity: a second replica on the same node
// would add no capacity and lose two shards when that node goes.
func (s site) onePerNode(component string) *corev1.Affinity {
	return &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{
		RequiredDuringSchedulingIgnoredDuringExecution: []corev1.PodAffinityTerm{{
			LabelSelector: &metav1.LabelSelector{MatchLabels: s.selector(component)},
			TopologyKey:   labelHostname,
		}},
	}}
}
