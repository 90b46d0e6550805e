package table

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// rows is a Source over fixed rows; a row's key is its first cell.
type rows [][]Cell

func (r rows) Len() int                     { return len(r) }
func (r rows) Key(i int) string             { return r[i][0].Text }
func (r rows) Row(i int, dst []Cell) []Cell { return append(dst, r[i]...) }

func (r rows) reversed() rows {
	out := make(rows, len(r))
	for i := range r {
		out[len(r)-1-i] = r[i]
	}
	return out
}

// named is n rows keyed r0, r1, …
func named(n int) rows {
	out := make(rows, n)
	for i := range out {
		out[i] = []Cell{{Text: fmt.Sprintf("r%d", i)}}
	}
	return out
}

func podColumns() []Column {
	return []Column{
		{Title: "NAME", Width: 10, Flex: 2},
		{Title: "STATUS", Width: 8},
		{Title: "RESTARTS", Width: 8, Right: true},
		{Title: "AGE", Width: 5, Right: true},
		{Title: "NOTE", Width: 4, Flex: 1},
	}
}

var pods = rows{
	{{Text: "web-5cac23b-x7k2p"}, {Text: "Running", Tone: styles.Good}, {Text: "0"}, {Text: "47m"}, {Text: "serving"}},
	{{Text: "web-5cac23b-m4n8q"}, {Text: "ImagePullBackOff", Tone: styles.Bad}, {Text: "12"}, {Text: "8m"}, {Text: "registry.digitalocean.com/acme/shop:broken"}},
	{{Text: "mysql-0"}, {Text: "Running", Tone: styles.Good}, {Text: "3"}, {Text: "30d"}}, // fewer cells than columns
}

func newTable(w, h int, src Source) Model {
	m := New(styles.Default(true), podColumns()...)
	m.SetSize(w, h)
	if src != nil {
		m.SetSource(src)
	}
	return m
}

func TestView(t *testing.T) {
	cases := []struct {
		name string
		w, h int
		src  Source
		prep func(m *Model)
	}{
		{name: "empty", w: 60, h: 5, prep: func(m *Model) { m.Empty = "no pods" }},
		{name: "empty_default", w: 60, h: 5, src: rows{}},
		{name: "empty_filtered", w: 60, h: 5, src: rows{}, prep: func(m *Model) { m.Empty, m.Filtered = "no pods", true }},
		{name: "rows", w: 60, h: 5, src: pods},
		{name: "rows_scrolled_to_bottom", w: 30, h: 4, src: named(10), prep: func(m *Model) { *m, _ = m.Update(keyPress("G")) }},
		{name: "narrow_truncates", w: 24, h: 5, src: pods},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := newTable(tc.w, tc.h, tc.src)
			if tc.prep != nil {
				tc.prep(&m)
			}
			out := ansi.Strip(m.View())
			for i, line := range splitLines(out) {
				if w := ansi.StringWidth(line); w > tc.w {
					t.Errorf("line %d is %d cells wide, more than the table's %d: %q", i, w, tc.w, line)
				}
			}
			golden.RequireEqual(t, []byte(out))
		})
	}
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := range len(s) {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// keyPress builds a key press the way the terminal reports it.
func keyPress(k string) tea.KeyPressMsg {
	switch k {
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "home":
		return tea.KeyPressMsg{Code: tea.KeyHome}
	case "end":
		return tea.KeyPressMsg{Code: tea.KeyEnd}
	case "ctrl+f", "ctrl+b":
		return tea.KeyPressMsg{Code: rune(k[5]), Mod: tea.ModCtrl}
	}
	return tea.KeyPressMsg{Code: rune(k[0]), Text: k}
}

func press(m Model, keys ...string) Model {
	for _, k := range keys {
		m, _ = m.Update(keyPress(k))
	}
	return m
}

func TestCursorKeys(t *testing.T) {
	// 10 rows, 3 of them visible (height 4 = header + 3).
	cases := []struct {
		keys       []string
		cursor     int
		start, end int
	}{
		{nil, 0, 0, 3},
		{[]string{"down"}, 1, 0, 3},
		{[]string{"j", "j", "j"}, 3, 1, 4},
		{[]string{"up"}, 0, 0, 3},
		{[]string{"j", "j", "k"}, 1, 0, 3},
		{[]string{"pgdown"}, 3, 1, 4},
		{[]string{"ctrl+f", "ctrl+f"}, 6, 4, 7},
		{[]string{"pgdown", "pgdown", "pgdown", "pgdown"}, 9, 7, 10},
		{[]string{"G"}, 9, 7, 10},
		{[]string{"end"}, 9, 7, 10},
		{[]string{"G", "down"}, 9, 7, 10},
		{[]string{"G", "pgup"}, 6, 6, 9},
		{[]string{"G", "ctrl+b", "ctrl+b", "ctrl+b", "ctrl+b"}, 0, 0, 3},
		{[]string{"G", "g"}, 0, 0, 3},
		{[]string{"G", "home"}, 0, 0, 3},
		{[]string{"G", "up", "up", "up"}, 6, 6, 9},
		{[]string{"x"}, 0, 0, 3}, // not a table key
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.keys), func(t *testing.T) {
			m := press(newTable(40, 4, named(10)), tc.keys...)
			start, end := m.Window()
			if m.Cursor() != tc.cursor || start != tc.start || end != tc.end {
				t.Fatalf("cursor %d window [%d,%d), want %d [%d,%d)", m.Cursor(), start, end, tc.cursor, tc.start, tc.end)
			}
			if want := fmt.Sprintf("r%d", tc.cursor); m.SelectedKey() != want {
				t.Fatalf("selected %q, want %q", m.SelectedKey(), want)
			}
		})
	}
}

func TestUpdateIgnoresOtherMessages(t *testing.T) {
	m := press(newTable(40, 4, named(10)), "j", "j")
	m, cmd := m.Update(tea.WindowSizeMsg{Width: 1, Height: 1})
	if cmd != nil || m.Cursor() != 2 {
		t.Fatalf("cursor %d cmd %v after a non-key message", m.Cursor(), cmd)
	}
}

func TestSelectionFollowsKey(t *testing.T) {
	ten := named(10)
	cases := []struct {
		name       string
		next       rows
		cursor     int
		key        string
		start, end int
	}{
		{"same rows", ten, 4, "r4", 2, 5},
		{"reversed", ten.reversed(), 5, "r4", 3, 6},
		{"row inserted above", append(rows{{{Text: "new"}}}, ten...), 5, "r4", 3, 6},
		// The selected row went away: the cursor stays where it was and
		// selects what is there now.
		{"selected row removed", append(ten[:4:4], ten[5:]...), 4, "r5", 2, 5},
		{"shrunk below the cursor", ten[:3], 2, "r2", 0, 3},
		{"emptied", rows{}, -1, "", 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := press(newTable(40, 4, ten), "j", "j", "j", "j")
			if m.SelectedKey() != "r4" {
				t.Fatalf("setup: selected %q", m.SelectedKey())
			}
			m.SetSource(tc.next)
			start, end := m.Window()
			if m.Cursor() != tc.cursor || m.SelectedKey() != tc.key || start != tc.start || end != tc.end {
				t.Fatalf("cursor %d key %q window [%d,%d), want %d %q [%d,%d)",
					m.Cursor(), m.SelectedKey(), start, end, tc.cursor, tc.key, tc.start, tc.end)
			}
		})
	}
}

// A filter that matches nothing, then is cleared, gives the selection back.
func TestSelectionSurvivesEmptySource(t *testing.T) {
	m := press(newTable(40, 4, named(10)), "G", "up")
	m.SetSource(rows{})
	m.SetSource(named(10))
	if m.SelectedKey() != "r8" {
		t.Fatalf("selected %q after the rows came back, want r8", m.SelectedKey())
	}
}

func TestClampWhenRowsShrink(t *testing.T) {
	m := press(newTable(40, 4, named(10)), "G")
	m.SetSource(named(4))
	if start, end := m.Window(); m.Cursor() != 3 || start != 1 || end != 4 {
		t.Fatalf("cursor %d window [%d,%d), want 3 [1,4)", m.Cursor(), start, end)
	}
	// The view draws exactly the window: header + 3 rows.
	if got := splitLines(ansi.Strip(m.View())); len(got) != 4 || got[1][:2] != "r1" || got[3][:2] != "r3" {
		t.Fatalf("view after shrinking:\n%s", ansi.Strip(m.View()))
	}
}

func TestResizeKeepsCursorVisible(t *testing.T) {
	m := press(newTable(40, 10, named(20)), "j", "j", "j", "j", "j", "j", "j", "j")
	m.SetSize(40, 4)
	if start, end := m.Window(); m.Cursor() != 8 || start != 6 || end != 9 {
		t.Fatalf("cursor %d window [%d,%d), want 8 [6,9)", m.Cursor(), start, end)
	}
	m.SetSize(40, 30) // taller than the rows: everything shows
	if start, end := m.Window(); start != 0 || end != 20 {
		t.Fatalf("window [%d,%d), want [0,20)", start, end)
	}
}

func TestSelect(t *testing.T) {
	m := newTable(40, 4, named(10))
	m.Select("r7")
	if start, end := m.Window(); m.Cursor() != 7 || start != 5 || end != 8 {
		t.Fatalf("cursor %d window [%d,%d), want 7 [5,8)", m.Cursor(), start, end)
	}
	m.Select("gone")
	if m.Cursor() != 7 {
		t.Fatalf("an unknown key moved the cursor to %d", m.Cursor())
	}
}

func TestNoSource(t *testing.T) {
	m := newTable(40, 4, nil)
	m = press(m, "j", "G", "pgdown")
	m.Select("r1")
	if m.Len() != 0 || m.Cursor() != -1 || m.SelectedKey() != "" {
		t.Fatalf("len %d cursor %d key %q without a source", m.Len(), m.Cursor(), m.SelectedKey())
	}
	if start, end := m.Window(); start != 0 || end != 0 {
		t.Fatalf("window [%d,%d) without a source", start, end)
	}
}

// View asks the source only for the rows it shows.
func TestViewReadsOnlyVisibleRows(t *testing.T) {
	src := &counting{rows: named(10000)}
	m := newTable(40, 6, src)
	m = press(m, "pgdown", "pgdown")
	src.read = nil
	_ = m.View()
	start, end := m.Window()
	if len(src.read) != end-start || src.read[0] != start {
		t.Fatalf("View read rows %v, want [%d,%d)", src.read, start, end)
	}
}

type counting struct {
	rows rows
	read []int
}

func (c *counting) Len() int         { return c.rows.Len() }
func (c *counting) Key(i int) string { return c.rows.Key(i) }
func (c *counting) Row(i int, dst []Cell) []Cell {
	c.read = append(c.read, i)
	return c.rows.Row(i, dst)
}

// Toned cells are remembered per palette: after the app restyles in place
// (the terminal's background is light), the same cell is painted anew.
func TestPaintFollowsThePalette(t *testing.T) {
	src := rows{{{Text: "web-1"}}, {{Text: "web-2"}, {Text: "Running", Tone: styles.Good}}}
	cols := []Column{{Title: "NAME", Width: 8}, {Title: "STATUS", Width: 10}}
	st := styles.Default(true)
	m := New(st, cols...)
	m.SetSize(30, 3)
	m.SetSource(src)
	dark := m.View()
	*st = *styles.Default(false)
	light := m.View()
	if dark == light {
		t.Fatal("the light palette drew the dark palette's cached colours")
	}
	fresh := New(styles.Default(false), cols...)
	fresh.SetSize(30, 3)
	fresh.SetSource(src)
	if got := fresh.View(); got != light {
		t.Errorf("restyled table differs from a new light one:\n%q\n%q", light, got)
	}
}
