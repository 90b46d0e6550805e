package kube

import (
	"context"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes/fake"
)

// kubectlDefaults is a Deployment as the apiserver defaults one created
// without a strategy.
func kubectlDefaults() *appsv1.Deployment {
	d := opsDeployment(1, goodImage)
	quarter := intstr.FromString("25%")
	d.Spec.Strategy.RollingUpdate = &appsv1.RollingUpdateDeployment{MaxSurge: &quarter, MaxUnavailable: &quarter}
	d.Spec.MinReadySeconds = 0
	d.Spec.ProgressDeadlineSeconds = new(int32(600))
	return d
}

func TestStrategyDiff(t *testing.T) {
	tests := []struct {
		name string
		d    func() *appsv1.Deployment
		pd   int32
		want []string
	}{
		{"already Flight Deck's", func() *appsv1.Deployment { return opsDeployment(1, goodImage) }, 600, nil},
		{"only the deadline differs", func() *appsv1.Deployment { return opsDeployment(1, goodImage) }, 120,
			[]string{"progressDeadlineSeconds 600 -> 120"}},
		{"apiserver defaults", kubectlDefaults, 120, []string{
			"maxSurge 25% -> 1", "maxUnavailable 25% -> 0", "minReadySeconds 0 -> 5", "progressDeadlineSeconds 600 -> 120",
		}},
		{"recreate", func() *appsv1.Deployment {
			d := opsDeployment(1, goodImage)
			d.Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}
			d.Spec.ProgressDeadlineSeconds = nil
			return d
		}, 600, []string{
			"strategy Recreate -> RollingUpdate", "maxSurge unset -> 1", "maxUnavailable unset -> 0", "progressDeadlineSeconds unset -> 600",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := StrategyDiff(tt.d(), tt.pd); !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestEnsureStrategyPatchesOnlyWhenNeeded(t *testing.T) {
	ctx := context.Background()
	cs := fake.NewClientset(kubectlDefaults())
	if err := EnsureStrategy(ctx, cs, opsNS, "web", 120); err != nil {
		t.Fatal(err)
	}
	if diff := StrategyDiff(getWeb(t, cs), 120); len(diff) != 0 {
		t.Errorf("still differs after EnsureStrategy: %q", diff)
	}
	if err := EnsureStrategy(ctx, cs, opsNS, "web", 120); err != nil {
		t.Fatal(err)
	}
	if n := len(deploymentPatches(cs)); n != 1 {
		t.Errorf("%d patches, want 1 (the second call has nothing to change)", n)
	}
}

func TestEnsureStrategyFromRecreate(t *testing.T) {
	d := opsDeployment(1, goodImage)
	d.Spec.Strategy = appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType}
	cs := fake.NewClientset(d)
	if err := EnsureStrategy(context.Background(), cs, opsNS, "web", 300); err != nil {
		t.Fatal(err)
	}
	if diff := StrategyDiff(getWeb(t, cs), 300); len(diff) != 0 {
		t.Errorf("still differs: %q", diff)
	}
}

func TestEnsureStrategyRejectsDeadlineBelowMinReady(t *testing.T) {
	cs := fake.NewClientset(kubectlDefaults())
	err := EnsureStrategy(context.Background(), cs, opsNS, "web", 5)
	if err == nil || !strings.Contains(err.Error(), "must exceed minReadySeconds 5") {
		t.Fatalf("err %v", err)
	}
	if len(cs.Actions()) != 0 {
		t.Errorf("talked to the apiserver: %v", cs.Actions())
	}
}
