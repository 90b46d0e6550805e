package model

import (
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// MainContainerName is the Flight Deck application container; other
// containers (varnish, sidecars) are supporting cast.
const MainContainerName = "web"

// mainContainer is the container named "web", else the first one.
func mainContainer(spec *corev1.PodSpec) *corev1.Container {
	for i := range spec.Containers {
		if spec.Containers[i].Name == MainContainerName {
			return &spec.Containers[i]
		}
	}
	if len(spec.Containers) > 0 {
		return &spec.Containers[0]
	}
	return nil
}

func mainImage(spec *corev1.PodSpec) string {
	if c := mainContainer(spec); c != nil {
		return c.Image
	}
	return ""
}

// ImageTag returns the tag of an image reference, else its digest shortened
// to "sha256:" plus 8 hex digits, else "latest" (what the runtime pulls when
// no tag is given). A registry port (reg.io:5000/a/b) is not a tag.
func ImageTag(image string) string {
	name, digest, _ := strings.Cut(image, "@")
	if tag, ok := imageTag(name); ok {
		return tag
	}
	if digest != "" {
		return shortDigest(digest)
	}
	return "latest"
}

// imageTag finds the ":tag" after the last "/" so that a registry's
// host:port is never mistaken for a tag.
func imageTag(name string) (string, bool) {
	lastPart := name[strings.LastIndex(name, "/")+1:]
	_, tag, ok := strings.Cut(lastPart, ":")
	return tag, ok && tag != ""
}

func shortDigest(digest string) string {
	algo, hex, ok := strings.Cut(digest, ":")
	if !ok {
		return digest
	}
	if len(hex) > 8 {
		hex = hex[:8]
	}
	return algo + ":" + hex
}

// hasExplicitTag is false for "repo" and "repo:latest": both float.
// Digest-pinned images are the opposite of floating and count as tagged.
func hasExplicitTag(image string) bool {
	name, digest, _ := strings.Cut(image, "@")
	if digest != "" {
		return true
	}
	tag, ok := imageTag(name)
	return ok && tag != "latest"
}
