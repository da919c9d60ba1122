// Package policy checks a Tencent Cloud CAM policy document offline and
// predicts which error the CAM API would answer with, so a mistake shows up
// before the call instead of as an InvalidParameter.* reply.
//
// Check parses the document with its own position-keeping JSON parser, applies
// the grammar and limits published in the CAM documentation, and returns every
// finding in the order the API is assumed to check them. Each finding names
// the legacy (API 2.0) codeDesc and its inferred API 3.0 counterpart. Rules
// that the public documents leave open are reported as warnings and say so.
// The package does no I/O.
package policy

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Type is the kind of policy document being checked; it decides which
// elements are required and which are forbidden.
type Type int

const (
	// Permission is a custom policy (CreatePolicy, CreatePolicyVersion).
	Permission Type = iota
	// Trust is a role trust policy (CreateRole, UpdateAssumeRolePolicy):
	// principal required, no resource.
	Trust
	// STS is the Policy parameter of AssumeRole or GetFederationToken:
	// principal forbidden.
	STS
)

func (t Type) String() string {
	switch t {
	case Trust:
		return "trust"
	case STS:
		return "sts"
	default:
		return "permission"
	}
}

// ParseType parses "permission", "trust" or "sts".
func ParseType(s string) (Type, error) {
	switch s {
	case "permission":
		return Permission, nil
	case "trust":
		return Trust, nil
	case "sts":
		return STS, nil
	}
	return Permission, fmt.Errorf("unknown policy type %q: want permission, trust or sts", s)
}

// Limits are the size and name limits a document is checked against. The
// legacy error table and the current CAM pages give different figures, so
// the caller picks a profile; camerr builds both from its catalog, where the
// documented figures live once, with their sources.
type Limits struct {
	Name           string // "legacy" or "current"
	DocumentMax    int    // maximum document size, in DocumentUnit; 0: not checked
	DocumentUnit   string // "bytes": UTF-8 bytes; "chars": characters; whitespace outside JSON strings never counts
	NameMax        int    // policy and role names; 0: not checked
	NameChars      string // characters allowed in names besides ASCII letters and digits
	DescriptionMax int    // description, in UTF-8 bytes; 0: not checked
}

// TerraformCheck says whether the document goes through the tencentcloud
// Terraform provider's own check of a document before the API sees it.
type TerraformCheck int

const (
	// NoTerraform: the document is sent to the API as it is.
	NoTerraform TerraformCheck = iota
	// TerraformAlways: tencentcloud_cam_policy checks every document
	// (PolicyDocumentForceCheck) on create and update.
	TerraformAlways
	// TerraformOnUpdate: tencentcloud_cam_role checks the document only
	// when it is updated, so its findings are warnings.
	TerraformOnUpdate
)

// Options say what the document is for and which request parameters travel
// with it.
type Options struct {
	Type   Type
	Limits Limits // the zero value checks no lengths
	// Actions are the known API actions; nil skips the checks of action
	// and service names against them.
	Actions Actions
	// Terraform applies the tencentcloud provider's own document check.
	Terraform TerraformCheck
	// Request parameters checked alongside the document; nil means not given.
	PolicyName, RoleName, Description *string
	// Account is the caller's root account UIN (digits); empty means unknown,
	// and then resource ownership is not checked.
	Account string
}

// Severity values of a Finding. Check reports errors and warnings; a note
// is for callers that report a document they could not check.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityNote    = "note"
)

// Finding is one problem in the document or its request parameters.
type Finding struct {
	Severity  string `json:"severity"`  // SeverityError or SeverityWarning
	CodeDesc  string `json:"codeDesc"`  // legacy codeDesc the API would return; empty only on the truncation notice
	ErrorCode string `json:"errorCode"` // API 3.0 counterpart (inferred: no public mapping exists)
	Path      string `json:"path"`      // JSON pointer ("" = the whole document, "/policyName" = a request parameter)
	Line      int    `json:"line"`      // 1-based; 0 for request parameters
	Column    int    `json:"column"`    // 1-based, in characters; 0 for request parameters
	Message   string `json:"message"`   // what is wrong
	Hint      string `json:"hint"`      // how to fix it
	First     bool   `json:"first"`     // the first error: the answer the API would give
}

// ErrNotPolicy is wrapped by the error Check returns when the input is not
// JSON or not a JSON object.
var ErrNotPolicy = errors.New("not a policy document")

// NotPolicyError says why and where the input is not a policy document.
// It unwraps to ErrNotPolicy.
type NotPolicyError struct {
	Line, Column int
	Reason       string
	Format       string // "" for JSON; "HCL" for a Terraform file that does not parse
}

func (e *NotPolicyError) Error() string {
	if e.Format == "HCL" {
		return fmt.Sprintf("not valid Terraform (HCL): %d:%d: %s", e.Line, e.Column, e.Reason)
	}
	return fmt.Sprintf("%v: %d:%d: %s", ErrNotPolicy, e.Line, e.Column, e.Reason)
}

func (e *NotPolicyError) Unwrap() error { return ErrNotPolicy }

const (
	// MaxInput is the largest document Check parses: 170 times the largest
	// CAM limit. Bigger input only gets the length error, so memory stays
	// bounded whatever is piped in.
	MaxInput = 1 << 20
	// MaxFindings caps the findings returned; a notice with an empty
	// CodeDesc says how many more there were.
	MaxFindings = 1000
)

// Check checks one policy document. It returns the findings (nil when there
// are none), or an error wrapping ErrNotPolicy when doc is not a JSON object.
// Check never panics.
func Check(doc []byte, opts Options) ([]Finding, error) {
	c, err := runAt(doc, opts, nil)
	if err != nil {
		return nil, err
	}
	return c.finish(nil), nil
}

// runAt parses and checks doc, keeping the findings pending. locate, when
// not nil, places offsets of doc in another file (a .tf file).
func runAt(doc []byte, opts Options, locate func(off int) (line, col int)) (*checker, error) {
	c := &checker{opts: opts, doc: doc, locate: locate}
	if bytes.HasPrefix(doc, bom) {
		c.start = len(bom)
	}
	if len(doc) > MaxInput {
		limit := "any CAM limit"
		if opts.Limits.DocumentMax > 0 {
			limit = fmt.Sprintf("the %d-%s limit", opts.Limits.DocumentMax, unitWord(opts.Limits.DocumentUnit))
		}
		c.report(SeverityError, cdLength, "", 0, "",
			fmt.Sprintf("the document is %d bytes, far over %s; it was not checked further", len(doc), limit),
			"split the permissions into several smaller policies")
		c.huge = true
		return c, nil
	}
	root, err := parseJSON(doc, c.start)
	if err != nil {
		return nil, c.notPolicy(err.off, err.msg)
	}
	if root.kind != kindObject {
		return nil, c.notPolicy(root.off, fmt.Sprintf("the document is %s, not a JSON object", root.kind))
	}
	if c.start > 0 {
		c.report(SeverityWarning, cdDocType, "", 0, "",
			"the document starts with a UTF-8 byte order mark; the documents do not say whether CAM accepts one",
			"save the file as UTF-8 without a byte order mark")
	}
	c.run(root)
	return c, nil
}

// bom is the UTF-8 byte order mark, which some Windows editors write.
var bom = []byte("\uFEFF")

func (c *checker) notPolicy(off int, reason string) error {
	if c.locate != nil {
		line, col := c.locate(off)
		return &NotPolicyError{Line: line, Column: col, Reason: reason}
	}
	line, col := newCursor(c.doc, c.start).advance(off)
	return &NotPolicyError{Line: line, Column: col, Reason: reason}
}

type checker struct {
	opts        Options
	doc         []byte
	start       int  // length of a leading byte order mark, which takes no column
	huge        bool // over MaxInput: not parsed
	aws         bool // an AWS IAM policy: it needs translating, not fixing
	found       []pending
	hasError    bool
	dropped     int
	actionCache map[string][]string
	locate      func(off int) (line, col int)
}

// pending is a finding whose line and column are not computed yet.
type pending struct {
	Finding
	off      int    // byte offset in doc, -1 for request parameters
	edits    []edit // the one correct rewrite, for Fix; none when there is none
	provider bool   // found by the Terraform provider's check, which runs before the API's
}

// edit replaces doc[start:end] with text.
type edit struct {
	start, end int
	text       string
	what       string // what it does, for the user: `renamed "Version" to "version"`; "" for the second half of a pair
}

// report records one finding. v3 == "" picks the default API 3.0 code for
// codeDesc.
func (c *checker) report(sev, codeDesc, v3 string, off int, path, msg, hint string) {
	c.add(pending{Finding: Finding{Severity: sev, CodeDesc: codeDesc, ErrorCode: v3, Path: path, Message: msg, Hint: hint}, off: off})
}

// reportFix records a finding that has exactly one correct form, which e writes.
func (c *checker) reportFix(sev, codeDesc, v3 string, off int, path, msg, hint string, e *edit) {
	p := pending{Finding: Finding{Severity: sev, CodeDesc: codeDesc, ErrorCode: v3, Path: path, Message: msg, Hint: hint}, off: off}
	if e != nil {
		p.edits = []edit{*e}
	}
	c.add(p)
}

func (c *checker) add(p pending) {
	// Past the cap, keep only a first error, which is what the API answers.
	if len(c.found) >= MaxFindings && (p.Severity != SeverityError || c.hasError) {
		c.dropped++
		return
	}
	if p.ErrorCode == "" {
		p.ErrorCode = defaultV3()[p.CodeDesc]
	}
	if p.Severity == SeverityError && !p.provider {
		c.hasError = true
	}
	c.found = append(c.found, p)
}

// finish fills in positions, STS codes and the First mark. locate maps a
// byte offset of doc to a line and column; nil counts them in doc itself.
func (c *checker) finish(locate func(off int) (line, col int)) []Finding {
	if len(c.found) == 0 {
		return nil
	}
	if locate == nil {
		// One sweep over the document for all positions: a per-finding scan
		// would be quadratic on a huge one-line document.
		order := make([]int, 0, len(c.found))
		for i, p := range c.found {
			if p.off >= 0 {
				order = append(order, i)
			}
		}
		slices.SortStableFunc(order, func(a, b int) int { return c.found[a].off - c.found[b].off })
		cur := newCursor(c.doc, c.start)
		for _, i := range order {
			c.found[i].Line, c.found[i].Column = cur.advance(c.found[i].off)
		}
	} else {
		for i, p := range c.found {
			if p.off >= 0 {
				c.found[i].Line, c.found[i].Column = locate(p.off)
			}
		}
	}
	out := make([]Finding, len(c.found), len(c.found)+1)
	first := false
	for i, p := range c.found {
		f := p.Finding
		if c.opts.Type == STS {
			f.ErrorCode = stsV3(f.CodeDesc, f.ErrorCode)
		}
		if !first && f.Severity == SeverityError && !p.provider {
			f.First, first = true, true
		}
		out[i] = f
	}
	if c.dropped > 0 {
		out = append(out, Finding{Severity: SeverityWarning,
			Message: fmt.Sprintf("%d more findings not shown (at most %d are reported)", c.dropped, MaxFindings),
			Hint:    "fix the findings above and check again"})
	}
	return out
}

// cursor turns increasing byte offsets into 1-based lines and character
// columns in one pass over the document.
type cursor struct {
	doc           []byte
	at, line, col int
}

// newCursor starts after skip bytes (a byte order mark), which take no column.
func newCursor(doc []byte, skip int) *cursor {
	return &cursor{doc: doc, at: skip, line: 1, col: 1}
}

// advance moves to off, which must not be below the previous offset.
func (c *cursor) advance(off int) (line, col int) {
	for c.at < off && c.at < len(c.doc) {
		r, size := utf8.DecodeRune(c.doc[c.at:])
		if r == '\n' {
			c.line, c.col = c.line+1, 1
		} else {
			c.col++
		}
		c.at += size
	}
	return c.line, c.col
}

// pointer appends one reference token to a JSON pointer (RFC 6901).
func pointer(path, token string) string {
	token = strings.ReplaceAll(token, "~", "~0")
	return path + "/" + strings.ReplaceAll(token, "/", "~1")
}

func index(path string, i int) string { return fmt.Sprintf("%s/%d", path, i) }

// quote quotes text from the document for a message, shortened so that a
// huge value cannot flood the output.
func quote(s string) string {
	const max = 80
	if utf8.RuneCountInString(s) <= max {
		return fmt.Sprintf("%q", s)
	}
	r := []rune(s)
	return fmt.Sprintf("%q...", string(r[:max]))
}

func unitWord(unit string) string {
	if unit == "chars" {
		return "character"
	}
	return "byte"
}
