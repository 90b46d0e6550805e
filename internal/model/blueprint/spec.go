// Package blueprint turns a Flight Deck site specification into the
// Kubernetes objects that run it: one namespace per site with the mysql and
// memcache StatefulSets, the web Deployment (varnish + apache/mod_php), their
// Services, a PodDisruptionBudget, the Ingress and the Secrets they read as
// files. It is pure: no I/O, randomness only through an io.Reader.
package blueprint

import "strings"

// Defaults for the optional SiteSpec fields.
const (
	DefaultVarnishImage     = "varnish:7.6"
	DefaultMySQLImage       = "mariadb:11.4"
	DefaultMemcacheImage    = "memcached:1.6-alpine"
	DefaultWebReplicas      = 3
	DefaultMemcacheReplicas = 3
	DefaultMySQLVolume      = "10Gi"
	DefaultWebCPU           = "250m"
	DefaultWebMemory        = "512Mi"
	DefaultWebCPULimit      = "1"
	DefaultWebMemoryLimit   = "1Gi"
	// The other containers' requests: sized for a real site; their memory
	// limits are fixed (varnish 384Mi, memcache 128Mi, mysql none).
	DefaultVarnishCPU       = "100m"
	DefaultVarnishMemory    = "192Mi"
	DefaultMySQLCPU         = "250m"
	DefaultMySQLMemory      = "512Mi"
	DefaultMemcacheCPU      = "50m"
	DefaultMemcacheMemory   = "96Mi" // 64 MB of cache plus connection buffers
	DefaultClusterIssuer    = "letsencrypt-prod"
	DefaultIngressClass     = "nginx"
	DefaultMaxUpload        = "128m"
	DefaultPullSecret       = "my-registry-key"
	DefaultProgressDeadline = 300
)

// SiteSpec is what the "new site" wizard collects. Zero values mean "use the
// default" (see WithDefaults).
type SiteSpec struct {
	Domain           string // e.g. www.example.com; the namespace is derived from it
	Image            string // site image tagged with a git short SHA
	VarnishImage     string
	WebReplicas      int32
	MemcacheReplicas int32 // usually the number of worker nodes: one per node
	MySQLImage       string
	MySQLVolume      string // PVC size, a resource quantity
	StorageClass     string // "" = the cluster's default StorageClass

	// Requests and limits of the web container.
	WebCPU, WebMemory, WebCPULimit, WebMemoryLimit string
	// Requests of varnish, mysql and memcache. The wizard does not ask for
	// them: a new site gets the defaults, an update keeps what runs (a
	// site tuned with kubectl is not reset by the next update).
	VarnishCPU, VarnishMemory, MySQLCPU, MySQLMemory, MemcacheCPU, MemcacheMemory string

	ClusterIssuer string // cert-manager ClusterIssuer
	IngressClass  string
	MaxUpload     string // nginx size (e.g. 128m), not a Kubernetes quantity
	S3            S3Settings
	PullSecret    string        // name of the image pull secret
	Registry      *RegistryAuth // when set, the pull secret is created too

	// Optional DigitalOcean node pool names to pin pods to.
	WebPool, DBPool string

	// Route is how traffic reaches the site: RouteIngress ("" too) or
	// RouteGateway. See objects_route.go.
	Route string
	// IngressController is the chosen IngressClass's spec.controller, as
	// the wizard read it from the cluster; ingress-nginx's annotations
	// (upload size, timeouts) are written only for ingress-nginx. ""
	// (unknown) counts as ingress-nginx when the class is named "nginx".
	IngressController string
	// Gateway is the Gateway an HTTPRoute attaches to (Route ==
	// RouteGateway).
	Gateway GatewayRef
	// TimeoutSeconds bounds a request (0: the controller's default):
	// ingress-nginx's proxy-read/send-timeout, or the HTTPRoute rule's
	// timeouts.request.
	TimeoutSeconds int32

	ProgressDeadlineSeconds int32
	DB                      DBCredentials // given values win over generated ones

	// CronSchedule and BackupSchedule are the schedules (five-field cron
	// syntax) of the drupal-cron and backup CronJobs (schedules.go).
	CronSchedule, BackupSchedule string
}

// S3Settings is where the site keeps its public and private files.
type S3Settings struct {
	Endpoint, Region, Bucket, AccessKey, SecretKey, Prefix string
}

// RegistryAuth is the private registry login stored in the pull secret.
type RegistryAuth struct {
	Server, Username, Password string
}

// DBCredentials are database values the user chose; empty fields are
// generated (see GenerateSecrets).
type DBCredentials struct {
	Name, User, Pass, RootPass string
}

// GatewayRef names the Gateway an HTTPRoute attaches to. With Name empty
// the blueprint makes the site its own Gateway "web" of GatewayClass Class
// (listeners http and https for the domain; cert-manager's Gateway support
// issues its certificate from the cluster-issuer annotation); with Name
// set it attaches to that existing Gateway and changes nothing on it.
type GatewayRef struct {
	Namespace, Name string // Namespace "" = the site's
	// Section is the listener (sectionName) the route attaches to; the
	// HTTPS one, so the site is served with its certificate.
	Section string
	Class   string // GatewayClass of the site's own Gateway
}

// WithDefaults returns a copy with every empty field set to its default and
// the domain normalised (domains are case-insensitive; Kubernetes wants them
// lowercase).
func (s SiteSpec) WithDefaults() SiteSpec {
	s.Domain = lowerASCII(strings.TrimSpace(s.Domain))
	orString(&s.VarnishImage, DefaultVarnishImage)
	orString(&s.MySQLImage, DefaultMySQLImage)
	orString(&s.MySQLVolume, DefaultMySQLVolume)
	orString(&s.WebCPU, DefaultWebCPU)
	orString(&s.WebMemory, DefaultWebMemory)
	orString(&s.WebCPULimit, DefaultWebCPULimit)
	orString(&s.WebMemoryLimit, DefaultWebMemoryLimit)
	orString(&s.VarnishCPU, DefaultVarnishCPU)
	orString(&s.VarnishMemory, DefaultVarnishMemory)
	orString(&s.MySQLCPU, DefaultMySQLCPU)
	orString(&s.MySQLMemory, DefaultMySQLMemory)
	orString(&s.MemcacheCPU, DefaultMemcacheCPU)
	orString(&s.MemcacheMemory, DefaultMemcacheMemory)
	orString(&s.ClusterIssuer, DefaultClusterIssuer)
	orString(&s.IngressClass, DefaultIngressClass)
	orString(&s.MaxUpload, DefaultMaxUpload)
	orString(&s.PullSecret, DefaultPullSecret)
	orString(&s.Route, RouteIngress)
	orString(&s.CronSchedule, DefaultCronSchedule)
	orString(&s.BackupSchedule, DefaultBackupSchedule)
	orInt(&s.WebReplicas, DefaultWebReplicas)
	orInt(&s.MemcacheReplicas, DefaultMemcacheReplicas)
	orInt(&s.ProgressDeadlineSeconds, DefaultProgressDeadline)
	return s
}

func orString(field *string, def string) {
	if *field == "" {
		*field = def
	}
}

func orInt(field *int32, def int32) {
	if *field == 0 {
		*field = def
	}
}
