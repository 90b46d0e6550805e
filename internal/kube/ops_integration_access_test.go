package kube

import (
	"context"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// TestOpsAccessUnderRBAC asks as a ServiceAccount that may only read pods
// (impersonated by the admin kubeconfig), and checks that the answers
// match what the apiserver then enforces.
func TestOpsAccessUnderRBAC(t *testing.T) {
	t.Parallel()
	cfg, admin := testenv.Clients(t)
	ns := testenv.Namespace(t, admin)
	ctx := itContext(t, time.Minute)
	viewer := itViewerClient(ctx, t, cfg, admin, ns)

	a := NewAccess(viewer)
	tests := []struct {
		verb, group, resource, sub, ns string
		allowed                        bool
	}{
		{"list", "", "pods", "", ns, true},
		{"get", "", "pods", "log", ns, true},
		{"patch", "apps", "deployments", "", ns, false},
		{"delete", "", "pods", "", ns, false},
		{"list", "", "pods", "", "default", false},
	}
	for _, tt := range tests {
		allowed, reason, err := a.Can(ctx, tt.verb, tt.group, tt.resource, tt.sub, tt.ns)
		t.Logf("viewer %s %s/%s/%s in %s: %v %q", tt.verb, tt.group, tt.resource, tt.sub, tt.ns, allowed, reason)
		if err != nil || allowed != tt.allowed {
			t.Errorf("Can(%s %s) = %v, %v; want %v", tt.verb, tt.resource, allowed, err, tt.allowed)
		}
		if !allowed && !strings.HasPrefix(reason, "not allowed to "+tt.verb+" ") {
			t.Errorf("denial reason %q", reason)
		}
	}

	// RBAC is on: the denied verb really is refused, the allowed one works.
	if _, err := viewer.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{}); err != nil {
		t.Errorf("viewer cannot list pods: %v", err)
	}
	err := DeletePod(ctx, viewer, ns, "anything", false)
	if !apierrors.IsForbidden(err) {
		t.Errorf("viewer delete: %v, want Forbidden", err)
	}
	if allowed, _, err := NewAccess(admin).Can(ctx, "patch", "apps", "deployments", "", ns); err != nil || !allowed {
		t.Errorf("admin may not patch deployments: %v %v", allowed, err)
	}
}

// itViewerClient creates ServiceAccount "viewer" with a Role to read pods
// and their logs, and returns a client acting as it.
func itViewerClient(ctx context.Context, t *testing.T, cfg *rest.Config, admin kubernetes.Interface, ns string) kubernetes.Interface {
	t.Helper()
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "viewer", Namespace: ns}}
	role := &rbacv1.Role{
		ObjectMeta: metav1.ObjectMeta{Name: "pod-reader", Namespace: ns},
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"pods", "pods/log"}, Verbs: []string{"get", "list", "watch"}}},
	}
	binding := &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "viewer-reads-pods", Namespace: ns},
		RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: role.Name},
		Subjects:   []rbacv1.Subject{{Kind: "ServiceAccount", Name: sa.Name, Namespace: ns}},
	}
	if _, err := admin.CoreV1().ServiceAccounts(ns).Create(ctx, sa, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.RbacV1().RoleBindings(ns).Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	testenv.UntilAllowed(t, admin, "system:serviceaccount:"+ns+":viewer", "list", "pods", ns)
	asViewer := rest.CopyConfig(cfg)
	asViewer.Impersonate = rest.ImpersonationConfig{UserName: "system:serviceaccount:" + ns + ":viewer"}
	cs, err := kubernetes.NewForConfig(asViewer)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}
