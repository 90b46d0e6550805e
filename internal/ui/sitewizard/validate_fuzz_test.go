package sitewizard

import (
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// wizardField is one typed field of the wizard, wired as in form.go.
type wizardField struct {
	name     string
	set      func(d *draft, v string)
	validate func(d *draft) func(string) error
	words    []string // what a rejection names
}

func specFieldOf(field string, set func(*draft, string)) func(d *draft) func(string) error {
	return func(d *draft) func(string) error { return specField(d, field, set) }
}

// requestField is placementGroup's request(): a quantity, then the spec's
// rules for the field.
func requestField(field string, set func(*draft, string)) func(d *draft) func(string) error {
	return func(d *draft) func(string) error { return all(validateQuantity, specField(d, field, set)) }
}

func fixed(v func(string) error) func(*draft) func(string) error {
	return func(*draft) func(string) error { return v }
}

// limitField is placementGroup's limit(): a request field's checks, then
// the spec's rules for the request it bounds.
func limitField(field, request string, set func(*draft, string)) func(d *draft) func(string) error {
	return func(d *draft) func(string) error {
		return all(requestField(field, set)(d), specField(d, request, set))
	}
}

// wizardFields mirrors form.go's steps 2 to 6 (the domain has its own
// target). The corpus in testdata names a field by its index here: add
// new fields at the end.
func wizardFields() []wizardField {
	quantity := []string{"quantity", "zero", "limit"}
	return []wizardField{
		{"Image", func(d *draft, v string) { d.Image = v }, fixed(validateSiteImage), []string{"image", "tag"}},
		{"MySQLImage", func(d *draft, v string) { d.MySQLImage = v }, fixed(validateImage), []string{"image", "tag"}},
		{"MySQLVolume", func(d *draft, v string) { d.MySQLVolume = v }, fixed(validateQuantity), quantity},
		{"MySQLVolume (update)", func(d *draft, v string) { d.MySQLVolume = v },
			fixed(validateFixed("10Gi", "the volume size", validateQuantity)), append(quantity, "volume size")},
		{"StorageClass", func(d *draft, v string) { d.StorageClass = v },
			specFieldOf("StorageClass", func(c *draft, v string) { c.StorageClass = v }), []string{"name"}},
		{"MemcacheReplicas", func(d *draft, v string) { d.MemcacheReplicas = v },
			fixed(validateReplicas(1, "", 3, "only 3 nodes")), []string{"number", "at least", "replicas"}},
		{"S3Endpoint", func(d *draft, v string) { d.S3Endpoint = v },
			func(d *draft) func(string) error {
				return all(required("the endpoint"), specField(d, "S3.Endpoint", func(c *draft, v string) { c.S3Endpoint = v }))
			}, []string{"URL", "path", "endpoint"}},
		{"S3Region", func(d *draft, v string) { d.S3Region = v },
			specFieldOf("S3.Region", func(c *draft, v string) { c.S3Region = v }), []string{"region"}},
		{"S3Bucket", func(d *draft, v string) { d.S3Bucket = v }, fixed(validateBucket), []string{"bucket name"}},
		{"S3Prefix", func(d *draft, v string) { d.S3Prefix = v },
			specFieldOf("S3.Prefix", func(c *draft, v string) { c.S3Prefix = v }), []string{"'/'", `".."`, "backslash"}},
		{"S3AccessKey", func(d *draft, v string) { d.S3AccessKey = v }, fixed(required("the access key")), []string{"access key"}},
		{"S3SecretKey", func(d *draft, v string) { d.S3SecretKey = v }, fixed(required("the secret key")), []string{"secret key"}},
		{"WebReplicas", func(d *draft, v string) { d.WebReplicas = v },
			fixed(validateReplicas(2, ": with one replica every deploy takes the site down", 0, "")), []string{"number", "at least", "replicas"}},
		{"WebPool", func(d *draft, v string) { d.WebPool = v },
			specFieldOf("WebPool", func(c *draft, v string) { c.WebPool = v }), []string{"node pool"}},
		{"DBPool", func(d *draft, v string) { d.DBPool = v },
			specFieldOf("DBPool", func(c *draft, v string) { c.DBPool = v }), []string{"node pool"}},
		{"WebCPU", func(d *draft, v string) { d.WebCPU = v }, requestField("WebCPU", func(c *draft, v string) { c.WebCPU = v }), quantity},
		{"WebMemory", func(d *draft, v string) { d.WebMemory = v }, requestField("WebMemory", func(c *draft, v string) { c.WebMemory = v }), quantity},
		{"WebCPULimit", func(d *draft, v string) { d.WebCPULimit = v },
			limitField("WebCPULimit", "WebCPU", func(c *draft, v string) { c.WebCPULimit = v }), quantity},
		{"WebMemoryLimit", func(d *draft, v string) { d.WebMemoryLimit = v },
			limitField("WebMemoryLimit", "WebMemory", func(c *draft, v string) { c.WebMemoryLimit = v }), quantity},
		{"PullSecret", func(d *draft, v string) { d.PullSecret = v },
			specFieldOf("PullSecret", func(c *draft, v string) { c.PullSecret = v }), []string{"name"}},
		{"RegistryHost", func(d *draft, v string) { d.PullMode, d.RegistryHost = pullCreate, v },
			func(d *draft) func(string) error {
				return all(required("the registry server"), specField(d, "Registry.Server", func(c *draft, v string) { c.RegistryHost = v }))
			}, []string{"registry"}},
		{"RegistryUser", func(d *draft, v string) { d.PullMode, d.RegistryUser = pullCreate, v }, fixed(required("the user")), []string{"user"}},
		{"RegistryPass", func(d *draft, v string) { d.PullMode, d.RegistryPass = pullCreate, v }, fixed(required("the password")), []string{"password"}},
		{"CronSchedule", func(d *draft, v string) { d.CronSchedule = v }, fixed(validateSchedule), []string{"schedule"}},
		{"BackupSchedule", func(d *draft, v string) { d.BackupSchedule = v }, fixed(validateSchedule), []string{"schedule"}},
	}
}

// validDraft is a complete new site, registry login included for when a
// target switches to creating the pull secret.
func validDraft() *draft {
	d := newDraft("www.example.com", s3Defaults{Endpoint: "https://fra1.digitaloceanspaces.com", Region: "fra1",
		AccessKey: "DO00TESTACCESSKEY", SecretKey: "test-secret-key-not-real"}, 3)
	d.Image = "registry.example.com/acme/web:4f9c2e1"
	d.RegistryHost, d.RegistryUser, d.RegistryPass = "registry.example.com", "ci-bot", "not-a-real-password"
	return d
}

// FuzzWizardFields types a hostile value into one field of an otherwise
// valid draft. A rejection says why; a value the field accepts must leave
// a draft whose spec validates: the review page must not be where the user
// learns that a field they passed was wrong.
func FuzzWizardFields(f *testing.F) {
	fields := wizardFields()
	for i := range fields {
		for _, v := range []string{"", " \x1b[31m", strings.Repeat("9", 300)} {
			f.Add(uint8(i), v)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, value string) {
		fld := fields[int(which)%len(fields)]
		d := validDraft()
		if err := d.spec().Validate(); err != nil {
			t.Fatalf("the base draft is invalid: %v", err)
		}
		fld.set(d, "")
		validate := fld.validate(d)
		fld.set(d, value)
		err := validate(value)
		if err != nil {
			checkReason(t, fld.name+"="+value, err, fld.words...)
			return
		}
		if err := d.spec().Validate(); err != nil {
			t.Fatalf("%s accepts %q, the site's spec then refuses: %v", fld.name, value, err)
		}
	})
}

// FuzzSiteDomain feeds hostile domains to step 1, against a cluster whose
// namespace of that name may exist, be a site, and carry any
// flightdeck.dev/domain annotation (anyone who can edit the namespace can
// write it). A rejection says why; an accepted domain names a valid
// namespace that is free or is this domain's site.
func FuzzSiteDomain(f *testing.F) {
	for _, seed := range []struct {
		domain string
		state  uint8
		note   string
	}{
		{"www.example.com", 0, ""}, {"www.example.com", 3, "www.example.com"}, {"www.example.com", 7, "www-example.com"},
		{"www.example.com", 1, ""}, {"www-example.com", 7, "www.example.com\x1b[2J\n"}, {"WWW.example.com", 0, ""},
		{"b\u00fccher.de", 0, ""}, {"xn--bcher-kva.de", 3, ""}, {"", 0, ""}, {"a.b.", 0, ""},
	} {
		f.Add(seed.domain, seed.state, seed.note)
	}
	f.Fuzz(func(t *testing.T, domain string, state uint8, annotation string) {
		info := nsInfo{Exists: state&1 != 0, FlightDeck: state&2 != 0}
		if state&4 != 0 {
			info.Domain = annotation
		}
		var asked string
		err := validateDomain(func(ns string) nsInfo { asked = ns; return info })(domain)
		if err != nil {
			checkReason(t, domain, err, "domain", "namespace")
			return
		}
		ns, nsErr := blueprint.NamespaceFor(domain)
		if blueprint.ValidateDomain(domain) != nil || nsErr != nil || asked != ns || len(validation.IsDNS1123Label(ns)) > 0 {
			t.Fatalf("%q accepted; namespace %q (%v), looked up %q", domain, ns, nsErr, asked)
		}
		if info.Exists && (!info.FlightDeck || (info.Domain != "" && info.Domain != domain)) {
			t.Fatalf("%q accepted into namespace %s held by %+v", domain, ns, info)
		}
	})
}

// FuzzExportPath feeds hostile file names to the export form: a rejection
// says why (printably: the path is echoed), an accepted path is a file
// name in an existing directory.
func FuzzExportPath(f *testing.F) {
	for _, seed := range []string{"www-example-com.yaml", "", " ", "/", ".", "/nonexistent/x.yaml", "/tmp", "a\x1b[2J/b.yaml",
		"dir\nname/x.yaml", strings.Repeat("d/", 100) + "x.yaml", "\x00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, path string) {
		if err := validateExportPath(path); err != nil {
			checkReason(t, path, err, "file name", "directory")
			return
		}
		if strings.TrimSpace(path) == "" {
			t.Fatalf("%q accepted", path)
		}
	})
}
