package diagnose

import (
	"bytes"
)

// A hit is what a text recognizer found, as spans of the segment it read (the line, followed by
// the lookahead lines when the recognizer may span lines). Strings are made only when a finding
// is built, and only those the caller wants.
type hit struct {
	format   string
	api      string
	code     []byte // ErrorCode, or CodeDesc when api is "v2"
	message  []byte
	msgMulti bool // message spans lines: clean up "\r" and Terraform's box prefix
	reqID    []byte
	notes    []string
	start    int // where the hit starts in the segment
	end      int // where it ends; past the line when it consumed following lines
}

const (
	markerGo     = "[TencentCloudSDKError]"
	markerExc    = "[TencentCloudSDKException]"
	markerNode   = "TencentCloudSDKHttpException"
	markerDotnet = "TencentCloudSDKException:"
	markerStem   = "TencentCloudSDK"
)

var box = []byte("│") // Terraform's diagnostic frame

// sdkAt reads an SDK error string whose marker stem "TencentCloudSDK" is at seg[m]. The line
// is seg[:lnEnd]; with multi, the lines after it may be read too.
func (s *scanner) sdkAt(seg []byte, lnEnd, m int, multi bool) (hit, bool) {
	ln := seg[:lnEnd]
	switch {
	case m > 0 && bytes.HasPrefix(ln[m-1:], []byte(markerGo)):
		return s.goSDK(seg, lnEnd, m-1, multi)
	case m > 0 && bytes.HasPrefix(ln[m-1:], []byte(markerExc)):
		return s.excSDK(seg, lnEnd, m-1, multi)
	case bytes.HasPrefix(ln[m:], []byte(markerNode)):
		return s.nodeInspect(seg, lnEnd, m, multi)
	case bytes.HasPrefix(ln[m:], []byte(markerDotnet)):
		p := skipSpaces(ln, m+len(markerDotnet))
		if !hasPrefixFold(ln[p:], "code") {
			return hit{}, false // e.g. Python's module path before "[TencentCloudSDKException]"
		}
		s.work -= len(ln) // codeMessage reads to the end of the line, and back to its start below
		h, ok := s.codeMessage(ln, p)
		if !ok {
			return hit{}, false
		}
		h.format, h.api = "dotnet-sdk", "v3"
		// .NET's ToString puts "requestId: X " in front of the exception name.
		if len(h.reqID) == 0 {
			if k := bytes.LastIndex(ln[:m], []byte("requestId: ")); k >= 0 {
				h.reqID = idToken(ln[k+len("requestId: "):])
			}
		}
		h.start = m
		return h, true
	}
	return hit{}, false
}

// goSDK reads "[TencentCloudSDKError] Code=X, Message=Y, RequestId=Z" (RequestId optional).
func (s *scanner) goSDK(seg []byte, lnEnd, m int, multi bool) (hit, bool) {
	ln := seg[:lnEnd]
	p := skipSpaces(ln, m+len(markerGo))
	if !bytes.HasPrefix(ln[p:], []byte("Code=")) {
		return hit{}, false
	}
	p += len("Code=")
	h := hit{format: "go-sdk", api: "v3", start: m}
	ms := -1
	if k := s.memo.nextMessage(ln, p); k >= 0 {
		h.code = bytes.TrimSpace(ln[p:k])
		ms = k + len(", Message=")
	} else {
		h.code = codeToken(ln[p:])
	}
	if len(h.code) == 0 || len(h.code) > 256 || bytes.ContainsAny(h.code, " \t") {
		return hit{}, false
	}
	if ms < 0 {
		h.end = p + len(h.code)
		return s.finishGo(seg, lnEnd, h, multi), true
	}
	// Message may hold ", " and even ", RequestId=": the real one is the last on the line.
	if c := s.memo.last(&s.memo.goRID, ln, ", RequestId="); c >= ms {
		r := c + len(", RequestId=")
		h.message = ln[ms:c]
		h.reqID = idToken(ln[r:])
		h.end = r + len(h.reqID)
		if multi && len(h.reqID) == 0 {
			h.reqID, h.end = wrappedID(seg, lnEnd, r, h.end)
		}
		return s.finishGo(seg, lnEnd, h, multi), true
	}
	h.message, h.end = ln[ms:], lnEnd
	if multi {
		if c, r, ok := goRequestIDBelow(seg, ms, lnEnd); ok {
			h.message, h.msgMulti = seg[ms:c], true
			h.reqID = idToken(seg[r:])
			h.end = r + len(h.reqID)
		} else if e := denialContinuation(seg, lnEnd); e > lnEnd {
			h.message, h.msgMulti, h.end = seg[ms:e], true, e
		}
	}
	return s.finishGo(seg, lnEnd, h, multi), true
}

// finishGo applies what the Go form implies: "Error: " in front means Terraform printed it. A
// request id that is missing, empty or a placeholder ([REDACTED], xxxx) says nothing about the
// API: the Go SDK prints an API 2.0 error with no id, but people also redact ids before pasting.
// Such a finding's API is left open for the caller to decide from the code (SettleAPI); the
// SDK's own ClientError codes are API 3.0 whatever the id.
func (s *scanner) finishGo(seg []byte, lnEnd int, h hit, multi bool) hit {
	if placeholderID(h.reqID) {
		h.reqID = nil
		if !bytes.HasPrefix(h.code, []byte("ClientError")) {
			h.api = ""
		}
	}
	s.terraform(seg, lnEnd, &h, multi)
	return h
}

// placeholderID reports whether a printed request id is no id at all: empty, or what people put
// in place of one when they redact a paste (xxxx, XXX, ***, REDACTED, <request-id>).
func placeholderID(id []byte) bool {
	if len(id) == 0 {
		return true
	}
	if bytes.Contains(bytes.ToLower(id), []byte("redact")) {
		return true
	}
	for _, c := range id {
		if c != id[0] && c != '-' {
			return false
		}
	}
	return id[0] == 'x' || id[0] == 'X' || id[0] == '*' || id[0] == '0' || id[0] == '-'
}

// terraform marks a hit printed as a Terraform diagnostic ("Error: ..." then "on FILE line N,
// in resource ...") and notes where the failing resource is.
func (s *scanner) terraform(seg []byte, lnEnd int, h *hit, multi bool) {
	pre := bytes.TrimRight(seg[:h.start], " \t")
	if !bytes.HasSuffix(pre, []byte("Error:")) {
		return
	}
	h.format = "terraform"
	if !multi {
		return
	}
	end := max(h.end, lnEnd)
	for i := 0; i < 10 && s.work > 0; i++ {
		a, b, ok := nextLine(seg, end)
		if !ok {
			return
		}
		s.work -= b - end // a line of many Terraform errors reads the lines below once per error
		end = b
		t := bytes.TrimSpace(stripBox(seg[a:b]))
		if bytes.HasPrefix(t, []byte("Error:")) || bytes.HasPrefix(t, []byte("╵")) {
			return
		}
		if bytes.HasPrefix(t, []byte("on ")) && bytes.Contains(t, []byte(" line ")) {
			t = bytes.TrimSuffix(t, []byte(":"))
			h.notes = append(h.notes, "Terraform: "+s.text(t))
			return
		}
	}
}

// nextLine returns the bounds of the line after the one that ends at or after seg[end], without
// its "\r\n".
func nextLine(seg []byte, end int) (a, b int, ok bool) {
	if end > len(seg) {
		return 0, 0, false
	}
	k := bytes.IndexByte(seg[end:], '\n')
	if k < 0 || end+k+1 >= len(seg) {
		return 0, 0, false
	}
	a = end + k + 1
	b = len(seg)
	if e := bytes.IndexByte(seg[a:], '\n'); e >= 0 {
		b = a + e
	}
	if b > a && seg[b-1] == '\r' {
		b--
	}
	return a, b, true
}

// stripBox removes Terraform's "│ " frame from the start of a line.
func stripBox(b []byte) []byte {
	t := bytes.TrimLeft(b, " \t")
	if bytes.HasPrefix(t, box) {
		t = t[len(box):]
		if len(t) > 0 && t[0] == ' ' {
			t = t[1:]
		}
		return t
	}
	return b
}

// lineMemo remembers where needles lie on the line being recognized, so that a line holding
// thousands of SDK strings is searched once, not once per string.
type lineMemo struct {
	msgSet         bool
	msgFrom, msgAt int // the first ", Message=" at or after msgFrom is at msgAt, -1 for none
	goRID, excRID  int // 1 + the index of the last ", RequestId=" and "requestId:", 0 until known
}

// nextMessage returns the index of the first ", Message=" in ln at or after from, or -1.
func (m *lineMemo) nextMessage(ln []byte, from int) int {
	if m.msgSet && from >= m.msgFrom && (m.msgAt < 0 || from <= m.msgAt) {
		return m.msgAt
	}
	m.msgSet, m.msgFrom, m.msgAt = true, from, -1
	if k := bytes.Index(ln[from:], []byte(", Message=")); k >= 0 {
		m.msgAt = from + k
	}
	return m.msgAt
}

// last returns the index of the last needle in ln, or -1, remembering it in *at.
func (m *lineMemo) last(at *int, ln []byte, needle string) int {
	if *at == 0 {
		*at = bytes.LastIndex(ln, []byte(needle)) + 1
	}
	return *at - 1
}

// goRequestIDBelow looks in the lines after the first for "RequestId=" preceded by a comma
// (Terraform may wrap the line between the two). The message starts at seg[ms]. It returns the
// index of the comma and of the value, or ok false when another SDK error starts first or the
// window ends.
func goRequestIDBelow(seg []byte, ms, lnEnd int) (comma, value int, ok bool) {
	limit := lineLimit(seg, lnEnd, lookaheadLines)
	w := seg[ms:limit]
	stop := bytes.Index(w[lnEnd-ms:], []byte(markerStem))
	if stop < 0 {
		stop = len(w)
	} else {
		stop += lnEnd - ms
	}
	for from := lnEnd - ms; ; {
		k := bytes.Index(w[from:stop], []byte("RequestId="))
		if k < 0 {
			return 0, 0, false
		}
		k += from
		j := k - 1
		for j >= 0 {
			if c := w[j]; c == ' ' || c == '\t' || c == '\n' || c == '\r' {
				j--
			} else if j >= len(box)-1 && bytes.Equal(w[j-len(box)+1:j+1], box) {
				j -= len(box)
			} else {
				break
			}
		}
		if j >= 0 && w[j] == ',' {
			return ms + j, ms + k + len("RequestId="), true
		}
		from = k + 1
	}
}

// lineLimit returns the end of the n-th line after the line ending at lnEnd.
func lineLimit(seg []byte, lnEnd, n int) int {
	e := lnEnd
	for i := 0; i < n; i++ {
		_, b, ok := nextLine(seg, e)
		if !ok {
			break
		}
		e = b
	}
	return e
}

// denialContinuation extends a message whose line ends inside a CAM denial: the following
// "resource (...) has no permission" lines. It returns the new end, or lnEnd.
func denialContinuation(seg []byte, lnEnd int) int {
	if !bytes.Contains(seg[:lnEnd], []byte("operation")) && !bytes.Contains(seg[:lnEnd], []byte("操作")) {
		return lnEnd
	}
	end := lnEnd
	for i := 0; i < 3; i++ {
		a, b, ok := nextLine(seg, end)
		if !ok {
			break
		}
		t := bytes.TrimSpace(stripBox(seg[a:b]))
		if !(bytes.HasPrefix(t, []byte("resource")) || bytes.HasPrefix(t, []byte("资源")) ||
			bytes.Contains(t, []byte("has no permission")) || (len(t) > 0 && t[0] == ']' && i > 0)) {
			break
		}
		end = b
	}
	return end
}

// excSDK reads the "[TencentCloudSDKException]" forms: Python "] code:X message:Y requestId:Z",
// Java "]code: X message:Y requestId:Z", old Java "]message:Code-Y requestId:Z" and Node's
// toString "]message:Y  requestId:Z  traceId:T".
func (s *scanner) excSDK(seg []byte, lnEnd, m int, multi bool) (hit, bool) {
	ln := seg[:lnEnd]
	p := m + len(markerExc)
	spaced := p < len(ln) && ln[p] == ' '
	p = skipSpaces(ln, p)
	h := hit{start: m, api: "v3"}
	var ms int
	switch {
	case bytes.HasPrefix(ln[p:], []byte("code:")):
		p = skipSpaces(ln, p+len("code:"))
		h.code = codeToken(ln[p:])
		p = skipSpaces(ln, p+len(h.code))
		if !bytes.HasPrefix(ln[p:], []byte("message:")) {
			return hit{}, false
		}
		ms = p + len("message:")
		h.format = "java-sdk"
		if spaced {
			h.format = "python-sdk"
			if s.lineNo-s.usageLine <= tccliWindow {
				h.format = "tccli"
			}
		}
	case bytes.HasPrefix(ln[p:], []byte("message:")):
		ms = p + len("message:")
		h.format = "java-sdk"
	default:
		return hit{}, false
	}
	// The message ends at the last " requestId:" on the line, or on a following line.
	if k := s.memo.last(&s.memo.excRID, ln, "requestId:") - ms; k >= 0 && (k == 0 || isBlank(ln[ms+k-1])) {
		h.message = ln[ms : ms+k]
		r := ms + k + len("requestId:")
		h.reqID = idToken(ln[skipSpaces(ln, r):])
		h.end = skipSpaces(ln, r) + len(h.reqID)
		if multi && len(h.reqID) == 0 {
			h.reqID, h.end = wrappedID(seg, lnEnd, r, h.end)
		}
	} else {
		h.message, h.end = ln[ms:], lnEnd
		if multi {
			limit := lineLimit(seg, lnEnd, lookaheadLines)
			w := seg[lnEnd:limit]
			stop := bytes.Index(w, []byte(markerStem))
			if stop < 0 {
				stop = len(w)
			}
			if k := bytes.Index(w[:stop], []byte("requestId:")); k > 0 && isBlank(w[k-1]) {
				h.message, h.msgMulti = seg[ms:lnEnd+k], true
				r := lnEnd + k + len("requestId:")
				h.reqID = idToken(seg[r:])
				h.end = r + len(h.reqID)
			} else if e := denialContinuation(seg, lnEnd); e > lnEnd {
				h.message, h.msgMulti, h.end = seg[ms:e], true, e
			}
		}
	}
	h.message = bytes.TrimRight(h.message, " \t")
	if string(h.reqID) == "None" {
		h.reqID = nil
	}
	if h.code == nil {
		// Old Java: "message:AuthFailure.UnauthorizedOperation-You are not ..."; Node's toString
		// has no code and ends with "  traceId:".
		if rest := seg[h.end:]; bytes.HasPrefix(bytes.TrimLeft(rest, " "), []byte("traceId:")) {
			h.format = "node-sdk"
		}
		if k := bytes.IndexByte(h.message, '-'); k > 0 && isCodeWord(h.message[:k]) {
			h.code, h.message = h.message[:k], h.message[k+1:]
		}
	}
	return h, true
}

// nodeInspect reads a TencentCloudSDKHttpException as Node's console.log prints it:
//
//	TencentCloudSDKHttpException [Error]: message
//	    at ... {
//	  requestId: '...',
//	  traceId: '...',
//	  code: 'AuthFailure.SignatureFailure'
//	}
func (s *scanner) nodeInspect(seg []byte, lnEnd, m int, multi bool) (hit, bool) {
	ln := seg[:lnEnd]
	p := m + len(markerNode)
	if bytes.HasPrefix(ln[p:], []byte(" [Error]")) {
		p += len(" [Error]")
	}
	if p >= len(ln) || ln[p] != ':' {
		return hit{}, false
	}
	ms := skipSpaces(ln, p+1)
	h := hit{format: "node-sdk", api: "v3", start: m, message: ln[ms:], end: lnEnd}
	if !multi {
		return h, true
	}
	inStack, props := false, false
	end := lnEnd
	for i := 0; i < 64; i++ {
		a, e, ok := nextLine(seg, end)
		if !ok {
			break
		}
		end = e
		t := bytes.TrimSpace(seg[a:e])
		switch {
		case bytes.HasPrefix(t, []byte("at ")):
			inStack = true
		case bytes.Equal(t, []byte("}")):
			if props {
				h.end = e
			}
			return h, true
		case bytes.HasPrefix(t, []byte("code:")):
			h.code, props, h.end = nodeProp(t[len("code:"):]), true, e
		case bytes.HasPrefix(t, []byte("requestId:")):
			h.reqID, props, h.end = nodeProp(t[len("requestId:"):]), true, e
		case bytes.HasPrefix(t, []byte("traceId:")) || bytes.HasPrefix(t, []byte("httpCode:")):
			props, h.end = true, e
		case !inStack && !props && len(t) > 0 && !bytes.Contains(t, []byte(markerStem)):
			// The message itself spans lines.
			h.message, h.msgMulti, h.end = seg[ms:e], true, e
		default:
			return h, true
		}
	}
	return h, true
}

// nodeProp reads a value as util.inspect prints it: 'x', "x" or `x`, with a trailing comma.
func nodeProp(b []byte) []byte {
	b = bytes.TrimSpace(b)
	b = bytes.TrimSuffix(b, []byte(","))
	if len(b) >= 2 && (b[0] == '\'' || b[0] == '"' || b[0] == '`') && b[len(b)-1] == b[0] {
		return b[1 : len(b)-1]
	}
	if string(b) == "undefined" || string(b) == "null" {
		return nil
	}
	return b
}

// codeMessage reads "code:X message:Y [requestId:Z]" or "Code: X, Message: Y, RequestId: Z"
// with the code key at or after ln[from]. Used for .NET and other wrappers.
func (s *scanner) codeMessage(ln []byte, from int) (hit, bool) {
	for i := from; i+4 < len(ln); i++ {
		k := indexFold(ln[i:], "code")
		if k < 0 {
			return hit{}, false
		}
		i += k
		if i > 0 && isIdentByte(ln[i-1]) {
			continue
		}
		p := skipMarkup(ln, i+4)
		sep := separatorLen(ln[p:])
		if sep == 0 {
			continue
		}
		p = skipMarkup(ln, p+sep)
		q := byte(0)
		if p < len(ln) && (ln[p] == '\'' || ln[p] == '"') {
			q = ln[p]
			p++
		}
		code := codeToken(ln[p:])
		if len(code) == 0 {
			continue
		}
		p += len(code)
		if q != 0 && p < len(ln) && ln[p] == q {
			p++
		}
		// Only separators may stand between the code and the message key.
		p = skipPunct(ln, p)
		if !hasPrefixFold(ln[p:], "message") {
			continue
		}
		p = skipMarkup(ln, p+len("message"))
		sep = separatorLen(ln[p:])
		if sep == 0 {
			continue
		}
		ms := skipMarkup(ln, p+sep)
		h := hit{start: i, code: code, end: len(ln)}
		mq := byte(0)
		if ms < len(ln) && (ln[ms] == '\'' || ln[ms] == '"') {
			mq = ln[ms]
			ms++
		}
		me := len(ln)
		if r, v := lastRequestIDKey(ln[ms:]); r >= 0 {
			me = ms + r
			h.reqID = idToken(ln[ms+v:])
			h.end = ms + v + len(h.reqID)
		}
		msg := trimPunctRight(ln[ms:me])
		if mq != 0 {
			msg = bytes.TrimSuffix(msg, []byte{mq})
		}
		h.message = msg
		return h, true
	}
	return hit{}, false
}

// lastRequestIDKey finds the last "requestId"/"RequestId"/"request_id" key with ':' or '='
// in b, returning the index of the key and of its value, or -1.
func lastRequestIDKey(b []byte) (key, value int) {
	key, value = -1, -1
	for i := 0; i < len(b); {
		k := indexFold(b[i:], "request")
		if k < 0 {
			break
		}
		k += i
		i = k + 1
		if k > 0 && isIdentByte(b[k-1]) {
			continue
		}
		p := k + len("request")
		if p < len(b) && (b[p] == '_' || b[p] == ' ') {
			p++
		}
		if !hasPrefixFold(b[p:], "id") {
			continue
		}
		p = skipMarkup(b, p+2)
		sep := separatorLen(b[p:])
		if sep == 0 {
			continue
		}
		p = skipMarkup(b, p+sep)
		if p < len(b) && (b[p] == '\'' || b[p] == '"') {
			p++
		}
		key, value = k, p
	}
	return key, value
}

// findRequestID looks for a request id written anywhere in b: "[request id:X]",
// "RequestId=X", "requestId: 'X'" and the like.
func findRequestID(b []byte) []byte {
	id, _, _ := findRequestIDAt(b)
	return id
}

// findRequestIDAt is findRequestID that also returns where the clause's label starts and where
// the id ends in b.
func findRequestIDAt(b []byte) (id []byte, label, end int) {
	for i := 0; i < len(b); {
		k := indexFold(b[i:], "request")
		if k < 0 {
			return nil, 0, 0
		}
		k += i
		i = k + 1
		p := k + len("request")
		if p < len(b) && (b[p] == '_' || b[p] == ' ' || b[p] == '-') {
			p++
		}
		if !hasPrefixFold(b[p:], "id") {
			continue
		}
		p = skipMarkup(b, p+2)
		if p < len(b) && (b[p] == '"' || b[p] == '\'') {
			p++
		}
		sep := separatorLen(b[p:])
		if sep == 0 {
			continue
		}
		p = skipMarkup(b, p+sep)
		if p < len(b) && (b[p] == '"' || b[p] == '\'') {
			p++
		}
		if id := idToken(b[p:]); len(id) >= 3 && string(id) != "None" {
			return id, k, p + len(id)
		}
	}
	return nil, 0, 0
}

// idToken returns the request id at the start of b: letters, digits, '-' and '_'.
func idToken(b []byte) []byte {
	i := 0
	for i < len(b) && i < 128 && (isIdentByte(b[i]) || b[i] == '-') {
		i++
	}
	return b[:i]
}

// codeToken returns the code at the start of b: letters, digits, '.', '_' and '-'.
func codeToken(b []byte) []byte {
	i := 0
	for i < len(b) && i < 256 && (isCodeByte(b[i]) || b[i] == '-') {
		i++
	}
	return bytes.TrimRight(b[:i], ".-")
}

// isCodeWord reports whether b looks like an error code: starts with a letter, no spaces.
func isCodeWord(b []byte) bool {
	if len(b) == 0 || len(b) > 128 || !(b[0] >= 'A' && b[0] <= 'Z') {
		return false
	}
	for _, c := range b {
		if !isCodeByte(c) {
			return false
		}
	}
	return true
}

// byteClass is a table of the bytes names are made of, read once per byte by the loops that
// walk a log's words: a table load is one predictable branch where the range tests are four.
// It is an array literal, so it costs nothing at start-up.
var byteClass = [256]uint8{
	'A': identByte, 'B': identByte, 'C': identByte, 'D': identByte, 'E': identByte, 'F': identByte, 'G': identByte, 'H': identByte, 'I': identByte, 'J': identByte, 'K': identByte, 'L': identByte, 'M': identByte, 'N': identByte, 'O': identByte, 'P': identByte,
	'Q': identByte, 'R': identByte, 'S': identByte, 'T': identByte, 'U': identByte, 'V': identByte, 'W': identByte, 'X': identByte, 'Y': identByte, 'Z': identByte, 'a': identByte, 'b': identByte, 'c': identByte, 'd': identByte, 'e': identByte, 'f': identByte,
	'g': identByte, 'h': identByte, 'i': identByte, 'j': identByte, 'k': identByte, 'l': identByte, 'm': identByte, 'n': identByte, 'o': identByte, 'p': identByte, 'q': identByte, 'r': identByte, 's': identByte, 't': identByte, 'u': identByte, 'v': identByte,
	'w': identByte, 'x': identByte, 'y': identByte, 'z': identByte, '0': identByte, '1': identByte, '2': identByte, '3': identByte, '4': identByte, '5': identByte, '6': identByte, '7': identByte, '8': identByte, '9': identByte, '_': identByte,
	'.': codeByte,
}

const (
	identByte = 1 | codeByte // letters, digits and '_'
	codeByte  = 2            // and '.'
)

func isIdentByte(c byte) bool { return byteClass[c]&1 != 0 }

func isCodeByte(c byte) bool { return byteClass[c] != 0 }

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipSpaces(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return i
}

// indexFold is bytes.Index for an ASCII lower-case needle, ignoring the case of its first letter
// only (code/Code, message/Message, request/Request), which is all the printed forms vary.
func indexFold(b []byte, needle string) int {
	rest := needle[1:]
	for i := 0; i < len(b); {
		k := bytes.Index(b[i:], []byte(rest))
		if k < 0 {
			return -1
		}
		k += i
		if k >= 1 && b[k-1]|0x20 == needle[0] {
			return k - 1
		}
		i = k + 1
	}
	return -1
}

func hasPrefixFold(b []byte, needle string) bool {
	return len(b) >= len(needle) && b[0]|0x20 == needle[0] && string(b[1:len(needle)]) == needle[1:]
}
