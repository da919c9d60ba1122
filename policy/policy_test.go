package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func check(t *testing.T, doc string, opts Options) []Finding {
	t.Helper()
	findings, err := Check([]byte(doc), defaults(opts))
	if err != nil {
		t.Fatalf("Check(%q): %v", doc, err)
	}
	return findings
}

// checkOne checks doc and, when want, returns its one finding; when not, the document must have
// none. ok is false when there is nothing more to look at, with what was wrong reported.
func checkOne(t *testing.T, label, doc string, opts Options, want bool) (f Finding, ok bool) {
	t.Helper()
	findings := check(t, doc, opts)
	switch {
	case !want && len(findings) != 0:
		t.Errorf("%s: want no findings, got %+v", label, findings)
	case want && len(findings) != 1:
		t.Errorf("%s: want one finding, got %+v", label, findings)
	case want:
		return findings[0], true
	}
	return Finding{}, false
}

// find returns the finding at path, failing the test when there is none.
func find(t *testing.T, findings []Finding, path string) Finding {
	t.Helper()
	for _, f := range findings {
		if f.Path == path {
			return f
		}
	}
	t.Fatalf("no finding at %q in %+v", path, findings)
	return Finding{}
}

func TestLineColumn(t *testing.T) {
	// Columns count characters, so the wide and multi-byte text before the
	// bad value must count one column per character.
	doc := "{\n\t\"version\": \"2.0\",\r\n  \"statement\": [{\"resource\": \"*\", \"action\": \"cos:*\", \"effect\": \"Allow\"}],\n" +
		"  \"描述\": \"管理员 🙂\", \"x\": 1\n}"
	findings := check(t, doc, Options{})
	for _, tc := range []struct {
		path      string
		line, col int
	}{
		{"/statement/0/effect", 3, 64},
		{"/描述", 4, 3},
		{"/x", 4, 18},
	} {
		f := find(t, findings, tc.path)
		if f.Line != tc.line || f.Column != tc.col {
			t.Errorf("%s at %d:%d, want %d:%d", tc.path, f.Line, f.Column, tc.line, tc.col)
		}
	}
}

func TestLineColumnAfterByteOrderMark(t *testing.T) {
	findings := check(t, "\uFEFF{\"version\": 2}", Options{})
	f := find(t, findings, "/version")
	if f.Line != 1 || f.Column != 13 {
		t.Errorf("at %d:%d, want 1:13 (the mark takes no column)", f.Line, f.Column)
	}
}

func TestRequestParametersHaveNoPosition(t *testing.T) {
	name := "bad name"
	findings := check(t, `{"version":"2.0","statement":{"effect":"allow","action":"*","resource":"*"}}`, Options{PolicyName: &name})
	f := find(t, findings, "/policyName")
	if f.Line != 0 || f.Column != 0 {
		t.Errorf("request parameter at %d:%d, want 0:0", f.Line, f.Column)
	}
}

func TestJSONPointer(t *testing.T) {
	if got := pointer(pointer("", "a/b"), "m~n"); got != "/a~1b/m~0n" {
		t.Errorf("pointer = %q, want %q", got, "/a~1b/m~0n")
	}
	// A single statement object is addressed without an index; a list with one.
	doc := `{"version":"2.0","statement":{"effect":"allow","action":"*","resource":"*",
		"condition":{"string_equal":{"qcs:tag/team~a":null}}}}`
	f := check(t, doc, Options{})
	find(t, f, "/statement/condition/string_equal/qcs:tag~1team~0a")
	doc = `{"version":"2.0","statement":[{"effect":"allow","action":["*", 1],"resource":"*"}]}`
	f = check(t, doc, Options{})
	find(t, f, "/statement/0/action/1")
}

func TestNotPolicy(t *testing.T) {
	for _, tc := range []struct {
		doc       string
		line, col int
		reason    string
	}{
		{"", 1, 1, "empty input"},
		{"  \n ", 2, 2, "empty input"},
		{"[]", 1, 1, "a list, not a JSON object"},
		{`"policy"`, 1, 1, "a string, not a JSON object"},
		{"{\n  \"version\": \"2.0\",\n}", 3, 1, `expected a double-quoted key`},
		{`{"a": tru}`, 1, 7, "did you mean true"},
		{`{"a": 01}`, 1, 8, "expected ',' or '}'"},
		{`{"a": "x` + "\n" + `"}`, 1, 9, "control character"},
		{`{"a": "\x"}`, 1, 9, `invalid escape`},
		{`{"a": "\u12"}`, 1, 10, `\u escape`},
		{"{\"a\": \"\xc3\x28\"}", 1, 8, "invalid UTF-8"},
		{"{\"ü\": 1} x", 1, 10, "after the end"},
		{`{"a": [1, 2}`, 1, 12, "expected ',' or ']'"},
		{`{"a": 1.}`, 1, 9, "digit after '.'"},
		{`{"a": -}`, 1, 8, "expected a digit"},
		{`{"a": 1e}`, 1, 9, "exponent"},
		{`{"a"}`, 1, 5, "expected ':'"},
		{`{"a": 1`, 1, 8, "end of input"},
		{strings.Repeat("[", maxDepth+1), 1, maxDepth + 1, "nesting deeper"},
		{`{"a":` + strings.Repeat(`{"a":`, maxDepth) + "1" + strings.Repeat("}", maxDepth+1), 1, 6 + 5*(maxDepth-1), "nesting deeper"},
	} {
		_, err := Check([]byte(tc.doc), Options{})
		var np *NotPolicyError
		if !errors.As(err, &np) || !errors.Is(err, ErrNotPolicy) {
			t.Errorf("Check(%q) = %v, want a NotPolicyError", tc.doc, err)
			continue
		}
		if np.Line != tc.line || np.Column != tc.col || !strings.Contains(np.Reason, tc.reason) {
			t.Errorf("Check(%q) = %d:%d %q, want %d:%d containing %q", tc.doc, np.Line, np.Column, np.Reason, tc.line, tc.col, tc.reason)
		}
		if want := fmt.Sprintf("not a policy document: %d:%d: ", np.Line, np.Column); !strings.HasPrefix(err.Error(), want) {
			t.Errorf("error text %q does not start with %q", err, want)
		}
	}
}

// TestStringsMatchEncodingJSON checks string decoding, escapes and surrogate
// pairs included, against the standard library.
func TestStringsMatchEncodingJSON(t *testing.T) {
	for _, s := range []string{`"plain"`, `"a\"b\\c\/d"`, `"\b\f\n\r\t"`, `"\u00e9\u4E2D"`, `"\ud83d\ude00"`,
		`"\ud83d"`, `"\ude00x"`, `"\ud83d\u0041"`, `"\ud83dx"`, `"中文 🙂"`, `""`} {
		n, err := parseJSON([]byte(s), 0)
		if err != nil {
			t.Errorf("parseJSON(%s): %s", s, err.msg)
			continue
		}
		var want string
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatal(err)
		}
		if n.str != want {
			t.Errorf("parseJSON(%s) = %q, want %q", s, n.str, want)
		}
	}
}

func TestDuplicateKeyUsesLast(t *testing.T) {
	doc := `{"version":"1.0","version":"2.0","statement":[{"effect":"allow","action":"*","resource":"*"}]}`
	findings := check(t, doc, Options{})
	if len(findings) != 1 || findings[0].Severity != SeverityWarning || findings[0].CodeDesc != cdVersion || findings[0].Column != 18 {
		t.Errorf("want one warning on the second version, got %+v", findings)
	}
}

func TestOrderWithinStatement(t *testing.T) {
	// Elements written in reverse order are still reported in check order.
	doc := `{"version":"2.0","statement":[{"foo":1,"condition":{"Bool":{"qcs:mfa":"true"}},"principal":{"qcs":["x"]},
		"resource":["arn:x"],"action":["x"],"effect":"permit"}]}`
	var got []string
	for _, f := range check(t, doc, Options{Type: Trust}) {
		got = append(got, f.CodeDesc)
	}
	want := []string{cdEffect, cdAction, cdResource, cdPrincipal, cdCondition, cdStatement}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestAccount(t *testing.T) {
	doc := `{"version":"2.0","statement":[{"effect":"allow","action":"*","resource":[
		"qcs::cvm::uin/100:instance/*","qcs::cos::uid/100:b-100/*","qcs::cvm::uin/${owner_uin}:instance/*","qcs::cvm::uin/200:instance/*"]}]}`
	findings := check(t, doc, Options{Account: "100"})
	if len(findings) != 1 || findings[0].CodeDesc != cdResourceUser || findings[0].Path != "/statement/0/resource/3" {
		t.Errorf("want one resource.user.Error on the uin/200 resource, got %+v", findings)
	}
	if f := check(t, doc, Options{}); len(f) != 0 {
		t.Errorf("without an account, want no findings, got %+v", f)
	}
}

func TestSTSErrorCodes(t *testing.T) {
	doc := `{"version":"2.0","statement":[{"effect":"permit","action":"*","resource":"qcs::cvm::uin/9:x/1","principal":"*"}]}`
	want := map[string]string{
		cdEffect:       "InvalidParameter.StrategyFormatError",
		cdResourceUser: "InvalidParameter.GrantOtherResource",
		cdStrategy:     "InvalidParameter.StrategyInvalid",
	}
	findings := check(t, doc, Options{Type: STS, Account: "1"})
	if len(findings) != len(want) {
		t.Fatalf("got %+v", findings)
	}
	for _, f := range findings {
		if want[f.CodeDesc] != f.ErrorCode {
			t.Errorf("%s: errorCode %s, want %s", f.CodeDesc, f.ErrorCode, want[f.CodeDesc])
		}
	}
}

func TestLimits(t *testing.T) {
	// 2100 characters of 3 bytes each: over the legacy byte limit, under
	// the current character limit.
	doc := `{"version":"2.0","statement":[{"effect":"allow","action":"*","resource":"qcs::cos::uid/1:b-1/` + strings.Repeat("档", 2100) + `"}]}`
	legacy := check(t, doc, Options{})
	if len(legacy) != 1 || legacy[0].CodeDesc != cdLength || !legacy[0].First {
		t.Errorf("legacy: want one length error, got %+v", legacy)
	}
	if f := check(t, doc, Options{Limits: CurrentLimits()}); len(f) != 0 {
		t.Errorf("current: want no findings, got %+v", f)
	}
	if f := check(t, doc, Options{Type: STS}); len(f) != 1 || f[0].Severity != SeverityWarning {
		t.Errorf("sts: want one length warning, got %+v", f)
	}
}

func TestNames(t *testing.T) {
	str := func(s string) *string { return &s }
	doc := `{"version":"2.0","statement":[{"effect":"allow","action":"*","resource":"*"}]}`
	for _, tc := range []struct {
		opts Options
		want string // codeDescs in order
	}{
		{Options{PolicyName: str("a+=,.@_-Z9")}, ""},
		{Options{PolicyName: str("")}, cdPolicyName},
		{Options{PolicyName: str(strings.Repeat("x", 128))}, ""},
		{Options{PolicyName: str(strings.Repeat("x", 129) + "!")}, cdPolicyName + " " + cdPolicyName},
		{Options{RoleName: str("role/admin")}, cdRoleName},
		{Options{Description: str(strings.Repeat("é", 150))}, ""},
		{Options{Description: str(strings.Repeat("é", 150) + "x")}, cdDescription},
		{Options{PolicyName: str("p q"), RoleName: str("r q"), Description: str(strings.Repeat("x", 301))}, cdPolicyName + " " + cdRoleName + " " + cdDescription},
	} {
		var got []string
		for _, f := range check(t, doc, tc.opts) {
			got = append(got, f.CodeDesc)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%+v: got %v, want %q", tc.opts, got, tc.want)
		}
	}
}

func TestConditionOperators(t *testing.T) {
	for _, tc := range []struct {
		op, hint string // hint "" means the operator is valid
	}{
		{"string_equal", ""},
		{"for_any_value:string_like_if_exist", ""},
		{"for_all_value:numeric_less_than_equal", ""},
		{"null_equal_if_exist", `"null_equal"`},
		{"StringEquals", `"string_equal"`},
		{"ForAnyValue:StringLikeIfExists", `"for_any_value:string_like_if_exist"`},
		{"NumericGreaterThanEquals", `"numeric_greater_than_equal"`},
		{"Ip_equal", `"ip_equal"`},
		{"for_all_values:string_equal", `"for_all_value:string_equal"`},
		{"date_less_than_equals", `"date_less_than_equal"`},
		{"ArnLike", "no ARN operators"},
		{"string_equals_whatever", "use a CAM operator"},
	} {
		doc := fmt.Sprintf(`{"version":"2.0","statement":[{"effect":"allow","action":"*","resource":"*","condition":{%q:{"x:y":"1"}}}]}`, tc.op)
		findings := check(t, doc, Options{})
		if tc.hint == "" {
			if len(findings) != 0 {
				t.Errorf("%s: want no findings, got %+v", tc.op, findings)
			}
			continue
		}
		if len(findings) == 0 || findings[0].ErrorCode != v3ConditionType || !strings.Contains(findings[0].Hint, tc.hint) {
			t.Errorf("%s: want a ConditionTypeError with hint containing %s, got %+v", tc.op, tc.hint, findings)
		}
	}
}

func TestParseTypeAndLimits(t *testing.T) {
	for _, s := range []string{"permission", "trust", "sts"} {
		typ, err := ParseType(s)
		if err != nil || typ.String() != s {
			t.Errorf("ParseType(%q) = %v, %v", s, typ, err)
		}
	}
	if _, err := ParseType("Trust"); err == nil {
		t.Error("ParseType(Trust) should fail")
	}
	if l, err := ParseLimits("current"); err != nil || l.DocumentMax != 6144 || l.DocumentUnit != "chars" {
		t.Errorf("ParseLimits(current) = %+v, %v", l, err)
	}
	if _, err := ParseLimits("new"); err == nil {
		t.Error("ParseLimits(new) should fail")
	}
}

func TestHugeInput(t *testing.T) {
	doc := make([]byte, MaxInput+1)
	findings, err := Check(doc, Options{})
	if err != nil || len(findings) != 1 || findings[0].CodeDesc != cdLength || !findings[0].First {
		t.Errorf("want one length error, got %+v, %v", findings, err)
	}
}

func TestFindingCap(t *testing.T) {
	// Each empty statement gives three errors; the cap keeps the output
	// bounded and says how much was left out.
	doc := `{"version":"2.0","statement":[` + strings.Repeat("{},", 999) + "{}]}"
	findings := check(t, doc, Options{})
	if len(findings) != MaxFindings+1 {
		t.Fatalf("got %d findings, want %d", len(findings), MaxFindings+1)
	}
	last := findings[len(findings)-1]
	if last.CodeDesc != "" || !strings.Contains(last.Message, "2000 more findings") {
		t.Errorf("last finding = %+v, want the truncation notice", last)
	}
}

func TestFirstErrorSurvivesCap(t *testing.T) {
	doc := `{"version":"2.0","statement":[` + strings.Repeat(`{"effect":"allow","action":"*","resource":"*","sid":1},`, MaxFindings) +
		`{"effect":"allow","action":"*"}]}`
	findings := check(t, doc, Options{})
	first, err := firstError(findings)
	if err != nil || first == nil || first.CodeDesc != cdMissingResource {
		t.Errorf("want the missing resource error kept past the cap, got %v, %v", first, err)
	}
}

func TestConditionValues(t *testing.T) {
	for _, tc := range []struct {
		op, key, value string // value is JSON
		want           string // "" (no finding), SeverityError or SeverityWarning
	}{
		{"ip_equal", "qcs:ip", `["10.121.2.10/24", "2001:db8::/32"]`, ""},
		{"ip_not_equal", "qcs:ip", `"10.0.0.1"`, SeverityWarning},
		{"ip_equal", "qcs:ip", `"10.0.0.0/33"`, SeverityError},
		{"ip_equal", "qcs:ip", `10`, SeverityError},
		{"date_equal", "qcs:current_time", `"2016-06-01T00:01:00.123Z"`, ""},
		{"date_equal", "qcs:current_time", `"2016-06-01"`, SeverityWarning},
		{"date_equal", "qcs:current_time", `1464739260`, SeverityWarning},
		{"date_equal", "qcs:current_time", `"2016-06-01T08:01:00+08:00"`, SeverityError},
		{"date_equal", "qcs:current_time", `"yesterday"`, SeverityError},
		{"numeric_equal", "cos:content-length", `["1", 2.5, "-3e2"]`, ""},
		{"numeric_equal", "cos:content-length", `"NaN"`, SeverityError},
		{"numeric_equal", "cos:content-length", `"0x10"`, SeverityError},
		{"bool_equal", "qcs:mfa", `true`, ""},
		{"bool_equal", "qcs:mfa", `"True"`, SeverityError},
		{"null_equal", "cvm:region", `"false"`, ""},
		{"string_equal", "cvm:region", `true`, SeverityWarning},
		{"string_equal", "cvm:region", `[]`, SeverityWarning},
		{"string_equal", "cvm:region", `[["a"]]`, SeverityError},
		{"string_equal", "cvm:region", `{"a": 1}`, SeverityError},
		{"string_equal", "qcs:uin", `"${uin}"`, ""},
		{"string_equal", "qcs:uin", `"${user}"`, SeverityWarning},
		{"string_equal", "qcs:ip", `"10.0.0.0/8"`, SeverityWarning},
		{"string_equal", "aws:SourceIp", `"10.0.0.0/8"`, SeverityWarning},
		{"string_equal", "region", `"gz"`, SeverityWarning},
		{"string_equal", "", `"gz"`, SeverityError},
		{"string_equal", "qcs:tag/env", `"prod"`, ""},
	} {
		doc := fmt.Sprintf(`{"version":"2.0","statement":[{"effect":"allow","action":"*","resource":"*","condition":{%q:{%q:%s}}}]}`, tc.op, tc.key, tc.value)
		findings := check(t, doc, Options{})
		got := ""
		if len(findings) > 0 {
			got = findings[0].Severity
		}
		if got != tc.want || len(findings) > 1 {
			t.Errorf("%s %s %s: got %+v, want one %q", tc.op, tc.key, tc.value, findings, tc.want)
		}
	}
}

func TestActionsAndResources(t *testing.T) {
	for _, tc := range []struct {
		element, value string // value is JSON
		want           string // "" (no finding), SeverityError or SeverityWarning
	}{
		{"action", `"Name/cos:GetObject"`, SeverityError},
		{"action", `"COS:GetObject"`, SeverityWarning},
		{"action", `"cos:Get Object"`, SeverityError},
		{"action", `" cos:GetObject"`, SeverityError},
		{"action", `"cos:"`, SeverityError},
		{"action", `"cos:a:b"`, SeverityError},
		{"action", `[]`, SeverityWarning},
		{"resource", `"qcs::cvm:ap-guangzhou:uin/1:instance/*"`, ""},
		{"resource", `"QCS::cvm:gz:uin/1:instance/*"`, SeverityError},
		{"resource", `"qcs:::::*"`, ""},
		{"resource", `"qcs::CVM:gz:uin/1:instance/*"`, SeverityWarning},
		{"resource", `"qcs::cvm:gz:*:instance/*"`, SeverityWarning},
		{"resource", `"qcs::cvm:gz:uin/abc:instance/*"`, SeverityError},
		{"resource", `"qcs::cos:gz:uid/1:bucket-1/my file.txt"`, SeverityWarning},
		{"resource", `"qcs::c vm:gz:uin/1:x"`, SeverityError},
	} {
		doc := fmt.Sprintf(`{"version":"2.0","statement":[{"effect":"allow","action":"*","resource":"*",%q:%s}]}`, tc.element, tc.value)
		// The later key wins, as in most JSON decoders; the duplicate warning comes first.
		findings := check(t, doc, Options{})
		if len(findings) == 0 || findings[0].Severity != SeverityWarning || !strings.Contains(findings[0].Message, "appears 2 times") {
			t.Fatalf("%s: want the duplicate warning first, got %+v", tc.value, findings)
		}
		findings = findings[1:]
		got := ""
		if len(findings) > 0 {
			got = findings[0].Severity
		}
		if got != tc.want || len(findings) > 1 {
			t.Errorf("%s %s: got %+v, want one %q", tc.element, tc.value, findings, tc.want)
		}
	}
}

func TestPrincipals(t *testing.T) {
	for _, tc := range []struct {
		value string // JSON
		want  string
	}{
		{`"*"`, ""},
		{`{"qcs": "qcs::cam::anyone:anyone"}`, ""},
		{`{"qcs": ["*", "qcs::cam::uin/1:uin/2", "qcs::cam::uin/1:groupid/3", "qcs::cam::uin/1:saml-provider/x"]}`, ""},
		{`{"qcs": ["qcs::cam::uin/1:uin/x"]}`, SeverityError},
		{`{"qcs": ["qcs::cam::uin/1:role/x"]}`, SeverityWarning},
		{`{"qcs": ["qcs::cam::uin/x:root"]}`, SeverityError},
		{`{"Qcs": ["qcs::cam::uin/1:root"]}`, SeverityError},
		{`{"federated": ["qcs::cam::uin/1:root"]}`, SeverityError},
		{`{"service": ["cvm.qcloud.com"]}`, ""},
		{`{}`, SeverityError},
		{`"root"`, SeverityError},
	} {
		doc := fmt.Sprintf(`{"version":"2.0","statement":[{"effect":"allow","action":"name/sts:AssumeRole","principal":%s}]}`, tc.value)
		findings := check(t, doc, Options{Type: Trust})
		got := ""
		if len(findings) > 0 {
			got = findings[0].Severity
		}
		if got != tc.want || len(findings) > 1 {
			t.Errorf("%s: got %+v, want one %q", tc.value, findings, tc.want)
		}
	}
	// The grammar also allows principal beside the statements.
	doc := `{"version":"2.0","principal":{"qcs":["qcs::cam::uin/1:root"]},"statement":[{"effect":"allow","action":"name/sts:AssumeRole"}]}`
	if f := check(t, doc, Options{Type: Trust}); len(f) != 0 {
		t.Errorf("top-level principal: got %+v", f)
	}
}

// TestLimitsFromCatalog checks the profiles carry the catalog's documented figures.
func TestLimitsFromCatalog(t *testing.T) {
	want := Limits{Name: "legacy", DocumentMax: 4096, DocumentUnit: "bytes", NameMax: 128, NameChars: "+=,.@_-", DescriptionMax: 300}
	if got := LegacyLimits(); got != want {
		t.Errorf("LegacyLimits() = %+v, want %+v", got, want)
	}
	want.Name, want.DocumentMax, want.DocumentUnit = "current", 6144, "chars"
	if got := CurrentLimits(); got != want {
		t.Errorf("CurrentLimits() = %+v, want %+v", got, want)
	}
}
