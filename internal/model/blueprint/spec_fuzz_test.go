package blueprint

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation"
)

// specFields are the prefixes SiteSpec.Validate gives its errors: a
// rejection must name the field the wizard should point at.
var specFields = []string{
	"Domain", "Image", "VarnishImage", "MySQLImage", "WebReplicas", "MemcacheReplicas", "MySQLVolume",
	"StorageClass", "WebCPU", "WebCPULimit", "WebMemory", "WebMemoryLimit", "ClusterIssuer", "IngressClass",
	"MaxUpload", "S3.Endpoint", "S3.Region", "S3.Bucket", "S3.AccessKey", "S3.SecretKey", "S3.Prefix",
	"PullSecret", "Registry.Server", "Registry.Username", "Registry.Password", "WebPool", "DBPool",
	"ProgressDeadlineSeconds", "DB.Name", "DB.User", "DB.Pass", "DB.RootPass",
}

// FuzzSiteSpecValidate feeds hostile values to every string field the
// wizard types into, through SiteSpec.Validate. Each problem must name its
// field and say why, and never quote a password; a spec it accepts must
// build (Build calls resource.MustParse) into objects Kubernetes accepts
// the names and labels of.
func FuzzSiteSpecValidate(f *testing.F) {
	full := fullSpec()
	f.Add(full.Domain, full.Image, full.MySQLImage, full.MySQLVolume, full.WebCPU, full.WebMemory, full.WebCPULimit,
		full.WebMemoryLimit, full.S3.Bucket, full.S3.Endpoint, full.S3.Region, full.S3.Prefix, full.WebPool,
		full.Registry.Server, "drupal_1", "a-long-enough-password", int32(3), int32(600))
	f.Add("", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", int32(0), int32(0))
	f.Add("WWW.\u212Aelvin.COM", "nginx:latest", "mariadb", "0", "2", "1Gi", "1", "512Mi", "Bad_Bucket",
		"ftp://x/y", "nyc 3", "/../", "pool with spaces", "https://reg.io", "drop table;", "short",
		int32(-1), int32(5))
	f.Fuzz(func(t *testing.T, domain, image, mysqlImage, volume, cpu, memory, cpuLimit, memoryLimit,
		bucket, endpoint, region, prefix, pool, registry, dbName, dbPass string, replicas, deadline int32) {
		s := fullSpec()
		s.Domain, s.Image, s.MySQLImage, s.MySQLVolume = domain, image, mysqlImage, volume
		s.WebCPU, s.WebMemory, s.WebCPULimit, s.WebMemoryLimit = cpu, memory, cpuLimit, memoryLimit
		s.S3.Bucket, s.S3.Endpoint, s.S3.Region, s.S3.Prefix = bucket, endpoint, region, prefix
		s.WebPool, s.DBPool, s.Registry.Server = pool, pool, registry
		s.DB = DBCredentials{Name: dbName, User: dbName, Pass: dbPass, RootPass: dbPass}
		s.WebReplicas, s.ProgressDeadlineSeconds = replicas, deadline

		err := s.Validate()
		if err != nil {
			checkSpecErrors(t, err, dbPass)
			return
		}
		objs, err := Build(s, fixedSecrets())
		if err != nil {
			t.Fatalf("Validate accepts %+v, Build refuses: %v", s, err)
		}
		checkObjects(t, s.WithDefaults(), objs)
	})
}

func checkSpecErrors(t *testing.T, err error, pass string) {
	t.Helper()
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	for _, e := range errs {
		field, reason, ok := strings.Cut(e.Error(), ": ")
		if !ok || !slices.Contains(specFields, field) || len(strings.TrimSpace(reason)) < len("is empty") {
			t.Fatalf("%q is not \"Field: why\"", e)
		}
		checkReason(t, field, e, field)
		if (field == "DB.Pass" || field == "DB.RootPass") && pass != "" && strings.Contains(reason, strconv.Quote(pass)) {
			t.Fatalf("%s: the message quotes the password: %q", field, reason)
		}
	}
}

func checkObjects(t *testing.T, s SiteSpec, objs []*unstructured.Unstructured) {
	t.Helper()
	ns, _ := NamespaceFor(s.Domain)
	for _, o := range objs {
		if msgs := validation.IsDNS1123Subdomain(o.GetName()); len(msgs) > 0 {
			t.Fatalf("%s name %q: %v", o.GetKind(), o.GetName(), msgs)
		}
		if o.GetKind() != "Namespace" && o.GetNamespace() != ns {
			t.Fatalf("%s %s in namespace %q, want %q", o.GetKind(), o.GetName(), o.GetNamespace(), ns)
		}
		labels := o.GetLabels()
		selector, _, _ := unstructured.NestedStringMap(o.Object, "spec", "template", "spec", "nodeSelector")
		for _, m := range []map[string]string{labels, selector} {
			for k, v := range m {
				if msgs := append(validation.IsQualifiedName(k), validation.IsValidLabelValue(v)...); len(msgs) > 0 {
					t.Fatalf("%s %s: label %s=%q: %v", o.GetKind(), o.GetName(), k, v, msgs)
				}
			}
		}
		if o.GetKind() == "Ingress" {
			rules, _, _ := unstructured.NestedSlice(o.Object, "spec", "rules")
			if host := rules[0].(map[string]any)["host"]; host != s.Domain || !isASCII(s.Domain) {
				t.Fatalf("Ingress host %q for domain %q", host, s.Domain)
			}
		}
	}
}
