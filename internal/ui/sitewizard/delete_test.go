package sitewizard_test

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// boundClaim replaces the demo site's claim with one bound to a named PV,
// as the informers see it.
func boundClaim(ns string) *corev1.PersistentVolumeClaim {
	return &corev1.PersistentVolumeClaim{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "data-mysql-0"},
		Spec: corev1.PersistentVolumeClaimSpec{VolumeName: "pvc-0b7e41d2"},
		Status: corev1.PersistentVolumeClaimStatus{Phase: corev1.ClaimBound,
			Capacity: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("10Gi")}}}
}

var demoS3 = blueprint.S3Settings{Endpoint: "https://nyc3.digitaloceanspaces.com", Region: "nyc3",
	Bucket: "acme-sites", Prefix: "blog-kittens-io", AccessKey: "DO00KEY", SecretKey: "sekret-value"}

func TestDeleteKeepsDataByDefault(t *testing.T) {
	fb := &fakeBackend{s3: demoS3, canDel: true}
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight, boundClaim("blog-kittens-io"))
	h.Keys("D") // the first row: blog.kittens.io (the crashlooping site sorts first)
	h.UntilShows(time.Second, "Delete site blog.kittens.io")
	snap(t, h, "options")
	h.Keys("enter", "enter")
	snap(t, h, "confirm")
	h.Type("blog.kittens.i")
	h.Keys("enter")
	if len(fb.deletes()) != 0 || !strings.Contains(h.Screen(), "does not match") {
		t.Fatalf("deleted without the exact domain:\n%s", h.Screen())
	}
	h.Type("o")
	h.Keys("enter")
	h.Until(2*time.Second, "the delete to run", func(string) bool { return len(fb.deletes()) == 1 })
	got := fb.deletes()[0]
	if !got.KeepVolumes || !got.KeepBucket || got.Bucket != "acme-sites" || got.Prefix != "blog-kittens-io" {
		t.Errorf("delete options = %+v", got)
	}
}

func TestDeleteEverythingWhenChosen(t *testing.T) {
	fb := &fakeBackend{s3: demoS3, canDel: true}
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight, boundClaim("blog-kittens-io"))
	h.Keys("D")
	h.UntilShows(time.Second, "Delete site blog.kittens.io")
	h.Keys("y", "y")
	screen := h.Screen()
	for _, want := range []string{"Database volume DELETED: PV pvc-0b7e41d2 (10Gi, claim data-mysql-0)",
		"Bucket files DELETED: bucket acme-sites/blog-kittens-io"} {
		if !strings.Contains(screen, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, screen)
		}
	}
	h.Type("blog.kittens.io")
	h.Keys("enter")
	h.Until(2*time.Second, "the delete to run", func(string) bool { return len(fb.deletes()) == 1 })
	if got := fb.deletes()[0]; got.KeepVolumes || got.KeepBucket {
		t.Errorf("delete options = %+v", got)
	}
}

func TestDeleteFromSiteDetailWithoutBucketSupport(t *testing.T) {
	fb := &fakeBackend{s3: demoS3}
	h, _ := newStaticApp(t, fb, wizardGoldenWidth, wizardGoldenHeight)
	h.Keys("enter", "D")
	// Nothing to choose (no bound volume, no bucket deletion): straight to
	// the typed confirmation, which lists what goes and what stays.
	h.UntilShows(time.Second, "Type blog.kittens.io to confirm")
	golden.RequireEqual(t, []byte(h.Screen()))
	screen := h.Screen()
	if !strings.Contains(screen, "cannot delete buckets") || !strings.Contains(screen, "Deployments: web") {
		t.Errorf("the bucket must be kept, and why said:\n%s", screen)
	}
	h.Keys("esc")
	if len(fb.deletes()) != 0 || !strings.Contains(h.Screen(), "cancelled") {
		t.Fatalf("esc did not cancel:\n%s", h.Screen())
	}
}
