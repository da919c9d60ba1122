package diagnose

import (
	"testing"
	"unsafe"
)

// TestWordPass runs the recognition tables with the vector pass off, as on a CPU without AVX2
// or another architecture: the word-at-a-time pass and every prefilter flag set.
func TestWordPass(t *testing.T) {
	if !haveLineScan {
		t.Skip("the other tests already run without the vector pass here")
	}
	defer func(v bool) { haveLineScan = v }(haveLineScan)
	haveLineScan = false
	for _, tc := range []struct {
		name string
		run  func(*testing.T)
	}{{"Formats", TestFormats}, {"Denial", TestDenial}, {"PrettyPrinted", TestPrettyPrinted}, {"MultiResponse", TestMultiResponse}, {"Cause", TestCause}} {
		t.Run(tc.name, tc.run)
	}
}

// TestLineTableLayout holds lineTable and lineMasks to the offsets lineflags_amd64.s uses.
func TestLineTableLayout(t *testing.T) {
	var l lineTable
	var m lineMasks
	for _, c := range []struct {
		field string
		got   uintptr
		want  uintptr
	}{
		{"mask", unsafe.Offsetof(l.mask), 192}, {"limit", unsafe.Offsetof(l.limit), 224},
		{"lower", unsafe.Offsetof(l.lower), 256}, {"upper", unsafe.Offsetof(l.upper), 288},
		{"cos", unsafe.Offsetof(l.cos), 320}, {"brace", unsafe.Offsetof(l.brace), 416},
		{"z", unsafe.Offsetof(l.z), 448}, {"digits", unsafe.Offsetof(l.digits), 480},
		{"dlimit", unsafe.Offsetof(l.dlimit), 512}, {"under", unsafe.Offsetof(l.under), 544},
		{"dot", unsafe.Offsetof(l.dot), 576},
		{"lineMasks.codes", unsafe.Offsetof(m.codes), 256}, {"lineMasks.dots", unsafe.Offsetof(m.dots), 512},
		{"maskedBytes", uintptr(maskedBytes), 2048},
	} {
		if c.got != c.want {
			t.Errorf("%s at %d; lineflags_amd64.s uses %d", c.field, c.got, c.want)
		}
	}
}
