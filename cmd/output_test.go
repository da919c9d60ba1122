package cmd

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/camerr/camerr/render"
)

// TestPrinter checks the one place an output mode is chosen: -o first, then whether standard
// output is a terminal; Empty silences the text modes only.
func TestPrinter(t *testing.T) {
	for _, tc := range []struct {
		format string
		tty    bool
		empty  bool
		want   string
	}{
		{OutputText, true, false, "terminal 72"},
		{OutputText, false, false, "plain"},
		{OutputJSON, true, false, "json"},
		{OutputJSON, false, true, "json"},
		{OutputSARIF, true, false, "sarif"},
		{OutputText, true, true, ""},
		{OutputText, false, true, ""},
	} {
		var out bytes.Buffer
		s := &IOStreams{Out: &out, OutTTY: tc.tty, Getenv: func(k string) string {
			if k == "COLUMNS" {
				return "72"
			}
			return ""
		}}
		err := show(newPrinter(s, &globalOptions{color: ColorAuto}, tc.format), "x", &views[string]{
			JSON:     func(w io.Writer, v string) error { _, err := io.WriteString(w, "json"); return err },
			SARIF:    func(w io.Writer, v string) error { _, err := io.WriteString(w, "sarif"); return err },
			Terminal: func(w io.Writer, v string, _ *render.Styles, width int) { fmt.Fprintf(w, "terminal %d", width) },
			Plain:    func(w io.Writer, v string, _ *render.Styles) { io.WriteString(w, "plain") },
			Empty:    tc.empty,
		})
		if err != nil || out.String() != tc.want {
			t.Errorf("-o %s, terminal %v, empty %v: wrote %q (%v), want %q", tc.format, tc.tty, tc.empty, out.String(), err, tc.want)
		}
	}
}
