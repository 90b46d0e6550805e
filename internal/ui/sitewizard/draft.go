// Package sitewizard onboards, updates and deletes Flight Deck sites from
// the TUI: a huh wizard (one group per step) collects a blueprint.SiteSpec,
// a review page shows the server-side dry run, a progress page follows the
// components to Ready, and a delete flow keeps the client's data unless
// told otherwise. Register wires it into the pages.
package sitewizard

import (
	"strconv"
	"strings"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// Pull secret branches of the image step.
const (
	pullExisting = "existing"
	pullCreate   = "create"
)

// draft is what the wizard's fields edit, as typed: numbers stay strings so
// that a half-typed value is kept and explained instead of lost. spec()
// turns it into a SiteSpec once every field validated.
type draft struct {
	update bool // the site exists; the wizard updates it
	// Domain is fixed once the domain step is done.
	Domain    string
	Namespace string
	Confirmed bool // "site exists: update it?"

	Image        string
	PullMode     string
	PullSecret   string
	RegistryHost string
	RegistryUser string
	RegistryPass string

	MySQLImage   string
	MySQLVolume  string
	StorageClass string

	MemcacheReplicas string

	S3Endpoint, S3Region, S3Bucket, S3Prefix string
	S3AccessKey, S3SecretKey                 string

	WebReplicas                                    string
	WebPool, DBPool                                string
	WebCPU, WebMemory, WebCPULimit, WebMemoryLimit string

	// The drupal-cron and backup CronJobs' schedules (five-field cron).
	CronSchedule, BackupSchedule string

	// The edge (step 7): the route's kind, the Ingress class or the
	// Gateway (a gatewayChoice, or ownGateway with GatewayClass), and
	// upload size and timeout as typed.
	Route, IngressClass, Gateway, GatewayClass string
	MaxUpload, Timeout                         string
	// controllers are the cluster's IngressClasses' controllers by name.
	controllers map[string]string

	// kept are the settings the wizard does not ask for (issuer, varnish
	// image, progress deadline): defaults for
	// a new site, the current values for an update.
	kept blueprint.SiteSpec
	// original is the volume as created, set when the mysql StatefulSet
	// exists: its claim template is immutable, so an update must not
	// change it. A site whose apply was interrupted before may still.
	original *struct{ volume, storageClass string }
}

// newDraft starts a site with the blueprint defaults, the object store
// from the environment and the given memcache default.
func newDraft(domain string, env s3Defaults, memcache int) *draft {
	spec := blueprint.SiteSpec{Domain: domain, MemcacheReplicas: int32(memcache)}.WithDefaults()
	d := draftFromSpec(spec)
	d.Domain = domain // as typed: WithDefaults lowercases, validation should say so
	d.S3Endpoint, d.S3Region = env.Endpoint, env.Region
	d.S3AccessKey, d.S3SecretKey = env.AccessKey, env.SecretKey
	if ns, err := blueprint.NamespaceFor(domain); err == nil {
		d.Namespace, d.S3Bucket = ns, ns
	}
	return d
}

// draftFromSpec fills every field from spec (an existing site's settings).
func draftFromSpec(s blueprint.SiteSpec) *draft {
	s = s.WithDefaults()
	d := &draft{
		Domain: s.Domain, Image: s.Image, PullMode: pullExisting, PullSecret: s.PullSecret,
		MySQLImage: s.MySQLImage, MySQLVolume: s.MySQLVolume, StorageClass: s.StorageClass,
		MemcacheReplicas: itoa(s.MemcacheReplicas),
		S3Endpoint:       s.S3.Endpoint, S3Region: s.S3.Region, S3Bucket: s.S3.Bucket, S3Prefix: s.S3.Prefix,
		S3AccessKey: s.S3.AccessKey, S3SecretKey: s.S3.SecretKey,
		WebReplicas: itoa(s.WebReplicas), WebPool: s.WebPool, DBPool: s.DBPool,
		WebCPU: s.WebCPU, WebMemory: s.WebMemory, WebCPULimit: s.WebCPULimit, WebMemoryLimit: s.WebMemoryLimit,
		CronSchedule: s.CronSchedule, BackupSchedule: s.BackupSchedule,
		kept: s,
	}
	d.Namespace, _ = blueprint.NamespaceFor(s.Domain)
	d.draftEdge(s)
	if s.Registry != nil {
		d.PullMode = pullCreate
		d.RegistryHost, d.RegistryUser, d.RegistryPass = s.Registry.Server, s.Registry.Username, s.Registry.Password
	}
	return d
}

// spec is the SiteSpec the draft describes.
func (d *draft) spec() blueprint.SiteSpec {
	s := d.kept
	s.Domain = strings.TrimSpace(d.Domain)
	s.Image = strings.TrimSpace(d.Image)
	s.PullSecret = strings.TrimSpace(d.PullSecret)
	s.Registry = nil
	if d.PullMode == pullCreate {
		s.Registry = &blueprint.RegistryAuth{Server: strings.TrimSpace(d.RegistryHost),
			Username: d.RegistryUser, Password: d.RegistryPass}
	}
	s.MySQLImage = strings.TrimSpace(d.MySQLImage)
	s.MySQLVolume = strings.TrimSpace(d.MySQLVolume)
	s.StorageClass = strings.TrimSpace(d.StorageClass)
	s.MemcacheReplicas = atoi(d.MemcacheReplicas)
	s.S3 = blueprint.S3Settings{
		Endpoint: strings.TrimSpace(d.S3Endpoint), Region: strings.TrimSpace(d.S3Region),
		Bucket: strings.TrimSpace(d.S3Bucket), Prefix: strings.TrimSpace(d.S3Prefix),
		AccessKey: strings.TrimSpace(d.S3AccessKey), SecretKey: d.S3SecretKey,
	}
	s.WebReplicas = atoi(d.WebReplicas)
	s.WebPool, s.DBPool = d.WebPool, d.DBPool
	s.WebCPU, s.WebMemory = strings.TrimSpace(d.WebCPU), strings.TrimSpace(d.WebMemory)
	s.WebCPULimit, s.WebMemoryLimit = strings.TrimSpace(d.WebCPULimit), strings.TrimSpace(d.WebMemoryLimit)
	s.CronSchedule, s.BackupSchedule = strings.TrimSpace(d.CronSchedule), strings.TrimSpace(d.BackupSchedule)
	d.edgeSpec(&s)
	return s
}

func itoa(n int32) string { return strconv.Itoa(int(n)) }

// atoi returns 0 for text that is not a number; validation has said so.
func atoi(s string) int32 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return 0
	}
	return int32(n)
}
