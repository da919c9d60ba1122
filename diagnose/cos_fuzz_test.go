package diagnose

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// FuzzCOS drives the COS recogniser on a line and its window, then the whole scanner on the
// same text: no panic, a trigger true on every line cosAt finds an error on, hits inside their
// input, entity decoding that never grows the text and never yields a control character it was
// not given.
func FuzzCOS(f *testing.F) {
	files, _ := filepath.Glob("testdata/cos/*.txt")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte("&lt;Error&gt;&lt;Code&gt;&amp;#x1b;&lt;/Code&gt;"))
	f.Add([]byte("<?xml?>\r\n<Error>\r\n<Code>A</Code>"))
	// Forms whose first line has none of '<', '&', '(' or a COS host.
	f.Add([]byte("operation error S3: GetObject, https response error StatusCode: 404, RequestID: r1, HostID: , api error NoSuchKey: gone\nendpoint https://b-1250000000.cos.ap-guangzhou.myqcloud.com"))
	f.Add([]byte("error: code: NoSuchKey, message: gone, TraceId: t1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lnEnd := bytes.IndexByte(data, '\n')
		if lnEnd < 0 {
			lnEnd = len(data)
		}
		win := cosWindow(data, lnEnd)
		if win < lnEnd || win > len(data) {
			t.Fatalf("window %d for line end %d of %d", win, lnEnd, len(data))
		}
		for from := 0; from < lnEnd; {
			h, ok := cosAt(data[:win], lnEnd, from)
			if !ok {
				break
			}
			if f := paddedFlags(data[:lnEnd]); from == 0 && !cosTrigger(data[:lnEnd], f) {
				t.Fatalf("cosTrigger passes over the line of a %s error: %q", h.format, data[:lnEnd])
			}
			if h.start < 0 || h.end > win || h.end < h.start {
				t.Fatalf("hit %d..%d outside %d", h.start, h.end, win)
			}
			if h.end <= from || h.end >= lnEnd {
				break
			}
			from = h.end
		}
		dec := xmlUnescape(nil, data)
		if len(dec) > len(data) {
			t.Fatalf("decoding grew %d bytes to %d", len(data), len(dec))
		}
		if utf8.Valid(data) && !utf8.Valid(dec) {
			t.Fatalf("decoding made invalid UTF-8: %q", dec)
		}
		for _, c := range string(dec) {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7f && c < 0xa0) && !strings.ContainsRune(string(data), c) {
				t.Fatalf("decoding made control character %U", c)
			}
		}
		var fs []Finding
		st, err := Scan(bytes.NewReader(data), Options{KnownCode: knownCode}, func(g Finding) error { fs = append(fs, g); return nil })
		if err != nil {
			return // binary
		}
		checkFindings(t, fs, st)
		var one []Finding
		if _, err := Scan(iotest.OneByteReader(bytes.NewReader(data)), Options{KnownCode: knownCode}, func(g Finding) error { one = append(one, g); return nil }); err != nil || dump(one) != dump(fs) {
			t.Fatalf("read sizes change the findings (%v):\n%s\n---\n%s", err, dump(fs), dump(one))
		}
		for _, g := range fs {
			if g.API == "cos" && g.COS == nil {
				t.Fatalf("COS finding without COS facts: %+v", g)
			}
		}
	})
}
