package triage

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/flightdeck/fdtui/internal/model/blueprint"
)

// FuzzValidateNewImage feeds hostile images to the roll-image wizard,
// against any running image. A rejection says why, printably; an accepted
// image is a valid reference other than the running one, and the wizard's
// next step (is the tag a git short SHA?) reads the same tag from it.
func FuzzValidateNewImage(f *testing.F) {
	for _, seed := range [][2]string{
		{"registry.example.com/acme/web:4f9c2e1", "registry.example.com/acme/web:1a2b3c4"},
		{"registry.example.com/acme/web:4f9c2e1", "registry.example.com/acme/web:4f9c2e1"},
		{" registry.example.com/acme/web:4f9c2e1 ", "registry.example.com/acme/web:4f9c2e1"},
		{"acme/web:", "acme/web:1"}, {"", ""}, {"acme/web", ""}, {"Acme/Web:1", ""}, {"web:v1\x1b[2J", ""},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, image, running string) {
		err := validateNewImage(image, running)
		if err != nil {
			msg := err.Error()
			if len(msg) < len("image is empty") || !strings.Contains(msg, " ") || !utf8.ValidString(msg) ||
				strings.IndexFunc(msg, func(r rune) bool { return !strconv.IsPrint(r) }) >= 0 ||
				!(strings.Contains(msg, "image") || strings.Contains(msg, "tag")) {
				t.Fatalf("%q: reason %q does not say why, printably", image, msg)
			}
			return
		}
		trimmed := strings.TrimSpace(image)
		ref, perr := blueprint.ParseImage(trimmed)
		if perr != nil || blueprint.ValidateImage(trimmed) != nil || trimmed == running {
			t.Fatalf("%q accepted over running %q (%v)", image, running, perr)
		}
		if got := tagOf(image); got != ref.Tag {
			t.Fatalf("%q accepted with tag %q, but the SHA check reads %q", image, ref.Tag, got)
		}
	})
}
