package render

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// invisibleTables define the characters that must not reach a screen raw: controls (Cc: C0,
// DEL, C1), format characters (Cf: bidi embeddings, overrides and isolates, zero-width joiners,
// the soft hyphen, tag characters...), line and paragraph separators, the bidi controls, and the
// other characters Unicode marks as ignorable by default (Hangul fillers, the rest of the tag
// block). They move the cursor, recolour the terminal, reorder or hide what the reader sees.
var invisibleTables = []*unicode.RangeTable{
	unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp, unicode.Bidi_Control, unicode.Other_Default_Ignorable_Code_Point,
}

// invisible reports whether r is in invisibleTables. The tables hold nothing between U+00AD and
// U+034F or between U+3164 and U+FEFF (TestInvisibleFastPath checks it), which spares Latin and
// CJK text the table look-ups.
func invisible(r rune) bool {
	switch {
	case r < 0xad:
		return r < 0x20 || r >= 0x7f && r <= 0x9f
	case r > 0xad && r < 0x34f, r > 0x3164 && r < 0xfeff:
		return false
	}
	return unicode.In(r, invisibleTables...)
}

// Sanitize makes text that came from outside camerr (a pasted response, a policy document) safe
// to print: C0 controls and DEL are shown in caret notation (ESC as ^[, newline as ^J), the other
// invisible characters (C1 controls, bidi and other format controls, zero-width and tag
// characters) as <U+XXXX>, and invalid UTF-8 as U+FFFD. Nothing from the input can then move the
// cursor, recolour the terminal or reorder or hide what the reader sees.
func Sanitize(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune('\uFFFD')
		case r < 0x20:
			b.WriteByte('^')
			b.WriteByte(byte(r) + '@')
		case r == 0x7f:
			b.WriteString("^?")
		case invisible(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return !slowDirty(s[i:])
		}
	}
	return true
}

func slowDirty(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == utf8.RuneError && size == 1 || invisible(r) {
			return true
		}
	}
	return false
}

// SanitizeLines is Sanitize for text whose line breaks are meant (a multi-line message): each
// line is sanitized, and lines are joined with "\n" again.
func SanitizeLines(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = Sanitize(l)
	}
	return strings.Join(lines, "\n")
}

// appendJSONEscape appends r, an invisible character, as a JSON \u escape (a surrogate pair
// above U+FFFF).
func appendJSONEscape(b []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	if r > 0xffff {
		r -= 0x10000
		b = appendJSONEscape(b, 0xd800+r>>10)
		return appendJSONEscape(b, 0xdc00+r&0x3ff)
	}
	return append(b, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
}

// escapeInvisibleJSON rewrites the invisible characters that encoding/json leaves raw in its
// output (DEL, C1 controls, format characters) as \u escapes. They can only be inside strings,
// where an escape means the same character.
func escapeInvisibleJSON(js []byte) []byte {
	for i := 0; i < len(js); i++ {
		if c := js[i]; c != 0x7f && c < utf8.RuneSelf {
			continue
		}
		r, size := utf8.DecodeRune(js[i:])
		if !invisible(r) {
			i += size - 1
			continue
		}
		// Something to escape: copy, escaping from here on.
		out := append(make([]byte, 0, len(js)+16), js[:i]...)
		for i < len(js) {
			r, size := utf8.DecodeRune(js[i:])
			if r == 0x7f || r >= utf8.RuneSelf && invisible(r) {
				out = appendJSONEscape(out, r)
			} else {
				out = append(out, js[i:i+size]...)
			}
			i += size
		}
		return out
	}
	return js
}
