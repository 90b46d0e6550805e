package blueprint

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

const (
	webPort       = 80
	webPortName   = "http"
	cachePort     = 6081
	cachePortName = "http-cache"
	// webUID is www-data in Debian-based php/apache images.
	webUID = 33
	// varnishUID is any non-root uid: the varnish image's user is a named
	// system account, which runAsNonRoot cannot verify.
	varnishUID          = 1000
	varnishWorkdir      = "/var/lib/varnish"
	varnishCache        = "malloc,128M"
	varnishMemoryLimit  = "384Mi" // the 128M cache, its workspace and threads
	revisionHistory     = 10
	unprivilegedPortKey = "net.ipv4.ip_unprivileged_port_start"
)

func (s site) webDeployment() *appsv1.Deployment {
	return &appsv1.Deployment{
		ObjectMeta: s.meta(ComponentWeb, ComponentWeb),
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr(s.WebReplicas),
			Selector: &metav1.LabelSelector{MatchLabels: s.selector(ComponentWeb)},
			// One new pod at a time, never below the desired count.
			Strategy: appsv1.DeploymentStrategy{
				Type: appsv1.RollingUpdateDeploymentStrategyType,
				RollingUpdate: &appsv1.RollingUpdateDeployment{
					MaxSurge: ptr(intstr.FromInt32(1)), MaxUnavailable: ptr(intstr.FromInt32(0)),
				},
			},
			MinReadySeconds:         minReadySeconds,
			ProgressDeadlineSeconds: ptr(s.ProgressDeadlineSeconds),
			RevisionHistoryLimit:    ptr(int32(revisionHistory)),
			Template:                s.webPod(),
		},
	}
}

func (s site) webPod() corev1.PodTemplateSpec {
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: s.labels(ComponentWeb)},
		Spec: corev1.PodSpec{
			SecurityContext: &corev1.PodSecurityContext{
				RunAsNonRoot: ptr(true), FSGroup: ptr(int64(webUID)), SeccompProfile: runtimeDefaultSeccomp(),
				// Lets apache bind port 80 without NET_BIND_SERVICE; a
				// namespaced sysctl in Kubernetes' safe set.
				Sysctls: []corev1.Sysctl{{Name: unprivilegedPortKey, Value: "0"}},
			},
			ImagePullSecrets:          []corev1.LocalObjectReference{{Name: s.PullSecret}},
			NodeSelector:              s.nodeSelector(s.WebPool),
			TopologySpreadConstraints: []corev1.TopologySpreadConstraint{s.spreadOverNodes(ComponentWeb)},
			Containers:                []corev1.Container{s.varnishContainer(), s.webContainer()},
			Volumes: []corev1.Volume{
				secretVolume(SecretMySQL), secretVolume(SecretDrupal), secretVolume(SecretS3),
				emptyDirVolume("varnish-workdir"),
			},
		},
	}
}

// varnishContainer runs varnishd with the built-in VCL in front of apache
// on localhost. The image's default.vcl rewrites the Host header to the
// backend's, which breaks Drupal's trusted_host_patterns; the built-in VCL
// keeps it, caches anonymous GETs and passes requests with cookies.
func (s site) varnishContainer() corev1.Container {
	return corev1.Container{
		Name:  "varnish",
		Image: s.VarnishImage,
		Args: []string{
			"varnishd", "-F", "-n", varnishWorkdir + "/varnishd",
			"-a", fmt.Sprintf("http=:%d,HTTP", cachePort),
			"-b", fmt.Sprintf("127.0.0.1:%d", webPort),
			"-s", varnishCache,
		},
		Ports:          []corev1.ContainerPort{{Name: cachePortName, ContainerPort: cachePort, Protocol: corev1.ProtocolTCP}},
		ReadinessProbe: tcpProbe(cachePort, 2, 5),
		LivenessProbe:  tcpProbe(cachePort, 10, 10),
		Resources: corev1.ResourceRequirements{
			Requests: corev1.ResourceList{
				corev1.ResourceCPU: resource.MustParse(s.VarnishCPU), corev1.ResourceMemory: resource.MustParse(s.VarnishMemory),
			},
			Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse(varnishMemoryLimit)},
		},
		VolumeMounts:    []corev1.VolumeMount{{Name: "varnish-workdir", MountPath: varnishWorkdir}},
		SecurityContext: withUID(restrictedContainer(true), varnishUID),
	}
}

// webContainer is the site image (apache + mod_php + Drupal). It finds every
// credential in files under /secrets, the flight-deck-drupal convention.
func (s site) webContainer() corev1.Container {
	return corev1.Container{
		Name:  ComponentWeb,
		Image: s.Image,
		Env: []corev1.EnvVar{
			{Name: "MYSQL_HOST", Value: "mysql-0.mysql"},
			{Name: "MYSQL_NAME_FILE", Value: mysqlSecretPath + "/" + KeyDBName},
			{Name: "MYSQL_USER_FILE", Value: mysqlSecretPath + "/" + KeyDBUser},
			{Name: "MYSQL_PASS_FILE", Value: mysqlSecretPath + "/" + KeyDBPass},
			{Name: "HASH_SALT_FILE", Value: "/secrets/" + SecretDrupal + "/" + KeyHashSalt},
		},
		Ports:          []corev1.ContainerPort{{Name: webPortName, ContainerPort: webPort, Protocol: corev1.ProtocolTCP}},
		ReadinessProbe: tcpProbe(webPort, 5, 5),
		LivenessProbe:  withFailureThreshold(tcpProbe(webPort, 15, 10), 6),
		Resources: corev1.ResourceRequirements{
			Requests: corev1.ResourceList{
				corev1.ResourceCPU: resource.MustParse(s.WebCPU), corev1.ResourceMemory: resource.MustParse(s.WebMemory),
			},
			Limits: corev1.ResourceList{
				corev1.ResourceCPU: resource.MustParse(s.WebCPULimit), corev1.ResourceMemory: resource.MustParse(s.WebMemoryLimit),
			},
		},
		VolumeMounts: []corev1.VolumeMount{
			secretMount(SecretMySQL), secretMount(SecretDrupal), secretMount(SecretS3),
		},
		// Writable root: apache and PHP write pid, lock and session files,
		// and Drupal its compiled Twig templates, inside the image's tree.
		SecurityContext: withUID(restrictedContainer(false), webUID),
	}
}

func withUID(sc *corev1.SecurityContext, uid int64) *corev1.SecurityContext {
	sc.RunAsUser, sc.RunAsGroup = ptr(uid), ptr(uid)
	return sc
}

func withFailureThreshold(p *corev1.Probe, n int32) *corev1.Probe {
	p.FailureThreshold = n
	return p
}

// spreadOverNodes prefers one web pod per node but still schedules when the
// cluster has fewer nodes than replicas.
func (s site) spreadOverNodes(component string) corev1.TopologySpreadConstraint {
	return corev1.TopologySpreadConstraint{
		MaxSkew:           1,
		TopologyKey:       labelHostname,
		WhenUnsatisfiable: corev1.ScheduleAnyway,
		LabelSelector:     &metav1.LabelSelector{MatchLabels: s.selector(component)},
	}
}

func (s site) webService() *corev1.Service {
	return &corev1.Service{
		ObjectMeta: s.meta(ComponentWeb, ComponentWeb),
		Spec: corev1.ServiceSpec{
			Type:     corev1.ServiceTypeClusterIP,
			Selector: s.selector(ComponentWeb),
			Ports: []corev1.ServicePort{
				{Name: webPortName, Port: webPort, TargetPort: intstr.FromString(webPortName), Protocol: corev1.ProtocolTCP},
				{Name: cachePortName, Port: cachePort, TargetPort: intstr.FromString(cachePortName), Protocol: corev1.ProtocolTCP},
			},
		},
	}
}

// webDisruptionBudget lets a node drain evict one web pod at a time.
func (s site) webDisruptionBudget() *policyv1.PodDisruptionBudget {
	minAvailable := max(s.WebReplicas-1, 1)
	return &policyv1.PodDisruptionBudget{
		ObjectMeta: s.meta(ComponentWeb, ComponentWeb),
		Spec: policyv1.PodDisruptionBudgetSpec{
			MinAvailable: ptr(intstr.FromInt32(minAvailable)),
			Selector:     &metav1.LabelSelector{MatchLabels: s.selector(ComponentWeb)},
		},
	}
}
