package render

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/camerr/camerr/catalog"
	"github.com/camerr/camerr/policy"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifReport has every kind of finding a SARIF log carries: a JSON file's errors and warnings
// (one marked first), a request parameter (no region), a Terraform document with an address, a
// document that could not be checked, a file that is not a policy, standard input, a path that
// needs escaping in a URI, and the truncation notice.
func sarifReport(t *testing.T) CheckReport {
	r := checkReport(t)
	r.Single = false
	r.Files = 5
	r.Documents = append(r.Documents,
		CheckDocument{File: "infra/main.tf", Address: "tencentcloud_cam_policy.ops", Findings: []policy.Finding{
			{Severity: policy.SeverityWarning, CodeDesc: "InvalidParameter.action.Error", ErrorCode: "InvalidParameter.ActionNotExist", Path: "/statement/0/action/0", Line: 9, Column: 36,
				Message: `action "cvm:DescribeInstance" is not one of the 106 actions camerr knows for cvm`, Hint: `did you mean "cvm:DescribeInstances"?`},
		}},
		CheckDocument{File: "infra/main.tf", Address: "tencentcloud_cam_policy.dyn", Findings: []policy.Finding{
			{Severity: policy.SeverityNote, Line: 36, Column: 97, Message: "not checked: the document depends on var.bucket, which only Terraform knows", Hint: "check the rendered policy"},
		}},
		CheckDocument{File: "policies/broken policy.json", Findings: []policy.Finding{
			{Severity: policy.SeverityError, Line: 1, Column: 86, Message: "not a policy document: unexpected character ']'", Hint: "fix the syntax"},
		}},
		CheckDocument{File: "-", Findings: []policy.Finding{
			{Severity: policy.SeverityWarning, Message: "3 more findings not shown (at most 1000 are reported)", Hint: "fix the findings above and check again"},
		}},
	)
	c, _ := catalog.Default()
	r.Entries["InvalidParameter.action.Error"] = c.Entry(catalog.KeyModular("InvalidParameter.action.Error"))
	return r
}

// TestSARIFSchema validates check's SARIF against the OASIS SARIF 2.1.0 schema, formats
// asserted, and pins the output in a golden file.
func TestSARIFSchema(t *testing.T) {
	var b bytes.Buffer
	if err := CheckSARIF(&b, sarifReport(t), "v1.2.3"); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, b.Bytes())
	golden(t, "check-sarif", b.String())

	// An empty run is a valid log too.
	b.Reset()
	if err := CheckSARIF(&b, CheckReport{}, ""); err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, b.Bytes())
}

func validateSARIF(t *testing.T, out []byte) {
	t.Helper()
	f, err := os.Open("testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schema, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	const url = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	comp := jsonschema.NewCompiler()
	comp.AssertFormat()
	if err := comp.AddResource(url, schema); err != nil {
		t.Fatal(err)
	}
	sch, err := comp.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate: %v\n%s", err, out)
	}
	// What code scanning needs beyond the schema: a rule for every result, referenced by index.
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID    string
				RuleIndex int
			}
		}
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	for _, run := range log.Runs {
		for _, res := range run.Results {
			if rules := run.Tool.Driver.Rules; res.RuleIndex >= len(rules) || rules[res.RuleIndex].ID != res.RuleID {
				t.Errorf("result for %s points at rule %d", res.RuleID, res.RuleIndex)
			}
		}
	}
}

// TestSARIFSchemaCatches makes sure the validation is not vacuous: a log without a tool fails.
func TestSARIFSchemaCatches(t *testing.T) {
	inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(`{"version": "2.1.0", "runs": [{"results": []}]}`)))
	f, _ := os.Open("testdata/sarif-schema-2.1.0.json")
	defer f.Close()
	schema, _ := jsonschema.UnmarshalJSON(f)
	comp := jsonschema.NewCompiler()
	_ = comp.AddResource("sarif.json", schema)
	sch, err := comp.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	if sch.Validate(inst) == nil {
		t.Fatal("a run without a tool validated")
	}
}
