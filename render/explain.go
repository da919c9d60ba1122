package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/camerr/camerr/catalog"
	"github.com/camerr/camerr/diagnose"
)

// Report is one response explain found, with what the catalog knows about it.
type Report struct {
	Finding    diagnose.Finding
	Resolution catalog.Resolution
	// CauseResolution is what the catalog knows about Finding.Cause, the error the message holds.
	CauseResolution catalog.Resolution
}

// causeName names the error a response's message holds.
func causeName(c *diagnose.Cause) string {
	switch {
	case c.CodeDesc != "" && c.Code != "":
		return c.CodeDesc + " (" + c.Code + ")"
	case c.CodeDesc != "":
		return c.CodeDesc
	case c.ErrorCode != "":
		return c.ErrorCode
	}
	return "code " + c.Code
}

// causeFields are the lines that explain the cause, after the response's own.
func (r Report) causeFields() []field {
	c := r.Finding.Cause
	if c == nil {
		return nil
	}
	head := causeName(c) + ", the error inside the message"
	if c.Message != "" {
		head += ": " + c.Message
	}
	if c.RequestID != "" {
		head += " (request id " + c.RequestID + ")"
	}
	fs := []field{{"cause", SanitizeLines(head)}}
	if es := r.CauseResolution.Entries; len(es) > 0 {
		fs = append(fs, field{"cause meaning", es[0].Description})
		if es[0].Action != "" {
			fs = append(fs, field{"cause action", es[0].Action})
		}
	} else {
		fs = append(fs, field{"cause meaning", "this code is not in camerr's catalog"})
	}
	return fs
}

// reviewReminder goes with every suggested policy: it is derived from an error message, not from
// the caller's intent.
const reviewReminder = "review it before attaching: it grants exactly the denied actions on the named resources, which may be more (or less) than the caller should have"

// Notes are the report's notes: the scanner's, the catalog's, and whether retrying can help.
func (r Report) Notes() []string {
	notes := append([]string(nil), r.Finding.Diagnosis.Notes...)
	notes = append(notes, r.Resolution.Notes...)
	if len(r.Finding.Diagnosis.Actions) == 0 && r.Finding.Format == "cam-denial" {
		notes = append(notes, "the message names no CAM action, so no policy can be suggested")
	}
	if r.Finding.Diagnosis.SuggestedPolicy != "" {
		notes = append(notes, "suggested policy: "+reviewReminder)
	}
	if e := r.first(); e != nil && e.Retryable != nil {
		if *e.Retryable {
			notes = append(notes, "retrying can help: wait, then retry with backoff")
		} else {
			notes = append(notes, "retrying will not help: the same request fails again until it is fixed")
		}
	}
	return notes
}

func (r Report) first() *catalog.Entry {
	if len(r.Resolution.Entries) == 0 {
		return nil
	}
	return r.Resolution.Entries[0]
}

// codeName is how a response's error is named in a heading: "codeDesc (code)", the API 3.0
// code, or what there is; a code the catalog corrected by the code it was read as, marked.
func (r Report) codeName() string {
	f := r.Finding
	switch {
	case r.Resolution.Corrected != "" && f.Code != "" && f.ErrorCode == "":
		return r.Resolution.Corrected + " (" + f.Code + ", corrected)"
	case r.Resolution.Corrected != "":
		return r.Resolution.Corrected + " (corrected)"
	case f.OK:
		return "success"
	case f.CodeDesc != "" && f.Code != "":
		return f.CodeDesc + " (" + f.Code + ")"
	case f.CodeDesc != "":
		return f.CodeDesc
	case f.ErrorCode != "":
		return f.ErrorCode
	case f.Code != "":
		return "code " + f.Code
	case f.Format == "cam-denial":
		return "CAM permission denied"
	}
	return "error"
}

func (r Report) location() string {
	src := r.Finding.Source
	if src == "-" {
		src = "<stdin>"
	}
	return Sanitize(src) + ":" + strconv.Itoa(r.Finding.Line)
}

// fields are the report's labelled lines; pretty spreads the suggested policy over indented
// lines, for a terminal, where a long one-line document would wrap mid-word.
func (r Report) fields(pretty bool) []field {
	f := r.Finding
	var fs []field
	fs = append(fs, field{"found", r.location() + " (" + f.Format + ")"})
	if f.Message != "" {
		fs = append(fs, field{"message", SanitizeLines(f.Message)})
	}
	if f.RequestID != "" {
		fs = append(fs, field{"request id", Sanitize(f.RequestID)})
	}
	if f.OK {
		return fs
	}
	if p := r.productLine(); p != "" {
		fs = append(fs, field{"product", p})
	}
	if e := r.first(); e != nil {
		fs = append(fs, field{"meaning", e.Description})
		action := e.Action
		if action == "" {
			action = "none given by the source"
		}
		fs = append(fs, field{"action", action})
		for _, c := range e.Checks {
			fs = append(fs, field{"check", c})
		}
	} else if !f.OK && f.Format != "cam-denial" {
		fs = append(fs, field{"meaning", "this code is not in camerr's catalog"})
	}
	fs = append(fs, r.causeFields()...)
	d := f.Diagnosis
	if d.ModuleCode != "" {
		fs = append(fs, field{"module code", d.ModuleCode})
	}
	if len(d.Actions) > 0 {
		fs = append(fs, field{"denied", Sanitize(strings.Join(d.Actions, ", "))})
	}
	if len(d.Resources) > 0 {
		fs = append(fs, field{"resource", Sanitize(strings.Join(d.Resources, ", "))})
	}
	if d.SuggestedPolicy != "" {
		policy := d.SuggestedPolicy
		var b bytes.Buffer
		if pretty && json.Indent(&b, []byte(policy), "", "  ") == nil {
			policy = b.String()
		}
		fs = append(fs, field{"policy", SanitizeLines(policy)})
	}
	for _, n := range r.Notes() {
		fs = append(fs, field{"note", Sanitize(n)})
	}
	if len(r.Resolution.Entries) > 1 {
		var also []string
		for _, e := range r.Resolution.Entries[1:] {
			also = append(also, e.ID+" ("+e.Namespace()+")")
		}
		fs = append(fs, field{"see also", strings.Join(also, "; ")})
	}
	return fs
}

// productFrom says, after a product's name, how explain decided it was that product.
var productFrom = map[string]string{
	"host": "the API host in the paste", "tccli": "the tccli command in the paste",
	"sdk-path": "the SDK package in the paste", "terraform": "the Terraform resource in the paste",
	"action": "the only product whose code lists the API action in the paste",
	"denial": "the CAM action the message denies",
	"code":   "the only product that defines this code", "paste": "named in the paste",
}

// productLine names the product that sent the error and how that was decided; with none
// decided, the products that define the code (capped), saying the paste names none.
func (r Report) productLine() string {
	res := r.Resolution
	switch {
	case res.Service != "":
		name := res.Service
		if res.Product != "" {
			name = res.Product + " (" + res.Service + ")"
		}
		if how := productFrom[res.ServiceFrom]; how != "" {
			name += ", from " + how
		}
		return Sanitize(name)
	case res.CandidateCount > 0:
		list := strings.Join(res.Candidates, ", ")
		if more := res.CandidateCount - len(res.Candidates); more > 0 {
			list += fmt.Sprintf(" and %d more", more)
		}
		return fmt.Sprintf("the paste names none; %d products define this code: %s", res.CandidateCount, list)
	}
	return ""
}

// Explain draws one report as a card for a terminal.
func Explain(w io.Writer, r Report, st Styles, width int) {
	badge := "unknown code"
	switch e := r.first(); {
	case r.Finding.OK:
		badge = "API " + apiName(r.Finding.API)
	case e != nil && r.Resolution.Inferred:
		badge = e.Namespace() + ", inferred"
	case e != nil:
		badge = e.Namespace()
	}
	box(w, st.paint(st.Code, Sanitize(r.codeName())), st.paint(st.Badge, badge), r.fields(true), st, width)
}

// ExplainPlain writes one report as plain text for a pipe: a heading, then "field: value" lines.
func ExplainPlain(w io.Writer, r Report, st Styles) {
	fmt.Fprintf(w, "%s: %s\n", r.location(), st.paint(st.Code, Sanitize(r.codeName())))
	for _, f := range r.fields(false)[1:] { // the heading already says where
		fmt.Fprintf(w, "  %s %s\n", st.paint(st.Label, f.label+":"), strings.ReplaceAll(f.value, "\n", "\n    "))
	}
}

func apiName(api string) string {
	switch api {
	case catalog.V2:
		return "2.0"
	case catalog.V3:
		return "3.0"
	}
	return "?"
}

// ExplainJSON writes one report as one line of JSON. entryJSON returns an entry's JSON (the
// object `lookup -o json` prints), so callers encode each entry once; buf is scratch space the
// caller may reuse between calls. A log can hold a million responses, so the line is assembled
// by hand rather than through reflection.
func ExplainJSON(w io.Writer, r Report, entryJSON func(*catalog.Entry) []byte, buf []byte) ([]byte, error) {
	f := r.Finding
	b := append(buf[:0], `{"source":`...)
	b = appendJSONString(b, f.Source)
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, int64(f.Line), 10)
	b = append(b, `,"format":`...)
	b = appendJSONString(b, f.Format)
	b = append(b, `,"ok":`...)
	b = strconv.AppendBool(b, f.OK)
	if f.API != "" {
		b = append(b, `,"api":`...)
		b = appendJSONString(b, f.API)
	}
	if n, err := strconv.ParseUint(f.Code, 10, 63); err == nil {
		b = append(b, `,"code":`...)
		b = strconv.AppendUint(b, n, 10)
	}
	if f.CodeDesc != "" {
		b = append(b, `,"codeDesc":`...)
		b = appendJSONString(b, f.CodeDesc)
	}
	if f.ErrorCode != "" {
		b = append(b, `,"errorCode":`...)
		b = appendJSONString(b, f.ErrorCode)
	}
	if r.Resolution.Corrected != "" {
		b = append(b, `,"corrected":`...)
		b = appendJSONString(b, r.Resolution.Corrected)
	}
	b = append(b, `,"message":`...)
	b = appendJSONString(b, f.Message)
	b = append(b, `,"requestId":`...)
	b = appendJSONString(b, f.RequestID)
	b = append(b, `,"known":`...)
	b = strconv.AppendBool(b, r.Resolution.Known)
	if res := r.Resolution; res.Service != "" {
		b = append(b, `,"service":`...)
		b = appendJSONString(b, res.Service)
		if res.Product != "" {
			b = append(b, `,"product":`...)
			b = appendJSONString(b, res.Product)
		}
		b = append(b, `,"productFrom":`...)
		b = appendJSONString(b, res.ServiceFrom)
	} else if res.CandidateCount > 0 {
		b = append(b, `,"candidates":`...)
		b = appendJSONStrings(b, res.Candidates)
		b = append(b, `,"candidateCount":`...)
		b = strconv.AppendInt(b, int64(res.CandidateCount), 10)
	}
	b = append(b, `,"entries":[`...)
	for i, e := range r.Resolution.Entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, entryJSON(e)...)
	}
	b = append(b, ']')
	if c := f.Cause; c != nil {
		b = append(b, `,"cause":{"format":`...)
		b = appendJSONString(b, c.Format)
		for _, kv := range [...][2]string{{"api", c.API}, {"codeDesc", c.CodeDesc}, {"errorCode", c.ErrorCode}} {
			if kv[1] != "" {
				b = append(b, ',', '"')
				b = append(b, kv[0]...)
				b = append(b, '"', ':')
				b = appendJSONString(b, kv[1])
			}
		}
		if n, err := strconv.ParseUint(c.Code, 10, 63); err == nil {
			b = append(b, `,"code":`...)
			b = strconv.AppendUint(b, n, 10)
		}
		b = append(b, `,"message":`...)
		b = appendJSONString(b, c.Message)
		b = append(b, `,"requestId":`...)
		b = appendJSONString(b, c.RequestID)
		b = append(b, `,"known":`...)
		b = strconv.AppendBool(b, r.CauseResolution.Known)
		b = append(b, `,"entries":[`...)
		for i, e := range r.CauseResolution.Entries {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, entryJSON(e)...)
		}
		b = append(b, "]}"...)
	}
	d := f.Diagnosis
	var notes []string
	if !f.OK {
		notes = r.Notes()
	}
	policy := d.SuggestedPolicy != "" && json.Valid([]byte(d.SuggestedPolicy))
	if d.ModuleCode != "" || len(d.Actions)+len(d.Resources)+len(notes) > 0 || policy {
		b = append(b, `,"diagnosis":{`...)
		sep := func() {
			if b[len(b)-1] != '{' {
				b = append(b, ',')
			}
		}
		if d.ModuleCode != "" {
			b = append(b, `"moduleCode":`...)
			b = appendJSONString(b, d.ModuleCode)
		}
		for _, list := range []struct {
			name  string
			items []string
		}{{"actions", d.Actions}, {"resources", d.Resources}} {
			if len(list.items) > 0 {
				sep()
				b = append(b, '"')
				b = append(b, list.name...)
				b = append(b, `":`...)
				b = appendJSONStrings(b, list.items)
			}
		}
		if policy {
			sep()
			b = append(b, `"suggestedPolicy":`...)
			b = append(b, escapeInvisibleJSON([]byte(d.SuggestedPolicy))...)
		}
		if len(notes) > 0 {
			sep()
			b = append(b, `"notes":`...)
			b = appendJSONStrings(b, notes)
		}
		b = append(b, '}')
	}
	b = append(b, "}\n"...)
	_, err := w.Write(b)
	return b, err
}

func appendJSONStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string: quotes and backslashes escaped, invalid UTF-8 as
// U+FFFD, and every invisible character (controls, DEL, C1, bidi and other format characters,
// line and paragraph separators) as a \u escape, so that the JSON shows on a terminal or through
// jq without acting on it.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x7f {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || invisible(r) {
			b = append(b, s[start:i]...)
			if r == utf8.RuneError {
				b = append(b, `\ufffd`...)
			} else {
				b = appendJSONEscape(b, r)
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// Summary counts the responses of an explain run by code.
type Summary struct {
	Responses int           `json:"responses"`
	Errors    int           `json:"errors"`
	Codes     []SummaryCode `json:"codes"`
}

// SummaryCode is one code's count. Code is the codeDesc for API 2.0 (the number when there is
// none) and the Code string for API 3.0.
type SummaryCode struct {
	API   string `json:"api"`
	Code  string `json:"code"`
	Count int    `json:"count"`
	Known bool   `json:"known"`
}

// Sort orders the codes by count, most first, then by code.
func (s *Summary) Sort() {
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
}

// SummaryTable draws the counts as a table for a terminal.
func SummaryTable(w io.Writer, s Summary, st Styles) {
	codeW := len("CODE")
	for _, c := range s.Codes {
		codeW = max(codeW, len(Sanitize(c.Code)))
	}
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

// SummaryTSV writes one line per code for a pipe: count, API, code, known.
func SummaryTSV(w io.Writer, s Summary) {
	for _, c := range s.Codes {
		fmt.Fprintf(w, "%d\t%s\t%s\t%t\n", c.Count, c.API, Sanitize(c.Code), c.Known)
	}
}

// SummaryJSON writes the counts as one JSON object.
func SummaryJSON(w io.Writer, s Summary) error {
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
