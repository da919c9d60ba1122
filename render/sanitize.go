package render

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Sanitize makes text that came from outside camerr (a pasted response, a policy document) safe
// to print: control characters are shown in caret notation (ESC as ^[, newline as ^J), C1
// controls and Unicode bidi and invisible format controls as <U+XXXX>, and invalid UTF-8 as
// U+FFFD. Nothing from the input can then move the cursor, recolour the terminal or reorder what
// the reader sees.
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
		case unsafeRune(r):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isClean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			return !slowDirty(s)
		}
	}
	return true
}

func slowDirty(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r < 0x20 || r == 0x7f || r == utf8.RuneError && size == 1 || unsafeRune(r) {
			return true
		}
	}
	return false
}

// unsafeRune reports C1 controls and the format characters that change how text around them is
// displayed: bidi embeddings, overrides and isolates, and zero-width marks.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200b, r == 0x2028, r == 0x2029, r == 0xfeff:
		return true
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
