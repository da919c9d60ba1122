package catalog

import (
	"sort"
	"strings"
	"testing"
)

func TestCorrect(t *testing.T) {
	c := mustDefault(t)
	// Correct's binary searches need both lists sorted, and the backwards one to hold every code.
	var lower, backwards []string
	for j := range len(c.sec[secNames]) / 4 {
		if id := strings.ToLower(c.id(u32(c.sec[secNames], 4*j))); len(lower) == 0 || lower[len(lower)-1] != id {
			lower = append(lower, id)
		}
	}
	for j := range len(c.sec[secReversed]) / 4 {
		backwards = append(backwards, reverse(strings.ToLower(c.id(u32(c.sec[secReversed], 4*j)))))
	}
	if !sort.StringsAreSorted(lower) || !sort.StringsAreSorted(backwards) || len(backwards) != len(lower) {
		t.Fatalf("the correction tables are not sorted, or miss codes (%d codes, %d spelled backwards)", len(lower), len(backwards))
	}
	for _, tc := range []struct {
		in, want string
	}{
		{"AuthFailure.SignatureFai1ure", "AuthFailure.SignatureFailure"}, // 1 for l
		{"AuthFailure.SignatureFaiIure", "AuthFailure.SignatureFailure"}, // I for l
		{"AuthFai1ure.SignatureFailure", "AuthFailure.SignatureFailure"}, // in the first segment
		{"ResourceUnavailable.lnstanceType", "ResourceUnavailable.InstanceType"},
		{"ResourceUnavai1able.InstanceType", "ResourceUnavailable.InstanceType"},
		{"AuthFailure.SignatureFailur", "AuthFailure.SignatureFailure"},   // one dropped at the end
		{"AuthFailure.SignatureFailuree", "AuthFailure.SignatureFailure"}, // one doubled
		{"AuthFailure.SignatureFialure", "AuthFailure.SignatureFailure"},  // two swapped
		{"RequestLimitExceeded.GIobalRegionUinLimitExceeded", "RequestLimitExceeded.GlobalRegionUinLimitExceeded"},
		{"ResourceN0tFound", "ResourceNotFound"}, // 0 for O
		{"AuthFailure.SignatureFailure", ""},     // known: nothing to correct
		{"authfailure.signaturefailure", ""},     // known whatever the case
		{"InternalError.Xyzzy", ""},              // far from everything
		{"AuthFailure.Signature", ""},            // too far
		{"Foo.Bar", ""},                          // too short to guess from
		{"AuthFailure Signature", ""},            // not spelled as a code
	} {
		got, ok := c.Correct(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("Correct(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

// TestCorrectAgreesWithEditDistance checks the bounded search against the plain one: every code
// the catalog has, compared with editDistance, for mangled spellings of real codes.
func TestCorrectAgreesWithEditDistance(t *testing.T) {
	if testing.Short() {
		t.Skip("compares with every code")
	}
	c := mustDefault(t)
	var ids []string
	seen := map[string]bool{}
	for j := 0; j < len(c.sec[secNames])/4; j++ {
		id := c.id(u32(c.sec[secNames], 4*j))
		if l := strings.ToLower(id); !seen[l] {
			seen[l] = true
			ids = append(ids, id)
		}
	}
	brute := func(q string) (string, bool) {
		lq, hit := strings.ToLower(q), ""
		for _, id := range ids {
			if EditDistance(lq, strings.ToLower(id), 1) <= 1 {
				if hit != "" {
					return "", false
				}
				hit = id
			}
		}
		return hit, hit != ""
	}
	mangle := []func(string, int) string{
		func(s string, i int) string { return s[:i] + "1" + s[i+1:] },
		func(s string, i int) string { return s[:i] + s[i+1:] },
		func(s string, i int) string { return s[:i] + "x" + s[i:] },
		func(s string, i int) string { return s[:i] + "O" + s[i+1:] },
	}
	n := 0
	for k := 0; k < len(ids); k += 97 {
		id := ids[k]
		for m, f := range mangle {
			q := f(id, (k+m*7)%len(id))
			if seen[strings.ToLower(q)] || len(q) < minCorrectLen {
				continue
			}
			n++
			got, ok := c.Correct(q)
			want, wok := brute(q)
			if got != want || ok != wok {
				t.Errorf("Correct(%q) = %q, %v; editDistance says %q, %v", q, got, ok, want, wok)
			}
		}
	}
	if n < 200 {
		t.Fatalf("only %d queries compared", n)
	}
}

func BenchmarkCorrect(b *testing.B) {
	c := mustDefault(b)
	qs := []string{"AuthFailure.SignatureFai1ure", "InternalError.Xyzzy123", "InvalidParameterValue.SomethingNotThere", "ResourceUnavai1able.InstanceType"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.Correct(qs[i%len(qs)])
	}
}

// FuzzCorrect: codes come from pastes. Any word: no panic, and a correction is a known code one
// edit away.
func FuzzCorrect(f *testing.F) {
	for _, s := range []string{"AuthFailure.SignatureFai1ure", "ResourceN0tFound", "InternalError.Xyzzy", "", "a.b", "\xff\xfe"} {
		f.Add(s)
	}
	c := mustDefault(f)
	f.Fuzz(func(t *testing.T, q string) {
		got, ok := c.Correct(q)
		if !ok {
			return
		}
		if len(c.Named(got)) == 0 || EditDistance(strings.ToLower(q), strings.ToLower(got), 1) != 1 {
			t.Fatalf("Correct(%q) = %q, not a known code one edit away", q, got)
		}
	})
}
