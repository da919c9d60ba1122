package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode"
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
		{"c1 \u009b31m \u0085", "c1 <U+009B>31m <U+0085>"},
		{"bad \xff\xfe utf8", "bad \uFFFD\uFFFD utf8"},
		{"zero\u200bwidth", "zero<U+200B>width"},
		{"zw\u200cnj\u200dj\u2060wj", "zw<U+200C>nj<U+200D>j<U+2060>wj"},
		{"soft\u00adhyphen", "soft<U+00AD>hyphen"},
		{"tag\U000E0001\U000E0041\U000E007F\U000E0000", "tag<U+E0001><U+E0041><U+E007F><U+E0000>"},
		{"isolate\u2066x\u2069 sep\u2028", "isolate<U+2066>x<U+2069> sep<U+2028>"},
		{"é ü ñ ½ ©", "é ü ñ ½ ©"},
		{"emoji ❤️ 👍🏽", "emoji ❤️ 👍🏽"},
	} {
		if got := Sanitize(tc.in); got != tc.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestInvisibleFastPath checks invisible against the Unicode tables for every code point: its
// shortcuts must not change the answer.
func TestInvisibleFastPath(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := invisible(r), unicode.In(r, invisibleTables...); got != want {
			t.Fatalf("invisible(%U) = %v, the tables say %v", r, got, want)
		}
	}
}

// sanitizeRef is Sanitize written from its definition, for the fuzz test.
func sanitizeRef(s string) string {
	var b strings.Builder
	for _, r := range s { // invalid UTF-8 comes as U+FFFD, one per byte, as Sanitize writes it
		switch {
		case r < 0x20:
			b.WriteString("^" + string(rune(r+'@')))
		case r == 0x7f:
			b.WriteString("^?")
		case unicode.In(r, invisibleTables...):
			fmt.Fprintf(&b, "<U+%04X>", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"", "ok", "\x1b]0;title\x07", "\u202e", "\xff", "\u009b", "a\u200db", "\U000E0041", "\u00ad", "中文\u2060"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Sanitize(s)
		if want := sanitizeRef(s); out != want {
			t.Fatalf("Sanitize(%q) = %q, want %q", s, out, want)
		}
		for _, r := range out {
			if unicode.In(r, invisibleTables...) {
				t.Fatalf("Sanitize(%q) = %q still holds %U", s, out, r)
			}
		}
		if !utf8.ValidString(out) {
			t.Fatalf("Sanitize(%q) = %q is not UTF-8", s, out)
		}
	})
}

// checkJSONString fails unless b is s as a JSON string: it decodes to what encoding/json makes
// of s, and holds no invisible character raw.
func checkJSONString(t *testing.T, s string, b []byte) {
	t.Helper()
	var got string
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("JSON for %q = %s: %v", s, b, err)
	}
	want, _ := json.Marshal(s)
	var w string
	_ = json.Unmarshal(want, &w)
	if got != w {
		t.Errorf("JSON for %q decodes to %q, want %q", s, got, w)
	}
	if !utf8.Valid(b) {
		t.Errorf("JSON for %q is not UTF-8: %q", s, b)
	}
	for _, r := range string(b) {
		if unicode.In(r, invisibleTables...) {
			t.Errorf("JSON for %q = %q holds %U raw", s, b, r)
		}
	}
}

// TestAppendJSONString checks the hand-made JSON strings decode to what encoding/json makes of
// the same text, with every invisible character escaped.
func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `q"b\s`, "\x00\x1b[2J\n\r\t", "中文", "bad \xff\xfe", "\u2028\u2029", "<&>",
		"del\x7f c1\u0080\u009b bidi\u202e\u2066 zw\u200b\u200c\u200d\u2060\ufeff soft\u00ad tag\U000E0001\U000E0041\U000E0000 ok é"} {
		checkJSONString(t, s, appendJSONString(nil, s))
	}
	if got := string(appendJSONString(nil, "\u009b\u202e\x7f\U000E0041")); got != `"\u009b\u202e\u007f\udb40\udc41"` {
		t.Errorf("escapes: %s", got)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("a\"b\\\x01\u2028\xff")
	f.Add("\u009b\u202e\x7f\U000E0041\u00ad")
	f.Fuzz(func(t *testing.T, s string) {
		b := appendJSONString(nil, s)
		checkJSONString(t, s, b)
		var got string
		_ = json.Unmarshal(b, &got)
		if utf8.ValidString(s) && got != s {
			t.Errorf("round trip of %q gave %q", s, got)
		}
	})
}

// TestEscapeInvisibleJSON: what encoding/json writes, with the invisible characters it leaves
// raw escaped, means the same.
func TestEscapeInvisibleJSON(t *testing.T) {
	for _, s := range []string{"plain", "del\x7f c1\u0085 bidi\u202e tag\U000E0041 zwj\u200d", "中文\u00ad"} {
		b, _ := json.Marshal(map[string]string{"k": s})
		out := escapeInvisibleJSON(b)
		var m map[string]string
		if err := json.Unmarshal(out, &m); err != nil || m["k"] != s {
			t.Errorf("%q: %s decodes to %q, %v", s, out, m["k"], err)
		}
		if bytes.ContainsFunc(out, func(r rune) bool { return unicode.In(r, invisibleTables...) }) {
			t.Errorf("%q: %q holds invisible characters", s, out)
		}
	}
}

// TestCodeCountsJSON: the counts object is what encoding/json makes of it, escaped.
func TestCodeCountsJSON(t *testing.T) {
	s := CodeCounts{Responses: 3, Errors: 2, Codes: []CodeCount{{API: "v3", Code: "A.B\u202e", Count: 2, Known: true}, {API: "", Code: "(other codes)", Count: 1}}}
	var b bytes.Buffer
	if err := CodeCountsJSON(&b, s); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(s)
	if got := b.String(); got != string(escapeInvisibleJSON(want))+"\n" {
		t.Errorf("got %s\nwant %s", got, want)
	}
	b.Reset()
	_ = CodeCountsJSON(&b, CodeCounts{})
	if b.String() != `{"responses":0,"errors":0,"codes":[]}`+"\n" {
		t.Errorf("empty summary: %s", b.String())
	}
}
