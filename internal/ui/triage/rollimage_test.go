package triage

import "testing"

// TestTagOfTrims: the SHA check reads the tag of the image as it will be
// rolled, surrounding spaces removed.
func TestTagOfTrims(t *testing.T) {
	for image, want := range map[string]string{
		"web:4f9c2e1": "4f9c2e1", " web:4f9c2e1": "4f9c2e1", "web:4f9c2e1\t": "4f9c2e1", "web": "", "Web:1": "",
	} {
		if got := tagOf(image); got != want {
			t.Errorf("tagOf(%q) = %q, want %q", image, got, want)
		}
	}
}
