package kube

import (
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// cmctl renew's condition: Issuing True, ManuallyTriggered, the
// generation observed; an existing Issuing condition is replaced (its
// transition time kept only if it was already True), others are kept.
func TestSetIssuingManually(t *testing.T) {
	now := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		existing []any
		wantLTT  string
		wantLen  int
	}{
		{"no conditions", nil, "2026-12-03T14:00:00Z", 1},
		{"Ready only", []any{map[string]any{"type": "Ready", "status": "True"}}, "2026-12-03T14:00:00Z", 2},
		{"Issuing False (a failed issuance)", []any{map[string]any{"type": "Ready", "status": "False"},
			map[string]any{"type": "Issuing", "status": "False", "reason": "Failed", "lastTransitionTime": "2026-12-01T00:00:00Z"}},
			"2026-12-03T14:00:00Z", 2},
		{"Issuing True already", []any{map[string]any{"type": "Issuing", "status": "True", "reason": "Renewing", "lastTransitionTime": "2026-12-01T00:00:00Z"}},
			"2026-12-01T00:00:00Z", 1},
	} {
		crt := &unstructured.Unstructured{Object: map[string]any{"metadata": map[string]any{"generation": int64(3)}}}
		if tc.existing != nil {
			_ = unstructured.SetNestedSlice(crt.Object, tc.existing, "status", "conditions")
		}
		if err := setIssuingManually(crt, now); err != nil {
			t.Fatal(err)
		}
		conds, _, _ := unstructured.NestedSlice(crt.Object, "status", "conditions")
		if len(conds) != tc.wantLen {
			t.Errorf("%s: %d conditions, want %d", tc.name, len(conds), tc.wantLen)
		}
		var got map[string]any
		for _, c := range conds {
			if m := c.(map[string]any); m["type"] == "Issuing" {
				got = m
			}
		}
		if got["status"] != "True" || got["reason"] != "ManuallyTriggered" || got["message"] != "Certificate re-issuance manually triggered" ||
			got["observedGeneration"] != int64(3) || got["lastTransitionTime"] != tc.wantLTT {
			t.Errorf("%s: Issuing %v", tc.name, got)
		}
	}
}
