package catalog

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestSeedVerbatim proves every row of the seed document's two tables is in the catalog word for
// word: testdata/seed.txt is an unedited copy of the seed.
func TestSeedVerbatim(t *testing.T) {
	c := mustDefault(t)
	raw, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	common, modular := seedRows(t, string(raw))
	if len(common) != 8 || len(modular) != 39 {
		t.Fatalf("seed has %d common and %d modular rows, want 8 and 39", len(common), len(modular))
	}
	for _, row := range common {
		code, _, _ := strings.Cut(row, " ")
		e := c.Entry("v2 common " + code)
		if e == nil {
			t.Errorf("seed common code %s is missing", code)
			continue
		}
		if got := code + " " + e.Title + " " + e.Description; got != row {
			t.Errorf("common %s differs from the seed:\n got: %s\nwant: %s", code, got, row)
		}
		if !strings.HasPrefix(e.Source, "seed:") {
			t.Errorf("common %s: source %q does not name the seed", code, e.Source)
		}
	}
	for _, row := range modular {
		f := strings.SplitN(row, " ", 3)
		e := c.Entry("v2 modular " + f[1])
		if e == nil {
			t.Errorf("seed codeDesc %s is missing", f[1])
			continue
		}
		action := e.Action
		if action == "" {
			action = "-" // the seed's mark for "no action"
		}
		if got := itoa(e.Code) + " " + e.CodeDesc + " " + e.Description + " " + action; got != row {
			t.Errorf("%s differs from the seed:\n got: %s\nwant: %s", f[1], got, row)
		}
		if !strings.HasPrefix(e.Source, "seed:") {
			t.Errorf("%s: source %q does not name the seed", f[1], e.Source)
		}
	}
}

var rowStart = regexp.MustCompile(`^\d{4} `)

// seedRows returns the rows of the seed's common and modular tables. A row whose action wrapped
// onto the next line in the seed is joined with a space.
func seedRows(t *testing.T, seed string) (common, modular []string) {
	t.Helper()
	var cur *[]string
	for _, line := range strings.Split(seed, "\n") {
		line = strings.TrimRight(line, "\r")
		switch {
		case line == "Common error codes":
			cur = &common
		case line == "Modular error codes":
			cur = &modular
		case cur == nil || line == "" || strings.HasPrefix(line, "Error Code "):
		case rowStart.MatchString(line):
			*cur = append(*cur, line)
		case len(*cur) > 0:
			(*cur)[len(*cur)-1] += " " + line
		default:
			t.Fatalf("unexpected seed line %q", line)
		}
	}
	return common, modular
}
