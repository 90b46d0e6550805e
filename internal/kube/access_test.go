package kube

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

// rbacFake answers SelfSubjectAccessReviews like an RBAC authorizer for a
// user who may only read pods (and their logs) in example-com.
func rbacFake(calls *atomic.Int32, fail *atomic.Bool) *fake.Clientset {
	cs := fake.NewClientset()
	cs.PrependReactor("create", "selfsubjectaccessreviews", func(a k8stesting.Action) (bool, runtime.Object, error) {
		calls.Add(1)
		if fail.Load() {
			return true, nil, errors.New("connection refused")
		}
		review := a.(k8stesting.CreateAction).GetObject().(*authorizationv1.SelfSubjectAccessReview).DeepCopy()
		ra := review.Spec.ResourceAttributes
		readsPods := ra.Group == "" && ra.Resource == "pods" && (ra.Verb == "get" || ra.Verb == "list")
		if ra.Namespace == opsNS && readsPods {
			review.Status = authorizationv1.SubjectAccessReviewStatus{Allowed: true, Reason: `RBAC: allowed by RoleBinding "viewer/example-com"`}
		}
		return true, review, nil
	})
	return cs
}

func TestAccessCan(t *testing.T) {
	var calls atomic.Int32
	var fail atomic.Bool
	a := NewAccess(rbacFake(&calls, &fail))
	tests := []struct {
		verb, group, resource, sub, ns string
		allowed                        bool
		reason                         string
	}{
		{"get", "", "pods", "log", opsNS, true, `RBAC: allowed by RoleBinding "viewer/example-com"`},
		{"list", "", "pods", "", opsNS, true, `RBAC: allowed by RoleBinding "viewer/example-com"`},
		{"patch", "apps", "deployments", "", opsNS, false, "not allowed to patch apps/deployments in namespace example-com"},
		{"delete", "", "pods", "", "other-org", false, "not allowed to delete pods in namespace other-org"},
		{"list", "", "nodes", "", "", false, "not allowed to list nodes cluster-wide"},
	}
	for _, tt := range tests {
		allowed, reason, err := a.Can(context.Background(), tt.verb, tt.group, tt.resource, tt.sub, tt.ns)
		if err != nil || allowed != tt.allowed || reason != tt.reason {
			t.Errorf("Can(%s %s/%s/%s in %q) = %v, %q, %v; want %v, %q", tt.verb, tt.group, tt.resource, tt.sub, tt.ns,
				allowed, reason, err, tt.allowed, tt.reason)
		}
	}
}

func TestAccessCachesForATTLButNotErrors(t *testing.T) {
	var calls atomic.Int32
	var fail atomic.Bool
	a := NewAccess(rbacFake(&calls, &fail))
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	a.now = func() time.Time { return now }
	ctx := context.Background()
	can := func() error {
		_, _, err := a.Can(ctx, "patch", "apps", "deployments", "", opsNS)
		return err
	}

	fail.Store(true)
	if err := can(); err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("err %v", err)
	}
	fail.Store(false)
	for range 3 {
		if err := can(); err != nil {
			t.Fatal(err)
		}
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("%d reviews, want 2 (the failed one is not cached, then one cached answer)", n)
	}
	now = now.Add(AccessTTL - time.Second)
	_ = can()
	if n := calls.Load(); n != 2 {
		t.Errorf("asked again before the TTL (%d reviews)", n)
	}
	now = now.Add(2 * time.Second)
	_ = can()
	if n := calls.Load(); n != 3 {
		t.Errorf("not asked again after the TTL (%d reviews)", n)
	}
	a.Forget()
	_ = can()
	if n := calls.Load(); n != 4 {
		t.Errorf("Forget kept the answer (%d reviews)", n)
	}
}

func TestReviewReasonForExplicitDenial(t *testing.T) {
	key := accessKey{verb: "delete", resource: "pods", namespace: opsNS}
	got := reviewReason(key, authorizationv1.SubjectAccessReviewStatus{Denied: true, Reason: "webhook: frozen namespace"})
	if want := "not allowed to delete pods in namespace example-com: explicitly denied; webhook: frozen namespace"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
