package blueprint

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

func TestBuildGolden(t *testing.T) {
	tests := []struct {
		name   string
		spec   SiteSpec
		redact bool
	}{
		{"minimal", minimalSpec(), false},
		{"full", fullSpec(), false},
		{"full_redacted", fullSpec(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs, err := Build(tt.spec, fixedSecrets())
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			out, err := ExportYAML(objs, tt.redact)
			if err != nil {
				t.Fatalf("ExportYAML: %v", err)
			}
			golden.RequireEqual(t, out)
		})
	}
}

func TestBuildOrderAndLabels(t *testing.T) {
	objs, err := Build(fullSpec(), fixedSecrets())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Namespace/shop-example-org",
		"Secret/mysql", "Secret/drupal", "Secret/s3", "Secret/acme-registry",
		"Service/mysql", "Service/memcache", "Service/web",
		"StatefulSet/mysql", "StatefulSet/memcache",
		"Deployment/web", "CronJob/drupal-cron", "CronJob/backup", "PodDisruptionBudget/web", "Ingress/web",
	}
	var got []string
	for _, o := range objs {
		got = append(got, o.GetKind()+"/"+o.GetName())
		if o.GetKind() != "Namespace" && o.GetNamespace() != "shop-example-org" {
			t.Errorf("%s/%s: namespace %q", o.GetKind(), o.GetName(), o.GetNamespace())
		}
		assertLabels(t, o)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("order:\n got %v\nwant %v", got, want)
	}
}

func assertLabels(t *testing.T, o *unstructured.Unstructured) {
	t.Helper()
	l := o.GetLabels()
	if l[LabelPartOf] != "flightdeck" || l[LabelInstance] != "shop-example-org" ||
		l[LabelManagedBy] != "fdtui" || l[LabelComponent] == "" {
		t.Errorf("%s/%s: labels %v", o.GetKind(), o.GetName(), l)
	}
	if o.GetAPIVersion() == "" {
		t.Errorf("%s/%s: no apiVersion", o.GetKind(), o.GetName())
	}
}

func TestBuildWithoutRegistryHasNoPullSecretObject(t *testing.T) {
	objs, err := Build(minimalSpec(), fixedSecrets())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.GetKind() == "Secret" && o.GetName() == DefaultPullSecret {
			t.Fatalf("pull secret created without Registry")
		}
	}
	pullSecrets, _, _ := unstructured.NestedSlice(find(t, objs, "Deployment", "web").Object,
		"spec", "template", "spec", "imagePullSecrets")
	if len(pullSecrets) != 1 {
		t.Fatalf("imagePullSecrets = %v", pullSecrets)
	}
}

// TestNoSecretValueInPodSpecs guards the rule that credentials reach
// containers only as files.
func TestNoSecretValueInPodSpecs(t *testing.T) {
	sec := fixedSecrets()
	spec := fullSpec()
	objs, err := Build(spec, sec)
	if err != nil {
		t.Fatal(err)
	}
	values := []string{sec.DBPass, sec.DBRootPass, sec.HashSalt, spec.S3.SecretKey, spec.S3.AccessKey, spec.Registry.Password}
	for _, o := range objs {
		if o.GetKind() == "Secret" {
			continue
		}
		out, _ := ExportYAML([]*unstructured.Unstructured{o}, false)
		for _, v := range values {
			if strings.Contains(string(out), v) {
				t.Errorf("%s/%s contains a secret value", o.GetKind(), o.GetName())
			}
		}
		if strings.Contains(string(out), "secretKeyRef") {
			t.Errorf("%s/%s uses secretKeyRef; mount files instead", o.GetKind(), o.GetName())
		}
	}
}

func TestBuildGivenDBValuesWin(t *testing.T) {
	spec := minimalSpec()
	spec.DB = DBCredentials{Name: "acme_www", Pass: "a-given-password-123"}
	objs, err := Build(spec, fixedSecrets())
	if err != nil {
		t.Fatal(err)
	}
	data, _, _ := unstructured.NestedStringMap(find(t, objs, "Secret", "mysql").Object, "data")
	if got := decode(t, data[KeyDBName]); got != "acme_www" {
		t.Errorf("db name = %q", got)
	}
	if got := decode(t, data[KeyDBUser]); got != "drupal" {
		t.Errorf("db user = %q, want generated", got)
	}
	if decode(t, data[KeyDBPass]) != "a-given-password-123" {
		t.Errorf("given db password not used")
	}
}

func TestBuildRejectsMissingSecrets(t *testing.T) {
	sec := fixedSecrets()
	sec.DBRootPass = ""
	if _, err := Build(minimalSpec(), sec); err == nil || !strings.Contains(err.Error(), "DBRootPass") {
		t.Fatalf("err = %v, want DBRootPass empty", err)
	}
}

func TestBuildRejectsInvalidSpec(t *testing.T) {
	spec := minimalSpec()
	spec.Domain = "not a domain"
	if _, err := Build(spec, fixedSecrets()); err == nil {
		t.Fatal("Build accepted an invalid domain")
	}
}

func TestDisruptionBudget(t *testing.T) {
	for replicas, want := range map[int32]int64{1: 1, 2: 1, 3: 2, 5: 4} {
		spec := minimalSpec()
		spec.WebReplicas = replicas
		objs, err := Build(spec, fixedSecrets())
		if err != nil {
			t.Fatal(err)
		}
		got, _, _ := unstructured.NestedInt64(find(t, objs, "PodDisruptionBudget", "web").Object, "spec", "minAvailable")
		if got != want {
			t.Errorf("replicas %d: minAvailable = %d, want %d", replicas, got, want)
		}
	}
}

func find(t *testing.T, objs []*unstructured.Unstructured, kind, name string) *unstructured.Unstructured {
	t.Helper()
	for _, o := range objs {
		if o.GetKind() == kind && o.GetName() == name {
			return o
		}
	}
	t.Fatalf("no %s/%s", kind, name)
	return nil
}

func decode(t *testing.T, b64 string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatalf("decoding: %v", err)
	}
	return string(raw)
}
