package blueprint

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"regexp"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
)

// Validate checks the spec after applying defaults and returns every
// problem at once, each prefixed with the field it concerns.
func (s SiteSpec) Validate() error {
	s = s.WithDefaults()
	v := &fieldErrors{}
	_, err := NamespaceFor(s.Domain) // validates the domain, then the namespace length
	v.check("Domain", err)
	v.check("Image", validateSiteImage(s.Image))
	v.check("VarnishImage", ValidateImage(s.VarnishImage))
	v.check("MySQLImage", ValidateImage(s.MySQLImage))
	v.check("WebReplicas", validateReplicas(s.WebReplicas))
	v.check("MemcacheReplicas", validateReplicas(s.MemcacheReplicas))
	v.check("MySQLVolume", ValidateQuantity(s.MySQLVolume))
	v.check("StorageClass", optionalName(s.StorageClass))
	s.validateResources(v)
	v.check("ClusterIssuer", validateName(s.ClusterIssuer))
	v.check("IngressClass", validateName(s.IngressClass))
	v.check("MaxUpload", validateNginxSize(s.MaxUpload))
	s.S3.validate(v)
	v.check("PullSecret", validateName(s.PullSecret))
	if s.Registry != nil {
		s.Registry.validate(v)
	}
	v.check("WebPool", optionalLabelValue(s.WebPool))
	v.check("DBPool", optionalLabelValue(s.DBPool))
	v.check("ProgressDeadlineSeconds", validateProgressDeadline(s.ProgressDeadlineSeconds))
	v.check("CronSchedule", ValidateSchedule(s.CronSchedule))
	v.check("BackupSchedule", ValidateSchedule(s.BackupSchedule))
	s.validateRoute(v)
	s.DB.validate(v)
	return v.err()
}

// fieldErrors collects "Field: problem" errors.
type fieldErrors struct{ errs []error }

func (v *fieldErrors) check(field string, err error) {
	if err != nil {
		v.errs = append(v.errs, fmt.Errorf("%s: %w", field, err))
	}
}

func (v *fieldErrors) err() error { return errors.Join(v.errs...) }

func validateSiteImage(ref string) error {
	if err := ValidateImage(ref); err != nil {
		return err
	}
	if img, _ := ParseImage(ref); img.Tag == "latest" {
		return fmt.Errorf("image %q: the tag \"latest\" cannot be rolled back; use the git short SHA", ref)
	}
	return nil
}

func validateReplicas(n int32) error {
	if n < 1 {
		return fmt.Errorf("must be at least 1, got %d", n)
	}
	return nil
}

// minReadySeconds of the web Deployment; the apiserver requires the progress
// deadline to be greater.
const minReadySeconds = 5

func validateProgressDeadline(n int32) error {
	if n <= minReadySeconds {
		return fmt.Errorf("must be more than minReadySeconds (%d), got %d", minReadySeconds, n)
	}
	return nil
}

// ValidateQuantity accepts a positive Kubernetes resource quantity such as
// 250m, 1, 512Mi or 10Gi.
func ValidateQuantity(q string) error {
	if q == "" {
		return errors.New("quantity is empty")
	}
	parsed, err := resource.ParseQuantity(q)
	if err != nil {
		return fmt.Errorf("%q is not a resource quantity (like 250m, 512Mi, 10Gi)", q)
	}
	if parsed.Sign() <= 0 {
		return fmt.Errorf("%q must be more than zero", q)
	}
	// apimachinery writes a quantity of 10^21 or more in SI form ("1000E",
	// 22 digits) without the suffix it has no name for: 1000E is sent as
	// "1" (kubernetes/kubernetes#141249). Refuse what would not arrive
	// intact; "1e23" is written with its exponent and does.
	sent := parsed.String()
	if back, err := resource.ParseQuantity(sent); err != nil || back.Cmp(parsed) != 0 {
		return fmt.Errorf("%q is too large a quantity: Kubernetes would receive it as %q", q, sent)
	}
	return nil
}

func (s SiteSpec) validateResources(v *fieldErrors) {
	pairs := []struct{ reqField, req, limField, lim string }{
		{"WebCPU", s.WebCPU, "WebCPULimit", s.WebCPULimit},
		{"WebMemory", s.WebMemory, "WebMemoryLimit", s.WebMemoryLimit},
	}
	for _, f := range []struct{ field, q string }{
		{"VarnishCPU", s.VarnishCPU}, {"MySQLCPU", s.MySQLCPU}, {"MySQLMemory", s.MySQLMemory}, {"MemcacheCPU", s.MemcacheCPU},
	} {
		v.check(f.field, ValidateQuantity(f.q))
	}
	pairs = append(pairs, []struct{ reqField, req, limField, lim string }{
		{"VarnishMemory", s.VarnishMemory, "varnish's memory limit", varnishMemoryLimit},
		{"MemcacheMemory", s.MemcacheMemory, "memcache's memory limit", memcacheMemoryLimit},
	}...)
	for _, p := range pairs {
		reqErr, limErr := ValidateQuantity(p.req), ValidateQuantity(p.lim)
		v.check(p.reqField, reqErr)
		v.check(p.limField, limErr)
		if reqErr == nil && limErr == nil && quantityGreater(p.req, p.lim) {
			v.check(p.reqField, fmt.Errorf("request %s is more than the limit %s (%s)", p.req, p.lim, p.limField))
		}
	}
}

func quantityGreater(a, b string) bool {
	qa, qb := resource.MustParse(a), resource.MustParse(b)
	return qa.Cmp(qb) > 0
}

var nginxSize = regexp.MustCompile(`^[0-9]{1,9}[kKmMgG]?$`)

// validateNginxSize checks nginx's client_max_body_size syntax: "128m" here
// means 128 megabytes, not a Kubernetes milli-quantity.
func validateNginxSize(size string) error {
	if !nginxSize.MatchString(size) {
		return fmt.Errorf("%q is not an nginx size (like 128m or 1g)", size)
	}
	return nil
}

// validateName checks an object name (DNS-1123 subdomain).
func validateName(name string) error {
	if name == "" {
		return errors.New("is empty")
	}
	if msgs := validation.IsDNS1123Subdomain(name); len(msgs) > 0 {
		return fmt.Errorf("%q is not a valid name: %s", name, strings.Join(msgs, "; "))
	}
	return nil
}

func optionalName(name string) error {
	if name == "" {
		return nil
	}
	return validateName(name)
}

func optionalLabelValue(value string) error {
	if msgs := validation.IsValidLabelValue(value); len(msgs) > 0 {
		return fmt.Errorf("%q is not a valid node pool name: %s", value, strings.Join(msgs, "; "))
	}
	return nil
}

func (r RegistryAuth) validate(v *fieldErrors) {
	v.check("Registry.Server", validateRegistryServer(r.Server))
	v.check("Registry.Username", required(r.Username))
	v.check("Registry.Password", required(r.Password))
}

var registryHost = regexp.MustCompile(`^` + refDomainAndPort + `$`)

// validateRegistryServer accepts host[:port], the key of a dockerconfigjson.
func validateRegistryServer(server string) error {
	if server == "" {
		return errors.New("is empty")
	}
	if !registryHost.MatchString(server) {
		return fmt.Errorf("%q is not a registry host (like registry.example.com or localhost:5000)", server)
	}
	return nil
}

// MariaDB identifiers fdtui accepts: unquoted-safe, within MariaDB's limits
// (64 for database names, 80 for user names).
var (
	dbNamePattern = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)
	dbUserPattern = regexp.MustCompile(`^[A-Za-z0-9_]{1,80}$`)
)

const minPasswordLength = 12

func (db DBCredentials) validate(v *fieldErrors) {
	if db.Name != "" && !dbNamePattern.MatchString(db.Name) {
		v.check("DB.Name", fmt.Errorf("%q must be 1-64 characters of A-Z, a-z, 0-9 and _", db.Name))
	}
	if db.User != "" && !dbUserPattern.MatchString(db.User) {
		v.check("DB.User", fmt.Errorf("%q must be 1-80 characters of A-Z, a-z, 0-9 and _", db.User))
	}
	v.check("DB.Pass", validateGivenPassword(db.Pass))
	v.check("DB.RootPass", validateGivenPassword(db.RootPass))
}

// validateGivenPassword never quotes the password in its message.
func validateGivenPassword(pass string) error {
	switch {
	case pass == "":
		return nil // generated
	case len(pass) < minPasswordLength:
		return fmt.Errorf("is shorter than %d characters", minPasswordLength)
	case strings.ContainsAny(pass, "\r\n\x00"):
		return errors.New("contains a line break or NUL, which the password file cannot hold")
	}
	return nil
}

func required(value string) error {
	if value == "" {
		return errors.New("is empty")
	}
	return nil
}

func (s S3Settings) validate(v *fieldErrors) {
	v.check("S3.Endpoint", validateEndpoint(s.Endpoint))
	v.check("S3.Bucket", ValidateBucket(s.Bucket))
	v.check("S3.AccessKey", required(s.AccessKey))
	v.check("S3.SecretKey", required(s.SecretKey))
	v.check("S3.Prefix", validatePrefix(s.Prefix))
	if strings.ContainsAny(s.Region, " /\t\n") {
		v.check("S3.Region", fmt.Errorf("%q is not a region name (like nyc3 or us-east-1)", s.Region))
	}
}

// validateEndpoint accepts an http(s) URL without path, the form S3 clients
// take, e.g. https://fra1.digitaloceanspaces.com.
func validateEndpoint(endpoint string) error {
	if endpoint == "" {
		return errors.New("is empty")
	}
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%q must be an http(s) URL like https://fra1.digitaloceanspaces.com", endpoint)
	}
	if strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.User != nil {
		return fmt.Errorf("%q must not have a path, query or credentials", endpoint)
	}
	return nil
}

func validatePrefix(prefix string) error {
	switch {
	case strings.HasPrefix(prefix, "/"):
		return fmt.Errorf("%q must not start with '/'", prefix)
	case strings.Contains(prefix, ".."), strings.Contains(prefix, "//"):
		return fmt.Errorf("%q must not contain \"..\" or \"//\"", prefix)
	case strings.ContainsAny(prefix, "\\\t\r\n"):
		return fmt.Errorf("%q contains a backslash or control character", prefix)
	}
	return nil
}

var bucketChars = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)

// ValidateBucket applies the S3 bucket naming rules (which DigitalOcean
// Spaces and MinIO follow): 3-63 characters of a-z, 0-9, '.' and '-',
// starting and ending with a letter or digit, not shaped like an IP address,
// and none of the prefixes and suffixes AWS reserves.
func ValidateBucket(name string) error {
	switch {
	case len(name) < 3 || len(name) > 63:
		return fmt.Errorf("bucket name %q must be 3 to 63 characters, got %d", name, len(name))
	case !bucketChars.MatchString(name):
		return fmt.Errorf("bucket name %q may only hold a-z, 0-9, '.' and '-', and must start and end with a letter or digit", name)
	case strings.Contains(name, ".."):
		return fmt.Errorf("bucket name %q must not contain two dots in a row", name)
	case strings.Contains(name, ".-") || strings.Contains(name, "-."):
		return fmt.Errorf("bucket name %q must not have a hyphen next to a dot", name)
	case isIPv4Shaped(name):
		return fmt.Errorf("bucket name %q must not look like an IP address", name)
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, p) {
			return fmt.Errorf("bucket name %q must not start with %q", name, p)
		}
	}
	for _, suffix := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3"} {
		if strings.HasSuffix(name, suffix) {
			return fmt.Errorf("bucket name %q must not end with %q", name, suffix)
		}
	}
	return nil
}

// isIPv4Shaped catches 192.168.5.4 and also forms like 10.0.0.300 that are
// not addresses but still confuse virtual-host style URLs.
func isIPv4Shaped(name string) bool {
	if _, err := netip.ParseAddr(name); err == nil {
		return true
	}
	parts := strings.Split(name, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if !isDigits(p) {
			return false
		}
	}
	return true
}
