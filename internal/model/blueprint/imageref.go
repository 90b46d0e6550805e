package blueprint

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// The image reference grammar of github.com/distribution/reference (the one
// Docker, containerd and registries use), re-stated here because that module
// is not in our module graph. See its regexp.go for the annotated original.
const (
	refAlphanumeric = `[a-z0-9]+`
	refSeparator    = `(?:[._]|__|[-]+)`
	refDomainComp   = `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`
	refIPv6         = `\[(?:[a-fA-F0-9:]+)\]`
	refPort         = `(?::[0-9]+)?`
	refTag          = `[\w][\w.-]{0,127}`
	refDigest       = `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`

	refDomainName    = refDomainComp + `(?:\.` + refDomainComp + `)*`
	refDomainAndPort = `(?:` + refDomainName + `|` + refIPv6 + `)` + refPort
	refPathComponent = refAlphanumeric + `(?:` + refSeparator + refAlphanumeric + `)*`
	refRemoteName    = refPathComponent + `(?:/` + refPathComponent + `)*`
	refName          = `(?:` + refDomainAndPort + `/)?` + refRemoteName

	// maxImageNameLength is distribution's NameTotalLengthMax.
	maxImageNameLength = 255
)

var imageReference = regexp.MustCompile(
	`^(` + refName + `)(?::(` + refTag + `))?(?:@(` + refDigest + `))?$`)

var shortSHA = regexp.MustCompile(`^[0-9a-f]{7,12}$`)

// ImageRef is a parsed image reference.
type ImageRef struct {
	Name, Tag, Digest string
}

// ParseImage parses an image reference such as
// registry.example.com/acme/web:4f9c2e1 or mariadb:11.4@sha256:....
func ParseImage(ref string) (ImageRef, error) {
	if ref == "" {
		return ImageRef{}, errors.New("image is empty")
	}
	m := imageReference.FindStringSubmatch(ref)
	if m == nil {
		return ImageRef{}, imageSyntaxError(ref)
	}
	if len(m[1]) > maxImageNameLength {
		return ImageRef{}, fmt.Errorf("image name is %d characters; the limit is %d", len(m[1]), maxImageNameLength)
	}
	return ImageRef{Name: m[1], Tag: m[2], Digest: m[3]}, nil
}

// ValidateImage accepts a well-formed reference pinned by a tag or a digest:
// an implicit "latest" would make rollouts and rollbacks meaningless.
func ValidateImage(ref string) error {
	img, err := ParseImage(ref)
	if err != nil {
		return err
	}
	if img.Tag == "" && img.Digest == "" {
		return fmt.Errorf("image %q has no tag; pin a version or commit (%s:<tag>)", ref, ref)
	}
	return nil
}

// IsGitShortSHA reports whether an image tag looks like an abbreviated git
// commit hash (7 to 12 lowercase hex digits), the tag CI gives site images.
func IsGitShortSHA(tag string) bool {
	return shortSHA.MatchString(tag)
}

func imageSyntaxError(ref string) error {
	switch {
	case strings.ContainsAny(ref, " \t\r\n"):
		return fmt.Errorf("image %q contains whitespace", ref)
	case strings.Contains(ref, "://"):
		return fmt.Errorf("image %q must not have a URL scheme", ref)
	}
	if lower := strings.ToLower(ref); lower != ref && imageReference.MatchString(lowerRepository(ref)) {
		return fmt.Errorf("image %q: the repository path must be lowercase", ref)
	}
	return fmt.Errorf("image %q is not a valid reference (registry/repository:tag)", ref)
}

// lowerRepository lowercases the name part of a reference, leaving the
// registry host (case-insensitive anyway) and the tag alone.
func lowerRepository(ref string) string {
	name, rest := ref, ""
	if i := strings.LastIndexAny(ref, ":@"); i > strings.LastIndex(ref, "/") {
		name, rest = ref[:i], ref[i:]
	}
	return strings.ToLower(name) + rest
}
