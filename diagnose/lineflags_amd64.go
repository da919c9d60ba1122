package diagnose

import "golang.org/x/sys/cpu"

// haveLineScan says whether lineScan runs here: it needs AVX2.
var haveLineScan = cpu.X86.HasAVX2

// lineScan is the vector pass of lineFlagsIn over the n bytes at p (n > 0), which may read up
// to 34 bytes past the start of the line's last 32-byte chunk. It returns the flags but fHump
// and fMasks, the first hump's index (-1 if none), and the index just past the last one (0 if
// none), and fills m for the line's first maskedBytes bytes.
//
//go:noescape
func lineScan(p *byte, n int, t *lineTable, m *lineMasks) (f, first, last int)
