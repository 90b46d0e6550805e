// Package pages holds fdtui's screens. Each page is a small model with its
// own key map; the app routes messages to the page on top of its stack.
package pages

import "strings"

// matcher is a parsed / filter: a case-insensitive substring, negated by a
// leading "!" (k9s users type "!Running" to hide healthy pods).
type matcher struct {
	text   string
	negate bool
}

func parseFilter(f string) matcher {
	f = strings.TrimSpace(f)
	m := matcher{}
	if strings.HasPrefix(f, "!") {
		m.negate, f = true, f[1:]
	}
	m.text = strings.ToLower(f)
	return m
}

func (m matcher) empty() bool { return m.text == "" }

// match expects haystack already lower-cased.
func (m matcher) match(haystack string) bool {
	if m.text == "" {
		return true
	}
	return strings.Contains(haystack, m.text) != m.negate
}
