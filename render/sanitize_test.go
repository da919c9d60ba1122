package render

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text", "plain text"},
		{"中文 ok", "中文 ok"},
		{"\x1b[31mred\x1b[0m", "^[[31mred^[[0m"},
		{"a\nb\tc\r", "a^Jb^Ic^M"},
		{"bell\x07 del\x7f", "bell^G del^?"},
		{"\u202eevil\u202c", "<U+202E>evil<U+202C>"},
		{"c1 \u009b31m", "c1 <U+009B>31m"},
		{"bad \xff\xfe utf8", "bad \uFFFD\uFFFD utf8"},
		{"zero\u200bwidth", "zero<U+200B>width"},
	} {
		if got := Sanitize(tc.in); got != tc.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"", "ok", "\x1b]0;title\x07", "\u202e", "\xff", "\u009b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		if slowDirty(out) {
			t.Errorf("Sanitize(%q) = %q still holds an unsafe character", s, out)
		}
	})
}

// TestAppendJSONString checks the hand-made JSON strings decode to what encoding/json makes of
// the same text.
func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `q"b\s`, "\x00\x1b[2J\n\r\t", "中文", "bad \xff\xfe", "\u2028\u2029", "<&>"} {
		b := appendJSONString(nil, s)
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("appendJSONString(%q) = %s: %v", s, b, err)
		}
		want, _ := json.Marshal(s)
		var w string
		_ = json.Unmarshal(want, &w)
		if got != w {
			t.Errorf("appendJSONString(%q) decodes to %q, want %q", s, got, w)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("a\"b\\\x01\u2028\xff")
	f.Fuzz(func(t *testing.T, s string) {
		b := appendJSONString(nil, s)
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("invalid JSON %s for %q: %v", b, s, err)
		}
		if utf8.ValidString(s) && got != s {
			t.Errorf("round trip of %q gave %q", s, got)
		}
	})
}
