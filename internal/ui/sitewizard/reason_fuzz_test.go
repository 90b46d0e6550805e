package sitewizard

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkReason asserts that a rejection says why: a phrase naming the field
// or the rule (one of words, case-insensitive), printable as is. huh shows
// it under the field, where a control character from hostile input (typed,
// pasted, or read from the cluster) could move the cursor or recolour the
// screen.
func checkReason(t *testing.T, input string, err error, words ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%q: rejected without an error", input)
	}
	msg := err.Error()
	if len(msg) < len("at least 1") || !strings.Contains(msg, " ") || !utf8.ValidString(msg) ||
		strings.IndexFunc(msg, func(r rune) bool { return !strconv.IsPrint(r) }) >= 0 {
		t.Fatalf("%q: reason %q is too short or not printable", input, msg)
	}
	lower := strings.ToLower(msg)
	for _, w := range words {
		if strings.Contains(lower, strings.ToLower(w)) {
			return
		}
	}
	t.Fatalf("%q: reason %q names none of %q", input, msg, words)
}
