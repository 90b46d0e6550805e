package blueprint

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// minReason is the shortest message accepted as saying why: "domain is
// empty" passes, a bare "invalid" does not.
const minReason = 12

// checkReason asserts that a rejection says why: a phrase rather than one
// word, naming the field or the rule (one of words, case-insensitive), and
// safe to print. The wizards show messages verbatim in the terminal, so a
// control character, a bidi override or invalid UTF-8 copied from hostile
// input could move the cursor or disguise the text.
func checkReason(t *testing.T, input string, err error, words ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%q: rejected without an error", input)
	}
	msg := err.Error()
	if len(strings.TrimSpace(msg)) < minReason || !strings.Contains(strings.TrimSpace(msg), " ") {
		t.Fatalf("%q: reason %q is too short to say why", input, msg)
	}
	if i := strings.IndexFunc(msg, func(r rune) bool { return !strconv.IsPrint(r) }); i >= 0 || !utf8.ValidString(msg) {
		t.Fatalf("%q: reason is not printable text: %q", input, msg)
	}
	lower := strings.ToLower(msg)
	for _, w := range words {
		if strings.Contains(lower, strings.ToLower(w)) {
			return
		}
	}
	t.Fatalf("%q: reason %q names none of %q", input, msg, words)
}
