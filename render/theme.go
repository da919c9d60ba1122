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
func NewStyles(w io.Writer, color bool) Styles {
	r := lipgloss.NewRenderer(w)
	if color {
		r.SetColorProfile(termenv.ANSI)
	} else {
		r.SetColorProfile(termenv.Ascii)
	}
	// Set explicitly so lipgloss never queries the terminal's background colour.
	r.SetHasDarkBackground(true)
	s := Styles{Color: color, r: r}
	s.Code = r.NewStyle().Bold(true).Foreground(lipgloss.Color("6"))
	s.Title = r.NewStyle().Bold(true)
	s.Label = r.NewStyle().Foreground(lipgloss.Color("4")).Bold(true)
	s.Dim = r.NewStyle().Faint(true)
	s.Badge = r.NewStyle().Foreground(lipgloss.Color("5"))
	s.Highlight = r.NewStyle().Foreground(lipgloss.Color("3")).Bold(true)
	s.Warn = r.NewStyle().Foreground(lipgloss.Color("3"))
	s.Header = r.NewStyle().Bold(true)
	s.Box = r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(lipgloss.Color("8")).Padding(0, 1)
	return s
}

// NewStyle returns a blank style from the same renderer, for one-off layout.
func (s Styles) NewStyle() lipgloss.Style { return s.r.NewStyle() }

// paint renders s in a colour style; without colour it returns s untouched, so plain output
// never goes through lipgloss (which would measure and re-wrap every string for nothing).
func (s Styles) paint(style lipgloss.Style, text string) string {
	if !s.Color {
		return text
	}
	return style.Render(text)
}
