package render

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/camerr/camerr/policy"
)

// SARIF 2.1.0 (OASIS), the format GitHub code scanning and other tools read. Only the parts
// camerr needs: one run, its rules (one per codeDesc) and a result per finding.

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifLevel     `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifLevel struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	RuleIndex  int             `json:"ruleIndex"`
	Level      string          `json:"level"`
	Message    sarifText       `json:"message"`
	Locations  []sarifLocation `json:"locations"`
	Properties map[string]any  `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical  `json:"physicalLocation"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI         string     `json:"uri,omitempty"`
	URIBaseID   string     `json:"uriBaseId,omitempty"`
	Description *sarifText `json:"description,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// Rule ids of findings that carry no codeDesc.
const (
	ruleNotCheckable = "camerr/not-checkable" // a document that depends on what only Terraform knows
	ruleNotPolicy    = "camerr/not-a-policy"  // a file found or referenced that cannot be read as a policy
	ruleTruncated    = "camerr/truncated"     // the notice that more findings were left out
)

func ruleID(f policy.Finding) string {
	switch {
	case f.CodeDesc != "":
		return f.CodeDesc
	case f.Severity == policy.SeverityNote:
		return ruleNotCheckable
	case f.Severity == policy.SeverityError:
		return ruleNotPolicy
	}
	return ruleTruncated
}

// CheckSARIF writes the report as a SARIF 2.1.0 log: a rule per codeDesc with its meaning and
// what to do, and a result per finding, located in its file (Terraform findings also by
// resource address). Columns count Unicode code points, as camerr's do.
func CheckSARIF(w io.Writer, r CheckReport, version string) error {
	run := sarifRun{
		Tool:       sarifTool{Driver: sarifDriver{Name: "camerr", InformationURI: "https://github.com/camerr/camerr", Version: version, Rules: []sarifRule{}}},
		ColumnKind: "unicodeCodePoints",
		Results:    []sarifResult{},
	}
	index := map[string]int{}
	for _, d := range r.Documents {
		for _, f := range d.Findings {
			id := ruleID(f)
			i, ok := index[id]
			if !ok {
				i = len(run.Tool.Driver.Rules)
				index[id] = i
				run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, r.sarifRule(id, f))
			}
			run.Results = append(run.Results, sarifFinding(d, f, id, i))
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}

// sarifRule describes a rule: for a codeDesc, the catalog's meaning and what to do; each
// result adds its own API 3.0 code, which can differ between results of one rule.
func (r CheckReport) sarifRule(id string, f policy.Finding) sarifRule {
	rule := sarifRule{ID: id, DefaultConfiguration: sarifLevel{Level: f.Severity}}
	switch id {
	case ruleNotCheckable:
		rule.ShortDescription.Text = "A CAM policy document that depends on values only Terraform knows"
		rule.FullDescription.Text = "The document uses variables, other resources or functions, so camerr cannot see the JSON Terraform will send."
		rule.Help.Text = "Check the rendered policy, e.g. from `terraform show -json`, or write the document with literal values."
	case ruleNotPolicy:
		rule.ShortDescription.Text = "A file that cannot be read as a CAM policy document"
		rule.FullDescription.Text = "The file is not JSON or not a JSON object, or Terraform names a file that cannot be read."
		rule.Help.Text = "Fix the syntax the message points at; CAM accepts only a JSON object."
	case ruleTruncated:
		rule.ShortDescription.Text = "More findings than camerr reports for one document"
		rule.FullDescription.Text = rule.ShortDescription.Text + "."
		rule.Help.Text = "Fix the findings reported and check again."
	default:
		rule.ShortDescription.Text = "CAM would answer " + id
		rule.FullDescription.Text = rule.ShortDescription.Text + "."
		rule.Help.Text = "See the message of each result."
		if e := r.Entries[id]; e != nil {
			rule.ShortDescription.Text = id + ": " + firstSentence(e.Description)
			rule.FullDescription.Text = e.Description
			rule.Help.Text = e.Description
			if e.Action != "" {
				rule.Help.Text += "\n\nWhat to do: " + e.Action
			}
		}
		rule.Properties = map[string]any{"codeDesc": id, "tags": []string{"cam", "policy", "tencentcloud"}}
	}
	return rule
}

func sarifFinding(d CheckDocument, f policy.Finding, id string, i int) sarifResult {
	msg := f.Message
	if f.Hint != "" {
		msg += ". Fix: " + f.Hint
	}
	res := sarifResult{RuleID: id, RuleIndex: i, Level: f.Severity, Message: sarifText{Text: msg}}
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: artifact(d.File)}}
	if f.Line > 0 {
		loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Line, StartColumn: f.Column}
	}
	if d.Address != "" {
		loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: d.Address, Kind: "resource"}}
	}
	res.Locations = []sarifLocation{loc}
	props := map[string]any{}
	if f.Path != "" {
		props["jsonPointer"] = f.Path
	}
	if f.ErrorCode != "" {
		props["errorCode"] = f.ErrorCode
	}
	if f.First {
		props["first"] = true
	}
	if len(props) > 0 {
		res.Properties = props
	}
	return res
}

// artifact is a file's location as a URI: relative paths against the checkout
// (%SRCROOT%, as code scanning expects), absolute ones as file: URIs.
func artifact(file string) sarifArtifact {
	if file == "-" {
		return sarifArtifact{Description: &sarifText{Text: "standard input"}}
	}
	p := filepath.ToSlash(file)
	if filepath.IsAbs(file) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // a Windows drive letter
		}
		return sarifArtifact{URI: (&url.URL{Scheme: "file", Path: p}).String()}
	}
	return sarifArtifact{URI: (&url.URL{Path: strings.TrimPrefix(p, "./")}).String(), URIBaseID: "%SRCROOT%"}
}

// firstSentence is the text up to its first ". ", without the full stop.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSuffix(s, ".")
}
