package blueprint

import (
	"strings"
	"testing"
)

func TestValidateImage(t *testing.T) {
	tests := []struct {
		ref, errPart string
	}{
		{ref: "registry.example.com/acme/web:4f9c2e1"},
		{ref: "registry.example.com:5000/acme/web:4f9c2e1"},
		{ref: "localhost:5000/web:v1.2.3"},
		{ref: "varnish:7.6"},
		{ref: "mariadb:11.4@sha256:" + strings.Repeat("ab", 32)},
		{ref: "ghcr.io/acme/drupal-site_web:main-4f9c2e1"},
		{ref: "[::1]:5000/web:1"},
		{ref: "", errPart: "empty"},
		{ref: "registry.example.com/acme/web", errPart: "no tag"},
		{ref: "registry.example.com/Acme/Web:1", errPart: "must be lowercase"},
		{ref: "registry.example.com/acme/web:4f9c 2e1", errPart: "whitespace"},
		{ref: "https://registry.example.com/acme/web:1", errPart: "URL scheme"},
		{ref: "registry.example.com/acme/web:" + strings.Repeat("a", 129), errPart: "not a valid reference"},
		{ref: "registry.example.com/acme/web:-bad", errPart: "not a valid reference"},
		{ref: "registry.example.com/../web:1", errPart: "not a valid reference"},
		{ref: "registry.example.com//web:1", errPart: "not a valid reference"},
		{ref: "web@sha256:abc", errPart: "not a valid reference"},
		{ref: "ex.com/" + strings.Repeat("a", 250) + ":1", errPart: "limit is 255"},
		{ref: "wéb:1", errPart: "not a valid reference"},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			err := ValidateImage(tt.ref)
			if tt.errPart == "" {
				if err != nil {
					t.Fatalf("ValidateImage(%q) = %v", tt.ref, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Fatalf("ValidateImage(%q) = %v; want it to mention %q", tt.ref, err, tt.errPart)
			}
		})
	}
}

func TestParseImage(t *testing.T) {
	got, err := ParseImage("registry.example.com:5000/acme/web:4f9c2e1")
	if err != nil {
		t.Fatal(err)
	}
	want := ImageRef{Name: "registry.example.com:5000/acme/web", Tag: "4f9c2e1"}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestIsGitShortSHA(t *testing.T) {
	for tag, want := range map[string]bool{
		"4f9c2e1": true, "4f9c2e1a9b3c": true, "4f9c2e": false, "4f9c2e1a9b3cd": false,
		"4F9C2E1": false, "v1.2.3": false, "latest": false, "": false, "4f9c2e1\n": false,
	} {
		if got := IsGitShortSHA(tag); got != want {
			t.Errorf("IsGitShortSHA(%q) = %v, want %v", tag, got, want)
		}
	}
}

func TestValidateBucket(t *testing.T) {
	tests := []struct {
		name, errPart string
	}{
		{name: "acme-www-files"},
		{name: "acme.www.files"},
		{name: "abc"},
		{name: strings.Repeat("a", 63)},
		{name: "ab", errPart: "3 to 63"},
		{name: strings.Repeat("a", 64), errPart: "3 to 63"},
		{name: "", errPart: "3 to 63"},
		{name: "Acme-Files", errPart: "may only hold"},
		{name: "acme files", errPart: "may only hold"},
		{name: "acme_files", errPart: "may only hold"},
		{name: "-acme", errPart: "may only hold"},
		{name: "acme.", errPart: "may only hold"},
		{name: "../acme", errPart: "may only hold"},
		{name: "acme..files", errPart: "two dots"},
		{name: "acme.-files", errPart: "hyphen next to a dot"},
		{name: "192.168.5.4", errPart: "IP address"},
		{name: "10.0.0.300", errPart: "IP address"},
		{name: "xn--acme", errPart: `start with "xn--"`},
		{name: "sthree-acme", errPart: `start with "sthree-"`},
		{name: "acme-s3alias", errPart: `end with "-s3alias"`},
		{name: "acme--ol-s3", errPart: `end with "--ol-s3"`},
		{name: "bücher", errPart: "may only hold"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateBucket(tt.name)
			if tt.errPart == "" {
				if err != nil {
					t.Fatalf("ValidateBucket(%q) = %v", tt.name, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Fatalf("ValidateBucket(%q) = %v; want it to mention %q", tt.name, err, tt.errPart)
			}
		})
	}
}

func TestValidateQuantity(t *testing.T) {
	for q, ok := range map[string]bool{
		"250m": true, "1": true, "512Mi": true, "10Gi": true, "1.5": true,
		"": false, "0": false, "-1Gi": false, "ten": false, "10 Gi": false, "10GB": false,
		// FuzzValidateQuantity: these used to be accepted and sent as "1"
		// and "100"; 1e23 is written with an exponent and arrives intact.
		"1000E": false, "00100000000000000000000000": false, "1e23": true,
	} {
		if err := ValidateQuantity(q); (err == nil) != ok {
			t.Errorf("ValidateQuantity(%q) = %v, want ok=%v", q, err, ok)
		}
	}
}

func TestSpecValidateAcceptsDefaults(t *testing.T) {
	for name, spec := range map[string]SiteSpec{"minimal": minimalSpec(), "full": fullSpec()} {
		if err := spec.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestSpecValidateNamesEveryField breaks many fields at once and checks
// that each problem is reported, prefixed with its field.
func TestSpecValidateNamesEveryField(t *testing.T) {
	s := fullSpec()
	s.Domain = "bad domain"
	s.Image = "registry.example.com/acme/web:latest"
	s.VarnishImage = "varnish"
	s.MySQLImage = "MariaDB:11"
	s.WebReplicas = -1
	s.MemcacheReplicas = -3
	s.MySQLVolume = "lots"
	s.StorageClass = "Fast SSD"
	s.WebCPU, s.WebCPULimit = "2", "1"
	s.WebMemory, s.WebMemoryLimit = "0", "nope"
	s.ClusterIssuer = "Lets Encrypt"
	s.IngressClass = "nginx/public"
	s.MaxUpload = "128 MB"
	s.S3 = S3Settings{Endpoint: "fra1.digitaloceanspaces.com/bucket", Bucket: "A", Region: "fra 1", Prefix: "../up"}
	s.PullSecret = "my_registry"
	s.Registry = &RegistryAuth{Server: "https://registry.example.com"}
	s.WebPool = "web pool"
	s.DBPool = strings.Repeat("p", 64)
	s.ProgressDeadlineSeconds = 5
	s.DB = DBCredentials{Name: "drupal-db", User: "a user", Pass: "short", RootPass: "a\nmultiline-password"}

	err := s.Validate()
	if err == nil {
		t.Fatal("Validate accepted a broken spec")
	}
	fields := []string{
		"Domain", "Image", "VarnishImage", "MySQLImage", "WebReplicas", "MemcacheReplicas",
		"MySQLVolume", "StorageClass", "WebCPU", "WebMemory", "WebMemoryLimit", "ClusterIssuer",
		"IngressClass", "MaxUpload", "S3.Endpoint", "S3.Bucket", "S3.AccessKey", "S3.SecretKey",
		"S3.Region", "S3.Prefix", "PullSecret", "Registry.Server", "Registry.Username",
		"Registry.Password", "WebPool", "DBPool", "ProgressDeadlineSeconds",
		"DB.Name", "DB.User", "DB.Pass", "DB.RootPass",
	}
	msg := err.Error()
	for _, f := range fields {
		if !strings.Contains(msg, "\n"+f+": ") && !strings.HasPrefix(msg, f+": ") {
			t.Errorf("no error for %s in:\n%s", f, msg)
		}
	}
	if strings.Contains(msg, "multiline-password") || strings.Contains(msg, `"short"`) {
		t.Errorf("error message quotes a password:\n%s", msg)
	}
}
