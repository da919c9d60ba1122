package jsonstr

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestAppendEscape(t *testing.T) {
	for _, tc := range []struct {
		in      string
		d       Dialect
		want    string
		n       int // 0: not an escape of the dialect
		comment string
	}{
		{`\"`, JSON, `"`, 2, ""},
		{`\\x`, JSON, `\`, 2, "only the escape is read"},
		{`\/`, JSON, `/`, 2, ""},
		{`\n\t`, JSON, "\n", 2, ""},
		{`\b`, JSON, "\b", 2, ""},
		{`\f`, JSON, "\f", 2, ""},
		{`\r`, JSON, "\r", 2, ""},
		{`\u00e9`, JSON, "é", 6, ""},
		{`\u00E9`, JSON, "é", 6, "upper-case hex"},
		{`\ud83d\ude00`, JSON, "😀", 12, "a surrogate pair is one character"},
		{`\ud83d`, JSON, "\uFFFD", 6, "a lone high half"},
		{`\ude00`, JSON, "\uFFFD", 6, "a lone low half"},
		{`\ud83d\u0041`, JSON, "\uFFFD", 6, "a high half before a non-surrogate: the second escape is left"},
		{`\ud83d\ud83d`, JSON, "\uFFFD", 6, "two high halves"},
		{`\u00g9`, JSON, "", 0, "not hex"},
		{`\u00e`, JSON, "", 0, "too short"},
		{`\`, JSON, "", 0, "a backslash at the end"},
		{`x`, JSON, "", 0, "no backslash"},
		{`\'`, JSON, "", 0, "not JSON"},
		{`\'`, Loose, "'", 2, ""},
		{`\v`, Loose, "\v", 2, ""},
		{`\a`, Python, "\a", 2, ""},
		{`\x41`, Loose, "", 0, "Python only"},
		{`\x41`, Python, "A", 4, ""},
		{`\xe9`, Python, "é", 4, ""},
		{`\x4`, Python, "", 0, "too short"},
		{`\U0001F600`, Python, "😀", 10, ""},
		{`\U00110000`, Python, "\uFFFD", 10, "beyond Unicode"},
		{`\U0000D800`, Python, "\uFFFD", 10, "a surrogate"},
		{`\q`, Python, "", 0, "unknown everywhere"},
	} {
		got, n := AppendEscape([]byte("<"), []byte(tc.in), tc.d)
		want := "<" + tc.want
		if string(got) != want || n != tc.n {
			t.Errorf("AppendEscape(%q, %d) = %q, %d; want %q, %d (%s)", tc.in, tc.d, got, n, want, tc.n, tc.comment)
		}
	}
}

// FuzzAppendEscape checks the decoder against encoding/json: an escape the JSON dialect reads
// decodes as encoding/json decodes it; every dialect reads within b and writes valid UTF-8; a
// looser dialect reads at least what a stricter one does.
func FuzzAppendEscape(f *testing.F) {
	for _, s := range []string{`\"`, `\u00e9`, `\ud83d\ude00`, `\ud83d\u0041`, `\ude00`, `\x41`, `\U0001F600`, `\'`, `\u12`, `\`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		prev := 0
		for _, d := range []Dialect{JSON, Loose, Python} {
			out, n := AppendEscape(nil, b, d)
			if n < 0 || n > len(b) || n == 1 {
				t.Fatalf("dialect %d read %d of %d bytes", d, n, len(b))
			}
			if n == 0 && len(out) != 0 || n > 0 && !utf8.Valid(out) {
				t.Fatalf("dialect %d: %q from %q", d, out, b[:n])
			}
			if n < prev {
				t.Fatalf("dialect %d read %d bytes, a stricter one %d", d, n, prev)
			}
			prev = n
			if d != JSON || n == 0 {
				continue
			}
			var s string
			if err := json.Unmarshal(append(append([]byte(`"`), b[:n]...), '"'), &s); err != nil {
				t.Fatalf("%q read as an escape, encoding/json says %v", b[:n], err)
			}
			if s != string(out) {
				t.Fatalf("%q decoded to %q, encoding/json to %q", b[:n], out, s)
			}
		}
	})
}
