package kube

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes/fake"
)

func getWeb(t *testing.T, cs *fake.Clientset) *appsv1.Deployment {
	t.Helper()
	d, err := cs.AppsV1().Deployments(opsNS).Get(context.Background(), "web", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRestartDeploymentSetsRestartedAt(t *testing.T) {
	cs := fake.NewClientset(opsDeployment(1, goodImage))
	now := time.Date(2025, 3, 1, 14, 30, 0, 0, time.FixedZone("CET", 3600))

	if err := RestartDeployment(context.Background(), cs, opsNS, "web", now); err != nil {
		t.Fatal(err)
	}
	patches := deploymentPatches(cs)
	if len(patches) != 1 || patches[0].GetPatchType() != types.StrategicMergePatchType {
		t.Fatalf("want one strategic merge patch, got %v", patches)
	}
	want := `{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-03-01T14:30:00+01:00"}}}}}`
	if got := string(patches[0].GetPatch()); got != want {
		t.Errorf("patch\n got %s\nwant %s", got, want)
	}
	if got := getWeb(t, cs).Spec.Template.Annotations[RestartedAtAnnotation]; got != "2025-03-01T14:30:00+01:00" {
		t.Errorf("restartedAt %q", got)
	}
}

func TestRestartPausedDeploymentIsRefused(t *testing.T) {
	d := opsDeployment(1, goodImage)
	d.Spec.Paused = true
	cs := fake.NewClientset(d)
	err := RestartDeployment(context.Background(), cs, opsNS, "web", time.Now())
	if !errors.Is(err, ErrRestartPaused) {
		t.Fatalf("err %v, want ErrRestartPaused", err)
	}
	if p := deploymentPatches(cs); len(p) != 0 {
		t.Errorf("patched: %v", p)
	}
}

func TestSetDeploymentPausedTogglesAndIsIdempotent(t *testing.T) {
	cs := fake.NewClientset(opsDeployment(1, goodImage))
	for _, paused := range []bool{true, true, false, false} {
		if err := SetDeploymentPaused(context.Background(), cs, opsNS, "web", paused); err != nil {
			t.Fatal(err)
		}
		if got := getWeb(t, cs).Spec.Paused; got != paused {
			t.Fatalf("paused = %v, want %v", got, paused)
		}
	}
}

func TestSetImageChangesOneContainerAndRecordsCause(t *testing.T) {
	cs := fake.NewClientset(opsDeployment(1, goodImage))
	const next = "registry.example.com/site:9e8d7c6"
	cause := "fdtui: web image -> " + next

	if err := SetImage(context.Background(), cs, opsNS, "web", "web", next, cause); err != nil {
		t.Fatal(err)
	}
	patches := deploymentPatches(cs)
	if len(patches) != 1 {
		t.Fatalf("want one patch (image and cause together), got %d", len(patches))
	}
	var body map[string]any
	if err := json.Unmarshal(patches[0].GetPatch(), &body); err != nil {
		t.Fatal(err)
	}
	if _, ok := body["metadata"]; !ok {
		t.Errorf("change-cause not in the image patch: %s", patches[0].GetPatch())
	}
	d := getWeb(t, cs)
	images := map[string]string{}
	for _, c := range d.Spec.Template.Spec.Containers {
		images[c.Name] = c.Image
	}
	if images["web"] != next || images["varnish"] != "registry.example.com/varnish:6.6" || len(images) != 2 {
		t.Errorf("images %v", images)
	}
	if got := d.Annotations[ChangeCauseAnnotation]; got != cause {
		t.Errorf("change-cause %q", got)
	}
}

func TestSetImageRefusesUnknownContainerAndEmptyImage(t *testing.T) {
	cs := fake.NewClientset(opsDeployment(1, goodImage))
	err := SetImage(context.Background(), cs, opsNS, "web", "php", "x:1", "")
	if err == nil || !strings.Contains(err.Error(), `no container "php" (have varnish, web)`) {
		t.Errorf("unknown container: err %v", err)
	}
	if err := SetImage(context.Background(), cs, opsNS, "web", "web", "", ""); err == nil {
		t.Error("empty image accepted")
	}
	if p := deploymentPatches(cs); len(p) != 0 {
		t.Errorf("patched: %v", p)
	}
}
