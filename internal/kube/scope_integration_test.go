package kube

import (
	"context"
	"strings"
	"testing"
	"time"

	"k8s.io/cli-runtime/pkg/genericclioptions"

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
	path := testenv.ViewerKubeconfig(t, admin, cs, ns)
	flags := genericclioptions.NewConfigFlags(false)
	flags.KubeConfig = &path
	kc := NewKubeconfig(flags)
	rc, err := kc.RESTConfig("viewer")
	if err != nil {
		t.Fatal(err)
	}
	if got := kc.Scope(ctx, "viewer", rc); len(got) != 1 || got[0] != ns {
		t.Errorf("restricted user's scope %q, want the context's namespace %q", got, ns)
	}
	if got := NewKubeconfig(flags, "a,b", "c", "a").Scope(ctx, "viewer", rc); strings.Join(got, " ") != "a b c" {
		t.Errorf("-n a,b -n c -n a: scope %q, want a b c", got)
	}
	adminPath := testenv.Kubeconfig(t)
	adminFlags := genericclioptions.NewConfigFlags(false)
	adminFlags.KubeConfig = &adminPath
	akc := NewKubeconfig(adminFlags)
	name, _ := akc.CurrentContext()
	if got := akc.Scope(ctx, name, admin); got != nil {
		t.Errorf("admin's scope %q, want every namespace", got)
	}
}
