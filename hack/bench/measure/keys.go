package main

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"time"

	"github.com/flightdeck/fdtui/hack/bench/benchdata"
)

// keyTimer types a filter one key at a time and times each key from
// sending it to the frame that shows its result.
type keyTimer interface {
	// time enters filter mode and types text; wants[k] is fdtui's count
	// for text[:k+1].
	time(t terminal, text string, wants []int) (keys []benchdata.Key, poll time.Duration, err error)
	// method says how the frame with the result is recognised.
	method() string
}

// Keys are sent at a random moment 100-150 ms after the previous result
// showed, so they do not keep step with a program's frame clock.
func pause() { time.Sleep(100*time.Millisecond + rand.N(50*time.Millisecond)) }

// fdtuiKeys knows the result frame exactly: the filter line shows the
// text typed so far and the header the count fdtui's filter gives for it
// (wants). Both are read from one capture of the pane.
type fdtuiKeys struct{}

const fdtuiKeyLimit = 5 * time.Second

func (fdtuiKeys) method() string {
	return "one key sent; the frame whose filter line shows the text typed so far and whose header shows the pod count fdtui's filter gives for it (computed beforehand from the cluster)"
}

func (fdtuiKeys) time(t terminal, text string, wants []int) ([]benchdata.Key, time.Duration, error) {
	if err := t.keys("/"); err != nil {
		return nil, 0, err
	}
	if err := waitUntil(t, 5*time.Second, func(s string) bool { _, ok := typedFilter(s); return ok }); err != nil {
		return nil, 0, fmt.Errorf("no filter line after /: %w", err)
	}
	c, err := t.attach()
	if err != nil {
		return nil, 0, err
	}
	defer c.close()
	time.Sleep(500 * time.Millisecond)
	var keys []benchdata.Key
	var reading time.Duration
	samples := 0
	for k := range text {
		pause()
		key := benchdata.Key{Text: text[:k+1], Want: wants[k]}
		c.drain()
		start := time.Now()
		if err := c.typeText(t.name, text[k:k+1]); err != nil {
			return keys, 0, err
		}
		for time.Since(start) < fdtuiKeyLimit {
			// The pane is read after each write fdtui makes to it, and
			// every 50 ms in case a write came before the drain.
			c.waitOutput(50 * time.Millisecond)
			read := time.Now()
			styled := c.styled(t.name)
			reading += time.Since(read)
			samples++
			n, _, ok := fdtuiPodCount(stripANSI(styled))
			typed, _ := typedFilter(styled)
			if ok {
				key.Shown = n
			}
			if ok && typed == key.Text && n == key.Want {
				key.Seconds = time.Since(start).Seconds()
				break
			}
		}
		keys = append(keys, key)
	}
	return keys, reading / time.Duration(max(samples, 1)), nil
}

// k9sKeys cannot know k9s' count beforehand (it filters every column by
// regular expression), so a key's result frame is the last change of the
// pods table (title and rows) once the title shows the text typed so far,
// followed by half a second without change. k9s applies a filter after a
// pause in typing; that pause is part of what a user waits.
type k9sKeys struct{}

const (
	k9sKeyLimit = 30 * time.Second
	k9sQuiet    = 500 * time.Millisecond
)

func (k9sKeys) method() string {
	return "one key sent; the last change of the pods table (title and rows) once its title shows the text typed so far, with no change for 0.5 s after"
}

func (k9sKeys) time(t terminal, text string, wants []int) ([]benchdata.Key, time.Duration, error) {
	if err := t.keys("/"); err != nil {
		return nil, 0, err
	}
	c, err := t.attach()
	if err != nil {
		return nil, 0, err
	}
	defer c.close()
	time.Sleep(time.Second)
	var keys []benchdata.Key
	var reading time.Duration
	samples := 0
	for k := range text {
		pause()
		key := benchdata.Key{Text: text[:k+1], Want: -1}
		if k == len(text)-1 {
			key.Want = wants[k]
		}
		before := table(c.screen(t.name))
		c.drain()
		start := time.Now()
		if err := c.typeText(t.name, text[k:k+1]); err != nil {
			return keys, 0, err
		}
		var changed time.Duration
		for time.Since(start) < k9sKeyLimit {
			// Read after each write k9s makes, or when the quiet half
			// second since the last change is over.
			c.waitOutput(min(50*time.Millisecond, k9sQuiet-(time.Since(start)-changed)))
			read := time.Now()
			screen := c.screen(t.name)
			reading += time.Since(read)
			samples++
			if tb := table(screen); tb != before {
				before, changed = tb, time.Since(start)
			}
			n, filter, ok := k9sCount(screen)
			if ok {
				key.Shown = n
			}
			if ok && filter == key.Text && time.Since(start)-changed >= k9sQuiet {
				key.Seconds = changed.Seconds()
				break
			}
		}
		keys = append(keys, key)
	}
	return keys, reading / time.Duration(max(samples, 1)), nil
}

// table is k9s' pane from the pods title down: the header above it holds
// cluster metrics that change on their own.
func table(screen string) string {
	if i := k9sTitle.FindStringIndex(screen); i != nil {
		return screen[i[0]:]
	}
	return ""
}

var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

func stripANSI(s string) string { return sgr.ReplaceAllString(s, "") }

// typedFilter reads fdtui's filter line from a capture with escape
// sequences: "/" then the typed text, in plain style up to the cursor
// (reverse video) or a dimmed completion. Read from the styles because
// the line can show more than was typed: a completion left over from the
// : prompt ("/b" followed by a dim "ods" after :pods).
func typedFilter(styled string) (string, bool) {
	for _, line := range strings.Split(styled, "\n") {
		plain := stripANSI(line)
		if !strings.HasPrefix(plain, "/") {
			continue
		}
		rest := line[strings.IndexByte(line, '/')+1:]
		for {
			loc := sgr.FindStringIndex(rest)
			if loc == nil || loc[0] != 0 {
				break
			}
			if reverse(rest[:loc[1]]) {
				return "", true // the cursor right after "/": nothing typed
			}
			rest = rest[loc[1]:]
		}
		if i := strings.IndexByte(rest, '\x1b'); i >= 0 {
			rest = rest[:i]
		}
		return strings.TrimRight(rest, " "), true
	}
	return "", false
}

// reverse reports whether an SGR sequence turns on reverse video (7),
// skipping the arguments of extended colours (38;5;N, 48;2;R;G;B).
func reverse(seq string) bool {
	params := strings.Split(strings.TrimSuffix(strings.TrimPrefix(seq, "\x1b["), "m"), ";")
	for i := 0; i < len(params); i++ {
		switch params[i] {
		case "7":
			return true
		case "38", "48", "58":
			if i+1 < len(params) && params[i+1] == "5" {
				i += 2
			} else if i+1 < len(params) && params[i+1] == "2" {
				i += 4
			}
		}
	}
	return false
}

// waitUntil polls the screen every 20 ms until cond holds.
func waitUntil(t terminal, limit time.Duration, cond func(styled string) bool) error {
	end := time.Now().Add(limit)
	for time.Now().Before(end) {
		if cond(t.styled()) {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("%s: not within %s; screen:\n%s", t.name, limit, t.screen())
}
