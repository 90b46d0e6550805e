// Package table is a virtual table: it asks its Source only for the rows
// it shows, so a 10,000-row list costs what 40 rows cost. The selection
// follows its row's key when the data changes underneath it.
package table

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/flightdeck/fdtui/internal/ui/styles"
)

// Cell is one cell: text and what it means.
type Cell struct {
	Text string
	Tone styles.Tone
}

// Source supplies rows on demand.
type Source interface {
	Len() int
	// Row returns row i's cells, one per column. It may reuse dst.
	Row(i int, dst []Cell) []Cell
	// Key identifies row i across refreshes (e.g. namespace/name).
	Key(i int) string
}

// Column describes one column. Flex columns share the width left over by
// fixed ones, in proportion to Flex.
type Column struct {
	Title string
	Width int
	Flex  int
	Right bool
}

// KeyMap is the table's navigation keys.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

// DefaultKeyMap is k9s- and vim-like.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
	}
}

// Model is the table.
type Model struct {
	KeyMap KeyMap
	styles *styles.Styles
	cols   []Column
	widths []int
	src    Source
	cursor int
	offset int
	width  int
	height int // rows of data shown (the header is extra)
	selKey string
	buf    []Cell
	Empty  string // shown when the source has no rows
	// Filtered is set by pages while a filter is active, so an empty
	// result says "no match" rather than "nothing exists".
	Filtered bool
	// painted remembers toned cells already rendered: lipgloss' Render
	// was two thirds of a frame's cost (profiled at 10,000 pods under
	// churn), and toned cells repeat ("OK", "1/1", "Running", ages).
	painted *paintCache
}

// paintCache is shared by the copies of a Model (View has a value
// receiver); it is for one palette: the app restyles in place when the
// terminal says its background is light.
type paintCache struct {
	dark bool
	m    map[paintKey]string
}

type paintKey struct {
	tone styles.Tone
	text string
}

// maxPainted bounds the cache; past it, it starts afresh.
const maxPainted = 4096

// New returns a table with columns.
func New(st *styles.Styles, cols ...Column) Model {
	return Model{KeyMap: DefaultKeyMap(), styles: st, cols: cols, Empty: "nothing to show", painted: &paintCache{}}
}

// SetStyles swaps the styles (light/dark change).
func (m *Model) SetStyles(st *styles.Styles) {
	m.styles = st
	m.painted = &paintCache{}
}

// paint is styles.Paint, remembered.
func (m Model) paint(t styles.Tone, text string) string {
	c := m.painted
	if t == styles.Normal || c == nil {
		return m.styles.Paint(t, text)
	}
	if c.m == nil || c.dark != m.styles.IsDark || len(c.m) >= maxPainted {
		c.m, c.dark = make(map[paintKey]string, 256), m.styles.IsDark
	}
	k := paintKey{t, text}
	if out, ok := c.m[k]; ok {
		return out
	}
	out := m.styles.Paint(t, text)
	c.m[k] = out
	return out
}

// SetSize sets the table's outer size; one line goes to the header.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, max(1, height-1)
	m.layout()
	m.clamp()
}

// SetSource swaps the rows, keeping the selection on the same key when it
// is still there.
func (m *Model) SetSource(src Source) {
	m.src = src
	if m.selKey != "" && src != nil {
		if i := m.indexOf(m.selKey); i >= 0 {
			m.cursor = i
		}
	}
	m.clamp()
}

func (m *Model) indexOf(k string) int {
	// Check the old position first: most refreshes keep order.
	if m.cursor < m.src.Len() && m.src.Key(m.cursor) == k {
		return m.cursor
	}
	for i := range m.src.Len() {
		if m.src.Key(i) == k {
			return i
		}
	}
	return -1
}

// Window is the range of rows [start, end) the next View draws: pages
// prepare cached cells for those rows in Update, so View only reads.
func (m *Model) Window() (start, end int) {
	return m.offset, min(m.Len(), m.offset+m.height)
}

// Len is the number of rows.
func (m *Model) Len() int {
	if m.src == nil {
		return 0
	}
	return m.src.Len()
}

// Cursor is the selected row index (-1 when empty).
func (m *Model) Cursor() int {
	if m.Len() == 0 {
		return -1
	}
	return m.cursor
}

// SelectedKey is the key of the selected row, "" when empty.
func (m *Model) SelectedKey() string {
	if m.Len() == 0 {
		return ""
	}
	return m.src.Key(m.cursor)
}

// Select moves the cursor to the row with key k, if present.
func (m *Model) Select(k string) {
	if m.src == nil {
		return
	}
	if i := m.indexOf(k); i >= 0 {
		m.cursor = i
		m.clamp()
	}
}

// Update moves the selection.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	kp, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil
	}
	switch {
	case key.Matches(kp, m.KeyMap.Up):
		m.cursor--
	case key.Matches(kp, m.KeyMap.Down):
		m.cursor++
	case key.Matches(kp, m.KeyMap.PageUp):
		m.cursor -= m.height
	case key.Matches(kp, m.KeyMap.PageDown):
		m.cursor += m.height
	case key.Matches(kp, m.KeyMap.Top):
		m.cursor = 0
	case key.Matches(kp, m.KeyMap.Bottom):
		m.cursor = m.Len() - 1
	}
	m.clamp()
	return m, nil
}

func (m *Model) clamp() {
	n := m.Len()
	m.cursor = min(max(m.cursor, 0), max(n-1, 0))
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+m.height {
		m.offset = m.cursor - m.height + 1
	}
	m.offset = max(0, min(m.offset, n-m.height))
	if n > 0 {
		m.selKey = m.src.Key(m.cursor)
	}
}

// SetColumnWidth sets column i's width (e.g. to the longest value
// present) and lays the columns out again.
func (m *Model) SetColumnWidth(i, width int) {
	if i < 0 || i >= len(m.cols) || m.cols[i].Width == width {
		return
	}
	m.cols[i].Width = width
	m.layout()
}

// layout gives fixed columns their width and shares the rest among flex
// columns; columns that do not fit at all are dropped from the right.
func (m *Model) layout() {
	m.widths = make([]int, len(m.cols))
	used, flex := 0, 0
	for i, c := range m.cols {
		m.widths[i] = c.Width
		used += c.Width + 1
		flex += c.Flex
	}
	spare := m.width - used + 1
	for i, c := range m.cols {
		if c.Flex > 0 && spare > 0 {
			m.widths[i] += spare * c.Flex / flex
		}
	}
	total := 0
	for i := range m.widths {
		if total+m.widths[i] > m.width {
			m.widths[i] = max(0, m.width-total)
		}
		total += m.widths[i] + 1
	}
}

// View renders the header and the visible rows only.
func (m Model) View() string {
	var b strings.Builder
	b.Grow((m.height + 1) * (m.width + 16))
	header := make([]Cell, len(m.cols))
	for i, c := range m.cols {
		header[i] = Cell{Text: c.Title}
	}
	b.WriteString(m.styles.Header.Render(m.line(header, false)))
	n := m.Len()
	if n == 0 {
		msg := m.Empty
		if m.Filtered {
			msg = "nothing matches the filter (esc clears it)"
		}
		b.WriteString("\n" + m.styles.Paint(styles.Dim, "  "+msg))
		return b.String()
	}
	end := min(n, m.offset+m.height)
	for i := m.offset; i < end; i++ {
		m.buf = m.src.Row(i, m.buf[:0])
		b.WriteByte('\n')
		if i == m.cursor {
			b.WriteString(m.styles.Selected.Render(m.line(m.buf, false)))
		} else {
			b.WriteString(m.line(m.buf, true))
		}
	}
	return b.String()
}

func (m Model) line(cells []Cell, tones bool) string {
	var b strings.Builder
	for i, w := range m.widths {
		if w <= 0 {
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		var c Cell
		if i < len(cells) {
			c = cells[i]
		}
		text := ansi.Truncate(c.Text, w, "…")
		pad := strings.Repeat(" ", max(0, w-ansi.StringWidth(text)))
		if m.cols[i].Right {
			text = pad + text
		} else {
			text += pad
		}
		if tones {
			text = m.paint(c.Tone, text)
		}
		b.WriteString(text)
	}
	return b.String()
}
