package sitewizard

import (
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/flightdeck/fdtui/internal/model"
	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// Ingress annotations the blueprint writes.
const (
	annotationIssuer      = "cert-manager.io/cluster-issuer"
	annotationBodySize    = "nginx.ingress.kubernetes.io/proxy-body-size"
	annotationReadTimeout = "nginx.ingress.kubernetes.io/proxy-read-timeout"
)

// specFromObjects reads an existing site's settings back from its objects
// (as the informers hold them) and its s3 Secret, so that the update
// wizard starts from what runs — an unchanged re-run then plans
// "unchanged" for every object (the CronJobs' schedules included). The
// edge gives the Ingress class's controller and the site's HTTPRoute and
// own Gateway.
func specFromObjects(o model.NamespaceObjects, s3 blueprint.S3Settings, edge EdgeFacts) blueprint.SiteSpec {
	s := blueprint.SiteSpec{S3: s3}
	if o.Namespace != nil {
		s.Domain = o.Namespace.Annotations[model.AnnotationDomain]
	}
	for _, d := range o.Deployments {
		if d.Name == blueprint.ComponentWeb {
			readWeb(&s, d)
		}
	}
	for _, st := range o.StatefulSets {
		switch st.Name {
		case blueprint.ComponentMySQL:
			readMySQL(&s, st)
		case blueprint.ComponentMemcache:
			s.MemcacheReplicas = replicasOf(st.Spec.Replicas)
			if c := container(st.Spec.Template.Spec, blueprint.ComponentMemcache); c != nil {
				s.MemcacheCPU, s.MemcacheMemory = requests(c)
			}
		}
	}
	for _, ing := range o.Ingresses {
		if ing.Name != blueprint.ComponentWeb {
			continue
		}
		if ing.Spec.IngressClassName != nil {
			s.IngressClass = *ing.Spec.IngressClassName
		}
		s.ClusterIssuer = ing.Annotations[annotationIssuer]
		s.MaxUpload = ing.Annotations[annotationBodySize]
		s.TimeoutSeconds = atoi(ing.Annotations[annotationReadTimeout])
		if c, ok := edge.Edge.IngressClass(s.IngressClass); ok {
			s.IngressController = c.Controller
		}
		if s.Domain == "" && len(ing.Spec.Rules) > 0 {
			s.Domain = ing.Spec.Rules[0].Host
		}
	}
	if o.Namespace != nil {
		readRoute(&s, o.Namespace.Name, edge)
	}
	for _, cj := range o.CronJobs {
		switch cj.Name {
		case blueprint.CronJobCron:
			s.CronSchedule = cj.Spec.Schedule
		case blueprint.CronJobBackup:
			s.BackupSchedule = cj.Spec.Schedule
		}
	}
	return s
}

// readRoute reads the site's HTTPRoute web back. A site moved from an
// Ingress to the Gateway API keeps its old Ingress until someone deletes
// it: the route wins. The parent "web" in the site's namespace, with a
// Gateway there, is the site's own Gateway.
func readRoute(s *blueprint.SiteSpec, ns string, edge EdgeFacts) {
	for _, r := range edge.Routes {
		if r.Name != blueprint.ComponentWeb || r.Namespace != ns || len(r.Parents) == 0 {
			continue
		}
		s.Route = blueprint.RouteGateway
		s.TimeoutSeconds = atoi(strings.TrimSuffix(r.RequestTimeout, "s"))
		p := r.Parents[0]
		own, isOwn := edge.Edge.Gateway(ns, blueprint.ComponentWeb)
		if p.Name == blueprint.ComponentWeb && (p.Namespace == "" || p.Namespace == ns) && isOwn {
			s.Gateway = blueprint.GatewayRef{Class: own.Class}
			if own.Issuer != "" {
				s.ClusterIssuer = own.Issuer
			}
			return
		}
		s.Gateway = blueprint.GatewayRef{Namespace: orText(p.Namespace, ns), Name: p.Name, Section: p.Section}
		return
	}
}

func readWeb(s *blueprint.SiteSpec, d *appsv1.Deployment) {
	s.WebReplicas = replicasOf(d.Spec.Replicas)
	if d.Spec.ProgressDeadlineSeconds != nil {
		s.ProgressDeadlineSeconds = *d.Spec.ProgressDeadlineSeconds
	}
	pod := d.Spec.Template.Spec
	s.WebPool = pod.NodeSelector[model.LabelDOPool]
	if len(pod.ImagePullSecrets) > 0 {
		s.PullSecret = pod.ImagePullSecrets[0].Name
	}
	for _, c := range pod.Containers {
		switch c.Name {
		case blueprint.ComponentWeb:
			s.Image = c.Image
			s.WebCPU, s.WebMemory = quantity(c.Resources.Requests, corev1.ResourceCPU), quantity(c.Resources.Requests, corev1.ResourceMemory)
			s.WebCPULimit, s.WebMemoryLimit = quantity(c.Resources.Limits, corev1.ResourceCPU), quantity(c.Resources.Limits, corev1.ResourceMemory)
		case "varnish":
			s.VarnishImage = c.Image
			s.VarnishCPU, s.VarnishMemory = requests(&c)
		}
	}
}

func readMySQL(s *blueprint.SiteSpec, st *appsv1.StatefulSet) {
	pod := st.Spec.Template.Spec
	s.DBPool = pod.NodeSelector[model.LabelDOPool]
	for _, c := range pod.Containers {
		if c.Name == blueprint.ComponentMySQL {
			s.MySQLImage = c.Image
			s.MySQLCPU, s.MySQLMemory = requests(&c)
		}
	}
	for _, claim := range st.Spec.VolumeClaimTemplates {
		if claim.Name != "data" {
			continue
		}
		s.MySQLVolume = quantity(claim.Spec.Resources.Requests, corev1.ResourceStorage)
		if claim.Spec.StorageClassName != nil {
			s.StorageClass = *claim.Spec.StorageClassName
		}
	}
}

// requests are a container's CPU and memory requests, "" when unset (the
// blueprint's default then applies).
func requests(c *corev1.Container) (cpu, memory string) {
	return quantity(c.Resources.Requests, corev1.ResourceCPU), quantity(c.Resources.Requests, corev1.ResourceMemory)
}

func container(pod corev1.PodSpec, name string) *corev1.Container {
	for i := range pod.Containers {
		if pod.Containers[i].Name == name {
			return &pod.Containers[i]
		}
	}
	return nil
}

func quantity(l corev1.ResourceList, name corev1.ResourceName) string {
	if q, ok := l[name]; ok {
		return q.String()
	}
	return ""
}

func replicasOf(n *int32) int32 {
	if n == nil {
		return 1
	}
	return *n
}
