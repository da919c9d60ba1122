package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
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
		t.Errorf("%s differs from %s:\n%s", name, path, got)
	}
}

func lookup(t *testing.T, q string, f catalog.Filter) catalog.Result {
	t.Helper()
	c, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Lookup(q, f)
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
		{"lookup-5100", func() { Lookup(&b, lookup(t, "5100", catalog.Filter{}), plain, 80) }},
		{"plain-5100", func() { LookupPlain(&b, lookup(t, "5100", catalog.Filter{}), plain) }},
		{"table-common", func() {
			c, _ := catalog.Default()
			Table(&b, c.List(catalog.Filter{Kind: catalog.KindCommon}), nil, plain, 80)
		}},
		{"explain-denial", func() {
			Explain(&b, denialReport(t), plain, 80)
		}},
		{"explain-denial-plain", func() {
			ExplainPlain(&b, denialReport(t), plain)
		}},
		{"check-terminal", func() {
			Check(&b, checkReport(t), plain, 80)
		}},
		{"check-plain", func() {
			CheckPlain(&b, checkReport(t), plain)
		}},
		{"tsv-common", func() {
			c, _ := catalog.Default()
			TSV(&b, c.List(catalog.Filter{Kind: catalog.KindCommon}), nil, plain)
		}},
	} {
		b.Reset()
		tc.draw()
		golden(t, tc.name, b.String())
	}
}

func denialReport(t *testing.T) Report {
	c, _ := catalog.Default()
	f := diagnose.Finding{
		Source: "app.log", Line: 12, Format: "go-sdk", API: "v3", ErrorCode: "UnauthorizedOperation",
		Message:   "you are not authorized to perform operation (cvm:StopInstances)\nresource (qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc) has no permission",
		RequestID: "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6",
		Diagnosis: diagnose.Diagnosis{
			Actions:         []string{"cvm:StopInstances"},
			Resources:       []string{"qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc"},
			SuggestedPolicy: `{"version":"2.0","statement":[{"effect":"allow","action":["cvm:StopInstances"],"resource":["qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc"]}]}`,
		},
	}
	return Report{Finding: f, Resolution: c.Resolve(catalog.Codes{API: f.API, ErrorCode: f.ErrorCode})}
}

func checkReport(t *testing.T) CheckReport {
	c, _ := catalog.Default()
	doc := []byte(`{"Version": "2.0", "statement": [{"effect": "Allow", "action": "cos:GetObject", "resource": "*"}]}`)
	name := "my policy"
	fs, err := policy.Check(doc, policy.Options{PolicyName: &name})
	if err != nil {
		t.Fatal(err)
	}
	r := CheckReport{Source: "policy.json", Findings: fs, Entries: map[string]*catalog.Entry{}}
	for _, f := range fs {
		r.Entries[f.CodeDesc] = c.Entry(catalog.KeyModular(f.CodeDesc))
	}
	return r
}

// TestFitsWidth checks cards and tables never overflow the width they are given.
func TestFitsWidth(t *testing.T) {
	c, _ := catalog.Default()
	for _, width := range []int{40, 60, 80, 120} {
		var b bytes.Buffer
		st := NewStyles(&b, false)
		for _, e := range c.All() {
			Card(&b, e, st, width)
		}
		Table(&b, c.All(), nil, st, width)
		for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
			if w := lipgloss.Width(line); w > width {
				t.Fatalf("width %d: line of %d columns: %q", width, w, line)
			}
		}
	}
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
