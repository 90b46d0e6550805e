package cloudui

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkReason asserts that a rejection says why: a phrase naming the field
// or the rule (one of words), printable as is. The wizard shows it under
// the field, where a control character copied from hostile input could
// move the cursor or recolour the screen.
func checkReason(t *testing.T, input string, err error, words ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%q: rejected without an error", input)
	}
	msg := err.Error()
	if len(msg) < len("between 1 and 9") || !strings.Contains(msg, " ") || !utf8.ValidString(msg) ||
		strings.IndexFunc(msg, func(r rune) bool { return !strconv.IsPrint(r) }) >= 0 {
		t.Fatalf("%q: reason %q is too short or not printable", input, msg)
	}
	for _, w := range words {
		if strings.Contains(msg, w) {
			return
		}
	}
	t.Fatalf("%q: reason %q names none of %q", input, msg, words)
}
