package testenv

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// ViewerKubeconfig writes a kubeconfig (context "viewer") for a
// ServiceAccount that may only view the given namespaces (ClusterRole
// view bound in each, as an agency gives an on-call engineer two client
// sites); the context's namespace is the first. Nothing cluster-wide is
// allowed: no list of namespaces or nodes. The ServiceAccount lives in the
// first namespace and goes with it.
func ViewerKubeconfig(t testing.TB, admin *rest.Config, cs kubernetes.Interface, namespaces ...string) string {
	t.Helper()
	return ServiceAccountKubeconfig(t, admin, cs, namespaces[0], namespaces...).Path
}

// SAUser is a ServiceAccount user made by ServiceAccountKubeconfig.
type SAUser struct {
	Path      string // kubeconfig with context "viewer"
	Token     string // its bearer token (a TokenRequest, bound to the SA)
	Namespace string // where the ServiceAccount lives
	Name      string
}

// ServiceAccountKubeconfig makes ServiceAccount "viewer" in home, binds
// ClusterRole view to it in each of views (none: forbidden everywhere but
// discovery and self-reviews) and writes a kubeconfig for its token with
// home as the context's namespace. Deleting the ServiceAccount revokes
// the token (the apiserver then answers 401).
func ServiceAccountKubeconfig(t testing.TB, admin *rest.Config, cs kubernetes.Interface, home string, views ...string) SAUser {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "viewer", Namespace: home}}
	if _, err := cs.CoreV1().ServiceAccounts(home).Create(ctx, sa, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, ns := range views {
		rb := &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "viewer", Namespace: ns},
			RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: "view"},
			Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "viewer", Namespace: home}}}
		if _, err := cs.RbacV1().RoleBindings(ns).Create(ctx, rb, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		UntilAllowed(t, cs, "system:serviceaccount:"+home+":viewer", "list", "pods", ns)
	}
	tok, err := cs.CoreV1().ServiceAccounts(home).CreateToken(ctx, "viewer", &authenticationv1.TokenRequest{}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	user := SAUser{Token: tok.Status.Token, Namespace: home, Name: "viewer"}
	user.Path = writeKubeconfig(t, admin, home, &clientcmdapi.AuthInfo{Token: user.Token})
	return user
}

// UntilAllowed waits (up to 30 s) until the apiserver's authorizer lets
// user verb resource (core group) in namespace, asked by a
// SubjectAccessReview. A new RoleBinding takes effect only when the RBAC
// authorizer's informers have seen it, a moment after Create answers: a
// test that acts at once was refused now and then (make test failed on
// it: "not allowed to list pods" right after the binding).
func UntilAllowed(t testing.TB, cs kubernetes.Interface, user, verb, resource, namespace string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	review := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{User: user,
		ResourceAttributes: &authorizationv1.ResourceAttributes{Verb: verb, Resource: resource, Namespace: namespace}}}
	for {
		got, err := cs.AuthorizationV1().SubjectAccessReviews().Create(ctx, review, metav1.CreateOptions{})
		if err == nil && got.Status.Allowed {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s still may not %s %s in %s after 30s (last error: %v)", user, verb, resource, namespace, err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// ExecPluginKubeconfig writes a kubeconfig (context "viewer") whose user
// gets its credentials from an exec credential plugin, as DigitalOcean's
// (doctl) and the clouds' kubeconfigs do: the plugin is a small script
// that prints token with an expiry of a second, so client-go runs it again
// all the time. While dir/fail exists it fails instead: it writes the
// lines of dir/fail to stderr and exits 1.
func ExecPluginKubeconfig(t testing.TB, admin *rest.Config, namespace, token string) (path, dir string) {
	t.Helper()
	dir = t.TempDir()
	script := filepath.Join(dir, "credential-plugin")
	body := `#!/bin/sh
# a test exec credential plugin (see testenv.ExecPluginKubeconfig)
dir=$(dirname "$0")
if [ -e "$dir/fail" ]; then cat "$dir/fail" >&2; exit 1; fi
exp=$(date -u -d '+1 second' +%Y-%m-%dT%H:%M:%SZ)
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}' "$(cat "$dir/token")" "$exp"
`
	if err := os.WriteFile(filepath.Join(dir, "token"), []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	path = writeKubeconfig(t, admin, namespace, &clientcmdapi.AuthInfo{Exec: &clientcmdapi.ExecConfig{
		APIVersion: "client.authentication.k8s.io/v1", Command: script, InteractiveMode: clientcmdapi.NeverExecInteractiveMode,
	}})
	return path, dir
}

// KubeconfigFor writes a kubeconfig (context "viewer", namespace
// namespace) for cfg's server and credentials, e.g. an admin kubeconfig
// for a PrivateAPIServer.
func KubeconfigFor(t testing.TB, cfg *rest.Config, namespace string) string {
	t.Helper()
	return writeKubeconfig(t, cfg, namespace, &clientcmdapi.AuthInfo{
		ClientCertificateData: cfg.CertData, ClientKeyData: cfg.KeyData, Token: cfg.BearerToken,
	})
}

func writeKubeconfig(t testing.TB, admin *rest.Config, namespace string, user *clientcmdapi.AuthInfo) string {
	t.Helper()
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["local"] = &clientcmdapi.Cluster{Server: admin.Host, CertificateAuthorityData: admin.CAData,
		InsecureSkipTLSVerify: admin.Insecure}
	cfg.AuthInfos["viewer"] = user
	cfg.Contexts["viewer"] = &clientcmdapi.Context{Cluster: "local", AuthInfo: "viewer", Namespace: namespace}
	cfg.CurrentContext = "viewer"
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	return path
}

// Contexts writes a kubeconfig with a context per entry of cfgs, named
// by its key (server and credentials from the config), current-context
// the first of names; e.g. the shared cluster, a PrivateCluster and the
// shared cluster with a refused token, for a fleet.
func Contexts(t testing.TB, names []string, cfgs map[string]*rest.Config) string {
	t.Helper()
	cfg := clientcmdapi.NewConfig()
	for _, name := range names {
		c := rest.CopyConfig(cfgs[name])
		if err := rest.LoadTLSFiles(c); err != nil {
			t.Fatal(err)
		}
		cfg.Clusters[name] = &clientcmdapi.Cluster{Server: c.Host, CertificateAuthorityData: c.CAData, InsecureSkipTLSVerify: c.Insecure}
		cfg.AuthInfos[name] = &clientcmdapi.AuthInfo{ClientCertificateData: c.CertData, ClientKeyData: c.KeyData, Token: c.BearerToken}
		cfg.Contexts[name] = &clientcmdapi.Context{Cluster: name, AuthInfo: name}
	}
	cfg.CurrentContext = names[0]
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		t.Fatal(err)
	}
	return path
}
