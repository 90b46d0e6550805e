package kube

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/cli-runtime/pkg/genericclioptions"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/flightdeck/fdtui/internal/testenv"
)

// Without -n, a user who may read only one namespace gets that namespace
// from their context (as kubectl's default namespace); an admin gets every
// namespace (issue 12, shared case 11).
func TestScopeFollowsWhatTheUserMayList(t *testing.T) {
	admin, cs := testenv.Clients(t)
	ns := testenv.Namespace(t, cs)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "oncall", Namespace: ns}}
	if _, err := cs.CoreV1().ServiceAccounts(ns).Create(ctx, sa, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	rb := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "oncall-view", Namespace: ns},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "view"},
		Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "oncall", Namespace: ns}}}
	if _, err := cs.RbacV1().RoleBindings(ns).Create(ctx, rb, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	tok, err := cs.CoreV1().ServiceAccounts(ns).CreateToken(ctx, "oncall", &authenticationv1.TokenRequest{}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["local"] = &clientcmdapi.Cluster{Server: admin.Host, CertificateAuthorityData: admin.CAData,
		InsecureSkipTLSVerify: admin.Insecure}
	cfg.AuthInfos["oncall"] = &clientcmdapi.AuthInfo{Token: tok.Status.Token}
	cfg.Contexts["oncall"] = &clientcmdapi.Context{Cluster: "local", AuthInfo: "oncall", Namespace: ns}
	cfg.CurrentContext = "oncall"
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = &path
	kc := NewKubeconfig(flags)
	rc, err := kc.RESTConfig("oncall")
	if err != nil {
		t.Fatal(err)
	}
	if got := kc.Scope(ctx, "oncall", rc); got != ns {
		t.Errorf("restricted user's scope %q, want the context's namespace %q", got, ns)
	}
	adminPath := testenv.Kubeconfig(t)
	adminFlags := genericclioptions.NewConfigFlags(false)
	adminFlags.KubeConfig = &adminPath
	akc := NewKubeconfig(adminFlags)
	name, _ := akc.CurrentContext()
	if got := akc.Scope(ctx, name, admin); got != "" {
		t.Errorf("admin's scope %q, want every namespace", got)
	}
}
