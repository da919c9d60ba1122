package policy

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite testdata/terraform/*.golden")

// terraformReport is what a golden file holds: each document of a .tf file, where it is, and
// each finding at its line and column in the .tf file.
func terraformReport(tb testing.TB, src []byte, name string) string {
	docs, err := Terraform(src, name)
	var b strings.Builder
	if err != nil {
		fmt.Fprintf(&b, "error: %v\n", err)
		return b.String()
	}
	for _, d := range docs {
		fmt.Fprintf(&b, "%s %d:%d %s", d.Address, d.Line, d.Column, d.Type)
		switch {
		case d.Uses != "":
			fmt.Fprintf(&b, " uses %s", d.Uses)
		case d.Unchecked != "":
			fmt.Fprintf(&b, " not checked: %s", d.Unchecked)
		case d.File != "":
			fmt.Fprintf(&b, " file %q", d.File)
		}
		b.WriteString("\n")
		if d.Body == nil {
			continue
		}
		fmt.Fprintf(&b, "  json: %s\n", strings.TrimSpace(string(d.Body)))
		findings, err := d.Check(defaults(Options{Actions: knownActions(tb)}))
		if err != nil {
			fmt.Fprintf(&b, "  %v\n", err)
			continue
		}
		for _, f := range findings {
			fmt.Fprintf(&b, "  %d:%d %s %s %s: %s\n", f.Line, f.Column, f.Severity, f.CodeDesc, f.Path, f.Message)
		}
	}
	return b.String()
}

// TestTerraformCorpus checks each testdata/terraform/*.tf against its golden file
// (go test ./policy -run TestTerraformCorpus -update rewrites them), and that every finding's
// position points at the value it names.
func TestTerraformCorpus(t *testing.T) {
	paths, _ := filepath.Glob("testdata/terraform/*.tf")
	if len(paths) < 7 {
		t.Fatalf("only %d Terraform fixtures", len(paths))
	}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got := terraformReport(t, src, filepath.Base(p))
		golden := strings.TrimSuffix(p, ".tf") + ".golden"
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s: got\n%s\nwant\n%s", p, got, want)
		}
	}
}

// TestTerraformPositions checks that findings point at the value as written in the .tf file,
// whatever the form: the text there starts with the value's first characters.
func TestTerraformPositions(t *testing.T) {
	src := []byte("resource \"tencentcloud_cam_policy\" \"a\" {\n" +
		"  document = \"{\\\"version\\\":\\\"2.0\\\",\\\"statement\\\":[{\\\"effect\\\":\\\"Allow\\\",\\\"action\\\":\\\"*\\\",\\\"resource\\\":[\\\"*\\\"]}]}\"\n}\n" +
		"resource \"tencentcloud_cam_policy\" \"b\" {\n  document = jsonencode({\n    version = \"2.0\"\n    statement = [{ effect = \"Deny\", action = \"*\", resource = [\"*\"] }]\n  })\n}\n" +
		"resource \"tencentcloud_cam_policy\" \"c\" {\n  document = <<-EOT\n      {\"version\": \"2.0\",\n       \"statement\": [{\"effect\": \"ALLOW\", \"action\": \"*\", \"resource\": [\"*\"]}]}\n  EOT\n}\n")
	docs, err := Terraform(src, "t.tf")
	if err != nil || len(docs) != 3 {
		t.Fatalf("Terraform: %v, %d documents", err, len(docs))
	}
	lines := strings.Split(string(src), "\n")
	for _, d := range docs {
		findings, err := d.Check(Options{})
		if err != nil || len(findings) != 1 {
			t.Fatalf("%s: %v %+v", d.Address, err, findings)
		}
		f := findings[0]
		line := []rune(lines[f.Line-1])
		at := string(line[f.Column-1:])
		if !strings.HasPrefix(at, `\"Allow`) && !strings.HasPrefix(at, `"Deny"`) && !strings.HasPrefix(at, `"ALLOW"`) {
			t.Errorf("%s: %d:%d is %q, not the effect", d.Address, f.Line, f.Column, at)
		}
	}
}

func TestTerraformNotHCL(t *testing.T) {
	for _, src := range []string{
		"resource \"x\" {",
		"a = <<EOF\n",
		"\x00\x01\x02",
		"resource \"tencentcloud_cam_policy\" \"x\" { document = " + strings.Repeat("[", 300) + "}",
	} {
		_, err := Terraform([]byte(src), "bad.tf")
		var np *NotPolicyError
		if !errors.As(err, &np) || np.Format != "HCL" || np.Line < 1 || np.Column < 1 || np.Reason == "" {
			t.Errorf("%q: got %v, want an HCL NotPolicyError", src, err)
		}
	}
	// Valid HCL without CAM documents has none.
	if docs, err := Terraform([]byte("variable \"x\" {}\n"), "ok.tf"); err != nil || len(docs) != 0 {
		t.Errorf("got %v %v", docs, err)
	}
}

// FuzzTerraform feeds arbitrary text to the HCL extraction and checks it never panics, that
// every document is one thing (JSON, a file, a reference or a reason), and that every finding
// of a document points inside the file.
func FuzzTerraform(f *testing.F) {
	// Small seeds, one per form: the fuzzer minimizes each new input in time quadratic in its
	// size, and with the kilobyte fixtures it would spend its run doing that.
	for _, seed := range []string{
		"resource \"tencentcloud_cam_policy\" \"x\" {\n  document = \"{\\\"a\\\":\\\"\\u00e9\\\\u0041$${x}\\\"}\"\n}\n",
		"resource \"tencentcloud_cam_policy\" \"h\" {\n  document = <<EOF\n{\"Version\": \"2.0\", \"statement\": [{\"effect\": \"Allow\"}]}\nEOF\n}\n",
		"resource \"tencentcloud_cam_role\" \"f\" {\n  document = <<-EOT\n    {\"version\": 2}\n  EOT\n}\n",
		"resource \"tencentcloud_cam_policy\" \"j\" {\n  document = jsonencode({ version = \"2.0\", statement = [{ effect = \"deny\", action = [\"a:B\"], resource = \"*\" }] })\n}\n",
		"resource \"tencentcloud_cam_policy\" \"c\" {\n  document = jsonencode({ version = \"2.0\", statement = [{ effect = \"allow\", action = [\"name/cos:GetObjekt\"], resource = [\"qcs::cos::uin/1:b/*\", \"qcs::cos::uid/1:prefix//1/b/k\"] }] })\n}\n",
		"resource \"tencentcloud_cam_role\" \"r\" {\n  document = file(\"${path.module}/t.json\")\n}\n",
		"resource \"tencentcloud_cam_role\" \"\" {\ndocument=file(\"\")\n}",
		"resource \"tencentcloud_cam_policy\" \"v\" {\n  document = jsonencode({ a = var.b })\n}\n",
		"data \"tencentcloud_cam_policy_document\" \"d\" {\n  statement {\n    actions = [\"cos:*\"]\n    principal {\n      type = \"qcs\"\n      identifiers = [\"x\"]\n    }\n    condition {\n      test = \"ip_equal\"\n      variable = \"qcs:ip\"\n      values = [\"1\"]\n    }\n  }\n}\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		docs, err := Terraform(src, "fuzz.tf")
		if err != nil {
			var np *NotPolicyError
			if !errors.As(err, &np) || !errors.Is(err, ErrNotPolicy) || np.Line < 1 || np.Column < 1 {
				t.Fatalf("bad error %v", err)
			}
			return
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		inside := func(line, col int) bool {
			if line < 1 || line > lines || col < 1 {
				return false
			}
			l := bytes.Split(src, []byte("\n"))[line-1]
			return col <= utf8.RuneCount(l)+1
		}
		for _, d := range docs {
			kinds := 0
			for _, set := range []bool{d.Body != nil, d.File != "", d.Unchecked != ""} {
				if set {
					kinds++
				}
			}
			if kinds != 1 || !strings.Contains(d.Address, ".") {
				t.Fatalf("document %+v", d)
			}
			if !inside(d.Line, d.Column) {
				t.Fatalf("%s at %d:%d, outside the file", d.Address, d.Line, d.Column)
			}
			if d.Body == nil {
				continue
			}
			findings, err := d.Check(Options{})
			if err != nil {
				var np *NotPolicyError
				if !errors.As(err, &np) || !inside(np.Line, np.Column) {
					t.Fatalf("%s: %v", d.Address, err)
				}
				continue
			}
			for _, fd := range findings {
				if fd.CodeDesc != "" && fd.Line > 0 && !inside(fd.Line, fd.Column) {
					t.Fatalf("%s: finding at %d:%d, outside the file: %+v", d.Address, fd.Line, fd.Column, fd)
				}
			}
		}
	})
}
