package catalog

import (
	"strings"
	"testing"
)

func TestSearchRanking(t *testing.T) {
	c := mustDefault(t)
	for _, tc := range []struct {
		query string
		// first is the key that must rank first; within, keys that must be in the top n.
		first  string
		within []string
		n      int
	}{
		{query: "replay", first: "v2 common 4500"},
		{query: "4500", first: "v2 common 4500"},
		{query: "InvalidParameter.policyName.InUse", first: "v2 modular InvalidParameter.policyName.InUse"},
		{query: "InvalidParameter.pol", within: []string{"v2 modular InvalidParameter.policyName.InUse", "v2 modular InvalidParameter.policyFull"}, n: 10},
		{query: "too many roles", first: "v2 modular InvalidParameter.roleFull"},
		{query: "polcy nmae", within: []string{"v2 modular InvalidParameter.policyName.InUse", "v2 modular InvalidParameter.policyName.Error", "v2 modular MissingParameter.policyName"}, n: 6},
		{query: "signature", within: []string{"v2 common 4100", "v3 common AuthFailure.SignatureExpire", "v3 common AuthFailure.SignatureFailure"}, n: 10},
		{query: "policy name", within: []string{"v2 modular InvalidParameter.policyName.InUse", "v3 cam FailedOperation.PolicyNameInUse"}, n: 10},
		{query: "sigexpire", first: "v3 common AuthFailure.SignatureExpire"},
		{query: "Replay Attack", first: "v2 common 4500"},
	} {
		hits := c.Search(tc.query, Filter{})
		if len(hits) == 0 {
			t.Errorf("Search(%q) found nothing", tc.query)
			continue
		}
		if tc.first != "" && hits[0].Entry.Key != tc.first {
			t.Errorf("Search(%q) ranks %s first, want %s (top: %v)", tc.query, hits[0].Entry.Key, tc.first, topKeys(hits, 5))
		}
		for _, k := range tc.within {
			if !inTop(hits, k, tc.n) {
				t.Errorf("Search(%q): %s not in the top %d: %v", tc.query, k, tc.n, topKeys(hits, tc.n))
			}
		}
	}
}

func TestSearchTiersInOrder(t *testing.T) {
	hits := mustDefault(t).Search("InvalidParameter", Filter{})
	for i := 1; i < len(hits); i++ {
		if hits[i].Tier < hits[i-1].Tier {
			t.Fatalf("tier %d after tier %d at %d", hits[i].Tier, hits[i-1].Tier, i)
		}
	}
	if hits[0].Tier != TierExact || hits[1].Tier != TierExact {
		t.Errorf("exact matches of InvalidParameter should come first, got %v", topKeys(hits, 3))
	}
}

func TestSearchNothing(t *testing.T) {
	c := mustDefault(t)
	for _, q := range []string{"", "   ", "!!!", "qqqqxxxxzzzz"} {
		if hits := c.Search(q, Filter{}); len(hits) != 0 {
			t.Errorf("Search(%q) = %v, want nothing", q, topKeys(hits, 3))
		}
	}
}

func TestSearchFilter(t *testing.T) {
	for _, h := range mustDefault(t).Search("signature", Filter{API: V2}) {
		if h.Entry.API != V2 {
			t.Errorf("--api v2 let through %s", h.Entry.Key)
		}
	}
}

func TestSearchHighlight(t *testing.T) {
	c := mustDefault(t)
	for _, tc := range []struct{ query, key, want string }{
		{"polcy nmae", "v2 modular InvalidParameter.policyName.InUse", "policyName"},
		{"InvalidParameter.pol", "v2 modular InvalidParameter.policyFull", "InvalidParameter.pol"},
		{"sigexpire", "v3 common AuthFailure.SignatureExpire", "SigExpire"},
	} {
		var got string
		for _, h := range c.Search(tc.query, Filter{}) {
			if h.Entry.Key == tc.key {
				rs := []rune(h.Entry.ID)
				var b strings.Builder
				for _, i := range h.Highlight {
					b.WriteRune(rs[i])
				}
				got = b.String()
			}
		}
		if got != tc.want {
			t.Errorf("Search(%q) highlights %q in %s, want %q", tc.query, got, tc.key, tc.want)
		}
	}
}

func TestIDTokens(t *testing.T) {
	var got []string
	for _, tk := range idTokens("InvalidParameter.policyName.InUse") {
		got = append(got, tk.text)
	}
	if strings.Join(got, " ") != "invalid parameter policy name in use" {
		t.Errorf("tokens = %v", got)
	}
	got = nil
	for _, tk := range idTokens("MFACheckFailed") {
		got = append(got, tk.text)
	}
	if strings.Join(got, " ") != "mfa check failed" {
		t.Errorf("tokens = %v", got)
	}
}

func topKeys(hits []Hit, n int) []string {
	var out []string
	for i := 0; i < len(hits) && i < n; i++ {
		out = append(out, hits[i].Entry.Key)
	}
	return out
}

func inTop(hits []Hit, key string, n int) bool {
	for i := 0; i < len(hits) && i < n; i++ {
		if hits[i].Entry.Key == key {
			return true
		}
	}
	return false
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkColdLookup is what "camerr lookup 4500" does to the catalog in a fresh process.
func BenchmarkColdLookup(b *testing.B) {
	for b.Loop() {
		c, err := scan(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Lookup("4500", Filter{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	c := mustDefault(b)
	for b.Loop() {
		if _, err := c.Lookup("policyName.InUse", Filter{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	c := mustDefault(b)
	for b.Loop() {
		c.Search("polcy nmae", Filter{})
	}
}
