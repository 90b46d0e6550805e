package watch_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/yaml"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// deploy/watch's ClusterRole, applied to the local cluster (under a name
// of the test's own), gives the watcher exactly what it reads: every
// list and watch the site model needs and pods/log, and nothing else (no
// Secrets, no writes). The watcher then runs on it with a kubeconfig for
// its ServiceAccount without a forbidden watch in its log.
func TestWatchRunsWithTheDeployedClusterRole(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	createSite(t, cs, ns, goodImage, 20, true)
	role := clusterRole(t)
	name := testenv.UniqueName(t)
	role.Name = name
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := cs.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cs.RbacV1().ClusterRoles().Delete(context.Background(), name, metav1.DeleteOptions{}) })
	if _, err := cs.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "fdtui-watch"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	binding := &rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: name},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: name},
		Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "fdtui-watch", Namespace: ns}}}
	if _, err := cs.RbacV1().ClusterRoleBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cs.RbacV1().ClusterRoleBindings().Delete(context.Background(), name, metav1.DeleteOptions{})
	})
	user := "system:serviceaccount:" + ns + ":fdtui-watch"
	testenv.UntilAllowed(t, cs, user, "list", "pods", "")

	for _, a := range []authorizationv1.ResourceAttributes{
		{Verb: "list", Resource: "namespaces"}, {Verb: "watch", Resource: "nodes"},
		{Verb: "watch", Resource: "pods"}, {Verb: "list", Resource: "events", Namespace: ns},
		{Verb: "watch", Resource: "persistentvolumeclaims"}, {Verb: "list", Resource: "services"},
		{Verb: "watch", Group: "apps", Resource: "deployments"}, {Verb: "list", Group: "apps", Resource: "replicasets"},
		{Verb: "watch", Group: "apps", Resource: "statefulsets"}, {Verb: "list", Group: "networking.k8s.io", Resource: "ingresses"},
		{Verb: "get", Resource: "pods", Subresource: "log", Namespace: ns},
	} {
		if !allowed(t, cs, user, a) {
			t.Errorf("the watcher may not %s %s/%s: the ClusterRole misses what it reads", a.Verb, a.Resource, a.Subresource)
		}
	}
	for _, a := range []authorizationv1.ResourceAttributes{
		{Verb: "list", Resource: "secrets"}, {Verb: "get", Resource: "secrets", Namespace: ns},
		{Verb: "patch", Group: "apps", Resource: "deployments", Namespace: ns}, {Verb: "delete", Resource: "pods", Namespace: ns},
		{Verb: "create", Resource: "pods", Namespace: ns}, {Verb: "get", Resource: "pods", Namespace: ns},
		{Verb: "list", Resource: "configmaps"}, {Verb: "create", Resource: "pods", Subresource: "exec", Namespace: ns},
	} {
		if allowed(t, cs, user, a) {
			t.Errorf("the watcher may %s %s/%s: more than it reads", a.Verb, a.Resource, a.Subresource)
		}
	}

	tok, err := cs.CoreV1().ServiceAccounts(ns).CreateToken(ctx, "fdtui-watch", &authenticationv1.TokenRequest{}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	saCfg := &rest.Config{Host: admin.Host, BearerToken: tok.Status.Token, TLSClientConfig: rest.TLSClientConfig{CAData: admin.CAData, Insecure: admin.Insecure}}
	kubeconfig := testenv.KubeconfigFor(t, saCfg, ns)
	logFile := filepath.Join(t.TempDir(), "klog.log")
	out, code := runOnce(t, "--kubeconfig", kubeconfig, "-o", "json", "--log-file", logFile)
	if code != 0 && code != 3 { // another test's site may be stuck right now
		t.Fatalf("watch --once as the ServiceAccount: exit %d\n%s", code, out)
	}
	if !strings.Contains(out, `"state": "connected"`) {
		t.Fatalf("the cluster is not connected in the report:\n%s", out)
	}
	if logged, _ := os.ReadFile(logFile); strings.Contains(strings.ToLower(string(logged)), "forbidden") {
		t.Fatalf("a forbidden request with the ClusterRole's rights:\n%s", logged)
	}
}

func clusterRole(t *testing.T) *rbacv1.ClusterRole {
	raw, err := os.ReadFile(filepath.Join(testenv.Root(t), "deploy", "watch", "clusterrole.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var role rbacv1.ClusterRole
	if err := yaml.UnmarshalStrict(raw, &role); err != nil {
		t.Fatal(err)
	}
	return &role
}

func allowed(t *testing.T, cs kubernetes.Interface, user string, a authorizationv1.ResourceAttributes) bool {
	t.Helper()
	review := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{User: user,
		Groups: []string{"system:serviceaccounts", "system:authenticated"}, ResourceAttributes: &a}}
	got, err := cs.AuthorizationV1().SubjectAccessReviews().Create(context.Background(), review, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return got.Status.Allowed
}
