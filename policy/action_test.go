package policy

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestParseAction is the one action grammar: what it accepts, what it refuses, and which
// refusals are lenient (reported as warnings by Check, refused by IsAction).
func TestParseAction(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    string // Action.String() when accepted
		err     string // "" accepted, "lenient", or "error"
		service string
	}{
		{"*", "*", "", ""},
		{"cvm:RunInstances", "cvm:RunInstances", "", "cvm"},
		{"name/cvm:RunInstances", "name/cvm:RunInstances", "", "cvm"},
		{"cvm:Describe*", "cvm:Describe*", "", "cvm"},
		{"name/cos:*Bucket*", "name/cos:*Bucket*", "", "cos"},
		{"*:*", "*:*", "", "*"},
		{"permid/280649", "permid/280649", "", ""},
		{"tcaplus-db:Describe1", "tcaplus-db:Describe1", "", "tcaplus-db"},
		// '-' and '_' in an action name: no API action has them; lenient.
		{"cvm:Describe-Instances", "", "lenient", ""},
		{"cvm:Describe_Instances", "", "lenient", ""},
		{"cos: DeleteBucketPolicy", "", "lenient", ""},
		{"CVM:RunInstances", "", "lenient", ""},
		{"cvm:Run Instances", "", "error", ""},
		{"cvm:Run?", "", "error", ""},
		{"cvm:Run.Instances", "", "error", ""},
		{" cvm:RunInstances", "", "error", ""},
		{"Name/cvm:RunInstances", "", "error", ""},
		{"permid/", "", "error", ""},
		{"permid/12a", "", "error", ""},
		{"cvm", "", "error", ""},
		{"cvm:", "", "error", ""},
		{":RunInstances", "", "error", ""},
		{"a:b:c", "", "error", ""},
		{"1cvm:RunInstances", "", "error", ""},
		{"cv.m:RunInstances", "", "error", ""},
		{"", "", "error", ""},
	} {
		a, err := ParseAction(tc.in)
		var ae *ActionError
		got := ""
		switch {
		case err == nil:
		case errors.As(err, &ae) && ae.Lenient:
			got = "lenient"
		case errors.As(err, &ae):
			got = "error"
		default:
			t.Errorf("%q: error %v is not an *ActionError", tc.in, err)
			continue
		}
		if got != tc.err {
			t.Errorf("ParseAction(%q) = %v, want %q", tc.in, err, tc.err)
			continue
		}
		if err != nil {
			if ae.Msg == "" || ae.Hint == "" {
				t.Errorf("%q: error without message or hint: %+v", tc.in, ae)
			}
			if IsAction(tc.in) {
				t.Errorf("IsAction(%q) = true for a refused action", tc.in)
			}
			continue
		}
		if a.String() != tc.want || a.Service != tc.service {
			t.Errorf("ParseAction(%q) = %+v (%s), want %s service %q", tc.in, a, a, tc.want, tc.service)
		}
		if !IsAction(tc.in) {
			t.Errorf("IsAction(%q) = false", tc.in)
		}
	}
}

// TestEveryKnownActionParses keeps the grammar and the action index in step: every action
// camerr knows, with and without "name/", is an action.
func TestEveryKnownActionParses(t *testing.T) {
	known := knownActions(t)
	n := 0
	for _, svc := range known.Services() {
		for _, a := range known.Of(svc) {
			n++
			if !IsAction(a) || !IsAction("name/"+a) {
				_, err := ParseAction(a)
				t.Fatalf("known action %q is refused: %v", a, err)
			}
		}
	}
	if n < 10000 {
		t.Fatalf("only %d known actions", n)
	}
}

// TestKnownActions checks actions against the catalog's: the warning, the API 3.0 code, and
// the suggestions of its hint.
func TestKnownActions(t *testing.T) {
	for _, tc := range []struct {
		action string
		v3     string // "" for no finding
		hint   string
	}{
		{"cvm:DescribeInstances", "", ""},
		{"cos:GetObject", "", ""},
		{"name/cos:GetObject", "", ""},
		{"cvm:Describe*", "", ""},
		{"*:DescribeVpcs", "", ""},
		{"permid/1", "", ""},
		{"cvm:DescribeInstance", v3ActionNotExist, `did you mean "cvm:DescribeInstances"?`},
		{"cos:GetObjects", v3ActionNotExist, `did you mean "cos:GetObject"?`},
		{"cvm:DescribeVpcs", v3ActionNotExist, `did you mean "vpc:DescribeVpcs"`},
		{"cvm:Zzzzzzzzzzzz", v3ActionNotExist, "check the action name"},
		{"cvm:Nothing*", v3ActionNotExist, "check the pattern"},
		{"cvm:describe*", "InvalidParameter.ActionError", `"cvm:Describe*"`},
		{"cvm:*instances", "InvalidParameter.ActionError", `"cvm:*Instances"`},
		{"*:NoSuch*", v3ActionNotExist, "check the action name"},
		{"cvn:RunInstances", v3ActionServiceNotExist, `did you mean "cdn" or "cvm"?`},
		{"nosuchservice:Run", v3ActionServiceNotExist, "check the service name"},
		{"cvm:describeinstances", "InvalidParameter.ActionError", `write "cvm:DescribeInstances"`},
		{"CVM:DescribeInstances", "InvalidParameter.ActionError", `write "cvm:DescribeInstances"`},
		{"name/cvm:describeinstances", "InvalidParameter.ActionError", `write "name/cvm:DescribeInstances"`},
	} {
		doc := fmt.Sprintf(`{"version":"2.0","statement":[{"effect":"allow","action":[%q],"resource":"*"}]}`, tc.action)
		f, ok := checkOne(t, tc.action, doc, Options{Actions: knownActions(t)}, tc.v3 != "")
		if !ok {
			continue
		}
		if f.Severity != SeverityWarning || f.CodeDesc != cdAction || f.ErrorCode != tc.v3 || !strings.Contains(f.Hint, tc.hint) {
			t.Errorf("%s: got %s %s %s hint %q, want a warning %s with hint %q", tc.action, f.Severity, f.CodeDesc, f.ErrorCode, f.Hint, tc.v3, tc.hint)
		}
		if f.ErrorCode != "InvalidParameter.ActionError" && !strings.Contains(f.Message, sdkCaveat) && !strings.Contains(f.Message, cosCaveat) {
			t.Errorf("%s: the message must say that CAM knows more actions than camerr: %s", tc.action, f.Message)
		}
	}
	// Without the known actions, nothing is said about names.
	if f := check(t, `{"version":"2.0","statement":[{"effect":"allow","action":["cvm:DescribeInstance"],"resource":"*"}]}`, Options{}); len(f) != 0 {
		t.Errorf("no Actions: want no findings, got %+v", f)
	}
}

func TestWildcardMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"a*", "abc", true},
		{"*c", "abc", true},
		{"a*c", "abbbc", true},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXcYb", false},
		{"abc", "abd", false},
		{"**", "x", true},
		{"a*", "", false},
	} {
		if got := wildcardMatch(tc.pattern, tc.s); got != tc.want {
			t.Errorf("wildcardMatch(%q, %q) = %v", tc.pattern, tc.s, got)
		}
	}
	// Linear, not exponential, on a pathological pattern.
	long := strings.Repeat("a", 2000)
	if wildcardMatch(strings.Repeat("*a", 500)+"b", long) {
		t.Error("matched")
	}
}
