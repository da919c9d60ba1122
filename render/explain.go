package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
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
	if name := errorName(c.Code, c.CodeDesc, c.ErrorCode); name != "" {
		return name
	}
	return "code " + c.Code
}

// errorName names an error by its codes: "codeDesc (code)", the codeDesc, the API 3.0 code or
// "code N"; "" when it has none.
func errorName(code, codeDesc, errorCode string) string {
	switch {
	case codeDesc != "" && code != "":
		return codeDesc + " (" + code + ")"
	case codeDesc != "":
		return codeDesc
	case errorCode != "":
		return errorCode
	case code != "":
		return "code " + code
	}
	return ""
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
	if r.Finding.Diagnosis.Policy != nil {
		notes = append(notes, "suggested policy: "+reviewReminder)
	}
	if e := r.first(); e != nil && e.API == catalog.COS && e.Kind == catalog.COSSDK {
		notes = append(notes, "client-side: the SDK made this code up, COS never sends it")
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
	case f.Code+f.CodeDesc+f.ErrorCode != "":
		return errorName(f.Code, f.CodeDesc, f.ErrorCode)
	case f.COS != nil && f.COS.Status > 0:
		return "HTTP " + statusText(f.COS.Status)
	case f.COS != nil && f.COS.ClientSide:
		return "COS SDK client error"
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
	fs = append(fs, cosFields(f.COS)...)
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
	} else if !f.OK && f.Format != "cam-denial" && (f.COS == nil || f.ErrorCode != "") {
		fs = append(fs, field{"meaning", "this code is not in camerr's catalog"})
	}
	fs = append(fs, r.causeFields()...)
	d := f.Diagnosis
	if d.ModuleCode != "" {
		fs = append(fs, field{"module code", d.ModuleCode})
	}
	denied, resource := "denied", "resource"
	if f.COS != nil && f.COS.ActionsInferred {
		denied, resource = "needs (inferred)", "cam resource"
	}
	if len(d.Actions) > 0 {
		fs = append(fs, field{denied, Sanitize(strings.Join(d.Actions, ", "))})
	}
	if len(d.Resources) > 0 {
		fs = append(fs, field{resource, Sanitize(strings.Join(d.Resources, ", "))})
	}
	if d.Policy != nil && !pretty { // a card shows it below the box, where it copies whole
		fs = append(fs, field{"policy", string(escapeInvisibleJSON([]byte(d.Policy.JSON())))})
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
var productFrom = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"host": "the API host in the paste", "tccli": "the tccli command in the paste",
		"sdk-path": "the SDK package in the paste", "terraform": "the Terraform resource in the paste",
		"action": "the only product whose code lists the API action in the paste",
		"denial": "the CAM action the message denies",
		"code":   "the only product that defines this code", "paste": "named in the paste",
		"format": "the form of the error, which only COS uses",
	}
})

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
		if how := productFrom()[res.ServiceFrom]; how != "" {
			name += ", from " + how
		}
		return Sanitize(name)
	case res.CandidateCount > 0:
		list := strings.Join(res.Candidates, ", ")
		if more := res.CandidateCount - len(res.Candidates); more > 0 {
			list += fmt.Sprintf(" and %d more", more)
		}
		if e := r.first(); e != nil && e.API == catalog.V3 && e.Service == catalog.ServiceCommon {
			return fmt.Sprintf("the paste names none, and any product can return this common code; %d define their own entry for it: %s", res.CandidateCount, list)
		}
		return fmt.Sprintf("the paste names none; %d products define this code: %s", res.CandidateCount, list)
	}
	return ""
}

// Explain draws one report as a card for a terminal.
func Explain(w io.Writer, r Report, st *Styles, width int) {
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
	if p := r.Finding.Diagnosis.Policy; p != nil {
		// Outside the box and never wrapped: a mouse selection of these lines is valid JSON at
		// any width, and the terminal only folds lines too long for it, never breaks them.
		fmt.Fprintln(w, st.paint(st.Label, "suggested policy")+st.paint(st.Dim, " (review before attaching):"))
		fmt.Fprintln(w, string(escapeInvisibleJSON([]byte(p.Indented()))))
	}
}

// cosFields are the lines a COS error adds: what identifies the request and the resource.
func cosFields(c *diagnose.COS) []field {
	if c == nil {
		return nil
	}
	var fs []field
	add := func(label, v string) {
		if v != "" {
			fs = append(fs, field{label, Sanitize(v)})
		}
	}
	add("trace id", c.TraceID)
	if c.Status > 0 {
		add("http status", statusText(c.Status))
	}
	add("request", strings.TrimSpace(c.Method+" "+c.Operation))
	add("resource", c.Resource)
	add("bucket", c.Bucket)
	add("region", c.Region)
	add("key", c.Key)
	add("copy source", c.CopySource)
	if c.RequestTime != "" {
		add("request time", c.RequestTime+" (inferred from the request id)")
	}
	return fs
}

// statusText is "403 Forbidden", or the number alone for a status not listed here.
func statusText(n int) string {
	if t := statusNames()[n]; t != "" {
		return strconv.Itoa(n) + " " + t
	}
	return strconv.Itoa(n)
}

// statusNames are the HTTP statuses COS and its SDKs report (RFC 9110's names, and 429 from RFC
// 6585, 451 from RFC 7725). A table of its own: net/http, for its StatusText, would add 2 MB to
// the binary and its package initialisation to every start-up, lookup's included.
var statusNames = sync.OnceValue(func() map[int]string {
	return map[int]string{
		200: "OK", 204: "No Content", 206: "Partial Content",
		301: "Moved Permanently", 302: "Found", 304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect",
		400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
		406: "Not Acceptable", 408: "Request Timeout", 409: "Conflict", 411: "Length Required",
		412: "Precondition Failed", 413: "Content Too Large", 414: "URI Too Long", 416: "Range Not Satisfiable",
		429: "Too Many Requests", 451: "Unavailable For Legal Reasons",
		500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
		504: "Gateway Timeout",
	}
})

// ExplainPlain writes one report as plain text for a pipe: a heading, then "field: value" lines.
func ExplainPlain(w io.Writer, r Report, st *Styles) {
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

// ReportJSON writes explain's reports as JSON Lines. It encodes each catalog entry once (the
// object `lookup -o json` prints) and reuses one buffer for every line: a log can hold a million
// responses, most of them the same few errors, so a line is assembled by hand rather than
// through reflection.
type ReportJSON struct {
	w       io.Writer
	entries map[*catalog.Entry][]byte
	buf     []byte
}

// NewReportJSON returns a ReportJSON writing to w.
func NewReportJSON(w io.Writer) *ReportJSON {
	return &ReportJSON{w: w, entries: map[*catalog.Entry][]byte{}}
}

// Write writes one report as one line of JSON.
func (j *ReportJSON) Write(r Report) error {
	j.buf = appendReportJSON(j.buf[:0], r, j.entry)
	_, err := j.w.Write(j.buf)
	return err
}

// entry returns e's JSON; the catalog's entries are a bounded set, so the cache is too.
func (j *ReportJSON) entry(e *catalog.Entry) []byte {
	if b, ok := j.entries[e]; ok {
		return b
	}
	b, _ := json.Marshal(e)
	j.entries[e] = b
	return b
}

// appendReportJSON appends r's JSON line to b; entryJSON returns an entry's JSON.
func appendReportJSON(b []byte, r Report, entryJSON func(*catalog.Entry) []byte) []byte {
	f := r.Finding
	b = append(b, `{"source":`...)
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
	policy := d.Policy.JSON()
	if d.ModuleCode != "" || len(d.Actions)+len(d.Resources)+len(notes) > 0 || policy != "" {
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
		if f.COS != nil && f.COS.ActionsInferred {
			sep()
			b = append(b, `"actionsInferred":true`...)
		}
		if policy != "" {
			sep()
			b = append(b, `"suggestedPolicy":`...)
			b = append(b, escapeInvisibleJSON([]byte(policy))...)
		}
		if len(notes) > 0 {
			sep()
			b = append(b, `"notes":`...)
			b = appendJSONStrings(b, notes)
		}
		b = append(b, '}')
	}
	if f.COS != nil {
		b = appendCOSJSON(b, f.COS)
	}
	return append(b, "}\n"...)
}

// appendCOSJSON appends the "cos" member of a COS error: only the fields the paste gave.
func appendCOSJSON(b []byte, c *diagnose.COS) []byte {
	b = append(b, `,"cos":{`...)
	n := len(b)
	str := func(name, v string) {
		if v == "" {
			return
		}
		if len(b) > n {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, `":`...)
		b = appendJSONString(b, v)
	}
	str("traceId", c.TraceID)
	if c.Status > 0 {
		if len(b) > n {
			b = append(b, ',')
		}
		b = append(b, `"status":`...)
		b = strconv.AppendInt(b, int64(c.Status), 10)
	}
	str("method", c.Method)
	str("operation", c.Operation)
	str("resource", c.Resource)
	str("bucket", c.Bucket)
	str("appId", c.AppID)
	str("region", c.Region)
	str("key", c.Key)
	str("copySource", c.CopySource)
	str("requestTime", c.RequestTime)
	if c.ClientSide {
		if len(b) > n {
			b = append(b, ',')
		}
		b = append(b, `"clientSide":true`...)
	}
	str("need", c.Need)
	return append(b, '}')
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
