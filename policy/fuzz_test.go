package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCheck feeds arbitrary bytes to Check under every policy type and both
// limit profiles, with and without the catalog's known actions (the corpus
// seeds it with every kind of document, COS resources and actions among
// them). It checks that Check never panics, that its findings are
// well formed, and that it agrees with encoding/json on what is valid JSON.
func FuzzCheck(f *testing.F) {
	for _, cf := range loadCorpus(f) {
		// Seeds are compacted and the long length-limit documents left out:
		// the fuzzer minimizes each new input in time quadratic in its size,
		// and with kilobyte seeds it spends its whole run doing that.
		doc := cf.doc
		var buf bytes.Buffer
		if json.Compact(&buf, doc) == nil {
			doc = buf.Bytes()
		}
		if len(doc) > 1024 {
			continue
		}
		// The high bit of typ turns on the known actions, as camerr checks.
		f.Add(doc, uint8(cf.opts.Type)|0x80, cf.opts.Limits.Name == "current", cf.opts.Account)
	}
	actions := knownActions(f)
	f.Fuzz(func(t *testing.T, doc []byte, typ uint8, current bool, account string) {
		opts := Options{Type: Type(typ & 0x7f % 3), Account: account}
		if typ&0x80 != 0 {
			opts.Actions = actions
		}
		if current {
			opts.Limits = CurrentLimits()
		}
		name := string(doc[:min(len(doc), 200)])
		opts.PolicyName, opts.Description = &name, &name

		findings, err := Check(doc, opts)

		body := bytes.TrimPrefix(doc, bom)
		if err != nil {
			var np *NotPolicyError
			if !errors.As(err, &np) || !errors.Is(err, ErrNotPolicy) {
				t.Fatalf("error %v is not a NotPolicyError", err)
			}
			if findings != nil {
				t.Fatalf("findings returned with an error: %+v", findings)
			}
			if np.Line < 1 || np.Column < 1 || np.Reason == "" {
				t.Fatalf("bad error position or reason: %+v", np)
			}
			// Anything encoding/json accepts as an object must be accepted,
			// unless it breaks a limit encoding/json does not have.
			if utf8.Valid(body) && json.Valid(body) && isObject(body) && !strings.Contains(np.Reason, "nesting") {
				t.Fatalf("valid JSON object rejected: %v", err)
			}
			return
		}
		if len(doc) <= MaxInput && !json.Valid(body) {
			t.Fatalf("invalid JSON accepted: %q", doc)
		}
		if len(doc) <= MaxInput && !utf8.Valid(body) {
			t.Fatalf("invalid UTF-8 accepted: %q", doc)
		}
		if _, err := firstError(findings); err != nil {
			t.Fatal(err)
		}
		// Fix leaves a JSON object, and a second Fix has nothing left to do.
		fixed, changes, err := Fix(doc, opts)
		if err != nil {
			t.Fatalf("Fix: %v", err)
		}
		if len(changes) > 0 {
			if !json.Valid(bytes.TrimPrefix(fixed, bom)) {
				t.Fatalf("Fix made invalid JSON: %q", fixed)
			}
			if _, again, _ := Fix(fixed, opts); len(again) != 0 {
				t.Fatalf("a second Fix changed %+v in %q", again, fixed)
			}
		}
		if len(findings) > MaxFindings+2 {
			t.Fatalf("%d findings, over the cap", len(findings))
		}
		for i, fd := range findings {
			if fd.Severity != SeverityError && fd.Severity != SeverityWarning {
				t.Fatalf("finding %d: severity %q", i, fd.Severity)
			}
			if fd.Message == "" || fd.Hint == "" {
				t.Fatalf("finding %d without message or hint: %+v", i, fd)
			}
			if fd.CodeDesc == "" && i != len(findings)-1 {
				t.Fatalf("finding %d has no codeDesc: %+v", i, fd)
			}
			if fd.CodeDesc != "" && fd.ErrorCode == "" {
				t.Fatalf("finding %d has no errorCode: %+v", i, fd)
			}
			param := strings.HasPrefix(fd.Path, "/policyName") || strings.HasPrefix(fd.Path, "/roleName") || strings.HasPrefix(fd.Path, "/description")
			if fd.CodeDesc != "" && !param && (fd.Line < 1 || fd.Column < 1) {
				t.Fatalf("finding %d has no position: %+v", i, fd)
			}
			if fd.Path != "" && fd.Path[0] != '/' {
				t.Fatalf("finding %d: path %q is not a JSON pointer", i, fd.Path)
			}
		}
	})
}

// isObject reports whether valid JSON text is an object.
func isObject(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}
