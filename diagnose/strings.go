package diagnose

import (
	"bytes"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/camerr/camerr/internal/jsonstr"
)

// What a scanner keeps between lines is bounded, whatever the input: hostile input can invent
// any number of codes, and lines and strings of any size up to MaxRecord.
const (
	// maxInterned bounds the code-string cache; maxInternLen the codes it holds.
	maxInterned  = 1024
	maxInternLen = 128
	// maxKnownCache bounds the KnownCode result cache; it is emptied when full.
	maxKnownCache = 4096
	// maxScratch is the largest decode buffer a scanner keeps from one line to the next.
	maxScratch = 64 << 10
	// maxQuoted bounds how much of a string is decoded to read a body written inside it.
	maxQuoted = 1 << 20
)

// text returns b as a string with invalid UTF-8 replaced by U+FFFD.
func (s *scanner) text(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	s.st.InvalidUTF8 = true
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// intern returns b as a string, sharing one copy per distinct code.
func (s *scanner) intern(b []byte) string {
	if len(b) > maxInternLen {
		return s.text(b) // not a code worth sharing
	}
	// A direct-mapped cache in front of the map: a log repeats a few codes, and hashing a
	// handful of bytes is cheaper than the map's hash of the whole code.
	var slot *string
	if len(b) > 0 {
		if s.icache == nil {
			s.icache = new([256]string)
		}
		h := uint(len(b))*31 + uint(b[0]) + uint(b[len(b)-1])*7 + uint(b[len(b)/2])*13
		slot = &s.icache[h%256]
		if *slot == string(b) {
			return *slot
		}
	}
	if v, ok := s.interned[string(b)]; ok {
		if slot != nil {
			*slot = v
		}
		return v
	}
	v := s.text(b)
	if slot != nil && v == string(b) { // not for text that was repaired: text must flag it again
		*slot = v
	}
	if s.interned == nil || len(s.interned) >= maxInterned {
		// Emptied when full: the codes that repeat come back at once, the rest cost nothing.
		s.interned = make(map[string]string)
	}
	s.interned[v] = v
	return v
}

// isKnown asks Options.CodeFilter, then the cache of yes answers, then Options.KnownCode. The
// word is passed without a copy: a log of distinct words asks about every one of them, and
// neither function keeps it.
func (s *scanner) isKnown(b []byte) bool {
	if s.opts.KnownCode == nil || len(b) == 0 {
		return false
	}
	k := unsafe.String(unsafe.SliceData(b), len(b))
	if s.opts.CodeFilter != nil && !s.opts.CodeFilter(k) {
		return false
	}
	if s.known[k] {
		return true
	}
	if !s.opts.KnownCode(k) {
		// A log of ever new words would only churn the cache.
		return false
	}
	if s.known == nil || len(s.known) >= maxKnownCache {
		s.known = make(map[string]bool)
	}
	s.known[string(b)] = true
	return true
}

// trimScratch lets go of the decode buffer of a level that grew large for one string.
func (s *scanner) trimScratch(level int) {
	if cap(s.scratch[level]) > maxScratch {
		s.scratch[level] = nil
	}
}

// trim lets go of buffers that grew large for one line or one body.
func (s *scanner) trim() {
	for i := range s.scratch {
		s.trimScratch(i)
	}
	if cap(s.unesc) > maxScratch {
		s.unesc = nil
	}
	if cap(s.lineFinds) > 2*maxLineFinds {
		s.lineFinds = nil
	}
	if cap(s.resolved) > 2*maxLineFinds {
		s.resolved = nil
	}
	if cap(s.cand.deferred) > 2*maxLineFinds {
		s.cand.deferred = nil
	}
}

// value returns a scalar from a record as a string: a quoted value unescaped, a number or
// literal as written.
func (s *scanner) value(rec []byte, v val) string {
	b := rec[v.start:v.end]
	if v.kind != 's' || bytes.IndexByte(b, '\\') < 0 {
		return s.text(b)
	}
	s.unesc = unescape(s.unesc[:0], b)
	t := s.text(s.unesc)
	if cap(s.unesc) > maxScratch {
		s.unesc = nil
	}
	return t
}

// unescape decodes JSON and Python string escapes into dst. Unknown escapes are kept as written.
func unescape(dst, b []byte) []byte {
	for i := 0; i < len(b); {
		dst, i = unit(dst, b, i, true)
	}
	return dst
}

// unit decodes the character or escape sequence at b[i] into dst and returns the index after
// it. With py, Python's \x and \U escapes are decoded too. A backslash that starts no escape is
// kept as written, with the byte after it.
func unit(dst, b []byte, i int, py bool) ([]byte, int) {
	c := b[i]
	if c != '\\' || i+1 >= len(b) {
		return append(dst, c), i + 1
	}
	d := jsonstr.Loose
	if py {
		d = jsonstr.Python
	}
	if out, n := jsonstr.AppendEscape(dst, b[i:], d); n > 0 {
		return out, i + n
	}
	return append(dst, c, b[i+1]), i + 2
}

// decodeQuoted decodes the inside of a JSON string literal from b[0], stopping at the first
// unescaped double quote, and returns the decoded bytes and how many source bytes it read. It is
// how a body written inside a string ("{\"Response\":...}") becomes parseable JSON again.
func decodeQuoted(dst, b []byte) ([]byte, int) {
	i := 0
	for i < len(b) && b[i] != '"' {
		dst, i = unit(dst, b, i, false)
	}
	return dst, i
}

// sourceIndex returns the index in b at which decodeQuoted has produced decoded bytes.
func sourceIndex(b []byte, decoded int) int {
	var tmp [8]byte
	n, i := 0, 0
	for i < len(b) && n < decoded {
		var d []byte
		d, i = unit(tmp[:0], b, i, false)
		n += len(d)
	}
	return i
}
