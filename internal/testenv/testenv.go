// Package testenv gives integration tests the local cluster and object store
// started by hack/cluster.sh (make test brings them up and exports the
// environment). Without that environment the tests skip, so `go test` on a
// bare machine still passes; under make test (RequireEnv set) a missing
// piece fails the test instead, so nothing is silently left out.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
)

// Environment variables set by hack/test.sh.
const (
	KubeconfigEnv  = "FDTUI_KUBECONFIG"
	S3EndpointEnv  = "FDTUI_S3_ENDPOINT"
	S3AccessKeyEnv = "FDTUI_S3_ACCESS_KEY"
	S3SecretKeyEnv = "FDTUI_S3_SECRET_KEY"
	// RequireEnv, when non-empty, turns every skip for a missing
	// integration environment into a failure (hack/test.sh sets it).
	RequireEnv = "FDTUI_REQUIRE_INTEGRATION"
)

// SkipUnavailable skips the test because what it needs is not there, or
// fails it when RequireEnv is set: inside make test an integration test
// must run or fail, never pass by skipping.
func SkipUnavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv(RequireEnv) != "" {
		t.Fatalf("%s is set, so this integration test may not skip: "+format, append([]any{RequireEnv}, args...)...)
	}
	t.Skipf(format, args...)
}

// Kubeconfig returns the local cluster's kubeconfig path, or skips the test
// when FDTUI_KUBECONFIG is unset (make test sets it after bringing the
// cluster up).
func Kubeconfig(t testing.TB) string {
	t.Helper()
	path := os.Getenv(KubeconfigEnv)
	if path == "" {
		SkipUnavailable(t, "%s not set: run `make test` (or hack/cluster.sh up and export it)", KubeconfigEnv)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%s=%s: %v (is the cluster up? hack/cluster.sh status)", KubeconfigEnv, path, err)
	}
	return path
}

// Clients returns a REST config and clientset for the local cluster, or
// skips like Kubeconfig.
func Clients(t testing.TB) (*rest.Config, kubernetes.Interface) {
	t.Helper()
	cfg, err := clientcmd.BuildConfigFromFlags("", Kubeconfig(t))
	if err != nil {
		t.Fatalf("load kubeconfig: %v", err)
	}
	// Tests create and poll many objects quickly; the defaults (5 QPS) would
	// make them wait on the client, not the cluster.
	cfg.QPS, cfg.Burst = 100, 200
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatalf("clientset: %v", err)
	}
	return cfg, cs
}

// Namespace creates a unique namespace "fdtui-test-<name>-<rand>" (name from
// the test's name) and deletes it when the test ends, without waiting for
// the deletion to finish.
func Namespace(t testing.TB, cs kubernetes.Interface) string {
	t.Helper()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
		Name:   namespaceName(t.Name(), randomSuffix(t)),
		Labels: map[string]string{"fdtui.dev/test": "true"},
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := cs.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create namespace %s: %v", ns.Name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		// Pods first, at once: a pod the test left stuck Terminating
		// (kwok's stuck-terminating stage) would otherwise hold the
		// namespace in Terminating for good.
		zero := int64(0)
		if err := cs.CoreV1().Pods(ns.Name).DeleteCollection(ctx, metav1.DeleteOptions{GracePeriodSeconds: &zero}, metav1.ListOptions{}); err != nil {
			t.Logf("delete pods in %s: %v", ns.Name, err)
		}
		if err := cs.CoreV1().Namespaces().Delete(ctx, ns.Name, metav1.DeleteOptions{}); err != nil {
			t.Logf("delete namespace %s: %v", ns.Name, err)
		}
	})
	return ns.Name
}

// Kubectl returns the path of the project's kubectl (.local/bin/kubectl
// under the repository root, the version the cluster runs), for tests that
// compare fdtui with kubectl's own output. It skips like Kubeconfig without
// the cluster, and fails when the cluster is there but kubectl is not.
func Kubectl(t testing.TB) string {
	t.Helper()
	Kubeconfig(t)
	path := filepath.Join(Root(t), ".local", "bin", "kubectl")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("kubectl: %v (hack/cluster.sh up installs it)", err)
	}
	return path
}

// Root is the repository's root directory (where go.mod is, above the
// test's working directory).
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("working directory: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// S3 returns the local MinIO endpoint (host:port, plain HTTP) and its root
// credentials from FDTUI_S3_*, or skips the test when they are unset.
func S3(t testing.TB) (endpoint, access, secret string) {
	t.Helper()
	endpoint, access, secret = os.Getenv(S3EndpointEnv), os.Getenv(S3AccessKeyEnv), os.Getenv(S3SecretKeyEnv)
	if endpoint == "" || access == "" || secret == "" {
		SkipUnavailable(t, "%s/%s/%s not set: run `make test` (or source .local/minio.env)",
			S3EndpointEnv, S3AccessKeyEnv, S3SecretKeyEnv)
	}
	return endpoint, access, secret
}

var notDNSLabel = regexp.MustCompile(`[^a-z0-9-]+`)

// namespaceName builds a valid DNS label (at most 63 characters) from a test
// name such as "TestRollout/broken_image".
func namespaceName(testName, suffix string) string {
	const prefix, maxLen = "fdtui-test-", 63
	name := strings.ToLower(strings.TrimPrefix(testName, "Test"))
	name = strings.Trim(notDNSLabel.ReplaceAllString(name, "-"), "-")
	if name == "" {
		name = "t"
	}
	if room := maxLen - len(prefix) - len(suffix) - 1; len(name) > room {
		name = strings.TrimRight(name[:room], "-")
	}
	return prefix + name + "-" + suffix
}

func randomSuffix(t testing.TB) string {
	b := make([]byte, 3)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("random namespace suffix: %v", err)
	}
	return hex.EncodeToString(b)
}
