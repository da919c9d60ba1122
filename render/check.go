package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/camerr/camerr/catalog"
	"github.com/camerr/camerr/policy"
	"github.com/charmbracelet/lipgloss"
)

// CheckReport is what `camerr check` found in one policy document.
type CheckReport struct {
	Source   string // the file name, or "-" for standard input
	Findings []policy.Finding
	// Entries maps each finding's codeDesc to its catalog entry.
	Entries map[string]*catalog.Entry
}

// Errors counts the error findings.
func (r CheckReport) Errors() int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == policy.SeverityError {
			n++
		}
	}
	return n
}

func (r CheckReport) name() string {
	if r.Source == "-" {
		return "<stdin>"
	}
	return Sanitize(r.Source)
}

func (r CheckReport) summary() string {
	if len(r.Findings) == 0 {
		return "no errors, no warnings"
	}
	errs := r.Errors()
	warns := len(r.Findings) - errs
	s := plural(errs, "error") + ", " + plural(warns, "warning")
	for _, f := range r.Findings {
		if f.First {
			s += "; the API would answer " + f.CodeDesc
		}
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// where is "LINE:COL" for a place in the document, or the request parameter a finding is about.
func where(f policy.Finding) string {
	if f.Line > 0 {
		return fmt.Sprintf("%d:%d", f.Line, f.Column)
	}
	return "parameter " + strings.TrimPrefix(f.Path, "/")
}

// CheckPlain writes the findings for a pipe, one "FILE:LINE:COL: severity: ..." line each, the
// way compilers do, so editors and grep can use them; details follow indented.
func CheckPlain(w io.Writer, r CheckReport, st Styles) {
	for _, f := range r.Findings {
		loc := r.name()
		if f.Line > 0 {
			loc += ":" + where(f)
		}
		code := f.CodeDesc
		if code == "" {
			code = "camerr"
		}
		fmt.Fprintf(w, "%s: %s: %s", loc, f.Severity, st.paint(st.Code, code))
		if f.Path != "" {
			fmt.Fprintf(w, " at %s", Sanitize(f.Path))
		}
		fmt.Fprintf(w, ": %s\n", Sanitize(f.Message))
		if f.Hint != "" {
			fmt.Fprintf(w, "    fix: %s\n", Sanitize(f.Hint))
		}
		if f.ErrorCode != "" {
			fmt.Fprintf(w, "    API 3.0: %s (inferred)\n", f.ErrorCode)
		}
		if e := r.Entries[f.CodeDesc]; e != nil {
			fmt.Fprintf(w, "    means: %s\n", e.Description)
		}
		if f.First {
			fmt.Fprintln(w, "    this is the error the API would answer with")
		}
	}
	fmt.Fprintf(w, "%s: %s\n", r.name(), r.summary())
}

// Check draws the findings for a terminal: one block per finding, then a summary line.
func Check(w io.Writer, r CheckReport, st Styles, width int) {
	width = min(width, maxCardWidth)
	bad := st.NewStyle().Foreground(lipgloss.Color("1")).Bold(true)
	warn := st.Warn.Bold(true)
	good := st.NewStyle().Foreground(lipgloss.Color("2")).Bold(true)
	body := st.NewStyle().Width(max(width-4, 20))
	for _, f := range r.Findings {
		mark := st.paint(warn, "! warning")
		if f.Severity == policy.SeverityError {
			mark = st.paint(bad, "✗ error  ")
		}
		head := mark + "  " + st.paint(st.Code, f.CodeDesc)
		if f.First {
			head += "  " + st.paint(bad, "← the API answers with this")
		}
		fmt.Fprintln(w, wrap(head, width))
		loc := where(f)
		if f.Path != "" && f.Line > 0 {
			loc += "  " + Sanitize(f.Path)
		}
		lines := []string{st.paint(st.Dim, loc), Sanitize(f.Message)}
		if f.Hint != "" {
			lines = append(lines, st.paint(st.Label, "fix ")+Sanitize(f.Hint))
		}
		if f.ErrorCode != "" {
			lines = append(lines, st.paint(st.Dim, "API 3.0 "+f.ErrorCode+" (inferred)"))
		}
		if e := r.Entries[f.CodeDesc]; e != nil {
			lines = append(lines, st.paint(st.Dim, "means "+e.Description))
		}
		for _, l := range lines {
			fmt.Fprintln(w, indent(body.Render(wrap(l, max(width-4, 20))), "  "))
		}
		fmt.Fprintln(w)
	}
	if r.Errors() == 0 {
		fmt.Fprintln(w, st.paint(good, "✓ "+r.name()+": no errors")+st.paint(st.Dim, " ("+plural(len(r.Findings), "warning")+")"))
		return
	}
	fmt.Fprintln(w, st.paint(bad, "✗ "+r.name()+": ")+r.summary())
}

// indent prefixes every line of s and drops the padding lipgloss leaves at line ends.
func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = prefix + strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// CheckJSON writes {"ok": ..., "findings": [...]}; each finding carries its catalog entry.
func CheckJSON(w io.Writer, r CheckReport) error {
	type finding struct {
		policy.Finding
		Entry *catalog.Entry `json:"entry,omitempty"`
	}
	out := struct {
		OK       bool      `json:"ok"`
		Findings []finding `json:"findings"`
	}{OK: r.Errors() == 0, Findings: []finding{}}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, finding{f, r.Entries[f.CodeDesc]})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
