package store_test

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/flightdeck/fdtui/internal/model"
)

// The incremental derive follows a site whose state changes with no
// rollout: the healthy site stops serving and moves to the top; scaled to
// 0 it moves below every site that needs a human (here: last, after the
// rolling one).
func TestSiteStateChangesReorderIncrementally(t *testing.T) {
	s, st := newStore(t)
	const ns = "www-example-com"
	if last := s.Sites()[len(s.Sites())-1]; last.Namespace != ns || last.State != model.SiteOK {
		t.Fatalf("the healthy site is last and OK: %+v", last)
	}
	dep, _ := st.Listers.Deployments.Deployments(ns).Get("web")
	down := dep.DeepCopy()
	down.Status.ReadyReplicas, down.Status.AvailableReplicas = 0, 0
	mustSet(t, st, down)
	s.Apply(drain(t, st))
	if first := s.Sites()[0]; first.Namespace != ns || first.State != model.SiteDown || first.Label() != "DOWN" {
		t.Fatalf("a site serving nothing goes first as DOWN: %+v", first)
	}
	if sum := s.Summary(); sum.Down != 1 || sum.Stuck != 2 || sum.Rolling != 1 {
		t.Fatalf("summary = %+v", sum)
	}

	zero := down.DeepCopy()
	var none int32
	zero.Spec.Replicas = &none
	zero.Status = appsv1.DeploymentStatus{ObservedGeneration: zero.Generation, Conditions: zero.Status.Conditions}
	mustSet(t, st, zero)
	pods, _ := st.Listers.Pods.Pods(ns).List(labels.Everything())
	for _, p := range pods {
		mustDelete(t, st, p)
	}
	s.Apply(drain(t, st))
	sites := s.Sites()
	if got := sites[len(sites)-1]; got.Namespace != ns || got.Label() != "SCALED TO 0" || got.Serving ||
		sites[len(sites)-2].State != model.SiteRolling {
		t.Fatalf("scaled to 0 ranks below the rolling site: %+v", sites)
	}
	if sum := s.Summary(); sum.Down != 0 || sum.ScaledToZero != 1 {
		t.Fatalf("summary = %+v", sum)
	}
}
