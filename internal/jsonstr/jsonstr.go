// Package jsonstr decodes the backslash escapes of quoted strings: JSON's, and the looser set
// that logs and Python reprs write. It is the one decoder behind the policy checker's strict
// JSON parser and the paste reader's lenient one, so both read \u escapes and UTF-16 pairs alike.
package jsonstr

import (
	"unicode/utf16"
	"unicode/utf8"
)

// Dialect is the set of escapes a decoder accepts.
type Dialect uint8

const (
	// JSON accepts the escapes of RFC 8259 and no others.
	JSON Dialect = iota
	// Loose also accepts \' \v and \a, which hand-written and logged strings contain.
	Loose
	// Python is Loose plus \xHH and \UHHHHHHHH.
	Python
)

// AppendEscape decodes the escape sequence at the start of b, whose first byte is the
// backslash, and appends its character to dst. It returns dst and how many bytes of b it read;
// 0 means b does not start with an escape the dialect accepts, and dst is returned unchanged.
// A \u escape of half a UTF-16 surrogate pair takes the \u escape after it when the two pair,
// and is U+FFFD when it stands alone, as encoding/json decodes it.
func AppendEscape(dst, b []byte, d Dialect) ([]byte, int) {
	if len(b) < 2 || b[0] != '\\' {
		return dst, 0
	}
	switch e := b[1]; e {
	case '"', '\\', '/':
		return append(dst, e), 2
	case 'n':
		return append(dst, '\n'), 2
	case 't':
		return append(dst, '\t'), 2
	case 'r':
		return append(dst, '\r'), 2
	case 'b':
		return append(dst, '\b'), 2
	case 'f':
		return append(dst, '\f'), 2
	case 'u':
		r, ok := hexRune(b[2:], 4)
		if !ok {
			return dst, 0
		}
		if utf16.IsSurrogate(r) {
			if len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
				if lo, ok := hexRune(b[8:], 4); ok {
					if p := utf16.DecodeRune(r, lo); p != utf8.RuneError {
						return utf8.AppendRune(dst, p), 12
					}
				}
			}
			r = utf8.RuneError
		}
		return utf8.AppendRune(dst, r), 6
	}
	if d == JSON {
		return dst, 0
	}
	switch e := b[1]; e {
	case '\'':
		return append(dst, e), 2
	case 'v':
		return append(dst, '\v'), 2
	case 'a':
		return append(dst, '\a'), 2
	case 'x', 'U':
		if d != Python {
			return dst, 0
		}
		w := 2
		if e == 'U' {
			w = 8
		}
		r, ok := hexRune(b[2:], w)
		if !ok {
			return dst, 0
		}
		if r > utf8.MaxRune || utf16.IsSurrogate(r) {
			r = utf8.RuneError
		}
		return utf8.AppendRune(dst, r), 2 + w
	}
	return dst, 0
}

// hexRune reads w hexadecimal digits, either case.
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
