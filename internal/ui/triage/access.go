package triage

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/flightdeck/fdtui/internal/kube"
)

// capability is one kind of action RBAC may forbid.
type capability int

const (
	capPatchDeployment capability = iota
	capDeletePod
	capLogs
)

type rbacCheck struct {
	verb, group, resource, subresource string
}

var checks = map[capability]rbacCheck{
	capPatchDeployment: {"patch", "apps", "deployments", ""},
	capDeletePod:       {"delete", "", "pods", ""},
	capLogs:            {"get", "", "pods", "log"},
}

// accessMsg carries the answers for one namespace: capability -> reason it
// is denied ("" = allowed).
type accessMsg struct {
	namespace string
	denied    map[capability]string
}

// checkAccess asks the apiserver (SelfSubjectAccessReview, cached by
// kube.Access) which actions this user may take in namespace.
func checkAccess(a *kube.Access, namespace string) tea.Cmd {
	if a == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		denied := map[capability]string{}
		for c, chk := range checks {
			ok, reason, err := a.Can(ctx, chk.verb, chk.group, chk.resource, chk.subresource, namespace)
			switch {
			case err != nil:
				// Unknown: offer the action; the apiserver still decides.
			case !ok:
				if reason == "" {
					reason = "RBAC forbids " + chk.verb + " " + chk.resource
				}
				denied[c] = reason
			}
		}
		return accessMsg{namespace: namespace, denied: denied}
	}
}
