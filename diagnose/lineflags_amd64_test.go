package diagnose

import "testing"

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
