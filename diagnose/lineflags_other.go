//go:build !amd64

package diagnose

const haveLineScan = false

func lineScan(p *byte, n int, t *lineTable) (f, first, last int) { panic("unreachable") }
