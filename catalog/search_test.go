package catalog

import (
	"fmt"
	"os"
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
		{query: "replay", within: []string{"v2 common 4500"}, n: 5},
		{query: "4500", first: "v2 common 4500"},
		{query: "InvalidParameter.policyName.InUse", first: "v2 modular InvalidParameter.policyName.InUse"},
		{query: "InvalidParameter.pol", within: []string{"v2 modular InvalidParameter.policyName.InUse", "v2 modular InvalidParameter.policyFull"}, n: 10},
		{query: "too many roles", first: "v2 modular InvalidParameter.roleFull"},
		{query: "polcy nmae", within: []string{"v2 modular InvalidParameter.policyName.InUse", "v2 modular InvalidParameter.policyName.Error"}, n: 6},
		{query: "polcy nmae", within: []string{"v2 modular MissingParameter.policyName"}, n: 10},
		{query: "signature", within: []string{"v3 common AuthFailure.SignatureExpire", "v3 common AuthFailure.SignatureFailure", "cos xml SignatureDoesNotMatch"}, n: 8},

		{query: "policy name", within: []string{"v2 modular InvalidParameter.policyName.InUse", "v3 cam FailedOperation.PolicyNameInUse"}, n: 10},
		{query: "sigexpire", within: []string{"v3 common AuthFailure.SignatureExpire", "cos ci-job SignatureExpired"}, n: 3},
		{query: "Replay Attack", first: "v2 common 4500"},
	} {
		hits := c.Search(tc.query, Filter{}, 0)
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

// TestSearchAcrossProducts pins the ranking of queries people type about product errors: the
// code that means it comes first, or within the top three where several codes fit.
func TestSearchAcrossProducts(t *testing.T) {
	c := mustDefault(t)
	for _, tc := range []struct {
		query string
		want  string // a key that must be first (n == 1) or within the top n
		n     int
	}{
		{"cvm instance type zone", "v3 cvm ResourceUnavailable.InstanceType", 1},
		{"cdn not activated", "v3 cdn ResourceNotFound.CdnUserNotExists", 3},
		{"sms template not approved", "v3 sms FailedOperation.TemplateIncorrectOrUnapproved", 3},
		{"insufficient balance", "v2 common 5300", 1},
		{"vpc subnet cidr conflict", "v3 vpc InvalidParameterValue.SubnetConflict", 1},
		{"scf function not found", "v3 scf ResourceNotFound.Function", 3},
		{"tke cluster not found", "v3 tke FailedOperation.ClusterNotFound", 3},
		{"dnspod record already exists", "v3 dnspod InvalidParameter.DomainRecordExist", 1},
		{"ssl certificate expired", "v3 ssl FailedOperation.CertificateNotAvailable", 3},
		{"cbs disk attached", "v3 cbs ResourceUnavailable.Attached", 3},
		{"mysql instance locked", "v3 cdb OperationDenied.InstanceLockerConflict", 3},
		{"redis password", "v3 redis InvalidParameterValue.PasswordError", 3},
		{"teo zone not found", "v3 teo ResourceNotFound.ZoneNotFound", 3},
		{"kms key disabled", "v3 kms ResourceUnavailable.KeyDisabled", 3},
		{"kms key disabled", "cos xml KmsKeyDisabled", 3},
		{"cls topic not exist", "v3 cls ResourceNotFound.TopicNotExist", 1},
		{"live domain not exist", "v3 live InternalError.DomainNotExist", 3},
		{"tts text too long", "v3 tts InvalidParameterValue.TextTooLong", 3},
		{"ocr image size", "v3 ocr FailedOperation.ImageSizeTooLarge", 1},
		{"apigateway service not exist", "v3 apigateway FailedOperation.ServiceNotExist", 3},
		{"mongodb instance status", "v3 mongodb InvalidParameterValue.IllegalInstanceStatus", 1},
		{"cam policy name exists", "v3 cam FailedOperation.PolicyNameInUse", 3},
		{"sts role not found", "v3 sts ResourceNotFound.RoleNotFound", 1},
		{"eip quota", "v3 vpc AddressQuotaLimitExceeded.DailyAllocate", 3},
		{"clb listener port conflict", "v3 clb InvalidParameter.PortCheckFailed", 1},
	} {
		hits := c.Search(tc.query, Filter{}, tc.n)
		if !inTop(hits, tc.want, tc.n) {
			t.Errorf("Search(%q): %s not in the top %d: %v", tc.query, tc.want, tc.n, topKeys(hits, tc.n))
		}
	}
}

func TestSearchTiersInOrder(t *testing.T) {
	hits := mustDefault(t).Search("InvalidParameter", Filter{}, 0)
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
		if hits := c.Search(q, Filter{}, 0); len(hits) != 0 {
			t.Errorf("Search(%q) = %v, want nothing", q, topKeys(hits, 3))
		}
	}
}

func TestSearchFilter(t *testing.T) {
	for _, h := range mustDefault(t).Search("signature", Filter{API: V2}, 0) {
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
		for _, h := range c.Search(tc.query, Filter{}, 0) {
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

// BenchmarkBuild packs the sources, as go generate does.
func BenchmarkBuild(b *testing.B) {
	fsys := os.DirFS("data")
	for b.Loop() {
		if _, err := Build(fsys); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkColdLookup is what "camerr lookup 4500" does to the catalog in a fresh process.
func BenchmarkColdLookup(b *testing.B) {
	for b.Loop() {
		c, err := Open(table)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Lookup("4500", Filter{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkColdSearch is what "camerr search instance type zone" does in a fresh process.
func BenchmarkColdSearch(b *testing.B) {
	for b.Loop() {
		c, err := Open(table)
		if err != nil {
			b.Fatal(err)
		}
		c.Search("instance type zone", Filter{}, 10)
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
		c.Search("polcy nmae", Filter{}, 0)
	}
}

// TestSearchRepeatedWords checks a query's words count once each and at most maxQueryWords of
// them: a pasted wall of text costs what its distinct words cost.
func TestSearchRepeatedWords(t *testing.T) {
	c := mustDefault(t)
	once := topKeys(c.Search("policy name", Filter{}, 5), 5)
	many := topKeys(c.Search(strings.Repeat("policy name ", 20000), Filter{}, 5), 5)
	if strings.Join(once, " ") != strings.Join(many, " ") {
		t.Errorf("repeated words rank differently: %v, want %v", many, once)
	}
	var q []string
	for i := 0; i < 1000; i++ {
		q = append(q, fmt.Sprintf("w%d", i))
	}
	if hits := c.Search(strings.Join(q, " "), Filter{}, 5); len(hits) > 5 {
		t.Errorf("a 1000-word query returned %d hits with limit 5", len(hits))
	}
}
