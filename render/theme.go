// Package render turns what camerr found into what a person or a script reads: catalog entries
// as cards, tables that never cut a code, and tab-separated lines; explain's reports as cards,
// plain blocks and JSON lines, and the code counts of --summary; check's findings as blocks,
// JSON and SARIF; all styled for a terminal by one palette (Styles), or plain. It also owns
// sanitizing outside text for the screen. Its functions write data and Styles to an io.Writer
// and keep no state, except what one run's output needs (ReportJSON's entry cache, CodeTally).
package render

import (
	"io"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Styles is the one palette camerr draws with. It is bound to the writer it renders for, never
// to os.Stdout, and uses only the 16 basic ANSI colours so it follows the user's terminal theme
// without asking the terminal anything.
type Styles struct {
	Color bool

	r         *lipgloss.Renderer
	Code      lipgloss.Style // an error code
	Title     lipgloss.Style
	Label     lipgloss.Style // field labels in a card
	Dim       lipgloss.Style // provenance and other small print
	Badge     lipgloss.Style // the namespace of an entry
	Highlight lipgloss.Style // characters a search matched
	Warn      lipgloss.Style // notes about upstream slips
	Header    lipgloss.Style // table headers
	Box       lipgloss.Style // the card border
}

// NewStyles returns the styles for output written to w; color false gives unstyled text (box
// drawing and layout stay, colours and attributes go).
func NewStyles(w io.Writer, color bool) *Styles {
	r := lipgloss.NewRenderer(w)
	if color {
		r.SetColorProfile(termenv.ANSI)
	} else {
		r.SetColorProfile(termenv.Ascii)
	}
	// Set explicitly so lipgloss never queries the terminal's background colour.
	r.SetHasDarkBackground(true)
	s := &Styles{Color: color, r: r}
	// Each style is built in place by one small call: chained lipgloss calls here would keep a
	// copy of a Style per link in this frame, and a 13 KB frame grows every command's stack.
	s.Code = s.color("6", true, false)
	s.Title = s.color("", true, false)
	s.Label = s.color("4", true, false)
	s.Dim = s.color("", false, true)
	s.Badge = s.color("5", false, false)
	s.Highlight = s.color("3", true, false)
	s.Warn = s.color("3", false, false)
	s.Header = s.color("", true, false)
	s.Box = s.box()
	return s
}

// color returns a style in the basic ANSI colour fg ("" for the terminal's own), bold or faint.
//
//go:noinline
func (s *Styles) color(fg string, bold, faint bool) lipgloss.Style {
	st := s.r.NewStyle()
	if fg != "" {
		st = st.Foreground(lipgloss.Color(fg))
	}
	if bold {
		st = st.Bold(true)
	}
	if faint {
		st = st.Faint(true)
	}
	return st
}

// box returns the card's style: a rounded grey border around one column of padding.
//
//go:noinline
func (s *Styles) box() lipgloss.Style {
	return s.r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(lipgloss.Color("8")).Padding(0, 1)
}

// NewStyle returns a blank style from the same renderer, for one-off layout.
func (s *Styles) NewStyle() lipgloss.Style { return s.r.NewStyle() }

// paint renders s in a colour style; without colour it returns s untouched, so plain output
// never goes through lipgloss (which would measure and re-wrap every string for nothing).
func (s *Styles) paint(style lipgloss.Style, text string) string {
	if !s.Color {
		return text
	}
	return style.Render(text)
}
