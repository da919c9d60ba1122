package diagnose

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCOSCorpus scans every paste under testdata/cos and compares what a user is told first:
// the format, code, request id, bucket, region, key and HTTP status (want.tsv, "-" for none).
func TestCOSCorpus(t *testing.T) {
	f, err := os.Open("testdata/cos/want.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		w := strings.Split(sc.Text(), "\t")
		if len(w) != 9 {
			t.Fatalf("want.tsv: %q has %d fields", sc.Text(), len(w))
		}
		seen[w[0]] = true
		t.Run(w[0], func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata/cos", w[0]))
			if err != nil {
				t.Fatal(err)
			}
			for _, variant := range []string{"as is", "CRLF"} {
				text := string(in)
				if variant == "CRLF" {
					text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n")
				}
				fs, _ := scanString(t, text, Options{Source: w[0]})
				if len(fs) != 1 {
					t.Fatalf("%s: %d findings, want 1:\n%s", variant, len(fs), dump(fs))
				}
				g := fs[0]
				c := g.COS
				if c == nil {
					c = &COS{}
				}
				status := "-"
				if c.Status > 0 {
					status = strconv.Itoa(c.Status)
				}
				got := []string{w[0], strconv.Itoa(g.Line), g.Format, dash(g.ErrorCode), dash(g.RequestID), dash(c.Bucket), dash(c.Region), dash(c.Key), status}
				if strings.Join(got, "\t") != sc.Text() {
					t.Errorf("%s:\ngot  %s\nwant %s", variant, strings.Join(got, "\t"), sc.Text())
				}
				if strings.HasPrefix(g.Format, "cos-") != (g.API == "cos") || strings.HasPrefix(g.Format, "cos-") != (g.COS != nil) {
					t.Errorf("format %s with API %q, COS %v", g.Format, g.API, g.COS != nil)
				}
			}
		})
	}
	files, _ := filepath.Glob("testdata/cos/*.txt")
	if len(files) < 25 {
		t.Errorf("%d pastes in the corpus, want at least 25", len(files))
	}
	for _, p := range files {
		if !seen[filepath.Base(p)] {
			t.Errorf("%s has no line in want.tsv", p)
		}
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func TestCOSDiagnosis(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		actions  []string
		policy   string
		notes    []string // substrings, each in some note
		need     string
	}{
		{name: "expired, by message",
			in:    "<Error><Code>AccessDenied</Code><Message>Request has expired</Message><RequestId>NWNhYzEzZThfOTljMjJhMDlfMWRkYl8xYzAzYjM2</RequestId></Error>",
			notes: []string{"q-sign-time", "15 minutes", "2019-04-09T03:39:20Z (inferred from the RequestId)"}},
		{name: "skew", in: "<Error><Code>RequestTimeTooSkewed</Code><Message>m</Message></Error>", notes: []string{"15 minutes"}},
		{name: "signature", in: "<Error><Code>SignatureDoesNotMatch</Code><Message>The Signature you specified is invalid.</Message></Error>",
			notes: []string{"q-ak must equal the SecretId", "enabled in the API key console"}},
		{name: "code in message", in: "<Error><Code>AccessDenied</Code><Message>SignatureDoesNotMatch</Message></Error>",
			notes: []string{"names the COS code SignatureDoesNotMatch", "q-ak"}},
		{name: "token", in: "<Error><Code>ExpiredToken</Code><Message>m</Message></Error>", notes: []string{"30 minutes", "36 hours"}},
		{name: "denied GET object",
			in:      "GET https://b-1250000000.cos.ap-guangzhou.myqcloud.com/a/b.txt: 403 AccessDenied(Message: Access Denied., RequestId: r, TraceId: t)",
			actions: []string{"name/cos:GetObject"},
			policy:  `{"version":"2.0","statement":[{"effect":"allow","action":["name/cos:GetObject"],"resource":["qcs::cos:ap-guangzhou:uid/1250000000:b-1250000000/a/b.txt"]}]}`,
			notes:   []string{"inferred it from the request GET of an object"}},
		{name: "denied bucket listing, path style",
			in:      "GET https://cos.ap-beijing.myqcloud.com/b-1250000000/: 403 AccessDenied(Message: Access Denied., RequestId: r, TraceId: t)",
			actions: []string{"name/cos:GetBucket"},
			policy:  `{"version":"2.0","statement":[{"effect":"allow","action":["name/cos:GetBucket"],"resource":["qcs::cos:ap-beijing:uid/1250000000:b-1250000000/*"]}]}`},
		{name: "denied by S3 operation name, no bucket",
			in:      "https://cos.ap-guangzhou.myqcloud.com An error occurred (AccessDenied) when calling the DeleteObjects operation: Access Denied.",
			actions: []string{"name/cos:DeleteObject"}, need: "the bucket (BucketName-APPID)"},
		{name: "denied, nothing to infer from",
			in:   "<Error><Code>AccessDenied</Code><Message>Access Denied.</Message><Resource>b-1250000000.cos.ap-guangzhou.myqcloud.com/k</Resource></Error>",
			need: "the operation that was denied"},
		{name: "python, no digest", in: "qcloud_cos.cos_exception.CosServiceError: Response Error Msg Is INVALID", notes: []string{"could not read a code"}},
		{name: "python, headers only", in: "CosServiceError: {'Content-Length': '0', 'x-cos-request-id': 'NWNhYzEzZThf'}", notes: []string{"no body at all"}},
		{name: "client side", in: "qcloud_cos.cos_exception.CosClientError: timed out", notes: []string{"the SDK raised this itself"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fs, _ := scanString(t, tt.in, Options{})
			if len(fs) != 1 || fs[0].COS == nil {
				t.Fatalf("findings:\n%s", dump(fs))
			}
			d := fs[0].Diagnosis
			if !equalStrings(d.Actions, tt.actions) {
				t.Errorf("actions %q, want %q", d.Actions, tt.actions)
			}
			if p := d.Policy.JSON(); p != tt.policy {
				t.Errorf("policy %s\nwant   %s", p, tt.policy)
			}
			if p := d.Policy.JSON(); p != "" {
				checkPolicy(t, p, d.Actions, d.Resources)
			}
			if len(tt.actions) > 0 != fs[0].COS.ActionsInferred {
				t.Errorf("ActionsInferred %v", fs[0].COS.ActionsInferred)
			}
			for _, n := range tt.notes {
				if !strings.Contains(strings.Join(d.Notes, "\n"), n) {
					t.Errorf("no note says %q: %q", n, d.Notes)
				}
			}
			if !strings.Contains(fs[0].COS.Need, tt.need) || (tt.need == "") != (fs[0].COS.Need == "") {
				t.Errorf("need %q, want %q", fs[0].COS.Need, tt.need)
			}
		})
	}
}

// TestCOSNotAPI3 makes sure a COS code that API 3.0 also has keeps API "cos", so the caller
// explains it with the COS entry.
func TestCOSNotAPI3(t *testing.T) {
	fs, _ := scanString(t, "<Error><Code>InvalidRequest</Code><Message>x</Message></Error>", Options{KnownCode: func(string) bool { return true }})
	if len(fs) != 1 || fs[0].API != "cos" || fs[0].ErrorCode != "InvalidRequest" {
		t.Fatalf("%s", dump(fs))
	}
}

func TestXMLUnescape(t *testing.T) {
	for in, want := range map[string]string{
		"a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;": `a <b> & "c" 'd'`,
		"&#65;&#x42;&#X43;":                             "ABC",
		"&lol9;&xxe;&unknown":                           "&lol9;&xxe;&unknown", // never expanded
		"&amp;lt;":                                      "&lt;",                // once
		"&#0;&#27;&#x9b;&#xD800;":                       "\ufffd\ufffd\ufffd\ufffd",
		"&#1114112;&#99999999999;&#;":                   "\ufffd&#99999999999;&#;",
		"&#9;&#10;":                                     "\t\n",
	} {
		if got := string(xmlUnescape(nil, []byte(in))); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

func TestParseCOSResource(t *testing.T) {
	for in, want := range map[string][3]string{
		"b-1250000000.cos.ap-guangzhou.myqcloud.com/dir/k.txt":         {"b-1250000000", "ap-guangzhou", "dir/k.txt"},
		"https://b-1250000000.cos.na-siliconvalley.myqcloud.com/k?acl": {"b-1250000000", "na-siliconvalley", "k"},
		"https://cos.ap-beijing.myqcloud.com/b-1250000000/k":           {"b-1250000000", "ap-beijing", "k"},
		"b-1250000000.cos.accelerate.myqcloud.com/k":                   {"b-1250000000", "", "k"},
		"b-1250000000.cos-website.ap-hongkong.myqcloud.com":            {"b-1250000000", "ap-hongkong", ""},
		"/only/a/key":                              {"", "", "only/a/key"},
		"example.com/b-1250000000/k":               {"", "", ""},
		"nobucket.cos.ap-guangzhou.myqcloud.com/k": {"", "ap-guangzhou", "k"},
	} {
		b, r, k := parseCOSResource(in)
		if [3]string{b, r, k} != want {
			t.Errorf("%q: got %q %q %q, want %q", in, b, r, k, want)
		}
	}
}

func TestRequestTime(t *testing.T) {
	for in, want := range map[string]string{
		"NWNhYzEzZThfOTljMjJhMDlfMWRkYl8xYzAzYjM2": "2019-04-09T03:39:20Z",
		"0b5c3f1e-1111-2222-3333-444455556666":     "",
		"MDAwMDAwMDBfYQ==":                         "", // 1970: not a COS time
		"":                                         "",
		"!!!!!!!!!!!!!!!!":                         "",
	} {
		if got := requestTime(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

// TestCOSActionsFromFacts keeps the action table equal to the catalog's facts file.
func TestCOSActionsFromFacts(t *testing.T) {
	b, err := os.ReadFile("../catalog/data/facts/cos_actions.tsv")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Split(l, "\t")
		if len(f) < 2 || !strings.HasPrefix(f[0], "name/cos:") {
			continue
		}
		n++
		a := strings.TrimPrefix(f[0], "name/cos:")
		if k, ok := cosActionKinds()[a]; !ok || k != f[1][0] {
			t.Errorf("%s (%s): table has %q", a, f[1], k)
		}
	}
	if n != len(cosActionKinds()) {
		t.Errorf("facts list %d actions, the table %d", n, len(cosActionKinds()))
	}
	for _, op := range []string{"put_object", "getObject", "HeadObject", "copy_object", "upload_file", "delete_objects", "ListObjectsV2", "CreateBucket", "ListBuckets", "UploadPartCopy"} {
		as := cosOperationActions(op, false)
		if len(as) == 0 {
			t.Errorf("%s: no action", op)
		}
		for _, a := range as {
			if _, ok := cosActionKinds()[a]; !ok {
				t.Errorf("%s: %s is not a COS action", op, a)
			}
		}
	}
}

// TestCOSHostile: entity bombs, deep nesting, a huge body made lazily and invalid UTF-8 end
// quickly, in bounded memory, without expanding anything.
func TestCOSHostile(t *testing.T) {
	bomb := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>` +
		`<Error><Code>AccessDenied</Code><Message>&lol3;&lol3;</Message><Resource>&xxe;</Resource></Error>`
	fs, _ := scanString(t, bomb, Options{})
	if len(fs) != 1 || fs[0].Message != "&lol3;&lol3;" || fs[0].COS.Resource != "&xxe;" {
		t.Errorf("entities: %s", dump(fs))
	}
	for name, in := range map[string]string{
		"deep nesting":        "<Error>" + strings.Repeat("<a>", 100_000) + "<Code>NoSuchKey</Code>" + strings.Repeat("</a>", 100_000) + "</Error>",
		"deep nesting, lines": "<Error>\n" + strings.Repeat("<a>\n", 100_000) + "<Code>NoSuchKey</Code>\n</Error>\n",
		"unclosed tags":       strings.Repeat("<Error><Code", 1<<16),
		"escaped tags":        strings.Repeat("&lt;Error&gt;&lt;Code&gt;X&lt;/Code&gt;", 1<<14),
		"many bodies":         strings.Repeat("<Error><Code>SlowDown</Code></Error>", 1<<14),
		"char refs":           "<Error><Code>X</Code><Message>" + strings.Repeat("&#x1b;[31m&#0;", 1<<15) + "</Message></Error>",
		"invalid UTF-8":       "<Error><Code>No\xffSuch</Code><Message>\xc3\x28\xed\xa0\x80</Message><RequestId>\xfe</RequestId></Error>",
		"fields":              strings.Repeat("RequestId: x, TraceId: ", 1<<15),
		"go markers":          strings.Repeat("(Message: ", 1<<16),
		"Cos":                 strings.Repeat("Cos", 1<<17),
		"Cos classes":         strings.Repeat("CosServerException Cos Error Code: CosServiceError: CosSdkError ", 1<<14),
		"pretty objects":      strings.Repeat("{\n  code: 'X',\n  TraceId: 't',\n", 1<<13),
	} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			fs, _ := scanString(t, in, Options{})
			if d := time.Since(start); d > 30*time.Second {
				t.Errorf("took %v", d)
			}
			for _, f := range fs {
				if strings.ContainsAny(f.Message+f.ErrorCode, "\x1b\x00") {
					t.Errorf("control characters kept: %q", f.Message)
				}
			}
		})
	}
}

// TestCOSLargeBody reads a 200 MB XML body generated as it is read: no hang, memory bounded.
func TestCOSLargeBody(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 200 MB")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := &repeatReader{pattern: []byte("<a>x &amp; y</a>"), n: 200 << 20,
		tail: []byte("</Message></Error>\n<Error><Code>NoSuchKey</Code><Message>m</Message></Error>\n")}
	head := bytes.NewReader([]byte("<?xml version='1.0'?>\n<Error><Code>AccessDenied</Code><Message>"))
	var last Finding
	st, err := Scan(io.MultiReader(head, r), Options{}, func(f Finding) error { last = f; return nil })
	runtime.ReadMemStats(&after)
	if err != nil || st.SkippedRecords != 1 || last.ErrorCode != "NoSuchKey" || last.Line != 3 {
		t.Errorf("err %v, %+v, last finding %+v (want the body after the skipped line)", err, st, last)
	}
	if peak := after.HeapSys; peak > 256<<20 {
		t.Errorf("heap reached %d MiB", peak>>20)
	}
}

// TestCOSParallel: the multi-line COS forms give the same findings in parallel as in one pass,
// whichever block boundary falls inside them.
func TestCOSParallel(t *testing.T) {
	files, _ := filepath.Glob("testdata/cos/*.txt")
	var all []byte
	for _, p := range files {
		b, _ := os.ReadFile(p)
		all = append(append(all, b...), "plain line\n"...)
	}
	for _, size := range []int{64, 97, 256, 1000} {
		scanBoth(t, all, Options{KnownCode: knownCode}, size)
		scanBoth(t, all, Options{KnownCode: knownCode, CodesOnly: true}, size)
	}
}
