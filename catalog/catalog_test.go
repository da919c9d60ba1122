package catalog

import (
	"bufio"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

func mustDefault(t testing.TB) *Catalog {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatalf("embedded catalog does not parse: %v", err)
	}
	return c
}

// TestSchema walks every entry of the embedded catalog and checks what catalog.txt promises.
func TestSchema(t *testing.T) {
	c, err := Parse(data) // strict: every stanza decoded, errors with their line
	if err != nil {
		t.Fatal(err)
	}
	if c.Date == "" {
		t.Error("[about] has no date")
	}
	prev := ""
	for _, e := range c.All() {
		where := "catalog.txt [" + e.Key + "]"
		// Sorted and unique in one comparison.
		if e.Key <= prev {
			t.Errorf("%s: key not after %q (keys must be strictly sorted)", where, prev)
		}
		prev = e.Key
		switch {
		case e.API == V2 && e.Kind == KindCommon:
			if e.Title == "" {
				t.Errorf("%s: a common code needs a title", where)
			}
			if e.Service != "" {
				t.Errorf("%s: API 2.0 entries have no service", where)
			}
		case e.API == V2 && e.Kind == KindModular:
			if e.Code != 0 && c.Entry("v2 common "+itoa(e.Code)) == nil {
				t.Errorf("%s: code %d is not a common code in the catalog", where, e.Code)
			}
		case e.API == V3:
			if !oneOf(e.Service, ServiceCommon, ServiceCAM, ServiceSTS, ServiceSDK) {
				t.Errorf("%s: unknown service %q", where, e.Service)
			}
			if e.Action == "" {
				t.Errorf("%s: API 3.0 entries need an action", where)
			}
			if e.Title != "" || e.Code != 0 {
				t.Errorf("%s: title and code are for API 2.0 entries", where)
			}
		default:
			t.Errorf("%s: unknown namespace", where)
		}
		if e.Description == "" || e.Source == "" {
			t.Errorf("%s: description and source are required", where)
		}
		// An empty action is only allowed where the seed itself gives none ("-").
		if e.Action == "" && !strings.HasPrefix(e.Source, "seed:") {
			t.Errorf("%s: action is required", where)
		}
		if e.Actor != "" && !oneOf(e.Actor, ActorCaller, ActorAdmin, ActorTencent) {
			t.Errorf("%s: unknown actor %q", where, e.Actor)
		}
		for _, a := range e.ReturnedBy {
			if a == "" || strings.TrimSpace(a) != a {
				t.Errorf("%s: returnedBy has an empty or padded action %q", where, a)
			}
		}
		for _, r := range e.Related {
			target := c.Entry(r.Key)
			if target == nil {
				t.Errorf("%s: related %q is not in the catalog", where, r.Key)
				continue
			}
			if r.Key == e.Key {
				t.Errorf("%s: relates to itself", where)
			}
			if (target.API != e.API) != r.Inferred {
				t.Errorf("%s: link to %q must be marked inferred exactly when it crosses API versions", where, r.Key)
			}
		}
		for _, s := range append([]string{e.ID, e.Title, e.Description, e.Action, e.Note, e.Source, e.Actor}, e.Checks...) {
			checkText(t, where, s)
		}
	}
	for _, l := range c.Limits {
		where := "limit " + l.Scope + " " + l.Name
		if !oneOf(l.Scope, "legacy", "current") || !oneOf(l.Unit, "count", "bytes", "characters") {
			t.Errorf("%s: bad scope %q or unit %q", where, l.Scope, l.Unit)
		}
		if l.Value <= 0 || l.Description == "" || l.Source == "" {
			t.Errorf("%s: value, description and source are required", where)
		}
		if c.Entry("v2 modular "+l.CodeDesc) == nil {
			t.Errorf("%s: codeDesc %q is not in the catalog", where, l.CodeDesc)
		}
		for _, s := range []string{l.Charset, l.Description, l.Source} {
			checkText(t, where, s)
		}
	}
}

func checkText(t *testing.T, where, s string) {
	t.Helper()
	if strings.TrimSpace(s) != s {
		t.Errorf("%s: %q has leading or trailing space", where, s)
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '\uFFFD' || unicode.Is(unicode.Bidi_Control, r) {
			t.Errorf("%s: control character %U in %q", where, r, s)
		}
	}
}

// TestLazyMatchesStrict checks the lazily decoded catalog the commands use gives the same entries
// as a strict parse of the whole file.
func TestLazyMatchesStrict(t *testing.T) {
	strict, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	lazy := mustDefault(t)
	if lazy.Len() != strict.Len() || lazy.Len() < 270 {
		t.Fatalf("lazy catalog has %d entries, strict %d", lazy.Len(), strict.Len())
	}
	for _, want := range strict.All() {
		if got := lazy.Entry(want.Key); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: lazy %+v, strict %+v", want.Key, got, want)
		}
	}
	if !reflect.DeepEqual(lazy.Limits, strict.Limits) || lazy.Date != strict.Date {
		t.Error("limits or date differ between lazy and strict parsing")
	}
}

// TestLimits checks the limits the seed states are there, as data, for the policy checker.
func TestLimits(t *testing.T) {
	c := mustDefault(t)
	for _, tc := range []struct {
		scope, name string
		value       int
		unit        string
	}{
		{"legacy", "attachedPolicies", 200, "count"},
		{"legacy", "accountPolicies", 1000, "count"},
		{"legacy", "accountRoles", 250, "count"},
		{"legacy", "policyDocument", 4096, "bytes"},
		{"legacy", "description", 300, "bytes"},
		{"legacy", "policyName", 128, "bytes"},
		{"legacy", "roleName", 128, "bytes"},
		{"current", "policyDocument", 6144, "characters"},
		{"current", "accountPolicies", 1500, "count"},
	} {
		l, ok := c.Limit(tc.scope, tc.name)
		if !ok || l.Value != tc.value || l.Unit != tc.unit {
			t.Errorf("limit %s %s = %+v, want %d %s", tc.scope, tc.name, l, tc.value, tc.unit)
		}
	}
	l, _ := c.Limit("legacy", "policyName")
	if l.Charset != "A-Za-z0-9+=,.@_-" || l.Min != 1 {
		t.Errorf("policyName charset/min = %q/%d", l.Charset, l.Min)
	}
}

// TestReferenceCoverage checks every code of the reference lists is in the catalog exactly once
// in its namespace, with the reference's provenance and returnedBy actions.
func TestReferenceCoverage(t *testing.T) {
	c := mustDefault(t)
	for _, tc := range []struct {
		file, prefix string
		codeCol      int
		want         int
	}{
		{"legacy_v2_numeric.tsv", "v2 common ", 0, 23},
		{"cam_v2_legacy.tsv", "v2 modular ", 1, 47},
		{"common_v3.tsv", "v3 common ", 0, 38},
		{"cam_v3.tsv", "v3 cam ", 0, 125},
		{"sts_v3.tsv", "v3 sts ", 0, 30},
		{"sdk_client_codes.tsv", "v3 sdk ", 0, 16},
	} {
		rows := readTSV(t, tc.file)
		if len(rows) != tc.want {
			t.Errorf("%s: %d rows, want %d", tc.file, len(rows), tc.want)
		}
		seen := map[string]bool{}
		for _, row := range rows {
			key := tc.prefix + row[tc.codeCol]
			if seen[key] {
				t.Errorf("%s: %s listed twice", tc.file, key)
			}
			seen[key] = true
			e := c.Entry(key)
			if e == nil {
				t.Errorf("%s: %s missing from the catalog", tc.file, key)
				continue
			}
			if !strings.HasPrefix(e.Source, "seed:") && e.Source != row[len(row)-1] {
				t.Errorf("%s: source %q, want the reference's %q", key, e.Source, row[len(row)-1])
			}
		}
		n := 0
		for _, e := range c.All() {
			if strings.HasPrefix(e.Key, tc.prefix) {
				n++
				if !seen[e.Key] {
					t.Errorf("%s is in the catalog but not in %s", e.Key, tc.file)
				}
			}
		}
		if n != tc.want {
			t.Errorf("catalog has %d %q entries, want %d", n, tc.prefix, tc.want)
		}
	}
	want := map[string]string{}
	for _, row := range readTSV(t, "v3_code_actions.tsv") {
		want["v3 "+row[0]+" "+row[1]] = row[2]
	}
	for _, e := range c.List(Filter{API: V3}) {
		if got := strings.Join(e.ReturnedBy, ","); got != want[e.Key] {
			t.Errorf("%s: returnedBy %q, want %q", e.Key, got, want[e.Key])
		}
	}
}

// TestActionsNotBoilerplate guards against one generic action pasted across many API 3.0 codes.
func TestActionsNotBoilerplate(t *testing.T) {
	count := map[string][]string{}
	for _, e := range mustDefault(t).List(Filter{API: V3}) {
		count[e.Action] = append(count[e.Action], e.Key)
		if strings.EqualFold(strings.TrimSuffix(e.Action, "."), strings.TrimSuffix(e.Description, ".")) {
			t.Errorf("%s: the action restates the description", e.Key)
		}
	}
	for a, keys := range count {
		if len(keys) > 3 {
			t.Errorf("action shared by %d entries (%v): %q", len(keys), keys, a)
		}
	}
}

// TestParseErrors checks a broken catalog is reported with its line, not half-loaded.
func TestParseErrors(t *testing.T) {
	for _, src := range []string{
		"[v2 common 4000]\ntitle: x\n[v2 common 4000]\n",
		"[v2 common four]\n",
		"[v4 common 1]\n",
		"[v3 cam X]\nbogus: 1\n",
		"[v3 cam X]\nretryable: maybe\n",
		"[v3 cam X\n",
		"description: outside\n",
		"[v3 cam X]\nno colon here\n",
		"[v3 cam X]\nrelated: nonsense\n",
	} {
		if _, err := Parse(src); err == nil || !strings.Contains(err.Error(), "catalog line ") {
			t.Errorf("Parse(%q) error = %v, want one naming the line", src, err)
		}
	}
}

func readTSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "reference", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		if sc.Text() != "" {
			rows = append(rows, strings.Split(sc.Text(), "\t"))
		}
	}
	return rows
}

func oneOf(s string, set ...string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }
