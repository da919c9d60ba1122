package diagnose

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
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

// isKnown asks Options.KnownCode, caching the answer.
func (s *scanner) isKnown(b []byte) bool {
	if s.opts.KnownCode == nil {
		return false
	}
	if v, ok := s.known[string(b)]; ok {
		return v
	}
	k := string(b)
	v := s.opts.KnownCode(k)
	if s.known == nil || len(s.known) >= maxKnownCache {
		s.known = make(map[string]bool)
	}
	s.known[k] = v
	return v
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
// it. With py, Python's \x and \U escapes are decoded too.
func unit(dst, b []byte, i int, py bool) ([]byte, int) {
	c := b[i]
	if c != '\\' || i+1 >= len(b) {
		return append(dst, c), i + 1
	}
	switch e := b[i+1]; e {
	case '"', '\\', '/', '\'':
		return append(dst, e), i + 2
	case 'n':
		return append(dst, '\n'), i + 2
	case 't':
		return append(dst, '\t'), i + 2
	case 'r':
		return append(dst, '\r'), i + 2
	case 'b':
		return append(dst, '\b'), i + 2
	case 'f':
		return append(dst, '\f'), i + 2
	case 'v':
		return append(dst, '\v'), i + 2
	case 'a':
		return append(dst, '\a'), i + 2
	case 'u':
		r, ok := hexRune(b[i+2:], 4)
		if !ok {
			break
		}
		if utf16.IsSurrogate(r) {
			// A surrogate pair such as \ud83d\ude00 is one character; a lone half is not.
			if len(b) >= i+12 && b[i+6] == '\\' && b[i+7] == 'u' {
				if lo, ok := hexRune(b[i+8:], 4); ok {
					if d := utf16.DecodeRune(r, lo); d != utf8.RuneError {
						return utf8.AppendRune(dst, d), i + 12
					}
				}
			}
			r = utf8.RuneError
		}
		return utf8.AppendRune(dst, r), i + 6
	case 'x', 'U':
		if !py {
			break
		}
		w := 2
		if e == 'U' {
			w = 8
		}
		r, ok := hexRune(b[i+2:], w)
		if !ok {
			break
		}
		if r > utf8.MaxRune || utf16.IsSurrogate(r) {
			r = utf8.RuneError
		}
		return utf8.AppendRune(dst, r), i + 2 + w
	}
	return append(dst, c, b[i+1]), i + 2
}

func hexRune(b []byte, w int) (rune, bool) {
	if len(b) < w {
		return 0, false
	}
	var r rune
	for _, c := range b[:w] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c|0x20 >= 'a' && c|0x20 <= 'f':
			r = r<<4 | rune(c|0x20-'a'+10)
		default:
			return 0, false
		}
	}
	return r, true
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
