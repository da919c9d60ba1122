package catalog

import (
	"bufio"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
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

// built packs the sources in data/ as gen.go does; Build is strict, so this is the parse check.
func built(t testing.TB) *Catalog {
	t.Helper()
	b, err := Build(os.DirFS("data"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTablesFresh fails when catalog.bin is not what the sources in data/ make: run
// go generate ./catalog after editing them.
func TestTablesFresh(t *testing.T) {
	b, err := Build(os.DirFS("data"))
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != table {
		t.Fatal("catalog.bin is stale: run go generate ./catalog")
	}
}

// TestSchema walks every entry of the catalog and checks what the sources promise.
func TestSchema(t *testing.T) {
	c := built(t)
	if c.Date == "" {
		t.Error("[about] has no date")
	}
	prev := ""
	for _, e := range c.All() {
		where := "[" + e.Key + "]"
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
			if _, ok := c.Service(e.Service); !ok && !oneOf(e.Service, ServiceCommon, ServiceSDK, ServiceCategory) {
				t.Errorf("%s: unknown service %q", where, e.Service)
			}
			if e.Title != "" || e.Code != 0 {
				t.Errorf("%s: title and code are for API 2.0 entries", where)
			}
		case e.API == COS:
			if e.Action == "" || e.Retryable == nil || e.Actor == "" {
				t.Errorf("%s: COS entries need an action, retryable and actor", where)
			}
			for _, st := range e.Statuses {
				if !httpStatus.MatchString(st) {
					t.Errorf("%s: status %q is not \"NNN Reason\"", where, st)
				}
			}
			if e.Current != "" && c.Entry("cos xml "+e.Current) == nil {
				t.Errorf("%s: current spelling %q is not a code of the current COS list", where, e.Current)
			}
		default:
			t.Errorf("%s: unknown namespace", where)
		}
		if e.Description == "" || e.Source == "" {
			t.Errorf("%s: description and source are required", where)
		}
		// An empty action is only allowed where the seed itself gives none ("-"), and for a
		// product's own top-level code that has no category to take one from.
		if e.Action == "" && !strings.HasPrefix(e.Source, "seed:") && !(e.Product != "" && !strings.Contains(e.ID, ".")) {
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
	limits, err := c.Limits()
	if err != nil || len(limits) == 0 {
		t.Fatalf("limits: %v (%d)", err, len(limits))
	}
	for _, l := range limits {
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

var httpStatus = regexp.MustCompile(`^[1-5]\d\d [A-Z][A-Za-z -]+$`)

// TestCOSCoverage checks every row of the COS reference tables is an entry of its list, with
// every status the table gives it.
func TestCOSCoverage(t *testing.T) {
	c := mustDefault(t)
	want := map[string][]string{}
	add := func(list, code, status string) {
		key := "cos " + list + " " + code
		if status != "-" && status != "N/A" && !slices.Contains(want[key], status) {
			want[key] = append(want[key], status)
		} else if want[key] == nil {
			want[key] = []string{}
		}
	}
	for _, row := range readTSV(t, "cos_codes.tsv") {
		list := COSXML
		if row[1] == "-" {
			list = COSProcessing
		}
		add(list, row[0], row[1])
	}
	for _, row := range readTSV(t, "cos_codes_legacy.tsv") {
		add(COSLegacy, row[0], row[1])
	}
	for _, row := range readTSV(t, "cos_codes_other.tsv") {
		add(row[0], row[1], row[2])
	}
	if len(want) < 300 {
		t.Fatalf("the COS tables hold %d codes, want all of them", len(want))
	}
	for key, statuses := range want {
		e := c.Entry(key)
		if e == nil {
			t.Errorf("%s: in the COS reference but not in the catalog", key)
			continue
		}
		for _, st := range statuses {
			if !slices.Contains(e.Statuses, st) && !strings.Contains(st, "ObjectNotAppendale") {
				t.Errorf("%s: status %q missing (has %v)", key, st, e.Statuses)
			}
		}
	}
}

// TestDecodeMatchesBuild checks the embedded tables, decoded lazily as the commands use them,
// give the same entries as tables freshly built from the sources.
func TestDecodeMatchesBuild(t *testing.T) {
	fresh := built(t)
	lazy := mustDefault(t)
	if lazy.Len() != fresh.Len() || lazy.Len() < 270 {
		t.Fatalf("embedded catalog has %d entries, built %d", lazy.Len(), fresh.Len())
	}
	for _, want := range fresh.All() {
		if got := lazy.Entry(want.Key); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: embedded %+v, built %+v", want.Key, got, want)
		}
	}
	lazyLimits, err1 := lazy.Limits()
	freshLimits, err2 := fresh.Limits()
	if err1 != nil || err2 != nil || !reflect.DeepEqual(lazyLimits, freshLimits) || lazy.Date != fresh.Date {
		t.Error("limits or date differ between the embedded and the built tables")
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
			want := row[len(row)-1]
			if e.Product != "" {
				// A product code's source is derived: the SDK's errors.go at the facts' commit.
				repo, path, _ := strings.Cut(strings.Fields(want)[0], ":")
				_, commit, _ := strings.Cut(repo, "@")
				want = "https://github.com/TencentCloud/tencentcloud-sdk-go/blob/" + commit + "/" + path
			}
			if !strings.HasPrefix(e.Source, "seed:") && e.Source != want {
				t.Errorf("%s: source %q, want %q", key, e.Source, want)
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
	for _, e := range append(c.List(Filter{Service: ServiceCAM}), c.List(Filter{Service: ServiceSTS})...) {
		if got := strings.Join(e.ReturnedBy, ","); got != want[e.Key] {
			t.Errorf("%s: returnedBy %q, want %q", e.Key, got, want[e.Key])
		}
	}
}

// TestActionsNotBoilerplate guards against one generic action pasted across many API 3.0 codes:
// the curated entries (common, SDK, category, CAM, STS) each have their own; a product's short
// remedy ("top up the balance") may recur across products, but not endlessly.
func TestActionsNotBoilerplate(t *testing.T) {
	count := map[string][]string{}
	products := map[string][]string{}
	for _, e := range mustDefault(t).List(Filter{API: V3}) {
		if e.ActionFrom != "" {
			continue // the category's own action, shown as the category's
		}
		if e.Product != "" && e.Service != ServiceCAM && e.Service != ServiceSTS {
			products[e.Action] = append(products[e.Action], e.Key)
			continue
		}
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
	for a, keys := range products {
		if len(keys) > 30 {
			t.Errorf("action shared by %d product entries (%v): %q", len(keys), keys[:5], a)
		}
	}
}

// TestFactsCovered checks every code of every product in the SDK facts is an entry with a
// description in camerr's words, with the facts' versions and returnedBy, and every product has a
// name and documentation link.
func TestFactsCovered(t *testing.T) {
	c := mustDefault(t)
	type fact struct {
		versions []string
		by       map[string]bool
	}
	facts := map[string]*fact{}
	withCodes := map[string]bool{}
	var order []string
	for _, row := range readFacts(t, "codes.tsv") {
		withCodes[row[0]] = true
		key := KeyV3(row[0], row[2])
		f := facts[key]
		if f == nil {
			f = &fact{by: map[string]bool{}}
			facts[key] = f
			order = append(order, key)
		}
		f.versions = append(f.versions, row[1])
		for _, a := range strings.Split(row[3], ",") {
			if a != "" {
				f.by[a] = true
			}
		}
	}
	if len(facts) < 16000 {
		t.Errorf("the facts hold %d (service, code) pairs, want all 16,117", len(facts))
	}
	for _, key := range order {
		e := c.Entry(key)
		if e == nil {
			t.Errorf("%s: in the SDK facts but not in the catalog (it needs a description in products/)", key)
			continue
		}
		f := facts[key]
		if !reflect.DeepEqual(e.Versions, f.versions) || len(e.ReturnedBy) != len(f.by) {
			t.Errorf("%s: versions %v and %d returnedBy, want %v and %d", key, e.Versions, len(e.ReturnedBy), f.versions, len(f.by))
		}
		for _, a := range e.ReturnedBy {
			if !f.by[a] {
				t.Errorf("%s: returnedBy %s is not in the facts", key, a)
			}
		}
		checkOwnWords(t, e)
	}
	for _, row := range readFacts(t, "services.tsv") {
		s, ok := c.Service(row[0])
		switch {
		case !ok && !withCodes[row[0]]:
			// A service with no error codes of its own has no products file.
		case !ok:
			t.Errorf("service %s has codes but no products/%s.txt", row[0], row[0])
		case s.Name == "" || row[2] != "" && s.Docs != "https://www.tencentcloud.com/document/product/"+row[2]:
			t.Errorf("service %s: name %q, docs %q; want a name and the documentation link of product %s", row[0], s.Name, s.Docs, row[2])
		}
	}
}

// checkOwnWords fails a product description that is only the code's name split into words, or
// that carries CJK text (upstream's comments are Chinese; camerr's words are English).
func checkOwnWords(t *testing.T, e *Entry) {
	t.Helper()
	var split []string
	for _, tk := range idTokens(e.ID) {
		split = append(split, tk.text)
	}
	if d := strings.Join(words(e.Description), " "); d == strings.Join(split, " ") || len(e.Description) < 20 {
		t.Errorf("%s: the description %q only restates the code", e.Key, e.Description)
	}
	for _, s := range []string{e.Description, e.Action, e.Note, e.Product} {
		for _, r := range s {
			if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Hangul, r) || r >= 0xFF00 && r <= 0xFFEF || r >= 0x3000 && r <= 0x303F {
				t.Errorf("%s: CJK or full-width text in %q", e.Key, s)
				break
			}
		}
	}
}

// readFacts reads a table of data/facts: a provenance line, a header, then rows.
func readFacts(t *testing.T, name string) [][]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("data", "facts", name))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n")
	var rows [][]string
	for _, l := range lines[2:] {
		rows = append(rows, strings.Split(l, "\t"))
	}
	return rows
}

// TestBuildErrors checks a broken source is reported with its file and line, not half-loaded.
func TestBuildErrors(t *testing.T) {
	facts := fstest.MapFS{
		"facts/services.tsv": {Data: []byte("# Facts from TencentCloud/tencentcloud-sdk-go at commit 144f6c8d39e410da77a70472f1416e9903740593 (2026-08-21)\nservice\tversions\tdoc_product_id\ncvm\tv20170312\t213\n")},
		"facts/codes.tsv":    {Data: []byte("# stamp\nservice\tversion\tcode\treturned_by\ncvm\tv20170312\tFailedOperation.X\tRunInstances\n")},
		"facts/actions.tsv":  {Data: []byte("# stamp\nservice\tversion\taction\ncvm\tv20170312\tRunInstances\n")},
	}
	const cat = "[v3 common FailedOperation]\ndescription: d.\naction: a.\nsource: s\n"
	const svc = "[service cvm]\nname: Cloud Virtual Machine\n\n"
	for _, tc := range []struct{ core, cvm, want string }{
		{core: cat, cvm: svc + "[v3 cvm FailedOperation.X]\ndescription: d.\n"},
		{core: "[v2 common 4000]\ntitle: x\ndescription: d\nsource: s\n[v2 common 4000]\n", want: "core.txt:5: key"},
		{core: "[v2 common four]\ndescription: d\nsource: s\n", want: "core.txt:1: common code"},
		{core: "[v4 common 1]\n", want: "core.txt:1: unknown key"},
		{core: "[v3 common X]\nbogus: 1\n", want: "core.txt:1: unknown field"},
		{core: "[v3 common X]\nretryable: maybe\n", want: "core.txt:1: retryable"},
		{core: "[v3 common X\n", want: "core.txt:1: unterminated"},
		{core: "description: outside\n", want: "core.txt:1: field"},
		{core: "[v3 common X]\nno colon here\n", want: "core.txt:2: want"},
		{core: "[v3 common X]\ndescription: d\nsource: s\nrelated: v3 common Y\n", want: "related \"v3 common Y\" is not in the catalog"},
		{core: "[v3 cvm X]\ndescription: d\n", want: "belongs in products/cvm.txt"},
		{core: cat, cvm: svc, want: "1 codes of the SDK facts have no entry"},
		{core: cat, cvm: svc + "[v3 cvm FailedOperation.X]\ndescription: d.\n\n[v3 cvm FailedOperation.Y]\ndescription: d.\n", want: "FailedOperation.Y is not a code of cvm"},
		{core: cat, cvm: svc + "[v3 cvm FailedOperation.X]\ndescription: d.\nreturnedBy: RunInstances\n", want: "comes from the SDK facts"},
		{core: cat, cvm: "[v3 cvm FailedOperation.X]\ndescription: d.\n", want: "no [service cvm] stanza"},
		{core: "", cvm: svc + "[v3 cvm FailedOperation.X]\ndescription: d.\n", want: "no category for FailedOperation.X"},
	} {
		fsys := fstest.MapFS{"core.txt": {Data: []byte(tc.core)}, "cos.txt": {Data: []byte("[cos xml NoSuchKey]\nstatus: 404 Not Found\ndescription: d.\naction: a.\nsource: s\n")}}
		for k, v := range facts {
			fsys[k] = v
		}
		if tc.cvm != "" {
			fsys["products/cvm.txt"] = &fstest.MapFile{Data: []byte(tc.cvm)}
		}
		_, err := Build(fsys)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("Build(%q, %q): %v", tc.core, tc.cvm, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("Build(%q, %q) error = %v, want one containing %q", tc.core, tc.cvm, err, tc.want)
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

// apiName finds the words of a text that look like API 3.0 action names (CreatePolicy).
var apiName = regexp.MustCompile(`\b[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+\b`)

// remedyStep finds advice that names a call to make before repeating the failed one.
var remedyStep = regexp.MustCompile(`(?i)\b(then|first|before|again|retry|repeat|resend|resubmit)\b`)

// lookupVerbs start the actions that only read: advice may point to one to look something up.
var lookupVerbs = []string{"Describe", "List", "Get", "Query", "Inquiry", "Inquire", "Check", "Search"}

// TestActionsFitReturnedBy guards the rule an accuracy audit applied: advice that names API
// actions of the entry's own product is anchored in the code's facts: at least one of the
// actions it names is documented to return the code, or is a read-only call to look something
// up, or is a step to take before the failed call is repeated. Advice about calls that never
// return the code fits no one who got it.
func TestActionsFitReturnedBy(t *testing.T) {
	c := mustDefault(t)
	for _, e := range c.List(Filter{API: V3}) {
		if e.Product == "" || e.ActionFrom != "" || len(e.ReturnedBy) == 0 {
			continue
		}
		var named []string
		anchored := false
		for _, name := range apiName.FindAllString(e.Action, -1) {
			if _, _, ok := c.Action(e.Service + ":" + name); !ok {
				continue // not an action of this product
			}
			named = append(named, name)
			anchored = anchored || slices.Contains(e.ReturnedBy, name) ||
				slices.ContainsFunc(lookupVerbs, func(v string) bool { return strings.HasPrefix(name, v) })
		}
		// A call named as a step to take before the request is repeated ("create the tag with
		// CreateTag, then call again") is a remedy, not a claim about what returned the code.
		if len(named) > 0 && !anchored && !remedyStep.MatchString(e.Action) {
			t.Errorf("%s: the action names %v, none of which returns this code (returnedBy: %v)", e.Key, named, e.ReturnedBy)
		}
	}
}
