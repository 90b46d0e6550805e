package kube

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
)

const dbPassword = "s3cr3t-Pa55word"

func mysqlSecret() *corev1.Secret {
	return &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{
			Name: "mysql", Namespace: opsNS,
			Annotations: map[string]string{
				corev1.LastAppliedConfigAnnotation: `{"stringData":{"password.txt":"` + dbPassword + `"}}`,
				"fdtui.dev/owner":                  "flightdeck",
			},
			ManagedFields: []metav1.ManagedFieldsEntry{{Manager: "fdtui", Operation: metav1.ManagedFieldsOperationApply}},
		},
		Type:       corev1.SecretTypeOpaque,
		Data:       map[string][]byte{"password.txt": []byte(dbPassword), "user.txt": []byte("drupal")},
		StringData: map[string]string{"name.txt": "drupal_db"},
	}
}

func TestObjectYAMLRedactsSecrets(t *testing.T) {
	secret := mysqlSecret()
	u, err := runtime.DefaultUnstructuredConverter.ToUnstructured(secret)
	if err != nil {
		t.Fatal(err)
	}
	uSecret := &unstructured.Unstructured{Object: u}
	uSecret.SetAPIVersion("v1")
	uSecret.SetKind("Secret")

	for name, obj := range map[string]runtime.Object{"typed": secret, "unstructured": uSecret} {
		t.Run(name, func(t *testing.T) {
			out, err := ObjectYAML(obj)
			if err != nil {
				t.Fatal(err)
			}
			text := string(out)
			for _, leak := range []string{dbPassword, "drupal_db", "ZHJ1cGFs" /* base64 "drupal" */, "czNjcjN0"} {
				if strings.Contains(text, leak) {
					t.Errorf("secret value %q shown:\n%s", leak, text)
				}
			}
			for _, want := range []string{
				"apiVersion: v1\n", "kind: Secret\n", "password.txt: <redacted>", "user.txt: <redacted>",
				"name.txt: <redacted>", "kubectl.kubernetes.io/last-applied-configuration: <redacted>",
				"fdtui.dev/owner: flightdeck", "type: Opaque",
			} {
				if !strings.Contains(text, want) {
					t.Errorf("missing %q in:\n%s", want, text)
				}
			}
			if strings.Contains(text, "managedFields") {
				t.Errorf("managedFields shown:\n%s", text)
			}
		})
	}
	if string(secret.Data["password.txt"]) != dbPassword || len(secret.ManagedFields) != 1 {
		t.Error("ObjectYAML modified its argument")
	}
}

func TestObjectYAMLDeploymentLooksLikeKubectl(t *testing.T) {
	d := opsDeployment(2, goodImage)
	d.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "kube-controller-manager"}}
	out, err := ObjectYAML(d)
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	if !strings.HasPrefix(text, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n") {
		t.Errorf("header:\n%s", text)
	}
	for _, want := range []string{"image: " + goodImage, "maxUnavailable: 0", "deployment.kubernetes.io/revision: \"2\""} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
	if strings.Contains(text, "managedFields") || strings.Contains(text, "<redacted>") {
		t.Errorf("managedFields or redaction in a Deployment:\n%s", text)
	}
}

// unregistered is a runtime.Object no scheme knows.
type unregistered struct {
	metav1.TypeMeta
	Field string
}

func (u *unregistered) DeepCopyObject() runtime.Object { c := *u; return &c }

func TestObjectYAMLUnknownType(t *testing.T) {
	_, err := ObjectYAML(&unregistered{Field: "x"})
	if err == nil || !strings.Contains(err.Error(), "unknown kind *kube.unregistered") {
		t.Fatalf("err %v", err)
	}
}
