package kube

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// AccessTTL is how long an answer is reused: long enough that a screen
// full of action hints costs one review each, short enough that a changed
// RoleBinding shows up within a minute.
const AccessTTL = time.Minute

// Access answers "may I do this?" with SelfSubjectAccessReviews, so the UI
// can show only the actions the user may take and say why the others are
// missing. Answers are cached for AccessTTL; errors are not. Safe for
// concurrent use.
type Access struct {
	cs  kubernetes.Interface
	now func() time.Time

	mu    sync.Mutex
	cache map[accessKey]accessAnswer
}

type accessKey struct {
	verb, group, resource, subresource, namespace string
}

type accessAnswer struct {
	allowed bool
	reason  string
	expires time.Time
}

// NewAccess returns an Access asking through cs.
func NewAccess(cs kubernetes.Interface) *Access {
	return &Access{cs: cs, now: time.Now, cache: map[accessKey]accessAnswer{}}
}

// Can reports whether the current user may do verb on group/resource
// (with subresource, e.g. "log" for pods, and namespace, "" for
// cluster-wide). reason explains a denial in words ("not allowed to patch
// apps/deployments in namespace x: ..."); for an allowance it is the
// authorizer's reason, often empty. err is set only when the question
// could not be asked.
func (a *Access) Can(ctx context.Context, verb, group, resource, subresource, namespace string) (allowed bool, reason string, err error) {
	key := accessKey{verb, group, resource, subresource, namespace}
	if ans, ok := a.cached(key); ok {
		return ans.allowed, ans.reason, nil
	}
	review := &authorizationv1.SelfSubjectAccessReview{Spec: authorizationv1.SelfSubjectAccessReviewSpec{
		ResourceAttributes: &authorizationv1.ResourceAttributes{
			Verb: verb, Group: group, Resource: resource, Subresource: subresource, Namespace: namespace,
		},
	}}
	got, err := a.cs.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, review, metav1.CreateOptions{})
	if err != nil {
		return false, "", fmt.Errorf("access review for %s: %w", key.describe(), err)
	}
	ans := accessAnswer{allowed: got.Status.Allowed, reason: reviewReason(key, got.Status), expires: a.now().Add(AccessTTL)}
	a.mu.Lock()
	a.cache[key] = ans
	a.mu.Unlock()
	return ans.allowed, ans.reason, nil
}

// Forget drops every cached answer, e.g. after switching context.
func (a *Access) Forget() {
	a.mu.Lock()
	defer a.mu.Unlock()
	clear(a.cache)
}

func (a *Access) cached(key accessKey) (accessAnswer, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	ans, ok := a.cache[key]
	if !ok || !a.now().Before(ans.expires) {
		delete(a.cache, key)
		return accessAnswer{}, false
	}
	return ans, true
}

func reviewReason(key accessKey, st authorizationv1.SubjectAccessReviewStatus) string {
	if st.Allowed {
		return st.Reason
	}
	var why []string
	if st.Denied {
		why = append(why, "explicitly denied")
	}
	for _, s := range []string{st.Reason, st.EvaluationError} {
		if s != "" {
			why = append(why, s)
		}
	}
	text := "not allowed to " + key.describe()
	if len(why) > 0 {
		text += ": " + strings.Join(why, "; ")
	}
	return text
}

// describe reads like kubectl's Forbidden messages: "patch apps/deployments
// in namespace x".
func (k accessKey) describe() string {
	res := k.resource
	if k.group != "" {
		res = k.group + "/" + res
	}
	if k.subresource != "" {
		res += "/" + k.subresource
	}
	where := "cluster-wide"
	if k.namespace != "" {
		where = "in namespace " + k.namespace
	}
	return k.verb + " " + res + " " + where
}
