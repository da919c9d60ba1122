package diagnose

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// The JSON reader below is hand-written for speed and tolerance: it extracts the handful of
// fields a Tencent Cloud body has without allocating, skips everything else, accepts the
// Python-dict spelling (single quotes, None/True/False) and trailing commas, and gives up on
// anything deeper than maxDepth or costlier than its work budget.

const maxDepth = 128

// val is a scalar found in the record: for strings, the bytes between the quotes.
type val struct {
	start, end int
	kind       byte // 0 absent, 's' string, 'n' number, 'l' literal, 'x' object or array
	quote      byte
}

func (v val) ok() bool { return v.kind != 0 }

// errFields are the fields of an API 3.0 Error object.
type errFields struct {
	present       bool
	code, message val
	requestID     val // some wrappers put it inside Error
}

// body is what one object says about itself.
type body struct {
	py bool // a key was single-quoted: Python dict
	js bool // a key was not quoted at all: a JavaScript object as Node prints it

	// API 2.0
	code, message, codeDesc, requestID val

	// An Action field, as logged requests and some gateways put next to the response.
	action val

	// API 3.0
	response  bool // Response is an object
	respErr   errFields
	respReqID val
	topErr    errFields
	topReqID  val
}

type jparser struct {
	b         []byte
	i         int
	work      int  // remaining budget; each token costs one, each skipped byte too
	multiline bool // strings may not contain raw newlines, so a stray quote cannot run away
	py        bool
	js        bool
	ok        bool // cleared by the first syntax error
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (p *jparser) ws() {
	for p.i < len(p.b) && isSpace(p.b[p.i]) {
		p.i++
	}
}

// str reads a string starting at the quote b[i] and returns its contents.
func (p *jparser) str() (val, bool) {
	q := p.b[p.i]
	start := p.i + 1
	// Keys, codes and ids are short: testing eight bytes at a time for the quote (or a
	// backslash, which needs the slow path) beats a call to IndexByte for them.
	for j := start; j+8 <= len(p.b) && j < start+48; j += 8 {
		x := binary.LittleEndian.Uint64(p.b[j:])
		m := hasByte(x, uint64(q)) | hasByte(x, '\\')
		if m == 0 {
			continue
		}
		e := j + bits.TrailingZeros64(m)/8
		if p.b[e] != q {
			break
		}
		if p.multiline && bytes.IndexByte(p.b[start:e], '\n') >= 0 {
			return val{}, false
		}
		p.work -= e - start + 1
		p.i = e + 1
		return val{start: start, end: e, kind: 's', quote: q}, true
	}
	j := start
	for {
		k := bytes.IndexByte(p.b[j:], q)
		if k < 0 {
			return val{}, false
		}
		e := j + k
		nb := 0
		for x := e - 1; x >= start && p.b[x] == '\\'; x-- {
			nb++
		}
		if nb%2 == 0 {
			p.work -= e - start + 1
			if p.multiline && bytes.IndexByte(p.b[start:e], '\n') >= 0 {
				return val{}, false
			}
			p.i = e + 1
			return val{start: start, end: e, kind: 's', quote: q}, true
		}
		j = e + 1
	}
}

func isNumByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// scalar reads a number or literal.
func (p *jparser) scalar() (val, bool) {
	start := p.i
	c := p.b[p.i]
	if c >= '0' && c <= '9' || c == '-' {
		for p.i < len(p.b) && isNumByte(p.b[p.i]) {
			p.i++
		}
		p.work -= p.i - start
		return val{start: start, end: p.i, kind: 'n'}, true
	}
	for p.i < len(p.b) && isLetter(p.b[p.i]) {
		p.i++
	}
	switch string(p.b[start:p.i]) {
	case "true", "false", "null", "True", "False", "None", "undefined":
		p.work--
		return val{start: start, end: p.i, kind: 'l'}, true
	}
	return val{}, false
}

// value reads any value, returning scalars and skipping objects and arrays.
func (p *jparser) value(depth int) (val, bool) {
	p.ws()
	if p.i >= len(p.b) || p.work <= 0 {
		return val{}, false
	}
	switch c := p.b[p.i]; c {
	case '"', '\'':
		return p.str()
	case '{', '[':
		start := p.i
		if !p.skipContainer(depth + 1) {
			return val{}, false
		}
		return val{start: start, end: p.i, kind: 'x'}, true
	default:
		return p.scalar()
	}
}

// skipContainer skips the object or array at b[i].
func (p *jparser) skipContainer(depth int) bool {
	if depth > maxDepth {
		return false
	}
	if p.b[p.i] == '{' {
		p.i++
		for first := true; ; first = false {
			if _, ok := p.key(first); !ok {
				return p.ok
			}
			if _, ok := p.value(depth); !ok {
				return false
			}
		}
	}
	p.i++ // '['
	for first := true; ; first = false {
		p.ws()
		if p.i >= len(p.b) {
			return false
		}
		if p.b[p.i] == ']' {
			p.i++
			return true
		}
		if !first {
			if p.b[p.i] != ',' {
				return false
			}
			p.i++
			p.ws()
			if p.i < len(p.b) && p.b[p.i] == ']' { // trailing comma
				p.i++
				return true
			}
		}
		if _, ok := p.value(depth); !ok {
			return false
		}
	}
}

// key reads the next key of an object whose '{' has been read, leaving b[i] at its value. It
// returns false at the closing '}' (consumed), with p.ok cleared if the object is malformed.
func (p *jparser) key(first bool) ([]byte, bool) {
	// Compact JSON first: ,"key": with no blanks.
	if !first && p.i+2 < len(p.b) && p.b[p.i] == ',' && p.b[p.i+1] == '"' {
		p.i++
		if k, ok := p.str(); ok && p.i < len(p.b) && p.b[p.i] == ':' {
			p.i++
			p.ws()
			return p.b[k.start:k.end], true
		}
		p.ok = false
		return nil, false
	}
	p.ws()
	if p.i >= len(p.b) || p.work <= 0 {
		p.ok = false
		return nil, false
	}
	c := p.b[p.i]
	if c == '}' {
		p.i++
		return nil, false
	}
	if !first {
		if c != ',' {
			p.ok = false
			return nil, false
		}
		p.i++
		p.ws()
		if p.i >= len(p.b) {
			p.ok = false
			return nil, false
		}
		if c = p.b[p.i]; c == '}' { // trailing comma, as Python and the docs write it
			p.i++
			return nil, false
		}
	}
	if c != '"' && c != '\'' {
		// An unquoted key, as Node's console.log prints an object: { code: 4000, ... }.
		if k := identEnd(p.b, p.i); k > p.i {
			key := p.b[p.i:k]
			p.work -= k - p.i
			p.i = k
			p.ws()
			if p.i < len(p.b) && p.b[p.i] == ':' {
				p.js = true
				p.i++
				p.ws()
				return key, true
			}
		}
		p.ok = false
		return nil, false
	}
	if c == '\'' {
		p.py = true
	}
	k, ok := p.str()
	if !ok {
		p.ok = false
		return nil, false
	}
	p.ws()
	if p.i >= len(p.b) || p.b[p.i] != ':' {
		p.ok = false
		return nil, false
	}
	p.i++
	p.ws()
	return p.b[k.start:k.end], true
}

// scalarInto reads the value at b[i] into *dst when it is a scalar, and skips it otherwise.
func (p *jparser) scalarInto(dst *val, depth int) {
	v, ok := p.value(depth)
	if !ok {
		p.ok = false
		p.work = -1
		return
	}
	if v.kind == 'x' {
		v = val{}
	}
	*dst = v
}

// skip skips the value at b[i].
func (p *jparser) skip(depth int) {
	if _, ok := p.value(depth); !ok {
		p.ok = false
		p.work = -1
	}
}

// errorObject reads an API 3.0 Error object (or skips a null).
func (p *jparser) errorObject(e *errFields, depth int) {
	if p.i >= len(p.b) || p.b[p.i] != '{' {
		p.skip(depth)
		return
	}
	e.present = true
	p.i++
	for first := true; p.ok; first = false {
		k, ok := p.key(first)
		if !ok {
			return
		}
		switch string(k) {
		case "Code":
			p.scalarInto(&e.code, depth+1)
		case "Message":
			p.scalarInto(&e.message, depth+1)
		case "RequestId":
			p.scalarInto(&e.requestID, depth+1)
		default:
			p.skip(depth + 1)
		}
	}
}

// Canonical compact bodies, as the API gateway writes them, are read by matching their fixed
// parts, which is several times faster than the general reader; anything else falls back to it.
var (
	canonV3Error = []byte(`{"Response":{"Error":{"Code":"`)
	canonV3Msg   = []byte(`","Message":"`)
	canonV3Req   = []byte(`"},"RequestId":"`)
	canonV2Code  = []byte(`{"code":`)
	canonV2Msg   = []byte(`,"message":"`)
	canonV2Desc  = []byte(`","codeDesc":"`)
)

// canonical reads a canonical compact body at b[i]. It returns false, leaving bd untouched,
// when the body is not exactly in that form.
func (p *jparser) canonical(bd *body) bool {
	b := p.b
	i := p.i
	switch {
	case bytes.HasPrefix(b[i:], canonV3Error):
		code, e, ok := plainString(b, i+len(canonV3Error))
		if !ok || !bytes.HasPrefix(b[e:], canonV3Msg) {
			return false
		}
		msg, e, ok := plainString(b, e+len(canonV3Msg))
		if ok && bytes.HasPrefix(b[e:], []byte(`"}}}`)) { // no RequestId, as some gateways and logs print it
			bd.response = true
			bd.respErr = errFields{present: true, code: code, message: msg}
			p.i = e + 4
			return true
		}
		if !ok || !bytes.HasPrefix(b[e:], canonV3Req) {
			return false
		}
		rid, e, ok := plainString(b, e+len(canonV3Req))
		if !ok || !bytes.HasPrefix(b[e:], []byte(`"}}`)) {
			return false
		}
		bd.response = true
		bd.respErr = errFields{present: true, code: code, message: msg}
		bd.respReqID = rid
		p.i = e + 3
		return true
	case bytes.HasPrefix(b[i:], canonV2Code):
		j := i + len(canonV2Code)
		k := j
		for k < len(b) && b[k] >= '0' && b[k] <= '9' {
			k++
		}
		if k == j || !bytes.HasPrefix(b[k:], canonV2Msg) {
			return false
		}
		msg, e, ok := plainString(b, k+len(canonV2Msg))
		if !ok || !bytes.HasPrefix(b[e:], canonV2Desc) {
			return false
		}
		desc, e, ok := plainString(b, e+len(canonV2Desc))
		if !ok || e+1 >= len(b) {
			return false
		}
		// What follows (data, requestId) varies: the general reader finishes the object.
		p.i = e + 1
		p.ok = true
		bd.code = val{start: j, end: k, kind: 'n'}
		bd.message, bd.codeDesc = msg, desc
		if b[p.i] == '}' {
			p.i++
			return true
		}
		for first := false; p.ok; first = false {
			k, ok := p.key(first)
			if !ok {
				break
			}
			switch string(k) {
			case "requestId":
				p.scalarInto(&bd.requestID, 1)
			case "Action":
				p.scalarInto(&bd.action, 1)
			case "code", "message", "codeDesc", "Response", "Error", "RequestId":
				p.ok = false // unusual: let the general reader decide
			default:
				p.skip(1)
			}
		}
		if !p.ok || p.work < 0 {
			*bd = body{}
			p.i = i
			return false
		}
		return true
	}
	return false
}

// plainString reads a JSON string whose opening quote has been matched, ending at the first
// '"'; it fails on escapes (the general reader handles those). It returns the value and the
// index of the closing quote.
func plainString(b []byte, start int) (val, int, bool) {
	// Codes, ids and most messages are short: one pass over words for the quote or a
	// backslash beats two IndexByte calls.
	for j := start; j+8 <= len(b) && j < start+128; j += 8 {
		x := binary.LittleEndian.Uint64(b[j:])
		m := hasByte(x, '"') | hasByte(x, '\\')
		if m == 0 {
			continue
		}
		e := j + bits.TrailingZeros64(m)/8
		if b[e] != '"' {
			return val{}, 0, false
		}
		return val{start: start, end: e, kind: 's', quote: '"'}, e, true
	}
	k := bytes.IndexByte(b[start:], '"')
	if k < 0 {
		return val{}, 0, false
	}
	e := start + k
	if bytes.IndexByte(b[start:e], '\\') >= 0 {
		return val{}, 0, false
	}
	return val{start: start, end: e, kind: 's', quote: '"'}, e, true
}

// parseBody reads the object starting at b[i] and reports its fields. It is written out
// rather than driven by callbacks because it runs for every JSON line of a log.
func (p *jparser) parseBody(bd *body) bool {
	if !p.multiline && p.canonical(bd) { // canonical bodies are one line
		return true
	}
	p.ok = true
	p.i++ // '{'
	for first := true; p.ok; first = false {
		k, ok := p.key(first)
		if !ok {
			break
		}
		switch string(k) {
		case "code":
			p.scalarInto(&bd.code, 1)
		case "message":
			p.scalarInto(&bd.message, 1)
		case "codeDesc":
			p.scalarInto(&bd.codeDesc, 1)
		case "requestId":
			p.scalarInto(&bd.requestID, 1)
		case "RequestId":
			p.scalarInto(&bd.topReqID, 1)
		case "Action":
			p.scalarInto(&bd.action, 1)
		case "Error":
			p.errorObject(&bd.topErr, 1)
		case "Response":
			if p.i >= len(p.b) || p.b[p.i] != '{' {
				p.skip(1)
				continue
			}
			bd.response = true
			p.i++
			for first := true; p.ok; first = false {
				k, ok := p.key(first)
				if !ok {
					break
				}
				switch string(k) {
				case "Error":
					p.errorObject(&bd.respErr, 2)
				case "RequestId":
					p.scalarInto(&bd.respReqID, 2)
				default:
					p.skip(2)
				}
			}
		default:
			p.skip(1)
		}
	}
	bd.py, bd.js = p.py, p.js
	return p.ok && p.work >= 0
}

// kind of response a body is.
const (
	notResponse = iota
	v2Body
	v3Error
	v3Success
)

// classify decides what a parsed body is. For API 2.0 it also returns the numeric code.
func (bd *body) classify(b []byte) (int, int) {
	if bd.response {
		if bd.respErr.present && bd.respErr.code.ok() {
			return v3Error, 0
		}
		if bd.respReqID.ok() {
			return v3Success, 0
		}
	}
	if bd.topErr.present && bd.topErr.code.ok() {
		return v3Error, 0
	}
	if bd.code.ok() && (bd.message.ok() || bd.codeDesc.ok()) {
		n, ok := intValue(b, bd.code)
		// Without codeDesc, insist on a documented common code so that any {"code":200,
		// "message":"ok"} from another service is not taken for a Tencent Cloud response.
		if ok && (bd.codeDesc.ok() || n == 0 || n >= 4000 && n <= 6999) {
			return v2Body, n
		}
	}
	return notResponse, 0
}

// intValue reads an integer written as a JSON number or a numeric string ("5100").
func intValue(b []byte, v val) (int, bool) {
	d := b[v.start:v.end]
	if v.kind != 'n' && v.kind != 's' {
		return 0, false
	}
	d = bytes.TrimSpace(d)
	neg := false
	if len(d) > 0 && d[0] == '-' {
		neg, d = true, d[1:]
	}
	if len(d) == 0 || len(d) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range d {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// identEnd returns the end of the JavaScript identifier at b[i], or i when there is none.
func identEnd(b []byte, i int) int {
	j := i
	for j < len(b) && j-i < 64 && (isIdentByte(b[j]) || b[j] == '$') {
		j++
	}
	if j == i || b[i] >= '0' && b[i] <= '9' {
		return i
	}
	return j
}
