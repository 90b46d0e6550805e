package model

import (
	"strings"
	"testing"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// FuzzImageTag feeds hostile images (the apiserver only requires a
// container image to be non-empty without surrounding spaces) to the
// tag column and the floating-tag audit. Neither may panic, the column is
// never blank, and on every reference the wizard's parser accepts they
// agree with its reading of tag and digest.
func FuzzImageTag(f *testing.F) {
	digest := "sha256:" + strings.Repeat("0a", 32)
	for _, seed := range []string{
		"registry.example.com/acme/web:4f9c2e1", "nginx", "nginx:latest", "reg.io:5000/a/b", "reg.io:5000/a/b:v2",
		"a@" + digest, "a:v1@" + digest, "@", ":", "a:", "a@sha256:", "/:", "[::1]:5000/app", "caf\u00e9:\u00e9t\u00e9",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, image string) {
		tag := ImageTag(image)
		explicit := hasExplicitTag(image)
		if tag == "" {
			t.Fatalf("ImageTag(%q) is empty", image)
		}
		ref, err := blueprint.ParseImage(image)
		if err != nil {
			return
		}
		want := "latest"
		switch {
		case ref.Tag != "":
			want = ref.Tag
		case ref.Digest != "":
			want = shortDigest(ref.Digest)
		}
		if tag != want {
			t.Fatalf("ImageTag(%q) = %q; ParseImage reads %+v, so %q", image, tag, ref, want)
		}
		if wantExplicit := ref.Digest != "" || (ref.Tag != "" && ref.Tag != "latest"); explicit != wantExplicit {
			t.Fatalf("hasExplicitTag(%q) = %v; ParseImage reads %+v", image, explicit, ref)
		}
	})
}
