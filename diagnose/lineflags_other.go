//go:build !amd64

package diagnose

const haveLineScan = false

func lineScan(p *byte, n int, t *lineTable, m *lineMasks) (f, first, last int) {
	panic("unreachable")
}
