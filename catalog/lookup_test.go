package catalog

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func keys(es []*Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Key)
	}
	return out
}

func TestLookup(t *testing.T) {
	c := mustDefault(t)
	for _, tc := range []struct {
		query       string
		filter      Filter
		matches     []string
		modularFrom int // how many modular codes at least
	}{
		{query: "4500", matches: []string{"v2 common 4500"}},
		{query: " 4500 ", matches: []string{"v2 common 4500"}},
		{query: "4000", matches: []string{"v2 common 4000"}, modularFrom: 39},
		{query: "5100", matches: []string{"v2 common 5100"}, modularFrom: 1},
		{query: "InvalidParameter.policyName.InUse", matches: []string{"v2 modular InvalidParameter.policyName.InUse"}},
		{query: "invalidparameter.policyname.inuse", matches: []string{"v2 modular InvalidParameter.policyName.InUse"}},
		{query: "policyName.InUse", matches: []string{"v2 modular InvalidParameter.policyName.InUse"}},
		{query: "SignatureExpire", matches: []string{"v3 common AuthFailure.SignatureExpire"}, filter: Filter{Service: ServiceCommon}},
		{query: "InvalidParameter", matches: []string{"v2 modular InvalidParameter"}, filter: Filter{API: V2}},
		{query: "InvalidParameter", matches: []string{"v3 cam InvalidParameter"}, filter: Filter{Service: ServiceCAM}},
		{query: "RequestLimitExceeded", filter: Filter{Service: ServiceSTS}, matches: []string{"v3 sts RequestLimitExceeded"}},
		{query: "InvalidParameter", filter: Filter{API: V2}, matches: []string{"v2 modular InvalidParameter"}},
		// Misspellings are upstream's and must be found as spelled.
		{query: "InvalidParameter.AccountNotAvaliable", matches: []string{"v3 sts InvalidParameter.AccountNotAvaliable"}},
	} {
		res, err := c.Lookup(tc.query, tc.filter)
		if err != nil {
			t.Errorf("Lookup(%q): %v", tc.query, err)
			continue
		}
		if got := keys(res.Matches); !reflect.DeepEqual(got, tc.matches) {
			t.Errorf("Lookup(%q) = %v, want %v", tc.query, got, tc.matches)
		}
		if len(res.Modular) < tc.modularFrom || tc.modularFrom == 0 && len(res.Modular) > 0 {
			t.Errorf("Lookup(%q) lists %d modular codes, want %d or more", tc.query, len(res.Modular), tc.modularFrom)
		}
		for _, m := range res.Modular {
			if m.Kind != KindModular || m.Code != res.Matches[0].Code {
				t.Errorf("Lookup(%q) lists %s, which does not carry that code", tc.query, m.Key)
			}
		}
	}
}

// TestLookupCorrects: a code one character from exactly one known code is read as that code,
// as explain reads it.
func TestLookupCorrects(t *testing.T) {
	c := mustDefault(t)
	for q, want := range map[string]string{
		"InvalidParameter.policyName.InUs": "InvalidParameter.policyName.InUse",
		"AuthFailure.SignatureFai1ure":     "AuthFailure.SignatureFailure",
		"ResourceNotFound.InstanceNotExis": "ResourceNotFound.InstanceNotExist",
	} {
		res, err := c.Lookup(q, Filter{})
		if err != nil || res.Corrected != want || len(res.Matches) == 0 || res.Matches[0].ID != want {
			t.Errorf("Lookup(%q) = corrected %q, %d matches, %v; want read as %q", q, res.Corrected, len(res.Matches), err, want)
		}
		if r := c.Resolve(Codes{ErrorCode: q}); r.Corrected != want {
			t.Errorf("Resolve(%q) corrected %q, lookup %q: they disagree", q, r.Corrected, want)
		}
	}
}

func TestLookupNotFound(t *testing.T) {
	c := mustDefault(t)
	for _, tc := range []struct {
		query       string
		suggestions []string
		candidates  []string
	}{
		{query: "4501", suggestions: []string{"4500", "4101", "4000"}},
		{query: "MFACheckFald", suggestions: []string{"MFACheckFailed"}}, // two away: a suggestion, not a correction
		{query: "zzzzzzzz"},
		{query: ""},
		{query: "InUse", candidates: []string{"InvalidParameter.policyName.InUse", "InvalidParameter.roleName.InUse"}},
	} {
		_, err := c.Lookup(tc.query, Filter{})
		var nf *NotFoundError
		if !errors.As(err, &nf) {
			t.Errorf("Lookup(%q) error = %v, want NotFoundError", tc.query, err)
			continue
		}
		if len(nf.Suggestions) > 3 {
			t.Errorf("Lookup(%q) suggests %d codes, want at most 3", tc.query, len(nf.Suggestions))
		}
		if len(tc.suggestions) > 0 && (len(nf.Suggestions) == 0 || nf.Suggestions[0] != tc.suggestions[0]) {
			t.Errorf("Lookup(%q) suggestions = %v, want %v first", tc.query, nf.Suggestions, tc.suggestions[0])
		}
		if tc.suggestions == nil && tc.candidates == nil && len(nf.Suggestions) > 0 {
			t.Errorf("Lookup(%q) suggestions = %v, want none", tc.query, nf.Suggestions)
		}
		if tc.candidates != nil && !reflect.DeepEqual(nf.Candidates, tc.candidates) {
			t.Errorf("Lookup(%q) candidates = %v, want %v", tc.query, nf.Candidates, tc.candidates)
		}
	}
}

func TestRelatedIsTwoWay(t *testing.T) {
	c := mustDefault(t)
	for _, e := range c.All() {
		for _, r := range e.Related {
			if t2 := c.Entry(r.Key); t2 != nil && !t2.hasRelated(e.Key) {
				t.Errorf("%s -> %s has no way back", e.Key, r.Key)
			}
		}
	}
	e := c.Entry("v2 common 4100")
	if !e.hasRelated("v3 common AuthFailure.SignatureFailure") {
		t.Errorf("4100 does not point to AuthFailure.SignatureFailure: %+v", e.Related)
	}
	e = c.Entry("v2 modular InvalidParameter.policyName.InUse")
	if !e.hasRelated("v3 cam FailedOperation.PolicyNameInUse") {
		t.Errorf("policyName.InUse does not point to FailedOperation.PolicyNameInUse: %+v", e.Related)
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		max  int
		want int
	}{
		{"name", "nmae", 2, 1},
		{"kitten", "sitting", 3, 3},
		{"abc", "abc", 1, 0},
		{"abc", "abcdef", 1, 2}, // over max: max+1
		{"", "ab", 2, 2},
		{"", "", 5, 0},
		{"abc", "abd", 5, 1},
		{"abc", "acb", 5, 1}, // a swap of neighbours is one edit
		{"abc", "ab", 5, 1},
		{"a", "abcdefgh", 2, 3},
		{"describeinstance", "describeinstances", 2, 1},
		{strings.Repeat("a", 50), strings.Repeat("a", 49) + "b", 2, 1}, // longer than the stack rows
	} {
		if got := EditDistance(tc.a, tc.b, tc.max); got != tc.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.max, got, tc.want)
		}
	}
}

func (e *Entry) hasRelated(key string) bool {
	for _, r := range e.Related {
		if r.Key == key {
			return true
		}
	}
	return false
}
