package diagnose

import (
	"bytes"
	"strconv"
	"unicode/utf8"
)

// COS holds what a Cloud Object Storage error says beyond its code and message. A finding with
// API "cos" has one; its code is a COS code (catalog namespace "cos"), never an API 3.0 one.
type COS struct {
	TraceID string `json:"traceId,omitempty"`
	// Resource is the resource as the paste gives it (a host and path, a URL or a path).
	Resource string `json:"resource,omitempty"`
	// Bucket is BucketName-APPID, AppID its numeric suffix; Region and Key as the resource or
	// URL gives them. Any may be empty.
	Bucket string `json:"bucket,omitempty"`
	AppID  string `json:"appId,omitempty"`
	Region string `json:"region,omitempty"`
	Key    string `json:"key,omitempty"`
	// Status is the HTTP status when the paste has it, else 0.
	Status int `json:"status,omitempty"`
	// Method is the HTTP method when the paste has it; Operation the SDK method or S3-style
	// operation name it shows (put_object, PutObject).
	Method    string `json:"method,omitempty"`
	Operation string `json:"operation,omitempty"`
	// CopySource is the source of a copy (x-cos-copy-source), when the paste shows it.
	CopySource string `json:"copySource,omitempty"`
	// RequestTime is when COS received the request, read from the RequestId (an observed,
	// undocumented layout: so it is always inferred), as RFC 3339 UTC.
	RequestTime string `json:"requestTime,omitempty"`
	// ClientSide is set when the SDK made the error up itself: COS never answered with it.
	ClientSide bool `json:"clientSide,omitempty"`
	// ActionsInferred is set when Diagnosis.Actions were inferred from the paste (COS names no
	// action); Need says what camerr would need to know to name them when it could not.
	ActionsInferred bool   `json:"actionsInferred,omitempty"`
	Need            string `json:"need,omitempty"`
}

func (c *COS) size() int {
	if c == nil {
		return 0
	}
	return 256 + len(c.TraceID) + len(c.Resource) + len(c.Bucket) + len(c.Region) + len(c.Key) + len(c.CopySource) + len(c.Need)
}

// COS formats, as Finding.Format.
const (
	fmtCOSXML    = "cos-xml"    // the XML error body, one line or pretty, HTML-escaped too
	fmtCOSJSON   = "cos-json"   // the JSON forms: the old Node.js SDK object, {"Error":{...}}
	fmtCOSPython = "cos-python" // qcloud_cos CosServiceError / CosClientError
	fmtCOSGo     = "cos-go"     // cos-go-sdk-v5 ErrorResponse.Error()
	fmtCOSCLI    = "cos-coscli" // the same through coscli's logger (ERRO[...] / FATA[...])
	fmtCOSJava   = "cos-java"   // CosServiceException / CosClientException
	fmtCOSJS     = "cos-js"     // the JS / Node.js SDK error object
	fmtCOSPHP    = "cos-php"    // Qcloud\Cos\Exception\...: Cos Error Code: ...
	fmtCOSDotnet = "cos-dotnet" // COSXML.CosException.CosServerException
	fmtCOSCmd    = "cos-coscmd" // coscmd's own lines ([code 403] ..., multi-delete failures)
	fmtCOSS3     = "cos-s3"     // an S3 SDK talking to a *.myqcloud.com endpoint
)

// maxCOSField bounds each value taken from a COS error.
const maxCOSField = 4096

// cosHit is a COS error found on a line.
type cosHit struct {
	format                      string
	code, message, rid, trace   []byte
	resource, url, method, op   []byte
	copySource, key, serverTime []byte
	status                      int
	client                      bool
	start, end                  int // in the segment; end past the line when lines were consumed
}

// cosPlainTrigger reports whether a line with no hump, brace or 'z' may start a COS error: the
// first line of a pretty XML body ("<?xml ...?>", "<Error>") or coscmd's "[code 403] ...". An
// HTML-escaped body is looked for on lines with humps: its first line has RequestId or a code.
func cosPlainTrigger(ln []byte, f int) bool {
	return f&fCosPlain != 0 && (bytes.IndexByte(ln, '<') >= 0 || indexAnchored(ln, "[code ", 0) >= 0)
}

// cosMarks are strings one of which the first line of every COS form holds, besides '<', '&'
// (the XML body), '(' (Go's "(Message: ", Java's "(Status Code: ", boto3's "An error occurred
// (") and a '{' ending the line (a printed object), each with the index of its rarest byte: the
// SDK class names (CosServiceError, Qcloud\Cos, COSXML.CosException, CosSdkError), qcloud_cos
// and *.myqcloud.com, the multi-delete lines of coscmd and coscli ("... fail, code: ..."),
// coscmd's "[code 403]", the AWS SDK for Go v2's "operation error S3: ", and the marks of a
// printed object on one line (x-cos-request-id, and TraceId, looked for only on lines with a
// hump, since it has one).
// Each costs one vectorized byte search of the line, on lines where the vector pass saw a piece
// of it (lineBuckets). FuzzCOS holds cosTrigger to being true on every line where cosAt finds an
// error.
var cosMarks = [...]struct {
	s      string
	anchor int
}{{"qcloud", 0}, {"Cos", 0}, {"fail", 0}, {"[code ", 0}, {"operation error S3: ", 16}, {"x-cos-request-id", 0}}

// cosTrigger reports whether a line, with line flags f, may start a COS error, so the many
// lines that cannot cost a few vectorized byte searches at most (none where the flags' prefilter
// rules its marks out).
func cosTrigger(ln []byte, f int) bool {
	if f&fCosByte != 0 && (bytes.IndexByte(ln, '<') >= 0 || bytes.IndexByte(ln, '&') >= 0 || bytes.IndexByte(ln, '(') >= 0) || lastByte(ln) == '{' {
		return true
	}
	if f&fCosMarks == 0 {
		return false
	}
	for _, m := range cosMarks {
		if indexAnchored(ln, m.s, m.anchor) >= 0 {
			return true
		}
	}
	return f&fHump != 0 && indexAnchored(ln, "TraceId", 5) >= 0
}

// cos recognizes a COS error starting on the line seg[:lnEnd], whose line flags are f (with
// multi, seg goes on with the following lines) and adds it. It returns whether it found one
// and how many following lines it consumed.
func (s *scanner) cos(seg []byte, lnEnd int, abs int64, multi bool, f int) (int, bool) {
	if !multi || s.work <= 0 || !cosTrigger(seg[:lnEnd], f) {
		return 0, false
	}
	win := cosWindow(seg, lnEnd)
	found, consumedTo := false, lnEnd
	for from := 0; from < lnEnd && s.work > 0; {
		h, ok := cosAt(seg[:win], lnEnd, from)
		if !ok {
			break
		}
		if len(h.copySource) == 0 && len(h.method) > 0 && h.method[0] == 'P' {
			h.copySource = copySourceIn(seg[lnEnd:win])
		}
		if len(h.method) == 0 && len(h.op) == 0 && h.format == fmtCOSJava {
			h.op = javaOperation(seg[lnEnd:win])
		}
		s.work -= h.end - h.start
		found = true
		s.addCOS(h, abs)
		consumedTo = max(consumedTo, h.end)
		if h.end <= from || h.end >= lnEnd {
			break
		}
		from = h.end
	}
	if !found {
		return 0, false
	}
	if consumedTo > lnEnd {
		// Lines the error reached are consumed, but not a last one whose end is out of view:
		// the scanner would have to skip into the middle of it.
		n := bytes.Count(seg[lnEnd:consumedTo], []byte{'\n'})
		if n > 0 && bytes.IndexByte(seg[consumedTo:], '\n') < 0 && len(seg) == win {
			n--
		}
		return n, true
	}
	return 0, true
}

// copySourceIn finds an x-cos-copy-source header in the lines after a PUT: a copy.
func copySourceIn(b []byte) []byte {
	k := bytes.Index(b, []byte("x-cos-copy-source"))
	if k < 0 {
		return nil
	}
	var h cosHit
	readCOSFields(b[k:lineEndAt(b, k)], &h)
	return h.copySource
}

// javaOperation reads the COSClient method a Java stack trace below the exception names
// ("at com.qcloud.cos.COSClient.putObject(COSClient.java:...)").
func javaOperation(b []byte) []byte {
	k := bytes.Index(b, []byte(".COSClient."))
	if k < 0 {
		return nil
	}
	m := b[k+len(".COSClient."):]
	e := 0
	for e < len(m) && isLetter(m[e]) {
		e++
	}
	if e == 0 || e >= len(m) || m[e] != '(' {
		return nil
	}
	return m[:e]
}

// cosWindow returns how far past the line ending at seg[lnEnd] a COS error may reach: a pretty
// body or a printed object spans a few lines, never more than lookaheadLines.
func cosWindow(seg []byte, lnEnd int) int {
	end := lnEnd
	for n := 0; n < lookaheadLines && end < len(seg); n++ {
		end = lineEndAt(seg, cosNextLine(seg, end))
	}
	return end
}

// cosNextLine returns where the line after the one ending at b[lnEnd] starts (past "\r\n" or
// "\n"), or len(b).
func cosNextLine(b []byte, lnEnd int) int {
	if k := bytes.IndexByte(b[min(lnEnd, len(b)):], '\n'); k >= 0 {
		return lnEnd + k + 1
	}
	return len(b)
}

// lineEndAt returns the end of the line holding b[i].
func lineEndAt(b []byte, i int) int {
	if k := bytes.IndexByte(b[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(b)
}

var (
	xmlError    = []byte("<Error")
	xmlErrorEsc = []byte("&lt;Error")
	xmlCode     = []byte("<Code>")
	xmlCodeEsc  = []byte("&lt;Code&gt;")
)

// cosAt finds the first COS error on the line b[:lnEnd] at or after from; b goes on with the
// following lines (the window).
func cosAt(b []byte, lnEnd, from int) (cosHit, bool) {
	ln := b[from:lnEnd]
	// The XML body, plain or HTML-escaped.
	if i := bytes.IndexByte(ln, '<'); i >= 0 {
		if h, ok := cosXMLAt(b, lnEnd, from+i, false); ok {
			return h, true
		}
	}
	if i := bytes.Index(ln, []byte("&lt;")); i >= 0 {
		if h, ok := cosXMLAt(b, lnEnd, from+i, true); ok {
			return h, true
		}
	}
	if from > 0 {
		return cosHit{}, false // the other forms take the whole line
	}
	// "Qcloud\Cos\Exception\...", "COSXML.CosException.CosServerException": the class name is
	// among the first few "Cos"; a reader may read the line, so a line of them costs no more.
	for i, n := 0, 0; i < len(ln) && n < 8; i, n = i+1, n+1 {
		k := bytes.Index(ln[i:], []byte("Cos"))
		if k < 0 {
			break
		}
		i += k
		if h, ok := cosSDKAt(b, lnEnd, i); ok {
			return h, true
		}
	}
	if i := bytes.Index(ln, []byte("(Message: ")); i >= 0 {
		if h, ok := cosGoAt(b[:lnEnd], i); ok {
			return h, true
		}
	}
	if i := bytes.Index(ln, []byte("[code ")); i >= 0 {
		if h, ok := cosCmdOld(b, lnEnd, i); ok {
			return h, true
		}
	}
	if i := bytes.Index(ln, []byte(" fail, code: ")); i >= 0 {
		return cosFieldsHit(b, 0, lnEnd, fmtCOSCmd)
	}
	if i := bytes.Index(ln, []byte(" failed , code:")); i >= 0 {
		return cosFieldsHit(b, 0, lnEnd, fmtCOSCLI)
	}
	if h, ok := cosS3At(b, lnEnd); ok {
		return h, true
	}
	return cosObjectAt(b, lnEnd)
}

// cosFieldsHit reads the labelled fields of b[start:end] as a COS error of the given format; it
// needs a code.
func cosFieldsHit(b []byte, start, end int, format string) (cosHit, bool) {
	h := cosHit{format: format, start: start, end: end}
	readCOSFields(b[start:end], &h)
	return h, len(h.code) > 0
}

// cosXMLAt reads an XML error body whose first tag starts at b[at] ('<', or "&lt;" when esc).
// A line holding only the prolog (perhaps after a log prefix) takes the body on the next line.
func cosXMLAt(b []byte, lnEnd, at int, esc bool) (cosHit, bool) {
	open, code, prolog := xmlError, xmlCode, []byte("<?xml")
	if esc {
		open, code, prolog = xmlErrorEsc, xmlCodeEsc, []byte("&lt;?xml")
	}
	ln := b[at:lnEnd]
	start := indexTag(ln, open, esc)
	if start < 0 {
		start = bytes.Index(ln, code)
	}
	startEnd := lnEnd // end of the line where the body starts
	if start >= 0 {
		start += at
	} else {
		next := cosNextLine(b, lnEnd)
		if !bytes.Contains(ln, prolog) || next >= len(b) {
			return cosHit{}, false
		}
		l := bytes.TrimLeft(b[next:lineEndAt(b, next)], " \t")
		if indexTag(l, open, esc) != 0 {
			return cosHit{}, false
		}
		startEnd = lineEndAt(b, next)
		start = startEnd - len(l)
	}
	h := cosHit{format: fmtCOSXML, start: start}
	if p := bytes.Index(ln[:min(len(ln), start-at)], prolog); p >= 0 {
		h.start = at + p
	} else if start > lnEnd && bytes.Contains(ln, prolog) {
		h.start = at + bytes.Index(ln, prolog)
	}
	h.end = scanCOSXML(b, start, startEnd, esc, &h)
	if len(h.code) == 0 {
		return cosHit{}, false
	}
	return h, true
}

// indexTag finds the start tag open ("<Error", "&lt;Error") in b, followed by the end of its
// name; -1 when there is none.
func indexTag(b, open []byte, esc bool) int {
	for from := 0; from < len(b); {
		k := bytes.Index(b[from:], open)
		if k < 0 {
			return -1
		}
		e := from + k + len(open)
		if e < len(b) && (b[e] == '>' || b[e] == ' ' || esc && b[e] == '&') {
			return from + k
		}
		from = e
	}
	return -1
}

// scanCOSXML reads the elements of an error body from its first tag at b[i], on the line ending
// at b[lnEnd], and returns where the body ends: after </Error>, else after the last tag it read.
// It keeps no stack and no nesting count (only the fields matter), never expands an entity
// beyond the predefined ones, and reads each byte once. A body whose line ends before </Error>
// and whose next line starts with a tag is read on over the following lines (b ends where the
// window does).
func scanCOSXML(b []byte, i, lnEnd int, esc bool, h *cosHit) int {
	lt, gt := []byte("<"), []byte(">")
	if esc {
		lt, gt = []byte("&lt;"), []byte("&gt;")
	}
	limit := lnEnd
	// more widens the reading from the line to the window, once, when the body goes on.
	more := func() bool {
		if limit != lnEnd || !continuesWithTag(b, lnEnd, lt) {
			return false
		}
		limit = len(b)
		return true
	}
	var cur []byte // name of the element whose text comes next
	last := i
	for {
		if i >= limit {
			if more() {
				continue
			}
			return last
		}
		k := bytes.Index(b[i:limit], lt)
		if k < 0 {
			if more() {
				continue
			}
			if len(cur) > 0 { // a body cut short inside a value
				e := lineEndAt(b[:limit], i)
				setCOSXMLField(h, cur, b[i:e], esc)
				return e
			}
			return last
		}
		if len(cur) > 0 {
			setCOSXMLField(h, cur, b[i:i+k], esc)
		}
		cur = nil
		j := i + k + len(lt)
		closing := j < limit && b[j] == '/'
		if j < limit && (closing || b[j] == '?' || b[j] == '!') {
			j++
		}
		n := j
		for n < limit && isNameByte(b[n]) {
			n++
		}
		e := bytes.Index(b[n:limit], gt)
		if e < 0 {
			if more() {
				i = last
				continue
			}
			return max(last, lineEndAt(b[:limit], n))
		}
		name := b[j:n]
		i = n + e + len(gt)
		last = i
		if closing && string(name) == "Error" {
			return i
		}
		if !closing && (e == 0 || b[n+e-1] != '/') {
			cur = name
		}
	}
}

// continuesWithTag reports whether the line after the one ending at b[lnEnd] starts with a tag.
func continuesWithTag(b []byte, lnEnd int, lt []byte) bool {
	n := cosNextLine(b, lnEnd)
	next := bytes.TrimLeft(b[n:lineEndAt(b, n)], " \t\r")
	return bytes.HasPrefix(next, lt)
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == ':' || c == '.'
}

// setCOSXMLField stores the text of a known element, entities decoded, first one wins. In an
// HTML-escaped body the text was escaped twice, so it is decoded twice; never more.
func setCOSXMLField(h *cosHit, name, text []byte, esc bool) {
	text = bytes.TrimSpace(text[:min(len(text), 2*maxCOSField)])
	if bytes.IndexByte(text, '&') >= 0 {
		text = xmlUnescape(nil, text)
		if esc && bytes.IndexByte(text, '&') >= 0 {
			text = xmlUnescape(nil, text)
		}
	}
	var dst *[]byte
	switch string(name) {
	case "Code":
		dst = &h.code
	case "Message":
		dst = &h.message
	case "Resource":
		dst = &h.resource
	case "RequestId":
		dst = &h.rid
	case "TraceId":
		dst = &h.trace
	case "Key":
		dst = &h.key
	case "ServerTime":
		dst = &h.serverTime
	default:
		return
	}
	if len(*dst) == 0 && len(text) > 0 {
		*dst = text[:min(len(text), maxCOSField)]
	}
}

// xmlUnescape decodes the five predefined entities and numeric character references, once.
// Any other entity is left as written: nothing is ever expanded beyond these. A reference to
// a control character, a surrogate or no character at all becomes U+FFFD.
func xmlUnescape(dst, b []byte) []byte {
	for i := 0; i < len(b); {
		c := b[i]
		if c != '&' {
			dst = append(dst, c)
			i++
			continue
		}
		semi := bytes.IndexByte(b[i:min(len(b), i+12)], ';')
		if semi < 0 {
			dst = append(dst, c)
			i++
			continue
		}
		ent := b[i+1 : i+semi]
		switch string(ent) {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			r, ok := charRef(ent)
			if !ok {
				dst = append(dst, c)
				i++
				continue
			}
			dst = utf8.AppendRune(dst, r)
		}
		i += semi + 1
	}
	return dst
}

// charRef decodes the body of "&#65;" or "&#x41;"; ok is false when ent is not a character
// reference. Controls (other than tab and line ends), surrogates and out-of-range numbers give
// U+FFFD.
func charRef(ent []byte) (rune, bool) {
	if len(ent) < 2 || ent[0] != '#' {
		return 0, false
	}
	base, digits := 10, ent[1:]
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	if len(digits) == 0 || len(digits) > 8 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(digits), base, 32)
	if err != nil {
		return 0, false
	}
	r := rune(n)
	if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r < 0xa0 || !utf8.ValidRune(r) {
		return utf8.RuneError, true
	}
	return r, true
}

// cosSDKAt reads the SDK exceptions whose class names start with "Cos" at ln[i].
func cosSDKAt(b []byte, lnEnd, i int) (cosHit, bool) {
	ln := b[:lnEnd]
	rest := ln[i:]
	switch {
	case bytes.HasPrefix(rest, []byte("CosServiceError: ")):
		h, ok := cosFieldsHit(b, 0, lnEnd, fmtCOSPython)
		if !ok {
			// No dict of the body: the SDK could not digest COS's answer ("Response Error Msg
			// Is INVALID"), or printed the headers of a body-less one.
			h.message = trimField(rest[len("CosServiceError: "):])
			if len(h.rid) > 0 || bytes.HasPrefix(h.message, []byte("Response Error Msg Is INVALID")) {
				h.message = h.message[:min(len(h.message), len("Response Error Msg Is INVALID"))]
				if len(h.rid) > 0 {
					h.message = nil
				}
				return h, true
			}
		}
		return h, ok
	case bytes.HasPrefix(rest, []byte("CosClientError: ")):
		h := cosHit{format: fmtCOSPython, client: true, start: 0, end: lnEnd}
		h.message = trimField(rest[len("CosClientError: "):])
		return h, true
	case bytes.HasPrefix(rest, []byte("CosServiceException: ")):
		h, ok := cosFieldsHit(b, 0, lnEnd, fmtCOSJava)
		msg := rest[len("CosServiceException: "):]
		if k := bytes.Index(msg, []byte(" (Status Code: ")); k >= 0 {
			h.message = trimField(msg[:k])
		}
		return h, ok
	case bytes.HasPrefix(rest, []byte("CosClientException: ")):
		h := cosHit{format: fmtCOSJava, client: true, start: 0, end: lnEnd}
		readCOSFields(ln, &h)
		msg := rest[len("CosClientException: "):]
		if k := bytes.Index(msg, []byte(". errCode:")); k >= 0 {
			msg = msg[:k]
		}
		h.message = trimField(msg)
		return h, true
	case bytes.HasPrefix(rest, []byte("Cos Error Code: ")):
		h, ok := cosFieldsHit(b, 0, lnEnd, fmtCOSPHP)
		if k := bytes.Index(h.message, []byte(" in /")); k > 0 {
			h.message = h.message[:k] // PHP's "Uncaught ... in FILE:LINE"
		}
		return h, ok
	case bytes.HasPrefix(rest, []byte("CosServerException")):
		// The code is only in GetInfo(): "(statusCode = 403, ..., errorCode = X, ...)", on the
		// same line or the next.
		end := lnEnd
		if k := bytes.Index(ln, []byte("errorCode = ")); k < 0 && cosNextLine(b, lnEnd) < len(b) {
			next := lineEndAt(b, cosNextLine(b, lnEnd))
			if bytes.Contains(b[cosNextLine(b, lnEnd):next], []byte("errorCode = ")) {
				end = next
			}
		}
		h := cosHit{format: fmtCOSDotnet, start: 0, end: end}
		readCOSFields(b[:end], &h)
		if len(h.code) == 0 {
			// Only "CosServerException: {403} - {Forbidden}" (or the older form without
			// braces): the status is all there is.
			m := rest[len("CosServerException"):]
			if k := bytes.Index(m, []byte("CosServerException: ")); k >= 0 {
				m = m[k+len("CosServerException: "):]
			}
			h.status = leadingStatus(bytes.TrimLeft(m, "{"))
			if h.status == 0 {
				return cosHit{}, false
			}
		}
		return h, true
	case bytes.HasPrefix(rest, []byte("CosSdkError")):
		return cosObjectAt(b, lnEnd)
	}
	return cosHit{}, false
}

// leadingStatus reads an HTTP status (100-599) at the start of b.
func leadingStatus(b []byte) int {
	if len(b) < 3 {
		return 0
	}
	n := 0
	for _, c := range b[:3] {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	if len(b) > 3 && b[3] >= '0' && b[3] <= '9' || n < 100 || n > 599 {
		return 0
	}
	return n
}

// cosGoAt reads cos-go-sdk-v5's "METHOD URL: STATUS Code(Message: m, RequestId: r, TraceId: t)"
// whose "(Message: " is at ln[i].
func cosGoAt(ln []byte, i int) (cosHit, bool) {
	// Back from "(Message: ": the code, a space, the status, ": ", the URL, a space, the method.
	c := i
	for c > 0 && isCOSCodeByte(ln[c-1]) {
		c--
	}
	code := ln[c:i]
	if c < 5 || ln[c-1] != ' ' {
		return cosHit{}, false
	}
	st := leadingStatus(ln[c-4:])
	if st == 0 || c < 7 || ln[c-5] != ' ' || ln[c-6] != ':' {
		return cosHit{}, false
	}
	urlEnd := c - 6
	u := bytes.LastIndexByte(ln[:urlEnd], ' ')
	url := ln[u+1 : urlEnd]
	if !bytes.Contains(url, []byte("://")) {
		return cosHit{}, false
	}
	m := max(u, 0) // no space: the URL starts the line and there is no method
	for m > 0 && ln[m-1] >= 'A' && ln[m-1] <= 'Z' {
		m--
	}
	h := cosHit{format: fmtCOSGo, code: code, status: st, url: url, start: m, end: len(ln)}
	if u > 0 {
		h.method = ln[m:u]
	}
	if m >= 5 && (bytes.Contains(ln[:m], []byte("ERRO[")) || bytes.Contains(ln[:m], []byte("FATA["))) {
		h.format = fmtCOSCLI
	}
	readCOSFields(ln[i+1:], &h)
	if len(h.code) == 0 {
		h.code = nil // a HEAD has no body, so no code: the status speaks
	}
	return h, true
}

// isCOSCodeByte reports whether c may be part of a COS code (numeric ones start with '-').
func isCOSCodeByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
}

// cosCmdOld reads coscmd's old "[code 403] message" with "RequestId: ..." on the next line.
func cosCmdOld(b []byte, lnEnd, i int) (cosHit, bool) {
	rest := b[i+len("[code ") : lnEnd]
	st := leadingStatus(rest)
	if st == 0 || len(rest) < 5 || rest[3] != ']' {
		return cosHit{}, false
	}
	h := cosHit{format: fmtCOSCmd, status: st, start: i, end: lnEnd, message: trimField(rest[4:])}
	if n := cosNextLine(b, lnEnd); n < len(b) {
		next := lineEndAt(b, n)
		if l := bytes.TrimSpace(b[n:next]); bytes.HasPrefix(l, []byte("RequestId: ")) {
			h.rid = trimField(l[len("RequestId: "):])
			h.end = next
		}
	}
	return h, true
}

// cosS3At reads an S3 SDK's error when the window names a COS endpoint (*.myqcloud.com):
// boto3's "An error occurred (Code) when calling the Op operation: message" and the Go SDK
// v2's "operation error S3: Op, https response error StatusCode: N, RequestID: r, ..., api
// error Code: message".
func cosS3At(b []byte, lnEnd int) (cosHit, bool) {
	ln := b[:lnEnd]
	var h cosHit
	if i := bytes.Index(ln, []byte("An error occurred (")); i >= 0 {
		rest := ln[i+len("An error occurred ("):]
		k := bytes.IndexByte(rest, ')')
		if k <= 0 {
			return cosHit{}, false
		}
		h = cosHit{format: fmtCOSS3, code: rest[:k], start: i, end: lnEnd}
		rest = rest[k+1:]
		if o := bytes.Index(rest, []byte("when calling the ")); o >= 0 {
			op := rest[o+len("when calling the "):]
			if e := bytes.Index(op, []byte(" operation")); e > 0 {
				h.op = op[:e]
				rest = op[e+len(" operation"):]
			}
		}
		if c := bytes.Index(rest, []byte(": ")); c >= 0 {
			h.message = trimField(rest[c+2:])
		}
	} else if i := bytes.Index(ln, []byte("operation error S3: ")); i >= 0 {
		rest := ln[i+len("operation error S3: "):]
		h = cosHit{format: fmtCOSS3, start: i, end: lnEnd}
		if k := bytes.IndexByte(rest, ','); k > 0 {
			h.op = rest[:k]
		}
		if k := bytes.Index(rest, []byte("StatusCode: ")); k >= 0 {
			h.status = leadingStatus(rest[k+len("StatusCode: "):])
		}
		if k := bytes.Index(rest, []byte("RequestID: ")); k >= 0 {
			h.rid = idField(rest[k+len("RequestID: "):])
		}
		k := bytes.Index(rest, []byte("api error "))
		if k < 0 {
			return cosHit{}, false
		}
		e := rest[k+len("api error "):]
		c := bytes.Index(e, []byte(": "))
		if c <= 0 {
			return cosHit{}, false
		}
		h.code, h.message = e[:c], trimField(e[c+2:])
	} else {
		return cosHit{}, false
	}
	if !bytes.Contains(b, []byte(".myqcloud.com")) {
		return cosHit{}, false
	}
	if u := indexCOSURL(b); u != nil {
		h.url = u
	}
	return h, true
}

// indexCOSURL returns the first http(s) URL or host in b on *.myqcloud.com.
func indexCOSURL(b []byte) []byte {
	k := bytes.Index(b, []byte(".myqcloud.com"))
	if k < 0 {
		return nil
	}
	s := k
	for s > 0 && isURLByte(b[s-1]) {
		s--
	}
	e := k + len(".myqcloud.com")
	for e < len(b) && isURLByte(b[e]) {
		e++
	}
	return bytes.TrimRight(b[s:e], ".,;)")
}

func isURLByte(c byte) bool {
	return c > ' ' && c < 0x7f && c != '\'' && c != '"' && c != '(' && c != ')' && c != '<' && c != '>' && c != ','
}

// cosObjectAt reads an error printed as an object (the JS/Node SDKs, the old Node.js JSON
// form): a line holding fields of a COS error, or a line opening an object whose next lines
// hold them. The window must show a COS mark (TraceId, x-cos-request-id, a myqcloud.com host).
func cosObjectAt(b []byte, lnEnd int) (cosHit, bool) {
	ln := b[:lnEnd]
	end := lnEnd
	if lastByte(ln) == '{' && bytes.Count(ln, []byte{'{'}) > bytes.Count(ln, []byte{'}'}) {
		end = objectEnd(b, lnEnd)
	}
	obj := b[:end]
	if !cosMarked(obj) {
		return cosHit{}, false
	}
	h := cosHit{format: fmtCOSJS, start: 0, end: end}
	if bytes.Contains(obj, []byte(`"Code"`)) || bytes.Contains(obj, []byte(`"error":{`)) {
		h.format = fmtCOSJSON
	}
	readCOSFields(obj, &h)
	if len(h.code) == 0 {
		return cosHit{}, false
	}
	return h, true
}

// cosMarked reports whether b shows something only COS errors have.
func cosMarked(b []byte) bool {
	return bytes.Contains(b, []byte("TraceId")) || bytes.Contains(b, []byte("x-cos-request-id")) ||
		bytes.Contains(b, []byte(".myqcloud.com")) || bytes.Contains(b, []byte("CosSdkError"))
}

// objectEnd returns the end of the line where the object opened on the line ending at b[lnEnd]
// closes, counting braces outside quotes, or lnEnd when it does not close in b.
func objectEnd(b []byte, lnEnd int) int {
	depth := 0
	var q byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case q != 0:
			if c == '\\' {
				i++
			} else if c == q || c == '\n' {
				q = 0
			}
		case c == '\'' || c == '"':
			q = c
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 && i >= lnEnd {
				return lineEndAt(b, i)
			}
		}
	}
	return lnEnd
}

// readCOSFields collects the labelled values of b: every spelling the SDKs use for the code,
// message, request id, trace id, resource, status, URL and method ("'requestid': 'x'",
// "RequestId: x", "Request ID: x", "requestId = x", "x-cos-request-id": "x", ...). The first
// value of each wins. It reads b once.
func readCOSFields(b []byte, h *cosHit) {
	for i := 0; i < len(b); i++ {
		if !isLetter(b[i]) || i > 0 && (isLetter(b[i-1]) || b[i-1] == '-' || b[i-1] == '_') {
			continue
		}
		var key [32]byte
		n, j := 0, i
		for words := 0; j < len(b) && words < 4; {
			c := b[j]
			switch {
			case isLetter(c):
				if n < len(key) {
					key[n] = c | 0x20
					n++
				}
				j++
				continue
			case c == '-' || c == '_':
				j++
				continue
			case c == ' ' && j+1 < len(b) && isLetter(b[j+1]):
				words++
				j++
				continue
			}
			break
		}
		k := j
		if k < len(b) && (b[k] == '\'' || b[k] == '"') {
			k++
		}
		for k < len(b) && b[k] == ' ' {
			k++
		}
		if k >= len(b) || b[k] != ':' && b[k] != '=' {
			continue
		}
		dst, kind := cosField(h, string(key[:n]))
		if dst == nil {
			i = j - 1
			continue
		}
		v, next := cosValue(b, k+1, kind)
		if len(*dst) == 0 && len(v) > 0 {
			*dst = v[:min(len(v), maxCOSField)]
		}
		if kind == 's' && h.status == 0 {
			h.status = leadingStatus(v)
		}
		i = max(i, next-1)
	}
}

// cosField maps a normalized label to where its value goes and the kind of value: 'i' an id
// or code (no spaces), 'c' a code (may hold spaces: Java's "404 Not Found"), 'm' free text,
// 's' a status.
func cosField(h *cosHit, key string) (*[]byte, byte) {
	switch key {
	case "code", "errorcode", "coserrorcode", "errcode":
		return &h.code, 'c'
	case "message", "errormessage", "coserrormessage", "msg", "errmsg":
		return &h.message, 'm'
	case "resource", "resouce":
		return &h.resource, 'i'
	case "requestid", "cosrequestid", "xcosrequestid", "xcirequestid":
		return &h.rid, 'i'
	case "traceid", "xcostraceid", "xcitraceid":
		return &h.trace, 'i'
	case "statuscode", "status":
		return new([]byte), 's'
	case "url":
		return &h.url, 'i'
	case "method":
		return &h.method, 'i'
	case "servertime":
		return &h.serverTime, 'i'
	case "xcoscopysource":
		return &h.copySource, 'i'
	}
	return nil, 0
}

// cosValue reads a value at b[i] (after the separator): quoted, or up to what ends its kind. It
// returns the value and where reading stopped.
func cosValue(b []byte, i int, kind byte) ([]byte, int) {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	if i >= len(b) {
		return nil, i
	}
	if q := b[i]; q == '\'' || q == '"' {
		j := i + 1
		for j < len(b) && b[j] != q && b[j] != '\n' {
			if b[j] == '\\' {
				j++
			}
			j++
		}
		j = min(j, len(b))
		return b[i+1 : j], j
	}
	if b[i] == '{' || b[i] == '[' {
		return nil, i
	}
	j := i
	switch kind {
	case 'i', 's':
		for j < len(b) && b[j] > ' ' && b[j] != ',' && b[j] != ';' && b[j] != ')' && b[j] != '}' && b[j] != '\'' && b[j] != '"' {
			j++
		}
		if kind == 'i' {
			return bytes.TrimRight(b[i:j], "."), j
		}
		return b[i:j], j
	case 'c':
		for j < len(b) && b[j] != '\n' && b[j] != '\r' && b[j] != ',' && b[j] != ';' && b[j] != ')' && b[j] != '}' && b[j] != '(' {
			j++
		}
		return bytes.TrimSpace(b[i:j]), j
	}
	// Free text runs to the line end or to the next labelled field (", RequestId: ").
	e := lineEndAt(b, i)
	for k := i; k < e; k++ {
		if (b[k] == ',' || b[k] == ';') && k+2 < e && b[k+1] == ' ' && labelAhead(b[k+2:e]) {
			e = k
			break
		}
	}
	return bytes.TrimRight(b[i:e], " \r)"), e
}

// labelAhead reports whether b starts with a field label the COS errors use, then ':' or '='.
func labelAhead(b []byte) bool {
	var h cosHit
	var key [32]byte
	n, j := 0, 0
	for ; j < len(b) && j < 40; j++ {
		c := b[j]
		if isLetter(c) {
			if n < len(key) {
				key[n] = c | 0x20
				n++
			}
			continue
		}
		if c == ' ' || c == '-' || c == '_' {
			continue
		}
		break
	}
	if j >= len(b) || b[j] != ':' && b[j] != '=' {
		return false
	}
	dst, _ := cosField(&h, string(key[:n]))
	return dst != nil || string(key[:n]) == "useragent" || string(key[:n]) == "coserrortype"
}

// trimField trims a value that runs to the end of its line.
func trimField(b []byte) []byte {
	b = bytes.TrimSpace(b)
	return b[:min(len(b), maxCOSField)]
}

// idField reads an id up to a space, comma or the like.
func idField(b []byte) []byte {
	v, _ := cosValue(b, 0, 'i')
	return v
}
