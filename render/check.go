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

// CheckReport is what `camerr check` found in the files it read.
type CheckReport struct {
	Documents []CheckDocument
	// Files is how many files were read; Skipped how many JSON files found
	// in directories were left alone because they are not policies.
	Files, Skipped int
	// Fixed lists the rewrites --fix made, in the order made.
	Fixed []CheckFix
	// Entries maps each finding's codeDesc to its catalog entry.
	Entries map[string]*catalog.Entry
	// Single is a run over one JSON document (one file or standard input):
	// its findings end with that document's summary, and no run summary.
	Single bool
}

// CheckDocument is one policy document and what was found in it.
type CheckDocument struct {
	File    string // as given or found; "-" for standard input
	Address string // the Terraform address, "" for a JSON file
	// Findings are the checker's, or one note saying why the document was
	// not checked, or one error saying why it could not be read as a policy.
	Findings []policy.Finding
}

// CheckFix is one rewrite of --fix.
type CheckFix struct {
	File         string
	Line, Column int
	Message      string
}

// counts returns the number of errors, warnings and notes.
func (r CheckReport) counts() (errs, warns, notes int) {
	for _, d := range r.Documents {
		e, w, n := d.counts()
		errs, warns, notes = errs+e, warns+w, notes+n
	}
	return
}

// Errors counts the error findings of every document.
func (r CheckReport) Errors() int {
	e, _, _ := r.counts()
	return e
}

func (d CheckDocument) counts() (errs, warns, notes int) {
	for _, f := range d.Findings {
		switch f.Severity {
		case policy.SeverityError:
			errs++
		case policy.SeverityNote:
			notes++
		default:
			warns++
		}
	}
	return
}

func fileName(f string) string {
	if f == "-" {
		return "<stdin>"
	}
	return Sanitize(f)
}

// name is the document's file, and its address when it has one.
func (d CheckDocument) name() string {
	if d.Address == "" {
		return fileName(d.File)
	}
	return fileName(d.File) + ": " + Sanitize(d.Address)
}

// summary says how many errors and warnings a document has and what the API would answer.
func (d CheckDocument) summary() string {
	errs, warns, _ := d.counts()
	if errs+warns == 0 {
		return "no errors, no warnings"
	}
	s := plural(errs, "error") + ", " + plural(warns, "warning")
	for _, f := range d.Findings {
		if f.First {
			s += "; the API would answer " + f.CodeDesc
		}
	}
	return s
}

// summary is the run's last line: files, documents, errors, warnings.
func (r CheckReport) summary() string {
	errs, warns, notes := r.counts()
	s := fmt.Sprintf("%s, %s: %s, %s", plural(r.Files, "file"), plural(len(r.Documents), "document"), plural(errs, "error"), plural(warns, "warning"))
	if notes > 0 {
		s += fmt.Sprintf("; %s not checkable", plural(notes, "document"))
	}
	if r.Skipped > 0 {
		s += fmt.Sprintf("; %s skipped (not policies)", plural(r.Skipped, "JSON file"))
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
func CheckPlain(w io.Writer, r CheckReport, st *Styles) {
	for _, fx := range r.Fixed {
		fmt.Fprintf(w, "%s:%d:%d: fixed: %s\n", fileName(fx.File), fx.Line, fx.Column, Sanitize(fx.Message))
	}
	for _, d := range r.Documents {
		for _, f := range d.Findings {
			loc := fileName(d.File)
			if f.Line > 0 {
				loc += ":" + where(f)
			}
			fmt.Fprintf(w, "%s: %s: ", loc, f.Severity)
			switch {
			case f.CodeDesc != "":
				fmt.Fprint(w, st.paint(st.Code, f.CodeDesc))
				if d.Address != "" {
					fmt.Fprintf(w, " in %s", Sanitize(d.Address))
				}
				if f.Path != "" {
					fmt.Fprintf(w, " at %s", Sanitize(f.Path))
				}
				fmt.Fprint(w, ": ")
			case d.Address != "":
				fmt.Fprintf(w, "%s: ", Sanitize(d.Address))
			}
			fmt.Fprintf(w, "%s\n", Sanitize(f.Message))
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
		if errs, _, _ := d.counts(); r.Single || errs > 0 {
			fmt.Fprintf(w, "%s: %s\n", d.name(), d.summary())
		}
	}
	if !r.Single {
		fmt.Fprintln(w, r.summary())
	}
}

// Check draws the findings for a terminal: one block per finding, under a heading per document
// when there are several, then a summary line.
func Check(w io.Writer, r CheckReport, st *Styles, width int) {
	width = min(width, maxCardWidth)
	bad := st.NewStyle().Foreground(lipgloss.Color("1")).Bold(true)
	warn := st.Warn.Bold(true)
	good := st.NewStyle().Foreground(lipgloss.Color("2")).Bold(true)
	body := st.NewStyle().Width(max(width-4, 20))
	for _, fx := range r.Fixed {
		fmt.Fprintln(w, wrap(st.paint(good, "✓ fixed")+"  "+fmt.Sprintf("%s:%d:%d  ", fileName(fx.File), fx.Line, fx.Column)+Sanitize(fx.Message), width))
	}
	if len(r.Fixed) > 0 {
		fmt.Fprintln(w)
	}
	for _, d := range r.Documents {
		if len(d.Findings) == 0 {
			continue
		}
		if !r.Single {
			fmt.Fprintln(w, wrap(st.paint(st.Label, d.name()), width))
		}
		for _, f := range d.Findings {
			var head string
			switch f.Severity {
			case policy.SeverityError:
				head = st.paint(bad, "✗ error  ")
			case policy.SeverityNote:
				head = st.paint(st.Dim, "- note   ")
			default:
				head = st.paint(warn, "! warning")
			}
			if f.CodeDesc != "" {
				head += "  " + st.paint(st.Code, f.CodeDesc)
			}
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
	}
	errs, warns, _ := r.counts()
	if r.Single && len(r.Documents) == 1 {
		d := r.Documents[0]
		if errs == 0 {
			fmt.Fprintln(w, st.paint(good, "✓ "+d.name()+": no errors")+st.paint(st.Dim, " ("+plural(warns, "warning")+")"))
			return
		}
		fmt.Fprintln(w, st.paint(bad, "✗ "+d.name()+": ")+d.summary())
		return
	}
	mark := st.paint(good, "✓ ")
	if errs > 0 {
		mark = st.paint(bad, "✗ ")
	}
	fmt.Fprintln(w, wrap(mark+r.summary(), width))
}

// indent prefixes every line of s and drops the padding lipgloss leaves at line ends.
func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = prefix + strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// CheckJSON writes one object: "ok", the counts, and every finding with its file, its Terraform
// address and its catalog entry; with --fix, "fixed" lists the rewrites.
func CheckJSON(w io.Writer, r CheckReport) error {
	type finding struct {
		File    string `json:"file"`
		Address string `json:"address,omitempty"`
		policy.Finding
		Entry *catalog.Entry `json:"entry,omitempty"`
	}
	type fix struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Message string `json:"message"`
	}
	errs, warns, _ := r.counts()
	out := struct {
		OK        bool      `json:"ok"`
		Files     int       `json:"files"`
		Documents int       `json:"documents"`
		Errors    int       `json:"errors"`
		Warnings  int       `json:"warnings"`
		Skipped   int       `json:"skipped,omitempty"`
		Findings  []finding `json:"findings"`
		Fixed     []fix     `json:"fixed,omitempty"`
	}{OK: errs == 0, Files: r.Files, Documents: len(r.Documents), Errors: errs, Warnings: warns, Skipped: r.Skipped, Findings: []finding{}}
	for _, d := range r.Documents {
		for _, f := range d.Findings {
			out.Findings = append(out.Findings, finding{d.File, d.Address, f, r.Entries[f.CodeDesc]})
		}
	}
	for _, fx := range r.Fixed {
		out.Fixed = append(out.Fixed, fix(fx))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
