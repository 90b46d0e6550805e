package sitewizard

import (
	"fmt"
	"slices"

	"charm.land/huh/v2"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// Steps as the user sees them; the review (step 8) is its own page.
const totalSteps = 8

func stepTitle(n int, title string) string {
	return fmt.Sprintf("Step %d of %d · %s", n, totalSteps, title)
}

// domainForm is step 1. A domain whose namespace holds a Flight Deck site
// leads to a second group asking whether to update that site.
func domainForm(d *draft, f *facts) *huh.Form {
	exists := func() bool { return f.lookup(namespaceOf(d.Domain)).Exists }
	return huh.NewForm(
		huh.NewGroup(
			huh.NewInput().Title("Domain").Value(&d.Domain).
				Description("The site's host name, e.g. www.example.com; the namespace is named after it.").
				Placeholder("www.example.com").Validate(validateDomain(f.lookup)),
		).Title(stepTitle(1, "Domain")),
		huh.NewGroup(
			// The domain is in the page header: a TitleFunc would read the
			// draft from another goroutine.
			huh.NewConfirm().Value(&d.Confirmed).Affirmative("Update it").Negative("No").
				Title("A site with this domain exists: update it?").
				Description("The wizard starts from its current settings; nothing changes before you confirm the plan.").
				Validate(validateUpdateConfirmed),
		).Title(stepTitle(1, "Existing site")).WithHideFunc(func() bool { return !exists() }),
	)
}

// siteForm is steps 2 to 7.
func siteForm(d *draft, f *facts) *huh.Form {
	return huh.NewForm(append([]*huh.Group{
		imageGroup(d),
		pullSecretGroup(d),
		registryGroup(d),
		databaseGroup(d, f),
		cacheGroup(d, f),
		objectStoreGroup(d),
		placementGroup(d, f),
		schedulesGroup(d),
	}, edgeGroups(d, f)...)...)
}

func imageGroup(d *draft) *huh.Group {
	return huh.NewGroup(
		huh.NewInput().Title("Site image").Value(&d.Image).
			Description("From your private registry, tagged with the git short SHA, e.g. registry.digitalocean.com/acme/shop:4f9c2e1").
			Validate(validateSiteImage),
		huh.NewSelect[string]().Title("Registry login").Value(&d.PullMode).Options(
			huh.NewOption("Use an existing pull secret", pullExisting),
			huh.NewOption("Create a pull secret from registry credentials", pullCreate),
		),
	).Title(stepTitle(2, "Image and registry"))
}

func pullSecretGroup(d *draft) *huh.Group {
	return huh.NewGroup(
		huh.NewInput().Title("Pull secret name").Value(&d.PullSecret).
			Description("A kubernetes.io/dockerconfigjson Secret in the site's namespace (create it before the pods start).").
			Validate(specField(d, "PullSecret", func(c *draft, v string) { c.PullSecret = v })),
	).Title(stepTitle(2, "Image and registry · existing pull secret")).
		WithHideFunc(func() bool { return d.PullMode != pullExisting })
}

func registryGroup(d *draft) *huh.Group {
	return huh.NewGroup(
		huh.NewInput().Title("Pull secret name").Value(&d.PullSecret).
			Validate(specField(d, "PullSecret", func(c *draft, v string) { c.PullSecret = v })),
		huh.NewInput().Title("Registry server").Value(&d.RegistryHost).Placeholder("registry.digitalocean.com").
			Validate(all(required("the registry server"), specField(d, "Registry.Server", func(c *draft, v string) { c.RegistryHost = v }))),
		huh.NewInput().Title("Registry user").Value(&d.RegistryUser).Validate(required("the user")),
		huh.NewInput().Title("Registry password or token").Value(&d.RegistryPass).
			EchoMode(huh.EchoModePassword).Validate(required("the password")),
	).Title(stepTitle(2, "Image and registry · new pull secret")).
		WithHideFunc(func() bool { return d.PullMode != pullCreate })
}

func databaseGroup(d *draft, f *facts) *huh.Group {
	volume := validateQuantity
	if d.original != nil {
		volume = validateFixed(d.original.volume, "the volume size", validateQuantity)
	}
	return huh.NewGroup(
		huh.NewInput().Title("MySQL image").Value(&d.MySQLImage).
			Description("MariaDB or MySQL, pinned to a version.").Validate(validateImage),
		huh.NewInput().Title("Volume size").Value(&d.MySQLVolume).
			Description("The database's PersistentVolumeClaim, e.g. 10Gi.").Validate(volume),
		storageClassField(d, f),
	).Title(stepTitle(3, "Database"))
}

// storageClassField picks among the cluster's classes when they are known,
// else takes a typed name.
func storageClassField(d *draft, f *facts) huh.Field {
	if d.original != nil {
		return huh.NewNote().Title("Storage class").
			Description(orText(d.original.storageClass, "the cluster default") + " (fixed: the volume exists)")
	}
	if len(f.classes) == 0 {
		desc := "Empty = the cluster's default StorageClass (do-block-storage on DigitalOcean)."
		if f.classesErr != nil {
			desc += " Could not list classes: " + clip(f.classesErr.Error())
		}
		return huh.NewInput().Title("Storage class").Value(&d.StorageClass).Description(desc).
			Validate(specField(d, "StorageClass", func(c *draft, v string) { c.StorageClass = v }))
	}
	var opts []huh.Option[string]
	for _, c := range f.classes {
		label := c.Name + "  (" + c.Provisioner + ")"
		value := c.Name
		if c.Default {
			label, value = c.Name+"  (cluster default)", ""
		}
		opts = append(opts, huh.NewOption(label, value))
	}
	return huh.NewSelect[string]().Title("Storage class").Value(&d.StorageClass).Options(opts...)
}

func cacheGroup(d *draft, f *facts) *huh.Group {
	desc := "Memcache pods run one per node."
	if f.nodes > 0 {
		desc = fmt.Sprintf("Memcache pods run one per node; the cluster has %d.", f.nodes)
	}
	return huh.NewGroup(
		huh.NewInput().Title("Memcache replicas").Value(&d.MemcacheReplicas).Description(desc).
			Validate(validateReplicas(1, "", f.nodes, fmt.Sprintf("only %d nodes: one memcache pod per node, the rest would stay Pending", f.nodes))),
	).Title(stepTitle(4, "Cache"))
}

func objectStoreGroup(d *draft) *huh.Group {
	return huh.NewGroup(
		huh.NewInput().Title("Endpoint").Value(&d.S3Endpoint).Placeholder("https://fra1.digitaloceanspaces.com").
			Validate(all(required("the endpoint"), specField(d, "S3.Endpoint", func(c *draft, v string) { c.S3Endpoint = v }))),
		huh.NewInput().Title("Region").Value(&d.S3Region).
			Validate(specField(d, "S3.Region", func(c *draft, v string) { c.S3Region = v })),
		huh.NewInput().Title("Bucket").Value(&d.S3Bucket).
			Description("Created on apply if missing; S3 rules: 3-63 of a-z 0-9 . -").Validate(validateBucket),
		huh.NewInput().Title("Prefix inside the bucket (optional)").Value(&d.S3Prefix).
			Validate(specField(d, "S3.Prefix", func(c *draft, v string) { c.S3Prefix = v })),
		huh.NewInput().Title("Access key").Value(&d.S3AccessKey).Validate(required("the access key")),
		huh.NewInput().Title("Secret key").Value(&d.S3SecretKey).EchoMode(huh.EchoModePassword).
			Description("Stored only in the site's s3 Secret.").Validate(required("the secret key")),
	).Title(stepTitle(5, "Object store"))
}

func placementGroup(d *draft, f *facts) *huh.Group {
	request := func(field string, set func(*draft, string)) func(string) error {
		return all(validateQuantity, specField(d, field, set))
	}
	// The spec reports a request above its limit on the request's field,
	// which the user has left by the time they type the limit: a limit is
	// checked against its request too, or the review would refuse it.
	limit := func(field, requestField string, set func(*draft, string)) func(string) error {
		return all(request(field, set), specField(d, requestField, set))
	}
	return huh.NewGroup(
		huh.NewInput().Title("Web replicas").Value(&d.WebReplicas).
			Description("Pods of varnish + apache; at least 2 so that deploys and drains never take the site down.").
			Validate(validateReplicas(2, ": with one replica every deploy or node drain takes the site down", 0, "")),
		poolField("Web node pool", &d.WebPool, f, "WebPool", d),
		poolField("Database node pool", &d.DBPool, f, "DBPool", d),
		huh.NewInput().Title("Web CPU request").Value(&d.WebCPU).
			Validate(request("WebCPU", func(c *draft, v string) { c.WebCPU = v })),
		huh.NewInput().Title("Web memory request").Value(&d.WebMemory).
			Validate(request("WebMemory", func(c *draft, v string) { c.WebMemory = v })),
		huh.NewInput().Title("Web CPU limit").Value(&d.WebCPULimit).
			Validate(limit("WebCPULimit", "WebCPU", func(c *draft, v string) { c.WebCPULimit = v })),
		huh.NewInput().Title("Web memory limit").Value(&d.WebMemoryLimit).
			Validate(limit("WebMemoryLimit", "WebMemory", func(c *draft, v string) { c.WebMemoryLimit = v })),
	).Title(stepTitle(6, "Placement and resources"))
}

// schedulesGroup asks when Drupal's cron and the database backup run:
// the drupal-cron and backup CronJobs' schedules, checked as the
// apiserver checks them (blueprint.ValidateSchedule). An empty field is
// refused rather than silently set back to the default.
func schedulesGroup(d *draft) *huh.Group {
	return huh.NewGroup(
		huh.NewInput().Title("Drupal cron schedule").Value(&d.CronSchedule).
			Description("drush cron in the site image; minute hour day-of-month month day-of-week, e.g. "+blueprint.DefaultCronSchedule+" (every 15 minutes).").
			Validate(validateSchedule),
		huh.NewInput().Title("Database backup schedule").Value(&d.BackupSchedule).
			Description("mysqldump, compressed, to the bucket under "+blueprint.BackupPrefix+", e.g. "+blueprint.DefaultBackupSchedule+" (daily at 03:00, the cluster's time zone).").
			Validate(validateSchedule),
	).Title(stepTitle(6, "Cron and backups"))
}

// poolField picks a DigitalOcean node pool seen on the nodes, or takes a
// typed one when the nodes carry no pool label.
func poolField(title string, value *string, f *facts, field string, d *draft) huh.Field {
	pools := f.pools
	if *value != "" && !slices.Contains(pools, *value) {
		pools = append([]string{*value}, pools...) // the current pool, even if gone
	}
	if len(pools) == 0 {
		return huh.NewInput().Title(title + " (optional)").Value(value).
			Validate(specField(d, field, func(c *draft, v string) {
				if field == "WebPool" {
					c.WebPool = v
				} else {
					c.DBPool = v
				}
			}))
	}
	opts := []huh.Option[string]{huh.NewOption("any node", "")}
	for _, p := range pools {
		opts = append(opts, huh.NewOption("pool "+p, p))
	}
	return huh.NewSelect[string]().Title(title).Value(value).Options(opts...).Inline(true)
}

// namespaceOf is the domain's namespace, "" while the domain is invalid.
func namespaceOf(domain string) string {
	ns, _ := blueprint.NamespaceFor(domain)
	return ns
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
