package blueprint

import (
	"strings"
	"testing"
)

// FuzzParseImage feeds hostile image references to ParseImage and
// ValidateImage. A rejection must say why; an accepted reference must
// round-trip: its parts rebuild the input, and re-parse to the same parts.
func FuzzParseImage(f *testing.F) {
	for _, seed := range []string{
		"registry.example.com/acme/web:4f9c2e1", "mariadb:11.4", "nginx", "localhost:5000/a/b",
		"reg.io:5000/a/b:tag@sha256:" + strings.Repeat("ab", 32), "[::1]:5000/app:v1", "Acme/Web:1",
		"https://registry.example.com/a:1", "a b:1", "", ":tag", "a:" + strings.Repeat("t", 129),
		strings.Repeat("a/", 130) + "b:1", "caf\u00e9:1", "a@sha256:abc",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		img, err := ParseImage(ref)
		verr := ValidateImage(ref)
		if err != nil {
			checkReason(t, ref, err, "image")
			if verr == nil {
				t.Fatalf("%q: ValidateImage accepts what ParseImage refuses (%v)", ref, err)
			}
			return
		}
		rebuilt := img.Name
		if img.Tag != "" {
			rebuilt += ":" + img.Tag
		}
		if img.Digest != "" {
			rebuilt += "@" + img.Digest
		}
		if rebuilt != ref {
			t.Fatalf("%q parsed as %+v, which rebuilds %q", ref, img, rebuilt)
		}
		if again, err := ParseImage(rebuilt); err != nil || again != img {
			t.Fatalf("%q: re-parsing gives %+v, %v; first %+v", ref, again, err, img)
		}
		if img.Name == "" || len(img.Name) > maxImageNameLength || strings.ContainsAny(ref, " \t\r\n") {
			t.Fatalf("%q: accepted with name %q", ref, img.Name)
		}
		// ValidateImage adds one rule: a tag or a digest pins the image.
		pinned := img.Tag != "" || img.Digest != ""
		if pinned != (verr == nil) {
			t.Fatalf("%q: pinned=%v but ValidateImage says %v", ref, pinned, verr)
		}
		if verr != nil {
			checkReason(t, ref, verr, "tag")
		}
	})
}
