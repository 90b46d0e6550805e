package pages

import (
	"cmp"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/styles"
	"github.com/flightdeck/fdtui/internal/ui/teamsg"
)

// testNow is the fixed clock of these tests.
var testNow = time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC)

func testCommon() *common.Common {
	return &common.Common{Styles: styles.Default(true), Width: 100, Height: 30, Now: func() time.Time { return testNow }}
}

// keyPress builds a key press from a name: "enter", "esc", "ctrl+d", or
// a single character.
func keyPress(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	if strings.HasPrefix(k, "ctrl+") {
		return tea.KeyPressMsg{Code: rune(k[5]), Mod: tea.ModCtrl}
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

// runCmd runs cmd like the program would (teamsg.Run): commands that do
// not answer within 50 ms (the text input's cursor blink) are dropped, as
// uitest's driver does.
func runCmd(cmd tea.Cmd) []tea.Msg { return teamsg.Run(cmd, 50*time.Millisecond) }

// yesMsg is what the confirmed command answers.
type yesMsg struct{}

// recorder is an onYes command that counts its runs.
type recorder struct{ ran int }

func (r *recorder) cmd() tea.Msg { r.ran++; return yesMsg{} }

// describe names messages for failure output and comparisons.
func describe(msgs []tea.Msg) []string {
	var out []string
	for _, m := range msgs {
		switch m := m.(type) {
		case common.PopMsg:
			out = append(out, "pop")
		case yesMsg:
			out = append(out, "yes")
		case common.ToastMsg:
			kind := "toast"
			if m.Error {
				kind = "error"
			}
			out = append(out, kind+": "+m.Text)
		case common.PushMsg:
			title := "?"
			if m.Page != nil {
				title = m.Page.Title()
			}
			out = append(out, "push: "+title)
		case common.TaskMsg:
			out = append(out, "task: "+m.Task.Label)
		default:
			out = append(out, reflect.TypeOf(m).String())
		}
	}
	return out
}

var deleteLines = []string{
	"web-5cac23b-x7k2p is ImagePullBackOff (1/2 ready, 0 restarts) on pool-web-1.",
	"Its controller creates a replacement; fdtui tells you when the replacement is Ready.",
}

func TestConfirmView(t *testing.T) {
	cases := []struct {
		name  string
		width int // 100 unless set
		page  func(c *common.Common) *Confirm
		typed string
	}{
		{name: "yes_no", page: func(c *common.Common) *Confirm {
			return NewConfirm(c, "Delete pod web-5cac23b-x7k2p", deleteLines, nil)
		}},
		// On an 80-column terminal the long lines wrap inside the box
		// instead of running off the screen, where they would be clipped.
		{name: "yes_no_80_columns", width: 80, page: func(c *common.Common) *Confirm {
			return NewConfirm(c, "Force delete pod web-5cac23b-x7k2p", append(deleteLines,
				"Force delete removes the pod from the API at once, without waiting for its node to confirm",
				"the containers stopped (kubectl delete --force --grace-period=0). Use it for a pod stuck Terminating."), nil)
		}},
		{name: "typed_60_columns", width: 60, page: func(c *common.Common) *Confirm {
			return NewTypedConfirm(c, "Delete site www.example.com", []string{
				"The namespace www-example-com and everything in it are deleted: database, files, certificates.",
			}, "www.example.com", nil)
		}},
		{name: "typed", page: func(c *common.Common) *Confirm {
			return NewTypedConfirm(c, "Delete site www.example.com", []string{
				"The namespace www-example-com and everything in it are deleted: database, files, certificates.",
			}, "www.example.com", nil)
		}},
		{name: "typed_partly_typed", typed: "www.ex", page: func(c *common.Common) *Confirm {
			return NewTypedConfirm(c, "Delete site www.example.com", []string{"Everything in www-example-com is deleted."}, "www.example.com", nil)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			width := cmp.Or(tc.width, 100)
			c := testCommon()
			p := tc.page(c)
			p.SetSize(width, 20)
			for _, r := range tc.typed {
				p.Update(keyPress(string(r)))
			}
			view := ansi.Strip(p.View())
			for _, line := range strings.Split(view, "\n") {
				if ansi.StringWidth(line) > width {
					t.Errorf("line wider than the page's %d columns: %q", width, line)
				}
			}
			golden.RequireEqual(t, []byte(view))
		})
	}
}

func TestConfirmKeys(t *testing.T) {
	const title = "Delete pod web-5cac23b-x7k2p"
	cases := []struct {
		key  string
		want []string
	}{
		{"y", []string{"pop", "yes"}},
		{"Y", []string{"pop", "yes"}},
		{"enter", []string{"pop", "yes"}},
		{"n", []string{"pop", "toast: cancelled: " + title}},
		{"N", []string{"pop", "toast: cancelled: " + title}},
		{"esc", []string{"pop", "toast: cancelled: " + title}},
		{"q", []string{"pop", "toast: cancelled: " + title}},
		{"x", nil}, // any other key: still asking
		{"space", nil},
	}
	for _, tc := range cases {
		t.Run(tc.key, func(t *testing.T) {
			rec := &recorder{}
			p := NewConfirm(testCommon(), title, deleteLines, rec.cmd)
			_, cmd := p.Update(keyPress(tc.key))
			got := describe(runCmd(cmd))
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("%s answered %q, want %q", tc.key, got, tc.want)
			}
			if want := len(tc.want) == 2 && tc.want[1] == "yes"; (rec.ran == 1) != want || rec.ran > 1 {
				t.Fatalf("onYes ran %d times after %s", rec.ran, tc.key)
			}
		})
	}
}

func TestTypedConfirm(t *testing.T) {
	const typed = "www.example.com"
	mismatch := "error: the text does not match " + typed + "; nothing was done"
	cases := []struct {
		name  string
		keys  []string
		want  []string // messages of the last key
		ranOK bool
	}{
		{"exact text", split(typed, "enter"), []string{"pop", "yes"}, true},
		{"surrounding spaces", split(" "+typed+" ", "enter"), []string{"pop", "yes"}, true},
		{"nothing typed", []string{"enter"}, []string{mismatch}, false},
		{"prefix", split("www.example", "enter"), []string{mismatch}, false},
		{"different case", split("WWW.EXAMPLE.COM", "enter"), []string{mismatch}, false},
		{"corrected after a typo", split("www.exampel", "backspace", "backspace", "l", "e", ".com", "enter"), []string{"pop", "yes"}, true},
		{"esc cancels", split("www.exa", "esc"), []string{"pop", "toast: cancelled: Delete site"}, false},
		// y and n are text here, not answers.
		{"y types", []string{"y"}, nil, false},
		{"n types", []string{"n"}, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			p := NewTypedConfirm(testCommon(), "Delete site", nil, typed, rec.cmd)
			var last []tea.Msg
			for i, k := range tc.keys {
				_, cmd := p.Update(keyPress(k))
				if i < len(tc.keys)-1 {
					// Typing: only the prompt's own answers matter, and
					// they are immediate (the input's blink is not).
					if got := describe(filterTyping(teamsg.Run(cmd, 5*time.Millisecond))); got != nil {
						t.Fatalf("typing %q answered %q", k, got)
					}
					continue
				}
				last = runCmd(cmd)
			}
			got := describe(filterTyping(last))
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("answered %q, want %q", got, tc.want)
			}
			if (rec.ran == 1) != tc.ranOK || rec.ran > 1 {
				t.Fatalf("onYes ran %d times", rec.ran)
			}
		})
	}
}

// split is text typed one character at a time (a multi-character word
// among keys is typed too), then the named keys.
func split(text string, keys ...string) []string {
	var out []string
	for _, r := range text {
		out = append(out, string(r))
	}
	for _, k := range keys {
		if len(k) > 1 && k != "enter" && k != "esc" && k != "backspace" {
			out = append(out, split(k)...)
			continue
		}
		out = append(out, k)
	}
	return out
}

// filterTyping drops what the text input answers to typing (cursor
// blinks), keeping what the prompt itself says.
func filterTyping(msgs []tea.Msg) []tea.Msg {
	var out []tea.Msg
	for _, m := range msgs {
		switch m.(type) {
		case common.PopMsg, common.ToastMsg, yesMsg, common.PushMsg, common.TaskMsg:
			out = append(out, m)
		}
	}
	return out
}

func TestNewPromptChoosesKind(t *testing.T) {
	c := testCommon()
	yn := NewPrompt(c, common.Prompt{Title: "Restart web", Lines: []string{"one at a time"}}, nil)
	typed := NewPrompt(c, common.Prompt{Title: "Delete site", Typed: "www.example.com"}, nil)
	if yn.typed != "" || !strings.Contains(ansi.Strip(yn.View()), "Proceed?") {
		t.Fatalf("a prompt without Typed should ask y/n:\n%s", ansi.Strip(yn.View()))
	}
	if typed.typed != "www.example.com" || !strings.Contains(ansi.Strip(typed.View()), "Type www.example.com to confirm") {
		t.Fatalf("a prompt with Typed should ask for the text:\n%s", ansi.Strip(typed.View()))
	}
	if !yn.Capturing() || !typed.Capturing() {
		t.Fatal("prompts must capture every key")
	}
	if yn.ID() == typed.ID() {
		t.Fatal("two prompts share a page ID")
	}
}
