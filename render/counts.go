package render

import (
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/camerr/camerr/catalog"
	"github.com/camerr/camerr/diagnose"
)

// CodeCounts is what explain --summary shows: how many responses a run found, how many were
// errors, and how many errors each code had.
type CodeCounts struct {
	Responses int         `json:"responses"`
	Errors    int         `json:"errors"`
	Codes     []CodeCount `json:"codes"`
}

// CodeCount is one code's count. Code is the codeDesc for API 2.0 (the number when there is
// none) and the Code string for API 3.0.
type CodeCount struct {
	API   string `json:"api"`
	Code  string `json:"code"`
	Count int    `json:"count"`
	Known bool   `json:"known"`
}

// OtherCodes names the row that counts, together, the errors under codes past a tally's bound.
const OtherCodes = "(other codes)"

// CodeTally counts errors under the code a person would look up, for CodeCounts. It holds at
// most its bound of distinct codes, whatever the input; the errors under any further code are
// counted in one OtherCodes row.
type CodeTally struct {
	bound  int
	known  func(diagnose.Finding) bool
	counts map[[2]string]*codeTally // pointers: a count is one map lookup, not a lookup and a store
	others int
}

type codeTally struct {
	n     int
	known bool
}

// NewCodeTally returns a tally of at most bound codes; known says whether the catalog knows a
// finding's codes, and is asked once per distinct code.
func NewCodeTally(bound int, known func(diagnose.Finding) bool) *CodeTally {
	return &CodeTally{bound: bound, known: known, counts: map[[2]string]*codeTally{}}
}

// Add counts f, an error, under its code: the codeDesc for API 2.0 (the number when there is
// none), the Code string for API 3.0, the format for a denial with no code at all.
func (t *CodeTally) Add(f diagnose.Finding) {
	code := f.ErrorCode
	if f.CodeDesc != "" && (f.API == catalog.V2 || code == "") {
		code = f.CodeDesc
	}
	if code == "" {
		code = f.Code
	}
	if code == "" {
		code = "(" + f.Format + ")"
	}
	k := [2]string{f.API, code}
	c := t.counts[k]
	if c == nil {
		if len(t.counts) >= t.bound {
			t.others++
			return
		}
		c = &codeTally{known: t.known(f)}
		t.counts[k] = c
	}
	c.n++
}

// Overflowed reports whether errors were counted under OtherCodes.
func (t *CodeTally) Overflowed() bool { return t.others > 0 }

// Counts returns the tally with the run's response and error counts: the codes by count, most
// first, then by code, and the OtherCodes row last. The tally is spent: its map is let go.
func (t *CodeTally) Counts(responses, errors int) CodeCounts {
	s := CodeCounts{Responses: responses, Errors: errors, Codes: make([]CodeCount, 0, len(t.counts)+1)}
	for k, c := range t.counts {
		s.Codes = append(s.Codes, CodeCount{API: k[0], Code: k[1], Count: c.n, Known: c.known})
	}
	t.counts = nil
	sort.Slice(s.Codes, func(i, j int) bool {
		a, b := s.Codes[i], s.Codes[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.API < b.API
	})
	if t.others > 0 {
		s.Codes = append(s.Codes, CodeCount{Code: OtherCodes, Count: t.others})
	}
	return s
}

// CodeCountsTable draws the counts as a table for a terminal.
func CodeCountsTable(w io.Writer, s CodeCounts, st *Styles) {
	fmt.Fprintln(w, st.paint(st.Header, fmt.Sprintf("%7s  %-4s  %s", "COUNT", "API", "CODE")))
	for _, c := range s.Codes {
		line := fmt.Sprintf("%7d  %-4s  %s", c.Count, c.API, st.paint(st.Code, Sanitize(c.Code)))
		if !c.Known {
			line += st.paint(st.Dim, "  (not in the catalog)")
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w, st.paint(st.Dim, fmt.Sprintf("%d responses, %d errors", s.Responses, s.Errors)))
}

// CodeCountsTSV writes one line per code for a pipe: count, API, code, known.
func CodeCountsTSV(w io.Writer, s CodeCounts) {
	for _, c := range s.Codes {
		fmt.Fprintf(w, "%d\t%s\t%s\t%t\n", c.Count, c.API, Sanitize(c.Code), c.Known)
	}
}

// CodeCountsJSON writes the counts as one JSON object.
func CodeCountsJSON(w io.Writer, s CodeCounts) error {
	b := append(make([]byte, 0, 64<<10), `{"responses":`...)
	b = strconv.AppendInt(b, int64(s.Responses), 10)
	b = append(b, `,"errors":`...)
	b = strconv.AppendInt(b, int64(s.Errors), 10)
	b = append(b, `,"codes":[`...)
	for i, c := range s.Codes {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"api":`...)
		b = appendJSONString(b, c.API)
		b = append(b, `,"code":`...)
		b = appendJSONString(b, c.Code)
		b = append(b, `,"count":`...)
		b = strconv.AppendInt(b, int64(c.Count), 10)
		b = append(b, `,"known":`...)
		b = strconv.AppendBool(b, c.Known)
		b = append(b, '}')
		if len(b) >= 60<<10 { // a summary may hold many codes: write it as it is made
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	b = append(b, "]}\n"...)
	_, err := w.Write(b)
	return err
}
