package kube

import (
	"context"
	"errors"
	"maps"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

// stuckRollout is a site whose revision 2 (a broken image) is stuck:
// revision 1's ReplicaSet still runs all pods.
func stuckRollout() (*appsv1.Deployment, []runtime.Object) {
	d := opsDeployment(2, brokenImage)
	d.Status.Conditions = []appsv1.DeploymentCondition{{
		Type: appsv1.DeploymentProgressing, Status: corev1.ConditionFalse, Reason: "ProgressDeadlineExceeded",
	}}
	return d, []runtime.Object{d, opsReplicaSet(d, 1, goodImage, 3), opsReplicaSet(d, 2, brokenImage, 1)}
}

func deploymentPatches(cs *fake.Clientset) []k8stesting.PatchAction {
	var patches []k8stesting.PatchAction
	for _, a := range cs.Actions() {
		if p, ok := a.(k8stesting.PatchAction); ok && a.GetResource().Resource == "deployments" {
			patches = append(patches, p)
		}
	}
	return patches
}

func TestRollbackStuckRolloutRestoresPreviousRevision(t *testing.T) {
	_, objs := stuckRollout()
	cs := fake.NewClientset(objs...)

	res, err := RollbackDeployment(context.Background(), cs, opsNS, "web", 0)
	if err != nil {
		t.Fatal(err)
	}
	want := RollbackResult{FromRevision: 2, ToRevision: 1, Image: goodImage}
	if res != want {
		t.Fatalf("result %+v, want %+v", res, want)
	}
	if got := res.String(); got != "rolled back from revision 2 to 1 ("+goodImage+")" {
		t.Errorf("String() = %q", got)
	}
	patches := deploymentPatches(cs)
	if len(patches) != 1 || patches[0].GetPatchType() != types.JSONPatchType {
		t.Fatalf("want one JSON patch, got %v", patches)
	}
	got, _ := cs.AppsV1().Deployments(opsNS).Get(context.Background(), "web", metav1.GetOptions{})
	if img := got.Spec.Template.Spec.Containers[1].Image; img != goodImage {
		t.Errorf("web image %q, want %q", img, goodImage)
	}
	if _, ok := got.Spec.Template.Labels[appsv1.DefaultDeploymentUniqueLabelKey]; ok {
		t.Errorf("pod-template-hash label copied onto the Deployment: %v", got.Spec.Template.Labels)
	}
	wantAnnotations := map[string]string{
		RevisionAnnotation:                 "2",                                // kept: the controller bumps it
		corev1.LastAppliedConfigAnnotation: `{"kind":"Deployment"}`,            // kept from the Deployment
		ChangeCauseAnnotation:              "fdtui: web image -> " + goodImage, // from the RS
	}
	if !maps.Equal(got.Annotations, wantAnnotations) {
		t.Errorf("annotations %v, want %v (desired/max-replicas must not be copied)", got.Annotations, wantAnnotations)
	}
}

func TestRollbackToExplicitRevision(t *testing.T) {
	d := opsDeployment(3, "registry.example.com/site:c3")
	cs := fake.NewClientset(d,
		opsReplicaSet(d, 1, "registry.example.com/site:a1", 0),
		opsReplicaSet(d, 2, "registry.example.com/site:b2", 0),
		opsReplicaSet(d, 3, "registry.example.com/site:c3", 3))

	res, err := RollbackDeployment(context.Background(), cs, opsNS, "web", 1)
	if err != nil {
		t.Fatal(err)
	}
	if res.FromRevision != 3 || res.ToRevision != 1 || res.Image != "registry.example.com/site:a1" {
		t.Errorf("result %+v", res)
	}
}

func TestRollbackRefusals(t *testing.T) {
	tests := []struct {
		name       string
		objects    func() []runtime.Object
		toRevision int64
		wantErr    error
		wantText   string
	}{
		{
			name:       "revision pruned from history",
			objects:    func() []runtime.Object { _, o := stuckRollout(); return o },
			toRevision: 7, wantErr: ErrRevisionNotFound, wantText: "no revision 7 (have revision 1, 2)",
		},
		{
			name: "first rollout has no previous revision",
			objects: func() []runtime.Object {
				d := opsDeployment(1, goodImage)
				return []runtime.Object{d, opsReplicaSet(d, 1, goodImage, 3)}
			},
			wantErr: ErrRevisionNotFound, wantText: "no previous revision to roll back to (have revision 1)",
		},
		{
			name:       "negative revision",
			objects:    func() []runtime.Object { _, o := stuckRollout(); return o },
			toRevision: -1, wantErr: ErrRevisionNotFound,
		},
		{
			name: "paused deployment",
			objects: func() []runtime.Object {
				d, o := stuckRollout()
				d.Spec.Paused = true
				return o
			},
			wantErr: ErrDeploymentPaused, wantText: "cannot rollback a paused deployment; resume it first",
		},
		{
			name: "another deployment's ReplicaSet with the same labels is not history",
			objects: func() []runtime.Object {
				d := opsDeployment(1, goodImage)
				other := opsDeployment(5, "registry.example.com/site:other")
				other.Name, other.UID = "web-canary", "deploy-canary"
				return []runtime.Object{d, opsReplicaSet(d, 1, goodImage, 3), opsReplicaSet(other, 5, "registry.example.com/site:other", 1)}
			},
			wantErr: ErrRevisionNotFound,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := fake.NewClientset(tt.objects()...)
			_, err := RollbackDeployment(context.Background(), cs, opsNS, "web", tt.toRevision)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantText) {
				t.Fatalf("err %v, want %v containing %q", err, tt.wantErr, tt.wantText)
			}
			if p := deploymentPatches(cs); len(p) != 0 {
				t.Errorf("patched despite the refusal: %v", p)
			}
		})
	}
}

func TestRollbackSkipsWhenAlreadyAtTarget(t *testing.T) {
	// Rolled back once already; the controller has not renumbered yet, so
	// the template equals revision 1's and a second undo must not patch.
	d, objs := stuckRollout()
	d.Spec.Template = opsTemplate(goodImage)
	cs := fake.NewClientset(objs...)

	res, err := RollbackDeployment(context.Background(), cs, opsNS, "web", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Skipped || res.ToRevision != 1 || res.String() != "skipped: already at revision 1" {
		t.Errorf("result %+v (%s), want skipped at revision 1", res, res)
	}
	if p := deploymentPatches(cs); len(p) != 0 {
		t.Errorf("patched: %v", p)
	}
}

func TestRollbackMissingDeployment(t *testing.T) {
	_, err := RollbackDeployment(context.Background(), fake.NewClientset(), opsNS, "web", 0)
	if err == nil || !strings.Contains(err.Error(), "rollback example-com/web") {
		t.Fatalf("err %v", err)
	}
}

// The rollback names the site's image (web), not varnish's, when both or
// neither change.
func TestRestoredImageNamesTheAppContainer(t *testing.T) {
	tmpl := func(varnish, web string) *corev1.PodTemplateSpec {
		return &corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{
			{Name: "varnish", Image: varnish}, {Name: "web", Image: web}}}}
	}
	tests := []struct {
		from, to *corev1.PodTemplateSpec
		want     string
	}{
		{tmpl("varnish:7.6", "site:bad"), tmpl("varnish:7.6", "site:good"), "site:good"},
		{tmpl("varnish:7.6", "site:bad"), tmpl("varnish:7.5", "site:good"), "site:good"},
		{tmpl("varnish:7.6", "site:a"), tmpl("varnish:7.5", "site:a"), "varnish:7.5"},
		{tmpl("varnish:7.6", "site:a"), tmpl("varnish:7.6", "site:a"), "site:a"}, // a restart's rollback
	}
	for _, tt := range tests {
		if got := restoredImage(tt.from, tt.to); got != tt.want {
			t.Errorf("%v -> %v: %q, want %q", tt.from.Spec.Containers, tt.to.Spec.Containers, got, tt.want)
		}
	}
}
