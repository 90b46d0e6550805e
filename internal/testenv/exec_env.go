package testenv

import (
	"context"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
)

// StandinEnv gives the exec stand-ins (hack/localcluster/standins) of pod
// ns/pod the environment env, through a kwok Exec object for that pod:
// FDTUI_STANDIN_FAIL (see FailStandins) and FDTUI_STANDIN_RECORD, the
// directory where the mysql stand-in records what it imported. It
// returns once kwok runs the pod's commands with it (kubectl exec shows
// every variable), at most 30 s. The object goes with the namespace; one
// pod takes one such object (FailStandins makes another).
func StandinEnv(t testing.TB, cfg *rest.Config, ns, pod string, env map[string]string) {
	t.Helper()
	dyn, err := dynamic.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(env))
	for k := range env {
		names = append(names, k)
	}
	slices.Sort(names)
	var envs []any
	for _, k := range names {
		envs = append(envs, map[string]any{"name": k, "value": env[k]})
	}
	obj := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "kwok.x-k8s.io/v1alpha1", "kind": "Exec",
		"metadata": map[string]any{"name": pod, "namespace": ns},
		"spec":     map[string]any{"execs": []any{map[string]any{"local": map[string]any{"workDir": "/tmp", "envs": envs}}}},
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := dyn.Resource(kwokExecs).Namespace(ns).Create(ctx, obj, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create kwok Exec %s/%s: %v", ns, pod, err)
	}
	kubectl := Kubectl(t)
	for _, k := range names {
		for {
			out, _ := exec.CommandContext(ctx, kubectl, "--kubeconfig", Kubeconfig(t), "-n", ns, "exec", pod, "--",
				"sh", "-c", "printenv "+k).Output()
			if strings.TrimSpace(string(out)) == env[k] {
				break
			}
			select {
			case <-ctx.Done():
				t.Fatalf("kwok did not take the Exec object for %s/%s within 30s (exec printed %s=%q)", ns, pod, k, out)
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
}
