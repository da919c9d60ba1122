package cmd

import (
	"io"

	"github.com/camerr/camerr/render"
)

// outputMode is how a command writes its result.
type outputMode int

const (
	modePlain    outputMode = iota // piped: plain text, tab-separated tables, nothing cut
	modeTerminal                   // a terminal: cards and tables fitted to its width
	modeJSON                       // -o json
	modeSARIF                      // -o sarif (check)
)

// printer writes a command's result in the mode chosen, in this one place, from -o and whether
// standard output is a terminal. As with gh's exporter, a command says what it shows in each
// mode (views) and the printer runs the one that applies.
type printer struct {
	mode  outputMode
	w     io.Writer
	st    *render.Styles
	width int
}

// newPrinter returns the printer for -o format, writing to io.Out: make it after the pager has
// started, which replaces io.Out.
func newPrinter(io *IOStreams, g *globalOptions, format string) *printer {
	p := &printer{w: io.Out, st: g.styles(io), width: io.Width()}
	switch {
	case format == OutputJSON:
		p.mode = modeJSON
	case format == OutputSARIF:
		p.mode = modeSARIF
	case io.OutTTY:
		p.mode = modeTerminal
	}
	return p
}

// views are how a command shows its result, of type T, in each mode. JSON (and SARIF, where -o
// offers it) must be set; a nil Terminal or Plain view writes nothing. The result is passed to
// the view rather than captured, so that explain can show a million reports without moving
// each one to the heap.
type views[T any] struct {
	JSON     func(w io.Writer, v T) error
	SARIF    func(w io.Writer, v T) error
	Terminal func(w io.Writer, v T, st *render.Styles, width int)
	Plain    func(w io.Writer, v T, st *render.Styles)
	// Empty says there is nothing to show: the text modes write nothing (the command says why
	// on standard error), while JSON still writes its empty value for scripts.
	Empty bool
}

// show writes v with the view of p's mode.
func show[T any](p *printer, v T, vs *views[T]) error {
	switch {
	case p.mode == modeJSON:
		return vs.JSON(p.w, v)
	case p.mode == modeSARIF:
		return vs.SARIF(p.w, v)
	case vs.Empty:
	case p.mode == modeTerminal && vs.Terminal != nil:
		vs.Terminal(p.w, v, p.st, p.width)
	case p.mode == modePlain && vs.Plain != nil:
		vs.Plain(p.w, v, p.st)
	}
	return nil
}
