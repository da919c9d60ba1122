package diagnose

import (
	"bytes"
	"sort"
)

// A pretty-printed body spreads over many lines, and no line alone is JSON. A line that leaves
// a '{' or '[' open starts a candidate; the following lines join it while they look like JSON,
// until the brackets balance. Each multi-line object inside it is parsed when it closes, so a
// body nested in a larger document is found too, and a response replaces whatever the line
// recognizers found inside it (the "Code" line of a body is not also a free-text finding).
// Findings from lines inside an open candidate are held back until it is settled.

// maxTracked bounds the nesting levels whose objects are parsed when they close; bodies sit
// near the top, and deep nesting must not make closing quadratic.
const maxTracked = 16

type candidate struct {
	open     bool
	skip     bool  // larger than MaxRecord: followed to its end, unbuffered, and dropped
	start    int64 // stream offset of the outermost opener
	depth    int
	stack    []opener // the outermost len(stack) open levels
	prev     byte     // last non-blank byte, to tell a Python string from an apostrophe
	deferred []pending
	spans    [][2]int64 // responses found, [start, end) stream offsets
}

type opener struct {
	off  int64
	line int
}

func (c *candidate) reset() {
	c.open = false
	c.skip = false
	c.depth = 0
	c.stack = c.stack[:0]
	clear(c.deferred) // drop the strings the findings hold
	c.deferred = c.deferred[:0]
	c.spans = c.spans[:0]
}

// hasUnbalancedOpen is the cheap test for a line that may start a multi-line body.
func hasUnbalancedOpen(ln []byte) bool {
	t := bytes.TrimSpace(ln)
	if len(t) >= 2 && t[len(t)-1] == '}' && t[0] == '{' {
		return false // a one-line object, like a structured log line
	}
	if bytes.IndexByte(ln, '{') < 0 && bytes.IndexByte(ln, '[') < 0 {
		return false
	}
	return bytes.Count(ln, []byte{'{'})+bytes.Count(ln, []byte{'['}) > bytes.Count(ln, []byte{'}'})+bytes.Count(ln, []byte{']'})
}

// jsonish reports whether a line can be part of pretty-printed JSON or a Python dict.
func jsonish(ln []byte) bool {
	t := bytes.TrimLeft(ln, " \t")
	if len(t) == 0 {
		return true
	}
	switch c := t[0]; {
	case c == '"' || c == '\'' || c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':' || c == '-':
		return true
	case c >= '0' && c <= '9':
		return true
	}
	for _, lit := range []string{"true", "false", "null", "True", "False", "None"} {
		if bytes.HasPrefix(t, []byte(lit)) {
			return true
		}
	}
	// A key of a JavaScript object as Node prints it: "  code: 4000,".
	if k := identEnd(t, 0); k > 0 {
		return bytes.HasPrefix(bytes.TrimLeft(t[k:], " "), []byte(":"))
	}
	return false
}

// scanDepth follows the brackets of one line, opening, extending and closing the candidate.
func (s *scanner) scanDepth(ln []byte, abs int64) {
	c := &s.cand
	for i := 0; i < len(ln); i++ {
		b := ln[i]
		switch b {
		case '"', '\'':
			if b == '\'' && c.prev != '{' && c.prev != '[' && c.prev != ',' && c.prev != ':' {
				break // an apostrophe in text
			}
			i = closingQuote(ln, i)
		case '{', '[':
			if !c.open {
				c.reset()
				c.open = true
				c.start = abs + int64(i)
			}
			c.depth++
			if !c.skip && c.depth == len(c.stack)+1 && len(c.stack) < maxTracked {
				c.stack = append(c.stack, opener{abs + int64(i), s.lineNo})
			}
		case '}', ']':
			if !c.open {
				break
			}
			if c.depth == len(c.stack) && len(c.stack) > 0 {
				o := c.stack[len(c.stack)-1]
				c.stack = c.stack[:len(c.stack)-1]
				if o.line != s.lineNo { // one-line objects are the line recognizers' job
					s.subClosed(o, abs+int64(i)+1)
				}
			}
			c.depth--
			if c.depth == 0 {
				skipped := c.skip
				s.resolved = append(s.resolved, c.deferred...)
				s.resolvedSpans = append(s.resolvedSpans, c.spans...)
				c.reset()
				if skipped {
					return // the rest of the line belongs to the skipped record
				}
			}
		}
		if b != ' ' && b != '\t' {
			c.prev = b
		}
	}
}

// closingQuote returns the index of the quote closing the string that opens at ln[i], or the
// last index when the line ends first (strings never span lines in JSON).
func closingQuote(ln []byte, i int) int {
	q := ln[i]
	for j := i + 1; j < len(ln); {
		k := bytes.IndexByte(ln[j:], q)
		if k < 0 {
			break
		}
		e := j + k
		nb := 0
		for x := e - 1; x > i && ln[x] == '\\'; x-- {
			nb++
		}
		if nb%2 == 0 {
			return e
		}
		j = e + 1
	}
	return len(ln) - 1
}

// subClosed parses a multi-line object that just closed at stream offset end.
func (s *scanner) subClosed(o opener, end int64) {
	rec := s.buf[o.off-s.base : end-s.base]
	s.work = 16*len(rec) + 1<<16
	if _, found, _ := s.body(rec, 0, o.off, o.line, true); !found {
		return
	}
	p := s.lineFinds[len(s.lineFinds)-1]
	s.lineFinds = s.lineFinds[:len(s.lineFinds)-1]
	s.lineN--
	c := &s.cand
	k := len(c.deferred)
	for k > 0 && c.deferred[k-1].off >= o.off {
		k--
	}
	clear(c.deferred[k:])
	c.deferred = c.deferred[:k]
	m := len(c.spans)
	for m > 0 && c.spans[m-1][0] >= o.off {
		m--
	}
	c.spans = append(c.spans[:m], [2]int64{o.off, end})
	c.deferred = append(c.deferred, p)
	if len(c.deferred) > maxDeferred {
		s.abandon() // a document of thousands of responses is not held back whole
	}
}

// abandon gives up an open candidate, not JSON after all or cut off by the end of input, and
// releases the findings it held back.
func (s *scanner) abandon() {
	c := &s.cand
	if !c.open {
		return
	}
	if !c.skip {
		s.resolved = append(s.resolved, c.deferred...)
	}
	c.reset()
}

// skipCandidate turns an open candidate that has grown past MaxRecord into a skipped record: it
// is counted, what it held back is dropped, and its lines are only followed to its end.
func (s *scanner) skipCandidate() {
	c := &s.cand
	if !c.open || c.skip {
		return
	}
	s.st.SkippedRecords++
	if s.w != nil {
		s.w.skipped(c.start)
	}
	c.skip = true
	c.deferred = c.deferred[:0]
	c.spans = c.spans[:0]
	c.stack = c.stack[:0]
}

// deferFinding holds back a finding inside the open candidate.
func (s *scanner) deferFinding(p *pending) {
	if inSpans(p.off, s.cand.spans) {
		return // inside a multi-line response already reported
	}
	if s.cand.skip {
		return
	}
	s.cand.deferred = append(s.cand.deferred, *p)
	if len(s.cand.deferred) > maxDeferred {
		s.abandon()
	}
}

// maxLineFinds is how many findings of one line are held before they are settled: a line
// may hold hundreds of thousands of responses, and they are passed on as they are found.
const maxLineFinds = 256

// dedupeWindow is how many earlier findings of the same line (those with a request id) a
// finding is compared with.
const dedupeWindow = 8

// dedupe drops a finding that repeats one of the last few on the same line: a log line that
// prints both the raw body and the SDK error of one request is one response.
func (s *scanner) dedupe() {
	l := s.lineFinds
	out := 0
	for i := range l {
		f := &l[i].f
		if f.RequestID != "" {
			dup := false
			for j := range min(s.seenN, dedupeWindow) {
				if q := &s.seen[j]; q.id == f.RequestID && q.ok == f.OK {
					dup = true
					break
				}
			}
			if dup {
				continue
			}
			s.seen[s.seenN%dedupeWindow] = seenID{f.RequestID, f.OK}
			s.seenN++
		}
		if out != i {
			l[out] = l[i]
		}
		out++
	}
	clear(l[out:])
	s.lineFinds = l[:out]
}

// seenID is a request id a line has reported.
type seenID struct {
	id string
	ok bool
}

// settle emits, in input order, the findings that are no longer held back.
func (s *scanner) settle() { s.settleFinds(true) }

// settleFinds settles the line's findings so far; final is set at the end of the line.
func (s *scanner) settleFinds(final bool) {
	s.dedupe()
	if final {
		defer func() { s.resolvedSpans = s.resolvedSpans[:0] }()
	}
	if !s.cand.open && len(s.resolved) == 0 {
		// The common case: nothing held back, the line's findings are already in order.
		for i := range s.lineFinds {
			s.send(&s.lineFinds[i])
		}
		clear(s.lineFinds)
		s.lineFinds = s.lineFinds[:0]
		return
	}
	for i := range s.lineFinds {
		p := &s.lineFinds[i]
		if inSpans(p.off, s.resolvedSpans) {
			continue
		}
		if s.cand.open && p.off >= s.cand.start {
			s.deferFinding(p)
			continue
		}
		if s.cand.skip {
			continue
		}
		s.resolved = append(s.resolved, *p)
	}
	clear(s.lineFinds)
	s.lineFinds = s.lineFinds[:0]
	r := s.resolved
	for i := 1; i < len(r); i++ {
		for j := i; j > 0 && r[j].off < r[j-1].off; j-- {
			r[j], r[j-1] = r[j-1], r[j]
		}
	}
	for i := range r {
		s.send(&r[i])
		r[i] = pending{}
	}
	s.resolved = r[:0]
}

// inSpans reports whether off lies in one of spans, which are sorted and do not overlap.
func inSpans(off int64, spans [][2]int64) bool {
	i := sort.Search(len(spans), func(i int) bool { return spans[i][0] > off })
	return i > 0 && off < spans[i-1][1]
}
