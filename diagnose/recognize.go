package diagnose

import (
	"bytes"
	"strconv"
	"strings"
)

// recognize runs the recognizers over one line, seg[:lnEnd], appending to s.lineFinds. With
// multi, seg continues with the following lines and recognizers may read them. It returns how
// many following lines were consumed, whether one JSON value spans the whole line (so the line
// cannot open a multi-line body), and whether the line holds a '{'.
func (s *scanner) recognize(seg []byte, lnEnd int, abs int64, multi bool) (consumed int, whole, brace bool) {
	ln := seg[:lnEnd]
	trig := -1 // whether the line has words a body needs; -1 until asked
	cursor := 0
	// The line's parse budget: the JSON reader and the SDK readers' searches past the line
	// spend it, so no line costs more than a fixed multiple of its length.
	s.work = 16*len(ln) + 1<<16
	first := 0
	for first < len(ln) && (ln[first] == ' ' || ln[first] == '\t') {
		first++
	}
	// Fast path for JSON Lines: a line that is one body needs nothing else.
	if first < len(ln) && ln[first] == '{' {
		brace = true
		trig = jsonTrigger(ln)
		if trig == 1 {
			end, found, parsed := s.jsonAt(ln, first, abs)
			whole = parsed && restBlank(ln, end)
			if found && whole {
				return 0, true, true
			}
			if found {
				cursor = end
			} else {
				cursor = first + 1
			}
		}
	}
	f, hump, humpEnd := lineFlagsIn(seg, lnEnd, &s.masks)
	if f&fLine == 0 {
		if cosPlainTrigger(ln, f) { // the first line of a pretty COS XML body, or coscmd's
			if n, ok := s.cos(seg, lnEnd, abs, multi, f); ok {
				return n, whole, false
			}
		}
		return 0, whole, false // a plain line: the common case in a log
	}
	brace = f&fBrace != 0
	mk, br := -1, -1
	if f&fHump != 0 && f&fMarker != 0 {
		mk = indexMarker(ln, cursor)
	}
	if brace && trig != 0 {
		br = indexByteFrom(ln, cursor, '{')
	}
	for s.err == nil {
		if mk >= 0 && mk < cursor {
			mk = indexMarker(ln, cursor)
		}
		if br >= 0 && br < cursor {
			br = indexByteFrom(ln, cursor, '{')
		}
		if mk < 0 && br < 0 {
			break
		}
		if mk >= 0 && (br < 0 || mk < br) {
			if s.work <= 0 {
				mk = -1
				continue
			}
			h, ok := s.sdkAt(seg, lnEnd, mk, multi)
			if !ok {
				cursor = mk + 1
				continue
			}
			s.addHit(seg, h, abs)
			if h.end > lnEnd {
				return bytes.Count(seg[lnEnd:h.end], []byte{'\n'}), false, brace
			}
			cursor = max(h.end, mk+1)
			continue
		}
		if trig < 0 {
			trig = jsonTrigger(ln)
		}
		if trig == 0 || s.work <= 0 {
			br = -1
			continue
		}
		end, found, parsed := s.jsonAt(ln, br, abs)
		if parsed && br == first && restBlank(ln, end) {
			whole = true
		}
		if found {
			cursor = end
		} else {
			cursor = br + 1
		}
	}
	if s.lineN > 0 {
		return 0, whole, brace
	}
	if n, ok := s.cos(seg, lnEnd, abs, multi, f); ok {
		return n, whole, brace
	}
	// Nothing structured on the line: try the free-text forms, most specific first.
	if f&fHump != 0 && multi {
		if h, ok := s.fieldLines(seg, lnEnd); ok {
			s.addHit(seg, h, abs)
			return bytes.Count(seg[lnEnd:max(h.end, lnEnd)], []byte{'\n'}), whole, brace
		}
	}
	if f&fHump != 0 && f&fEssage != 0 && indexAnchored(ln, "essage", 4) >= 0 {
		if h, ok := s.codeMessage(ln, 0); ok && s.codeLike(h.code) {
			h.format = "sdk-other"
			s.addHit(seg, h, abs)
			return 0, whole, brace
		}
	}
	if f&fHump != 0 && s.opts.KnownCode != nil {
		if a, e := s.textCode(ln, hump, humpEnd, f); a >= 0 {
			s.addHit(seg, s.textHit(ln, a, e), abs)
			return 0, whole, brace
		}
	}
	if denialTrigger(ln, f) {
		if h, ok := s.denialHit(seg, lnEnd, multi); ok {
			s.addHit(seg, h, abs)
			if h.end > lnEnd {
				return bytes.Count(seg[lnEnd:h.end], []byte{'\n'}), whole, brace
			}
		}
	}
	return 0, whole, brace
}

// restBlank reports whether ln holds only spaces from i on.
func restBlank(ln []byte, i int) bool {
	for ; i < len(ln); i++ {
		if ln[i] != ' ' && ln[i] != '\t' {
			return false
		}
	}
	return true
}

// codeLike accepts the code of a generic "code:X message:Y" wrapper: a catalog code, or a
// CamelCase word (HTTP status numbers and the like are not Tencent Cloud codes).
func (s *scanner) codeLike(code []byte) bool {
	if len(code) < 4 || !(code[0] >= 'A' && code[0] <= 'Z') {
		return false
	}
	return nextHump(code, 0) >= 0 || s.isKnown(code)
}

// jsonTrigger reports (1 or 0) whether a line has a word every body has, so JSON that cannot be
// a response is not parsed.
func jsonTrigger(ln []byte) int {
	// The first key of most bodies says it at once.
	if i := bytes.IndexByte(ln, '{'); i >= 0 && i+3 < len(ln) && (ln[i+1] == '"' || ln[i+1] == '\'') {
		switch k := ln[i+2:]; {
		case bytes.HasPrefix(k, []byte("Response")), bytes.HasPrefix(k, []byte("code")), bytes.HasPrefix(k, []byte("Error")):
			return 1
		}
	}
	if bytes.Contains(ln, []byte("Response")) || bytes.Contains(ln, []byte("Error")) || indexAnchored(ln, "code", 2) >= 0 {
		return 1
	}
	return 0
}

// jsonAt tries to read a body at ln[at] == '{', plainly or, when it is written inside a JSON
// string ({\"Response\":...}), after one or two rounds of unescaping. It returns where the
// object ends, whether it was a response (and was added), and whether it parsed at all.
func (s *scanner) jsonAt(ln []byte, at int, abs int64) (end int, found, parsed bool) {
	j := skipSpaces(ln, at+1)
	for j < len(ln) && (ln[j] == '\n' || ln[j] == '\r') {
		j++
	}
	if j >= len(ln) {
		return at, false, false
	}
	switch c := ln[j]; {
	case c == '"' || c == '\'' || isLetter(c):
		e, f, ok := s.body(ln, at, abs, s.lineNo, false)
		return e, f, ok
	case c == '\\':
		return s.escapedAt(ln, at, abs, 0)
	}
	return at, false, false
}

// escapedAt reads a body written inside a JSON string, starting at src[at] == '{'.
func (s *scanner) escapedAt(src []byte, at int, abs int64, level int) (end int, found, parsed bool) {
	if level >= 3 {
		return at, false, false
	}
	for len(s.scratch) <= level {
		s.scratch = append(s.scratch, nil)
	}
	dec, used := decodeQuoted(s.scratch[level][:0], src[at:min(len(src), at+maxQuoted)])
	s.scratch[level] = dec
	defer s.trimScratch(level)
	s.work -= used
	k := skipSpace(dec[1:]) + 1
	if k < len(dec) && dec[k] == '\\' {
		e, f, ok := s.escapedAt(dec, 0, abs+int64(at), level+1)
		return at + sourceIndex(src[at:], e), f, ok
	}
	e, f, ok := s.body(dec, 0, abs+int64(at), s.lineNo, true)
	if !ok {
		return at, false, false
	}
	return at + sourceIndex(src[at:], e), f, true
}

// body parses the object at rec[at] and, when it is a response, adds it as a finding at line.
func (s *scanner) body(rec []byte, at int, abs int64, line int, multiline bool) (end int, found, parsed bool) {
	p := jparser{b: rec, i: at, work: s.work, multiline: multiline}
	var bd body
	ok := p.parseBody(&bd)
	s.work = p.work
	if !ok {
		return at, false, false
	}
	kind, n := bd.classify(rec)
	if kind == notResponse {
		return p.i, false, true
	}
	s.bodyFinding(s.newFinding(abs+int64(at), line), rec, &bd, kind, n)
	return p.i, true, true
}

// newFinding appends an empty finding to the line's list and returns it to be filled in place
// (a Finding is large; copying it around costs more than building it).
func (s *scanner) newFinding(off int64, line int) *Finding {
	if len(s.lineFinds) >= maxLineFinds {
		s.settleFinds(false) // pass on the line's findings so far, rather than hold them all
	}
	s.lineN++
	if len(s.lineFinds) < cap(s.lineFinds) {
		s.lineFinds = s.lineFinds[:len(s.lineFinds)+1]
	} else {
		s.lineFinds = append(s.lineFinds, pending{})
	}
	p := &s.lineFinds[len(s.lineFinds)-1]
	p.off = off
	p.f = Finding{Source: s.opts.Source, Line: line}
	p.open = false
	if !s.opts.CodesOnly {
		if s.hintLive(line) {
			p.f.Product = s.hint
		} else {
			p.open = s.w != nil && line <= productWindow
		}
	}
	return &p.f
}

// bodyFinding fills in the finding for a classified body.
func (s *scanner) bodyFinding(f *Finding, rec []byte, bd *body, kind, n int) {
	var msg, rid val
	switch kind {
	case v2Body:
		f.API, f.Format, f.OK = "v2", "v2-json", n == 0
		if bd.py {
			f.Format = "v2-python"
		}
		if bd.js {
			f.Format = "v2-js"
		}
		f.Code = s.codeString(n)
		if bd.codeDesc.kind == 's' {
			f.CodeDesc = s.internVal(rec, bd.codeDesc)
		}
		msg, rid = bd.message, bd.requestID
	case v3Error, v3Success:
		f.API, f.Format, f.OK = "v3", "v3-json", kind == v3Success
		if bd.py {
			f.Format = "v3-python"
		}
		if bd.js {
			f.Format = "v3-js"
		}
		e := &bd.topErr
		rid = bd.topReqID
		if bd.response && (bd.respErr.present || bd.respReqID.ok()) {
			e, rid = &bd.respErr, bd.respReqID
		}
		if kind == v3Error {
			if e.code.kind == 's' || e.code.kind == 'n' {
				f.ErrorCode = s.internVal(rec, e.code)
			}
			msg = e.message
			if !rid.ok() {
				rid = e.requestID
			}
		}
		if kind == v3Error && !bd.response && s.cosJSON(f, rec) {
			return // a COS error as JSON: {"Error":{"Code",...,"TraceId"}} (cos.go)
		}
	}
	if s.opts.CodesOnly {
		return
	}
	if bd.action.kind == 's' && f.Product.Service == "" {
		if a := rec[bd.action.start:bd.action.end]; isCodeWord(a) {
			f.Product = ProductHint{Action: s.intern(a), From: "action"}
		}
	}
	if msg.kind == 's' || msg.kind == 'n' {
		f.Message = s.value(rec, msg)
	}
	if rid.kind == 's' || rid.kind == 'n' {
		f.RequestID = s.value(rec, rid)
	}
	s.diagnoseFinding(f)
}

// codeString returns n in decimal, from a small cache: a log repeats a handful of codes.
func (s *scanner) codeString(n int) string {
	c := &s.codes[uint(n)%uint(len(s.codes))]
	if c.s == "" || c.n != n {
		c.n, c.s = n, strconv.Itoa(n)
	}
	return c.s
}

func (s *scanner) internVal(rec []byte, v val) string {
	b := rec[v.start:v.end]
	if bytes.IndexByte(b, '\\') >= 0 {
		b = unescape(nil, b)
	}
	return s.intern(b)
}

// addHit turns a text recognizer's hit into a finding.
func (s *scanner) addHit(seg []byte, h hit, abs int64) {
	f := s.newFinding(abs+int64(h.start), s.lineNo)
	f.Format, f.API = h.format, h.api
	if h.api == "v2" {
		f.CodeDesc = s.intern(h.code)
	} else if len(h.code) > 0 {
		f.ErrorCode = s.intern(h.code)
	}
	if !s.opts.CodesOnly {
		if h.api == "v3" && h.format != "go-sdk" && h.format != "terraform" {
			// An exception's own stack (read with it, or just below) names its client's
			// product better than a line above.
			p, ok := s.hintWithin(seg[:h.end], h.start)
			if !ok {
				p, ok = s.hintBelow(seg, h.end)
			}
			if ok {
				f.Product = p
				s.lineFinds[len(s.lineFinds)-1].open = false // its own: nothing above changes it
			}
		}
		msg := h.message
		if h.msgMulti {
			msg = cleanMultiline(msg)
		}
		f.Message = s.text(msg)
		f.RequestID = s.text(h.reqID)
		f.Diagnosis.Notes = h.notes
		s.diagnoseFinding(f)
	}
}

// diagnoseFinding fills the diagnosis from the message, and a missing request id from a
// "[request id:...]" inside it.
func (s *scanner) diagnoseFinding(f *Finding) {
	if f.RequestID == "" {
		if id := findRequestID([]byte(f.Message)); id != nil {
			f.RequestID = string(id)
		}
	}
	notes := f.Diagnosis.Notes
	f.Diagnosis = s.messageFacts(f.Message)
	f.Diagnosis.Notes = append(notes, f.Diagnosis.Notes...)
	s.findCause(f)
	if f.Product.Service == "" {
		// A denial of cvm:StopInstances came from a call to CVM.
		if svc := deniedService(f.Diagnosis.Actions); svc != "" {
			f.Product = ProductHint{Service: svc, From: "denial"}
		}
	}
}

// deniedService returns the service of the CAM actions a denial names, when they share one.
func deniedService(actions []string) string {
	svc := ""
	for _, a := range actions {
		p, _, ok := strings.Cut(a, ":")
		if !ok || p == "" || svc != "" && p != svc {
			return ""
		}
		svc = p
	}
	return svc
}

// maxDiagnoses bounds the cache of denial diagnoses (emptied when full), maxDiagnosed the
// messages it holds.
const (
	maxDiagnoses = 256
	maxDiagnosed = 2048
)

// messageFacts is messageFacts with a cache for denials, whose extraction is the costly part: a
// log repeats the same denial message. Each finding gets its own slices.
func (s *scanner) messageFacts(msg string) Diagnosis {
	if !isDenial(msg) {
		return Diagnosis{ModuleCode: moduleCode(msg)}
	}
	d, ok := s.diagnoses[msg]
	if !ok {
		d = messageFacts(msg)
		if len(msg) > maxDiagnosed {
			return d
		}
		if s.diagnoses == nil || len(s.diagnoses) >= maxDiagnoses {
			s.diagnoses = make(map[string]Diagnosis)
		}
		s.diagnoses[msg] = d
		return d
	}
	d.Actions = append([]string(nil), d.Actions...)
	d.Resources = append([]string(nil), d.Resources...)
	d.Notes = append([]string(nil), d.Notes...)
	return d
}

// cleanMultiline drops "\r" and Terraform's "│ " frame from the lines of a message after the
// first.
func cleanMultiline(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i, l := range bytes.Split(b, []byte{'\n'}) {
		l = bytes.TrimSuffix(l, []byte{'\r'})
		if i > 0 {
			out = append(out, '\n')
			l = stripBox(l)
		}
		out = append(out, l...)
	}
	return out
}

func skipSpace(b []byte) int {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return i
}

// indexMarker finds the SDK marker stem "TencentCloudSDK" at or after b[from], anchored on its
// rare 'K'.
func indexMarker(b []byte, from int) int {
	if from >= len(b) {
		return -1
	}
	k := indexAnchored(b[from:], markerStem, len(markerStem)-1)
	if k < 0 {
		return -1
	}
	return from + k
}

func indexByteFrom(b []byte, from int, c byte) int {
	if from >= len(b) {
		return -1
	}
	k := bytes.IndexByte(b[from:], c)
	if k < 0 {
		return -1
	}
	return from + k
}
