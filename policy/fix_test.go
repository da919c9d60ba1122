package policy

import (
	"bytes"
	"strings"
	"testing"
)

// TestFix has a case per rewrite: the document before, after, and what Fix says it did. Every
// byte that is not rewritten stays, and a second Fix changes nothing.
func TestFix(t *testing.T) {
	tf := Options{Terraform: TerraformAlways}
	for _, tc := range []struct {
		name     string
		opts     Options
		in, want string
		changes  string // the messages, joined by "; "
	}{
		{"element name case", Options{},
			"{\n  \"Version\": \"2.0\",\n  \"statement\": [{\"Effect\": \"allow\", \"ACTION\": \"*\", \"Resource\": \"*\", \"Condition\": {}}]\n}\n",
			"{\n  \"version\": \"2.0\",\n  \"statement\": [{\"effect\": \"allow\", \"action\": \"*\", \"resource\": \"*\", \"condition\": {}}]\n}\n",
			`renamed "Version" to "version"; renamed "Effect" to "effect"; renamed "ACTION" to "action"; renamed "Resource" to "resource"; renamed "Condition" to "condition"`},
		{"effect case and spaces", Options{},
			`{"version":"2.0","statement":[{"effect":" Allow ","action":"*","resource":"*"},{"effect":"DENY","action":"*","resource":"*"}]}`,
			`{"version":"2.0","statement":[{"effect":"allow","action":"*","resource":"*"},{"effect":"deny","action":"*","resource":"*"}]}`,
			`wrote effect " Allow " as "allow"; wrote effect "DENY" as "deny"`},
		{"version number", Options{},
			`{"version": 2.0, "statement": [{"effect":"allow","action":"*","resource":"*"}]}`,
			`{"version": "2.0", "statement": [{"effect":"allow","action":"*","resource":"*"}]}`,
			`wrote version 2.0 as "2.0"`},
		{"version value", Options{},
			`{"version": "1.0", "statement": [{"effect":"allow","action":"*","resource":"*"}]}`,
			`{"version": "2.0", "statement": [{"effect":"allow","action":"*","resource":"*"}]}`,
			`wrote version "1.0" as "2.0"`},
		{"action case", Options{Actions: knownActions(t)},
			`{"version":"2.0","statement":[{"effect":"allow","action":["cvm:describeinstances","CVM:RunInstances","name/cos:getobject"],"resource":"*"}]}`,
			`{"version":"2.0","statement":[{"effect":"allow","action":["cvm:DescribeInstances","cvm:RunInstances","name/cos:GetObject"],"resource":"*"}]}`,
			`wrote action "cvm:describeinstances" as "cvm:DescribeInstances"; wrote action "CVM:RunInstances" as "cvm:RunInstances"; wrote action "name/cos:getobject" as "name/cos:GetObject"`},
		{"principal key case", Options{Type: Trust},
			`{"version":"2.0","statement":[{"effect":"allow","action":"name/sts:AssumeRole","principal":{"QCS":["qcs::cam::uin/1:root"]}}]}`,
			`{"version":"2.0","statement":[{"effect":"allow","action":"name/sts:AssumeRole","principal":{"qcs":["qcs::cam::uin/1:root"]}}]}`,
			`renamed principal key "QCS" to "qcs"`},
		{"a list where the Terraform provider needs one", tf,
			`{"version":"2.0","statement":{"effect":"allow","action":"*","resource":"*"}}`,
			`{"version":"2.0","statement":[{"effect":"allow","action":"*","resource":["*"]}]}`,
			`put statement in a list; put resource in a list`},
		{"escapes and other bytes kept", Options{},
			"\uFEFF{ \"Version\" :\t\"2.0\", \"x\": \"\\u00e9\\n\", \"statement\" : [ {\"effect\":\"Allow\",\"action\":\"*\",\"resource\":\"*\"} ] }",
			"\uFEFF{ \"version\" :\t\"2.0\", \"x\": \"\\u00e9\\n\", \"statement\" : [ {\"effect\":\"allow\",\"action\":\"*\",\"resource\":\"*\"} ] }",
			`renamed "Version" to "version"; wrote effect "Allow" as "allow"`},
	} {
		got, changes, err := Fix([]byte(tc.in), tc.opts)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
		var msgs []string
		for _, c := range changes {
			if c.Line < 1 || c.Column < 1 {
				t.Errorf("%s: change without a position: %+v", tc.name, c)
			}
			msgs = append(msgs, c.Message)
		}
		if strings.Join(msgs, "; ") != tc.changes {
			t.Errorf("%s: changes %q, want %q", tc.name, strings.Join(msgs, "; "), tc.changes)
		}
		again, changes, err := Fix(got, tc.opts)
		if err != nil || len(changes) != 0 || !bytes.Equal(again, got) {
			t.Errorf("%s: a second Fix changed %+v (err %v)", tc.name, changes, err)
		}
	}
}

// TestFixLeavesAlone lists what has no single correct form, or may not be touched.
func TestFixLeavesAlone(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		opts      Options
	}{
		{"an AWS policy, which needs translating", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, Options{}},
		{"two keys that fold to one element", `{"Version":"2.0","VERSION":"2.0","statement":[]}`, Options{}},
		{"an unknown action", `{"version":"2.0","statement":[{"effect":"allow","action":"cvm:DescribeInstance","resource":"*"}]}`, Options{Actions: knownActions(t)}},
		{"an effect that is another word", `{"version":"2.0","statement":[{"effect":"permit","action":"*","resource":"*"}]}`, Options{}},
		{"a resource string without Terraform", `{"version":"2.0","statement":[{"effect":"allow","action":"*","resource":"*"}]}`, Options{}},
		{"a version that is an object", `{"version":{},"statement":[]}`, Options{}},
		{"a huge document", `{"version":2,"statement":[],"x":"` + strings.Repeat("a", MaxInput) + `"}`, Options{}},
	} {
		got, changes, err := Fix([]byte(tc.doc), tc.opts)
		if err != nil || len(changes) != 0 || string(got) != tc.doc {
			t.Errorf("%s: changed %+v (err %v)", tc.name, changes, err)
		}
	}
	if _, _, err := Fix([]byte(`{"version": "2.0",}`), Options{}); err == nil {
		t.Error("a document that does not parse: want ErrNotPolicy")
	}
}
