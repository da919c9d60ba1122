package cmd

import (
	"io"
	"os"
	"strconv"

	"github.com/charmbracelet/x/term"
)

// IOStreams is every piece of the outside world a command may touch: its streams, whether they
// are terminals, the environment and the terminal width. Commands get it injected, so tests can
// run them piped or "on a terminal" without one.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	InTTY  bool
	OutTTY bool
	// Getenv reads the environment (os.Getenv outside tests).
	Getenv func(string) string
	// TermWidth is the width of the terminal Out is attached to, 0 when unknown.
	TermWidth int
}

// System returns the process's real streams. CAMERR_FORCE_TTY (any non-empty value) makes output
// terminal-style even when it is redirected, like gh's GH_FORCE_TTY; COLUMNS sets the width.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr, Getenv: os.Getenv}
	s.InTTY = term.IsTerminal(os.Stdin.Fd())
	s.OutTTY = term.IsTerminal(os.Stdout.Fd())
	if s.OutTTY {
		if w, _, err := term.GetSize(os.Stdout.Fd()); err == nil {
			s.TermWidth = w
		}
	}
	if os.Getenv("CAMERR_FORCE_TTY") != "" {
		s.OutTTY = true
	}
	return s
}

// Color modes of --color.
const (
	ColorAuto   = "auto"
	ColorAlways = "always"
	ColorNever  = "never"
)

// ColorEnabled decides, in this one place, whether output is coloured: --color always or never
// wins; in auto mode NO_COLOR (any non-empty value) and TERM=dumb turn colour off,
// CLICOLOR_FORCE (non-empty, not "0") turns it on even when piped, and otherwise colour follows
// whether standard output is a terminal.
func (s *IOStreams) ColorEnabled(mode string) bool {
	switch mode {
	case ColorAlways:
		return true
	case ColorNever:
		return false
	}
	if s.Getenv("NO_COLOR") != "" {
		return false
	}
	if v := s.Getenv("CLICOLOR_FORCE"); v != "" && v != "0" {
		return true
	}
	if s.Getenv("TERM") == "dumb" {
		return false
	}
	return s.OutTTY
}

// Width is the width to fit terminal output to: COLUMNS, else the terminal's, else 80.
func (s *IOStreams) Width() int {
	if n, err := strconv.Atoi(s.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	if s.TermWidth > 0 {
		return s.TermWidth
	}
	return 80
}
