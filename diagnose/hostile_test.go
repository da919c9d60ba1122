package diagnose

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// repeatReader yields n bytes made of pattern repeated, then tail, without holding them.
type repeatReader struct {
	pattern []byte
	n       int64
	tail    []byte
	off     int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n > 0 {
		k := 0
		for k < len(p) && r.n > 0 {
			c := copy(p[k:min(len(p), k+int(min(r.n, int64(len(p)))))], r.pattern[r.off%int64(len(r.pattern)):])
			k += c
			r.off += int64(c)
			r.n -= int64(c)
		}
		return k, nil
	}
	if len(r.tail) == 0 {
		return 0, io.EOF
	}
	k := copy(p, r.tail)
	r.tail = r.tail[k:]
	return k, nil
}

func scanReader(t *testing.T, r io.Reader, opts Options) ([]Finding, Stats, error) {
	t.Helper()
	var fs []Finding
	st, err := Scan(r, opts, func(f Finding) error {
		fs = append(fs, f)
		return nil
	})
	if err == nil {
		checkFindings(t, fs, st)
	}
	return fs, st, err
}

func TestEmptyInput(t *testing.T) {
	for _, in := range []string{"", "\n", "\n\n\n", "   ", "\xef\xbb\xbf"} {
		fs, st := scanString(t, in, Options{})
		if len(fs) != 0 || st.Responses != 0 {
			t.Errorf("%q: %v %+v", in, fs, st)
		}
	}
	_, st := scanString(t, "\xef\xbb\xbf{\"code\":0,\"message\":\"\",\"codeDesc\":\"Success\"}", Options{})
	if st.Responses != 1 {
		t.Errorf("a byte order mark hides the body: %+v", st)
	}
}

func TestBinary(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 100000)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	utf16 := []byte{0xff, 0xfe}
	for _, r := range "[TencentCloudSDKError] Code=InternalError, Message=m\n" {
		utf16 = append(utf16, byte(r), 0)
	}
	for name, in := range map[string][]byte{
		"NULs":      bytes.Repeat([]byte{0, 0, 0, 1, 2, 0}, 1000),
		"random":    random,
		"elf-ish":   append([]byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00"), bytes.Repeat([]byte{0, 0x40, 0, 0}, 200)...),
		"utf16":     bytes.Repeat(utf16, 50),
		"gzip-ish":  append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0}, random[:5000]...),
		"short bin": {0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
	} {
		fs, st, err := scanReader(t, bytes.NewReader(in), Options{})
		if !errors.Is(err, ErrBinary) || len(fs) != 0 {
			t.Errorf("%s: err %v, stats %+v, %d findings", name, err, st, len(fs))
		}
	}
	// Text with a stray NUL or a few control bytes is still text.
	in := strings.Repeat("2024 INFO ok\n", 100) + "\x00 odd\n\x01\x02 x\n" + `{"code":4000,"message":"m","codeDesc":"InvalidParameter"}`
	fs, st, err := scanReader(t, strings.NewReader(in), Options{})
	if err != nil || len(fs) != 1 {
		t.Errorf("text with a NUL: err %v, %+v, %d findings", err, st, len(fs))
	}
}

func TestInvalidUTF8(t *testing.T) {
	in := "{\"code\":4000,\"message\":\"bad \xff\xfe bytes\",\"codeDesc\":\"Invalid\xc3Parameter\"}\n" +
		"[TencentCloudSDKError] Code=InternalError, Message=\xe4\xb8 cut, RequestId=r\xff1\n" +
		"Service error: InternalError: \xa0\xa1\n"
	fs, st := scanString(t, in, Options{})
	if !st.InvalidUTF8 || len(fs) != 3 {
		t.Fatalf("%+v\n%s", st, dump(fs))
	}
	if fs[0].Message != "bad \uFFFD bytes" || !strings.Contains(fs[0].CodeDesc, "\uFFFD") {
		t.Errorf("not replaced: %q %q", fs[0].Message, fs[0].CodeDesc)
	}
	// Control characters and escape sequences come back as they were (the renderer escapes
	// them) and do not disturb parsing.
	fs, _ = scanString(t, "{\"Response\":{\"Error\":{\"Code\":\"InternalError\",\"Message\":\"\x1b[31mred\\u001b[0m\\u202e\x07\"},\"RequestId\":\"r\"}}\n", Options{})
	if len(fs) != 1 || fs[0].Message != "\x1b[31mred\x1b[0m\u202e\x07" {
		t.Errorf("control characters: %s", dump(fs))
	}
	_, st = scanString(t, "plain \xff text\n", Options{})
	if !st.InvalidUTF8 {
		t.Error("InvalidUTF8 not set for a line without findings")
	}
}

// stuckReader returns nothing, forever, without an error.
type stuckReader struct{}

func (stuckReader) Read([]byte) (int, error) { return 0, nil }

// liarReader claims to have read more than it was given.
type liarReader struct{ n int }

func (l *liarReader) Read(p []byte) (int, error) {
	if l.n++; l.n > 3 {
		return 0, io.EOF
	}
	return len(p) + 10, nil
}

func TestMisbehavingReaders(t *testing.T) {
	for _, workers := range []int{1, 2} {
		scan := func(r io.Reader) (Stats, error) {
			if workers == 1 {
				return scanSequential(r, Options{}, func(Finding) error { return nil })
			}
			return scanParallel(r, Options{}, func(Finding) error { return nil }, 2, defaultLimits)
		}
		if _, err := scan(stuckReader{}); err != io.ErrNoProgress {
			t.Errorf("workers %d: stuck reader: %v", workers, err)
		}
		if st, err := scan(io.MultiReader(strings.NewReader("a\n"), stuckReader{})); err != io.ErrNoProgress || st.Lines != 1 {
			t.Errorf("workers %d: stuck after a line: %v %+v", workers, err, st)
		}
		if _, err := scan(&liarReader{}); err != nil && err != io.ErrNoProgress {
			t.Errorf("workers %d: lying reader: %v", workers, err)
		}
	}
}

func TestDeepNesting(t *testing.T) {
	const n = 100000
	body := `{"Response":{"Error":{"Code":"InternalError","Message":"deep"},"RequestId":"r"}}`
	for name, in := range map[string]string{
		"objects on one line":    strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n),
		"arrays on one line":     strings.Repeat("[", n) + body + strings.Repeat("]", n),
		"unclosed on one line":   strings.Repeat(`{"a":[`, n),
		"objects over lines":     strings.Repeat("{\"a\":\n", n) + "1" + strings.Repeat("}\n", n),
		"arrays over lines":      strings.Repeat("[\n", n) + body + "\n" + strings.Repeat("]\n", n),
		"unclosed over lines":    strings.Repeat("{\n", n),
		"escaped quotes":         strings.Repeat(`{\"`, n),
		"string of backslashes":  `{"a":"` + strings.Repeat(`\`, n) + `"}`,
		"many braces then quote": strings.Repeat(`{"{"`, n),
	} {
		t.Run(name, func(t *testing.T) {
			fs, _ := scanString(t, in, Options{})
			wantBody := strings.Contains(in, body)
			if wantBody != (len(fs) == 1 && fs[0].ErrorCode == "InternalError") {
				t.Errorf("found %s", dump(fs))
			}
		})
	}
}

func TestTruncated(t *testing.T) {
	full := `{"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"expired"},"RequestId":"r"}}`
	for i := 0; i < len(full); i++ {
		fs, _ := scanString(t, full[:i], Options{})
		for _, f := range fs {
			// A cut code under a known parent is still reported, and so is the Error object
			// once it is complete.
			if !(f.Format == "text" && strings.HasPrefix(f.ErrorCode, "AuthFailure") ||
				f.Format == "v3-json" && f.ErrorCode == "AuthFailure.SignatureExpire") {
				t.Errorf("cut at %d: %s", i, dump(fs))
			}
		}
	}
	// A pretty-printed body cut off by the end of input: what the lines say still counts.
	fs, _ := scanString(t, "{\n  \"Response\": {\n    \"Error\": {\n      \"Code\": \"AuthFailure.SignatureExpire\",\n      \"Message\": \"exp", Options{})
	if len(fs) != 1 || fs[0].Format != "text" || fs[0].Line != 4 {
		t.Errorf("truncated pretty body: %s", dump(fs))
	}
}

// TestHugeLine streams a 200 MB line without holding it: it is skipped and counted, and the
// response after it is still found.
func TestHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 200 MB")
	}
	r := &repeatReader{pattern: []byte(`{"code":4000,"message":"`), n: 200 << 20,
		tail: []byte("\n[TencentCloudSDKError] Code=InternalError, Message=after, RequestId=r\n")}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fs, st, err := scanReader(t, r, Options{})
	runtime.ReadMemStats(&after)
	if err != nil || st.SkippedRecords != 1 || st.Lines != 2 || len(fs) != 1 || fs[0].Line != 2 {
		t.Fatalf("err %v %+v\n%s", err, st, dump(fs))
	}
	if st.Bytes < 200<<20 {
		t.Errorf("read %d bytes", st.Bytes)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 48<<20 {
		t.Errorf("allocated %d MiB for a 200 MB line", alloc>>20)
	}
}

// TestMaxRecord: a line or a multi-line body over the limit is skipped and counted.
func TestMaxRecord(t *testing.T) {
	long := `{"code":4000,"message":"` + strings.Repeat("x", 200) + `","codeDesc":"InvalidParameter"}`
	pretty := "{\n" + strings.Repeat("  \"k\": \"vvvvvvvvvvvvvvvvvvvv\",\n", 20) + "  \"code\": 4000, \"message\": \"m\", \"codeDesc\": \"InvalidParameter\"\n}\n"
	in := long + "\n" + pretty + `{"code":0,"message":"","codeDesc":"Success"}` + "\n"
	fs, st := scanString(t, in, Options{MaxRecord: 100})
	if st.SkippedRecords != 2 || len(fs) != 1 || !fs[0].OK || fs[0].Line != st.Lines {
		t.Errorf("%+v\n%s", st, dump(fs))
	}
	fs, st = scanString(t, in, Options{})
	if st.SkippedRecords != 0 || len(fs) != 3 {
		t.Errorf("%+v\n%s", st, dump(fs))
	}
}

// TestMemoryFlat: what a scan allocates does not grow with the input (with CodesOnly, as a
// summary runs it): 128 MB costs no more than 32 MB, beyond a warm-up of buffers and caches.
func TestMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 160 MB")
	}
	block := []byte(strings.Join([]string{
		"2025-03-01T00:00:00.003Z INFO  [worker-0] HttpClient POST https://cvm.tencentcloudapi.com/ attempt=3 status=200",
		`{"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"0b5c3f1e-1111-2222-3333-444455556666"}}`,
		`{"code":4000,"message":"(100004)Incorrect projectId","codeDesc":"InvalidParameter","requestId":18642}`,
		`{"Response":{"TotalCount":0,"RequestId":"b5b41468-520d-4192-b42f-595cc34b6c1c"}}`,
		"[TencentCloudSDKError] Code=ResourceNotFound, Message=gone, RequestId=r",
		"",
	}, "\n"))
	alloc := func(size int64) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		n := 0
		st, err := Scan(&repeatReader{pattern: block, n: int64(len(block)) * (size / int64(len(block)))},
			Options{CodesOnly: true, KnownCode: knownCode}, func(Finding) error { n++; return nil })
		runtime.ReadMemStats(&after)
		if err != nil || n == 0 || st.Responses != n {
			t.Fatal(err, n, st)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(32<<20), alloc(128<<20)
	if large > small+8<<20 {
		t.Errorf("allocated %d MiB for 32 MB, %d MiB for 128 MB", small>>20, large>>20)
	}
}

// TestPathological feeds inputs built to defeat the shortcuts; each must finish quickly.
func TestPathological(t *testing.T) {
	for name, in := range map[string]string{
		"quotes":            strings.Repeat(`"`, 1<<20),
		"open braces":       strings.Repeat("{", 1<<20),
		"keys without end":  strings.Repeat(`{"code":`, 1<<17),
		"markers":           strings.Repeat("[TencentCloudSDKError] Code=", 1<<15),
		"markers no code":   strings.Repeat("[TencentCloudSDKException]", 1<<15),
		"humps":             strings.Repeat("aBcDeFgH", 1<<17),
		"denials":           strings.Repeat("not authorized (a:B) resource (qcs::x) ", 1<<14),
		"code messages":     strings.Repeat("code:AbC message:", 1<<15),
		"request ids":       strings.Repeat("request id:", 1<<16),
		"escaped body":      strings.Repeat(`{\"Response\":{\"Error\":{\"Code\":\"X\"`, 1<<14),
		"jsonish lines":     "{\n" + strings.Repeat("\"a\",\n", 1<<17),
		"sdk over lines":    strings.Repeat("[TencentCloudSDKError] Code=X, Message=a\n", 1<<14),
		"node over lines":   strings.Repeat("TencentCloudSDKHttpException: m\n  code: 'X'\n", 1<<14),
		"python over lines": strings.Repeat("[TencentCloudSDKException] code:X message:y\n", 1<<14),
	} {
		t.Run(name, func(t *testing.T) {
			scanString(t, in, Options{})
			scanString(t, strings.ReplaceAll(in, "\n", " "), Options{})
		})
	}
}

func TestStringsAreValidUTF8(t *testing.T) {
	// Every way a string is made: JSON escapes (lone surrogates), Python escapes, raw bytes.
	in := `{"Response":{"Error":{"Code":"Internal\ud800Error","Message":"\ud83d\ude00 \udc00 \x41"},"RequestId":"\u0000"}}` + "\n" +
		`{'code': 4000, 'message': '\xff \U0010ffff \U00110000', 'codeDesc': 'X'}` + "\n"
	fs, _ := scanString(t, in, Options{})
	if len(fs) != 2 {
		t.Fatal(dump(fs))
	}
	if fs[0].Message != "😀 \uFFFD A" || fs[1].Message != "ÿ \U0010ffff \uFFFD" {
		t.Errorf("%q %q", fs[0].Message, fs[1].Message)
	}
	for _, f := range fs {
		if !utf8.ValidString(f.ErrorCode) || !utf8.ValidString(f.RequestID) {
			t.Errorf("%q %q", f.ErrorCode, f.RequestID)
		}
	}
}
