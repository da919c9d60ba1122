package diagnose

import "bytes"

// Layouts of real pastes beyond the SDKs' own: fields one per line ("Code: X" then "Message: Y"
// then "RequestId: Z"), Objective-C and other "Key = value;" dumps, markdown emphasis and
// backticks around keys and values, full-width punctuation from Chinese input methods, and a
// request id wrapped onto the line after its key.

// separatorLen returns the length of the key-value separator at the start of b (':', '=' or a
// full-width colon), or 0.
func separatorLen(b []byte) int {
	switch {
	case len(b) > 0 && (b[0] == ':' || b[0] == '='):
		return 1
	case bytes.HasPrefix(b, []byte("：")):
		return len("：")
	}
	return 0
}

// skipMarkup skips blanks and the markdown around keys and values (**, `, _).
func skipMarkup(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '*' || b[i] == '`') {
		i++
	}
	return i
}

// skipPunct skips the separators between two fields: blanks, ',', ';', markdown, and their
// full-width forms.
func skipPunct(b []byte, i int) int {
	for i < len(b) {
		switch {
		case b[i] == ' ' || b[i] == '\t' || b[i] == ',' || b[i] == ';' || b[i] == '*' || b[i] == '`':
			i++
		case bytes.HasPrefix(b[i:], []byte("，")) || bytes.HasPrefix(b[i:], []byte("；")):
			i += len("，")
		default:
			return i
		}
	}
	return i
}

// trimPunctRight drops the separators and markdown that end a value.
func trimPunctRight(b []byte) []byte {
	for {
		n := len(b)
		b = bytes.TrimRight(b, " \t,;*`")
		b = bytes.TrimSuffix(b, []byte("，"))
		b = bytes.TrimSuffix(b, []byte("；"))
		if len(b) == n {
			return b
		}
	}
}

// wrappedID reads a request id wrapped onto the next line: the key ends its line (at r, with
// nothing after it but blanks) and the next line holds the id alone. It returns the id and the
// hit's new end, or nil and end unchanged.
func wrappedID(seg []byte, lnEnd, r, end int) ([]byte, int) {
	if r > lnEnd || len(bytes.TrimSpace(seg[r:lnEnd])) > 0 {
		return nil, end
	}
	a, b, ok := nextLine(seg, lnEnd)
	if !ok {
		return nil, end
	}
	t := bytes.TrimLeft(stripBox(seg[a:b]), " \t")
	id := idToken(t)
	if len(id) < 8 || len(trimPunctRight(bytes.TrimSpace(t[len(id):]))) > 0 {
		return nil, end // an id is long, and alone on its line
	}
	return id, b - len(t) + len(id)
}

// fieldKey reads a field's key at the start of line ln (after blanks, list markers and
// markdown): code, message, requestId or codeDesc, in the spellings pastes use, with its
// separator. It returns which key it is ('c', 'm', 'r' or 'd') and where the value starts.
func fieldKey(ln []byte) (byte, int) {
	i := 0
	for i < len(ln) && (ln[i] == ' ' || ln[i] == '\t' || ln[i] == '-' || ln[i] == '*' || ln[i] == '`' || ln[i] == '"' || ln[i] == '|') {
		i++
	}
	var k byte
	n := 0
	switch rest := ln[i:]; {
	case hasPrefixFold(rest, "codedesc"), hasPrefixFold(rest, "codeDesc"):
		k, n = 'd', len("codeDesc")
	case hasPrefixFold(rest, "code"):
		k, n = 'c', len("code")
	case hasPrefixFold(rest, "message"):
		k, n = 'm', len("message")
	case hasPrefixFold(rest, "requestid"), hasPrefixFold(rest, "requestId"):
		k, n = 'r', len("requestId")
	case hasPrefixFold(rest, "request_id"), hasPrefixFold(rest, "request id"):
		k, n = 'r', len("request_id")
	default:
		return 0, 0
	}
	p := i + n
	if p < len(ln) && ln[p] == '"' {
		p++
	}
	p = skipMarkup(ln, p)
	sep := separatorLen(ln[p:])
	if sep == 0 {
		return 0, 0
	}
	return k, skipMarkup(ln, p+sep)
}

// fieldValue reads a field's value from v: unquoted, and without the ';' or ',' that ends it.
func fieldValue(v []byte) []byte {
	v = trimPunctRight(bytes.TrimSpace(v))
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
	}
	return v
}

// maxFieldLines bounds the lines after a code field searched for its message and request id.
const maxFieldLines = 6

// fieldLines reads a response printed a field per line, starting with the code on ln:
//
//	Code: ResourceUnavailable.InstanceType      Code = "AuthFailure.SignatureFailure";
//	Message: ...                                 Message = "...";
//	RequestId: ...                               RequestId = "...";
//
// It needs a message or a request id on the lines right after the code, so a lone "Code: X" is
// left to the free-text reader.
func (s *scanner) fieldLines(seg []byte, lnEnd int) (hit, bool) {
	ln := seg[:lnEnd]
	k, v := fieldKey(ln)
	if k != 'c' {
		return hit{}, false
	}
	code := fieldValue(ln[v:])
	if !isCodeWord(code) || !s.codeLike(code) {
		return hit{}, false
	}
	h := hit{format: "fields", code: code, start: 0, end: lnEnd}
	end := lnEnd
	for i := 0; i < maxFieldLines; i++ {
		a, b, ok := nextLine(seg, end)
		if !ok {
			break
		}
		k, v := fieldKey(seg[a:b])
		if k == 0 {
			break
		}
		s.work -= b - a
		end = b
		switch val := fieldValue(seg[a+v : b]); k {
		case 'm':
			h.message = val
		case 'r':
			h.reqID = idToken(val)
		case 'c', 'd':
			i = maxFieldLines // another response's code
			end = a - 1
		}
	}
	if h.message == nil && h.reqID == nil {
		return hit{}, false
	}
	h.end = end
	return h, true
}
