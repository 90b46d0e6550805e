package testenv

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
)

// kwokExecs is kwok's per-pod exec configuration (hack/localcluster:
// enabled as a CRD, so a test can create one).
var kwokExecs = schema.GroupVersionResource{Group: "kwok.x-k8s.io", Version: "v1alpha1", Resource: "execs"}

// FailStandins makes the named exec stand-ins (hack/localcluster/standins:
// "drush", "varnishadm", "mysqldump") fail in pod ns/pod only: a kwok Exec
// object for that pod sets FDTUI_STANDIN_FAIL. It returns once kwok runs
// the pod's commands with it (kubectl exec shows the variable), at most
// 30 s. The object goes with the namespace.
func FailStandins(t testing.TB, cfg *rest.Config, ns, pod string, names ...string) {
	t.Helper()
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join(names, ",")
	obj := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "kwok.x-k8s.io/v1alpha1", "kind": "Exec",
		"metadata": map[string]any{"name": pod, "namespace": ns},
		"spec": map[string]any{"execs": []any{map[string]any{"local": map[string]any{
			"workDir": "/tmp",
			"envs":    []any{map[string]any{"name": "FDTUI_STANDIN_FAIL", "value": want}},
		}}}},
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := dyn.Resource(kwokExecs).Namespace(ns).Create(ctx, obj, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create kwok Exec %s/%s: %v", ns, pod, err)
	}
	kubectl := Kubectl(t)
	for {
		out, _ := exec.CommandContext(ctx, kubectl, "--kubeconfig", Kubeconfig(t), "-n", ns, "exec", pod, "--",
			"sh", "-c", "printenv FDTUI_STANDIN_FAIL").Output()
		if strings.TrimSpace(string(out)) == want {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("kwok did not take the Exec object for %s/%s within 30s (exec printed %q)", ns, pod, out)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
