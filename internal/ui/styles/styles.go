// Package styles holds fdtui's lipgloss styles. Colours adapt to light and
// dark terminals; Bubble Tea downsamples them to what the terminal supports
// and drops them when NO_COLOR is set.
package styles

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Tone is the meaning of a piece of text; styles map tones to colours so
// that pages say what a value means, not which colour it is.
type Tone int

const (
	Normal Tone = iota
	Good
	Warn
	Bad
	Dim
	Accent
)

// Styles is every style the UI uses.
type Styles struct {
	IsDark bool

	App        lipgloss.Style
	Title      lipgloss.Style
	Summary    lipgloss.Style
	Header     lipgloss.Style
	Selected   lipgloss.Style
	Cell       lipgloss.Style
	StatusBar  lipgloss.Style
	StatusKey  lipgloss.Style
	StatusErr  lipgloss.Style
	Command    lipgloss.Style
	Prompt     lipgloss.Style
	Box        lipgloss.Style
	Section    lipgloss.Style
	Label      lipgloss.Style
	Toast      lipgloss.Style
	ToastError lipgloss.Style
	Help       help.Styles

	tones       map[Tone]lipgloss.Style
	statusTones map[Tone]lipgloss.Style
}

// StatusPaint renders text in a tone on the status bar's background, so
// the bar stays one solid line.
func (s *Styles) StatusPaint(t Tone, text string) string { return s.statusTones[t].Render(text) }

// Tone returns the style of a tone.
func (s *Styles) Tone(t Tone) lipgloss.Style { return s.tones[t] }

// Paint renders text in a tone.
func (s *Styles) Paint(t Tone, text string) string {
	if t == Normal {
		return text
	}
	return s.tones[t].Render(text)
}

// Default returns the styles for a dark or light background.
func Default(isDark bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	fg := ld(lipgloss.Color("#1f2328"), lipgloss.Color("#e6edf3"))
	dim := ld(lipgloss.Color("#6e7781"), lipgloss.Color("#7d8590"))
	accent := ld(lipgloss.Color("#0969da"), lipgloss.Color("#58a6ff"))
	good := ld(lipgloss.Color("#1a7f37"), lipgloss.Color("#3fb950"))
	warn := ld(lipgloss.Color("#9a6700"), lipgloss.Color("#d29922"))
	bad := ld(lipgloss.Color("#cf222e"), lipgloss.Color("#f85149"))
	selBG := ld(lipgloss.Color("#ddf4ff"), lipgloss.Color("#1f3a5f"))
	barBG := ld(lipgloss.Color("#eaeef2"), lipgloss.Color("#21262d"))

	s := &Styles{IsDark: isDark}
	s.App = lipgloss.NewStyle()
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Summary = lipgloss.NewStyle().Foreground(fg)
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(dim)
	s.Selected = lipgloss.NewStyle().Background(selBG).Bold(true)
	s.Cell = lipgloss.NewStyle()
	s.StatusBar = lipgloss.NewStyle().Background(barBG).Foreground(fg)
	s.StatusKey = lipgloss.NewStyle().Background(accent).Foreground(ld(lipgloss.Color("#ffffff"), lipgloss.Color("#0d1117"))).Bold(true).Padding(0, 1)
	s.StatusErr = lipgloss.NewStyle().Background(barBG).Foreground(bad)
	s.Command = lipgloss.NewStyle().Foreground(fg)
	s.Prompt = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.Box = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(dim).Padding(0, 1)
	s.Section = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Label = lipgloss.NewStyle().Foreground(dim)
	s.Toast = lipgloss.NewStyle().Foreground(good)
	s.ToastError = lipgloss.NewStyle().Foreground(bad).Bold(true)
	s.Help = help.DefaultStyles(isDark)
	s.tones = map[Tone]lipgloss.Style{
		Normal: lipgloss.NewStyle(),
		Good:   lipgloss.NewStyle().Foreground(good),
		Warn:   lipgloss.NewStyle().Foreground(warn).Bold(true),
		Bad:    lipgloss.NewStyle().Foreground(bad).Bold(true),
		Dim:    lipgloss.NewStyle().Foreground(dim),
		Accent: lipgloss.NewStyle().Foreground(accent),
	}
	s.statusTones = map[Tone]lipgloss.Style{}
	for t, st := range s.tones {
		s.statusTones[t] = st.Background(barBG)
	}
	s.statusTones[Normal] = s.StatusBar
	s.ToastError = s.ToastError.Background(barBG)
	s.Toast = s.Toast.Background(barBG)
	return s
}
