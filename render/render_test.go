package render

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/camerr/camerr/catalog"
	"github.com/camerr/camerr/diagnose"
	"github.com/camerr/camerr/policy"
	"github.com/charmbracelet/lipgloss"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (go test ./render -update rewrites it):\n%s", name, path, lineDiff(string(want), got))
	}
}

// lineDiff shows how got differs from want, line by line: the lines only in want with "-",
// those only in got with "+", found by a longest common subsequence.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] > lcs[i+1][j]):
			fmt.Fprintf(&out, "+%s\n", b[j])
			j++
		default:
			fmt.Fprintf(&out, "-%s\n", a[i])
			i++
		}
	}
	return out.String()
}

// fixture is a small catalog built from testdata/catalog, so that the goldens pin how entries
// are drawn, not the wording of the real catalog.
var fixture = sync.OnceValues(func() (*catalog.Catalog, error) {
	b, err := catalog.Build(os.DirFS("testdata/catalog"))
	if err != nil {
		return nil, err
	}
	return catalog.Open(string(b))
})

func fixtureCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := fixture()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func lookup(t *testing.T, q string, f catalog.Filter) catalog.Result {
	t.Helper()
	r, err := fixtureCatalog(t).Lookup(q, f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The goldens pin the width (80) and the colour profile (none, or basic ANSI).
func TestGoldens(t *testing.T) {
	var b bytes.Buffer
	plain := NewStyles(&b, false)
	color := NewStyles(&b, true)
	for _, tc := range []struct {
		name string
		draw func()
	}{
		{"card-4500", func() { Lookup(&b, lookup(t, "4500", catalog.Filter{}), plain, 80) }},
		{"card-4500-color", func() { Lookup(&b, lookup(t, "4500", catalog.Filter{}), color, 80) }},
		{"card-policyname-inuse", func() { Lookup(&b, lookup(t, "policyName.InUse", catalog.Filter{}), plain, 80) }},
		{"card-signatureexpire", func() { Lookup(&b, lookup(t, "AuthFailure.SignatureExpire", catalog.Filter{}), plain, 80) }},
		{"card-instancetype", func() { Lookup(&b, lookup(t, "ResourceUnavailable.InstanceType", catalog.Filter{}), plain, 80) }},
		{"card-nosuchbucket", func() { Lookup(&b, lookup(t, "NoSuchBucket", catalog.Filter{}), plain, 80) }},
		{"lookup-action", func() { Lookup(&b, lookup(t, "cvm:RunInstances", catalog.Filter{}), plain, 80) }},
		{"lookup-5100", func() { Lookup(&b, lookup(t, "5100", catalog.Filter{}), plain, 80) }},
		{"plain-5100", func() { LookupPlain(&b, lookup(t, "5100", catalog.Filter{}), plain) }},
		{"table-common", func() {
			c := fixtureCatalog(t)
			Table(&b, c.List(catalog.Filter{Kind: catalog.KindCommon}), nil, plain, 80)
		}},
		{"explain-denial", func() {
			Explain(&b, denialReport(t), plain, 80)
		}},
		{"explain-denial-plain", func() {
			ExplainPlain(&b, denialReport(t), plain)
		}},
		{"explain-cos", func() { Explain(&b, cosReport(t), plain, 80) }},
		{"explain-cos-plain", func() { ExplainPlain(&b, cosReport(t), plain) }},
		{"explain-cos-json", func() {
			b.Write(appendReportJSON(nil, cosReport(t), func(e *catalog.Entry) []byte { return []byte(`{"id":"` + e.ID + `"}`) }))
		}},
		{"explain-cos-head", func() { ExplainPlain(&b, cosReportOf(t, "13-go-head-empty.txt"), plain) }},
		{"explain-product-cause", func() {
			Explain(&b, productReport(t), plain, 80)
		}},
		{"explain-product-cause-plain", func() {
			ExplainPlain(&b, productReport(t), plain)
		}},
		{"check-terminal", func() {
			Check(&b, checkReport(t), plain, 80)
		}},
		{"check-plain", func() {
			CheckPlain(&b, checkReport(t), plain)
		}},
		{"tsv-common", func() {
			c := fixtureCatalog(t)
			TSV(&b, c.List(catalog.Filter{Kind: catalog.KindCommon}), nil, plain)
		}},
	} {
		b.Reset()
		tc.draw()
		golden(t, tc.name, b.String())
	}
}

func denialReport(t *testing.T) Report {
	c := fixtureCatalog(t)
	f := diagnose.Finding{
		Source: "app.log", Line: 12, Format: "go-sdk", API: "v3", ErrorCode: "UnauthorizedOperation",
		Message:   "you are not authorized to perform operation (cvm:StopInstances)\nresource (qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc) has no permission",
		RequestID: "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6",
		Diagnosis: diagnose.Diagnosis{
			Actions:   []string{"cvm:StopInstances"},
			Resources: []string{"qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc"},
			Policy:    policy.Suggest(policy.Grant{Actions: []string{"cvm:StopInstances"}, Resources: []string{"qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc"}}),
		},
	}
	return Report{Finding: f, Resolution: c.Resolve(catalog.Codes{API: f.API, ErrorCode: f.ErrorCode})}
}

// cosReport is a COS AccessDenied on a copy, read by the real scanner from the corpus.
func cosReport(t *testing.T) Report { return cosReportOf(t, "30-copy-denied.txt") }

func cosReportOf(t *testing.T, name string) Report {
	t.Helper()
	in, err := os.ReadFile(filepath.Join("../diagnose/testdata/cos", name))
	if err != nil {
		t.Fatal(err)
	}
	var fs []diagnose.Finding
	if _, err := diagnose.Scan(bytes.NewReader(in), diagnose.Options{Source: name}, func(f diagnose.Finding) error {
		fs = append(fs, f)
		return nil
	}); err != nil || len(fs) != 1 {
		t.Fatalf("%v, %d findings", err, len(fs))
	}
	c, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	f := fs[0]
	return Report{Finding: f, Resolution: c.Resolve(catalog.Codes{API: f.API, ErrorCode: f.ErrorCode})}
}

// productReport is a response whose code lost a character, whose product the paste named by
// its API host, and whose message wraps another error.
func productReport(t *testing.T) Report {
	c := fixtureCatalog(t)
	f := diagnose.Finding{
		Source: "app.log", Line: 3, Format: "go-sdk", API: "v3", ErrorCode: "ResourceUnavailable.InstanceTyp",
		Message: "sold out: Code=AuthFailure.SignatureExpire, Message=expired", RequestID: "r-1",
		Product: diagnose.ProductHint{Service: "cvm", From: "host"},
		Cause:   &diagnose.Cause{Format: "sdk-other", ErrorCode: "AuthFailure.SignatureExpire", Message: "expired"},
	}
	return Report{Finding: f,
		Resolution:      c.Resolve(catalog.Codes{API: f.API, ErrorCode: f.ErrorCode, Service: "cvm", From: "host"}),
		CauseResolution: c.Resolve(catalog.Codes{ErrorCode: f.Cause.ErrorCode})}
}

func checkReport(t *testing.T) CheckReport {
	c, _ := catalog.Default()
	doc := []byte(`{"Version": "2.0", "statement": [{"effect": "Allow", "action": "cos:GetObject", "resource": "*"}]}`)
	name := "my policy"
	limits := policy.Limits{Name: "legacy", DocumentMax: 4096, DocumentUnit: "bytes", NameMax: 128, NameChars: "+=,.@_-", DescriptionMax: 300}
	fs, err := policy.Check(doc, policy.Options{PolicyName: &name, Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	r := CheckReport{Documents: []CheckDocument{{File: "policy.json", Findings: fs}}, Files: 1, Single: true, Entries: map[string]*catalog.Entry{}}
	for _, f := range fs {
		r.Entries[f.CodeDesc] = c.Entry(catalog.KeyModular(f.CodeDesc))
	}
	return r
}

// TestFitsWidth checks cards and tables never overflow the width they are given: the fixture's
// entries, and a sample of every 40th entry of the real catalog, with its long codes and links.
// The one exception is a code wider than the width, alone on its line.
func TestFitsWidth(t *testing.T) {
	c, _ := catalog.Default()
	entries := fixtureCatalog(t).All()
	for i, e := range c.All() {
		if i%40 == 0 {
			entries = append(entries, e)
		}
	}
	for _, width := range []int{40, 60, 80, 120} {
		var b bytes.Buffer
		st := NewStyles(&b, false)
		for _, e := range entries {
			Card(&b, e, st, width)
		}
		Table(&b, entries, nil, st, width)
		Table(&b, searchHits, nil, st, width)
		if width >= 60 { // the product and service tables keep three columns: 60 is their floor
			ServiceTable(&b, c.Services(), st, width)
			ProductTable(&b, c.Named("InternalError"), st, width)
		}
		for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
			// A code is never cut: one wider than the terminal stands alone on its line.
			if w := lipgloss.Width(line); w > width && c.Named(line) == nil && line != searchHits[2].ID {
				t.Fatalf("width %d: line of %d columns: %q", width, w, line)
			}
		}
	}
}

// searchHits are entries with the long codes search and list show, written here so that the
// table goldens pin the layout, not the catalog's wording.
var searchHits = []*catalog.Entry{
	{ID: "InvalidParameter.OperateEntitiesOverLimit", API: catalog.V3, Service: "cam",
		Description: "CAM refused to set or remove a permissions boundary because the operation would touch more entities than it allows at once."},
	{ID: "OperationDenied.NotInAutoSignWhiteList", API: catalog.V3, Service: "essbasic",
		Description: "The caller is not on the allowlist for this auto-sign feature."},
	{ID: "InvalidParameter.ErrInvalidConditionCannotOnlyContainHostWhenModifyOriginActionConfigured", API: catalog.V3, Service: "teo",
		Description: "The rule's condition may not hold only a host when it changes the origin."},
	{ID: "4500", API: catalog.V2, Kind: catalog.KindCommon, Title: "Replay attack"},
}

// TestTableWidths pins search's and list's table at the widths people use: the code whole at
// every width, the meaning wrapped in its column (140) or under the code (80, 60).
func TestTableWidths(t *testing.T) {
	var b bytes.Buffer
	st := NewStyles(&b, false)
	for _, width := range []int{60, 80, 140} {
		b.Reset()
		Table(&b, searchHits, nil, st, width)
		golden(t, fmt.Sprintf("table-long-%d", width), b.String())
		for _, e := range searchHits {
			if !strings.Contains(b.String(), e.ID+"\n") && !strings.Contains(b.String(), e.ID+"  ") {
				t.Errorf("width %d: code %s is not whole", width, e.ID)
			}
		}
	}
	b.Reset()
	Table(&b, searchHits[:2], nil, st, 140)
	golden(t, "table-columns-140", b.String())
}

func TestNoANSIWithoutColor(t *testing.T) {
	var b bytes.Buffer
	st := NewStyles(&b, false)
	LookupPlain(&b, lookup(t, "4000", catalog.Filter{}), st)
	Lookup(&b, lookup(t, "4000", catalog.Filter{}), st, 80)
	if strings.Contains(b.String(), "\x1b") {
		t.Error("escape sequence in output without colour")
	}
}

func TestHighlight(t *testing.T) {
	var b bytes.Buffer
	st := NewStyles(&b, true)
	got := styleRunes(st, "AuthFailure.SignatureExpire", []int{12, 13, 14}, st.Code, st.Highlight)
	if !strings.Contains(got, st.Highlight.Render("Sig")) || !strings.Contains(got, st.Code.Render("natureExpire")) {
		t.Errorf("styleRunes = %q", got)
	}
}

// TestSourceLinks checks a repository path in a source is shown as a link a person can open.
func TestSourceLinks(t *testing.T) {
	for in, want := range map[string]string{
		"TencentCloud/tencentcloud-sdk-go@144f6c8d39e410da77a70472f1416e9903740593:tencentcloud/common/netretry.go": "https://github.com/TencentCloud/tencentcloud-sdk-go/blob/144f6c8d39e410da77a70472f1416e9903740593/tencentcloud/common/netretry.go",
		"a/b@0123456789abcdef:dir/with space/x.md (en comment) ; seed: text":                                        "https://github.com/a/b/blob/0123456789abcdef/dir/with%20space/x.md (en comment) ; seed: text",
		"seed: CAM API 2.0 Error Codes (https://intl.cloud.tencent.com/document/product/598/13884)":                 "seed: CAM API 2.0 Error Codes (https://intl.cloud.tencent.com/document/product/598/13884)",
	} {
		if got := sourceLinks(in); got != want {
			t.Errorf("sourceLinks(%q) = %q, want %q", in, got, want)
		}
	}
}

// repoPathRE is the grammar repoPath implements, kept as the tests' oracle.
var repoPathRE = regexp.MustCompile(`^([\w.-]+/[\w.-]+)@([0-9a-f]{7,40}):(\S[^(]*?)(\s+\(.*\))?$`)

func checkRepoPath(t *testing.T, s string) {
	t.Helper()
	repo, commit, path, remark, ok := repoPath(s)
	m := repoPathRE.FindStringSubmatch(s)
	if ok != (m != nil) || ok && (repo != m[1] || commit != m[2] || path != m[3] || remark != m[4]) {
		t.Fatalf("repoPath(%q) = %q %q %q %q %v, the grammar gives %q", s, repo, commit, path, remark, ok, m)
	}
}

// TestRepoPathEverySource splits every part of every catalog source as the grammar does.
func TestRepoPathEverySource(t *testing.T) {
	c, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	links := 0
	for _, e := range c.All() {
		for _, p := range strings.Split(e.Source, " ; ") {
			checkRepoPath(t, p)
			if _, _, _, _, ok := repoPath(p); ok {
				links++
			}
		}
	}
	if links < 100 {
		t.Errorf("only %d sources are repository paths; the curated entries alone give hundreds", links)
	}
}

func FuzzRepoPath(f *testing.F) {
	for _, s := range []string{
		"a/b@0123456789abcdef:dir/with space/x.md (en comment)",
		"a/b@0123456:(x)", "a/b@0123456: (x)", "a/b@0123456:x  (y\n)", "a/b@0123456:x \n(y)",
		"a/b@0123456:x (y) (z)", "a/b@0123456:x(y) (z)", "a@b/c@0123456:x", "a/b@01234:x", "a/b/c@0123456:x",
	} {
		f.Add(s)
	}
	f.Fuzz(checkRepoPath)
}

func TestLineDiff(t *testing.T) {
	if got, want := lineDiff("a\nb\nc", "a\nB\nc\nd"), "-b\n+B\n+d\n"; got != want {
		t.Errorf("lineDiff = %q, want %q", got, want)
	}
}
