package policy

import (
	"fmt"
	"strings"
	"testing"
)

// TestCOSResources checks the COS resource grammar: each resource alone in a statement gets no
// finding, or one warning whose message and hint say what is wrong and how to write it.
func TestCOSResources(t *testing.T) {
	for _, tc := range []struct {
		resource string
		v3       string // "" when no finding is wanted
		msg      string
		hint     string
	}{
		{"qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*", "", "", ""},
		{"qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/", "", "", ""},
		{"qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/dir/sub/*", "", "", ""},
		{"qcs::cos:ap-guangzhou:uid/1250000000:*", "", "", ""},
		{"qcs::cos:::examplebucket-1250000000/*", "", "", ""},
		{"qcs::cos::uid/${app_id}:examplebucket-1250000000/${uin}/*", "", "", ""},
		{"qcs::cos::uid/1250000000:*-1250000000/*", "", "", ""},
		{"qcs::cos::uid/1250000000:2026-logs-1250000000/a:b", "", "", ""},
		{"qcs::cos::uin/1:examplebucket-1250000000/*", v3ResourceUin, "names the owner with uin/", `write "qcs::cos::uid/1250000000:examplebucket-1250000000/*"`},
		{"qcs::cos::uin/1:examplebucket/*", v3ResourceUin, "names the owner with uin/", "the APPID is the number at the end"},
		{"qcs::cos::uid/1250000000:examplebucket/*", v3ResourceContent, `"examplebucket" has no -<APPID> suffix`, `write "qcs::cos::uid/1250000000:examplebucket-1250000000/*"`},
		{"qcs::cos::uid/${app_id}:examplebucket/*", v3ResourceContent, "has no -<APPID> suffix", `end the bucket's name with "-<APPID>"`},
		{"qcs::cos::uid/1250000000:examplebucket-125/*", v3ResourceContent, "ends with the APPID 125 but the owner is uid/1250000000", `"qcs::cos::uid/125:examplebucket-125/*"`},
		{"qcs::cos::uid/1250000000:Example-1250000000/*", v3ResourceContent, "written with capitals", `write "qcs::cos::uid/1250000000:example-1250000000/*"`},
		{"qcs::cos::uid/1250000000:ex.ample-1250000000/*", v3ResourceContent, "only lower-case letters, digits and '-'", "check the bucket's name"},
		{"qcs::cos::uid/1250000000:-1250000000/*", v3ResourceContent, "is not a COS bucket name", "check the bucket's name"},
		{"qcs::cos::uid/1250000000:/key", v3ResourceContent, `the bucket ""`, "check the bucket's name"},
		{"qcs::cos::uid/1250000000:examplebucket-1250000000", v3ResourceContent, "names a bucket without a path", `"qcs::cos::uid/1250000000:examplebucket-1250000000/*" for the bucket`},
		{"qcs::cos:gz:uid/10001234:prefix//10001234/bucket1/object2", v3ResourceContent, "old COS form", `write "qcs::cos:gz:uid/10001234:bucket1-10001234/object2"`},
		{"qcs::cos:gz:uid/10001234:prefix//x", v3ResourceContent, "old COS form", "write the current form"},
		// Only the cos service follows this grammar.
		{"qcs::cvm::uin/1:instance/*", "", "", ""},
		{"qcs::cas::uid/1:cert/*", "", "", ""},
	} {
		doc := fmt.Sprintf(`{"version":"2.0","statement":[{"effect":"allow","action":"cos:GetObject","resource":[%q]}]}`, tc.resource)
		f, ok := checkOne(t, tc.resource, doc, Options{Actions: knownActions(t)}, tc.v3 != "")
		if !ok {
			continue
		}
		if f.Severity != SeverityWarning || f.CodeDesc != cdResource || f.ErrorCode != tc.v3 || f.Path != "/statement/0/resource/0" ||
			!strings.Contains(f.Message, tc.msg) || !strings.Contains(f.Hint, tc.hint) {
			t.Errorf("%s: got %s %s %s at %s\n  message %q\n  hint %q\nwant a warning %s with %q and hint %q", tc.resource, f.Severity, f.CodeDesc, f.ErrorCode, f.Path, f.Message, f.Hint, tc.v3, tc.msg, tc.hint)
		}
	}
}

// TestCOSResourceHintBounded: a hint that rewrites a resource quotes it shortened, as messages do.
func TestCOSResourceHintBounded(t *testing.T) {
	res := "qcs::cos::uid/1:b/" + strings.Repeat("k", 100000)
	findings := check(t, fmt.Sprintf(`{"version":"2.0","statement":[{"effect":"allow","action":"*","resource":[%q]}]}`, res), Options{Limits: Limits{}})
	if len(findings) == 0 {
		t.Fatal("want a finding about the bucket")
	}
	for _, f := range findings {
		if len(f.Message) > 400 || len(f.Hint) > 400 {
			t.Errorf("finding of %d+%d bytes: %+v", len(f.Message), len(f.Hint), f)
		}
	}
}
