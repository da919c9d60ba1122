package policy

import (
	"testing"

	"github.com/camerr/camerr/catalog"
)

// The checker takes its limits and known actions from its caller; camerr's
// cmd builds them from the catalog it loaded. The tests build the same from
// the default catalog here.

func limitsFromCatalog(scope string) Limits {
	c, err := catalog.Default()
	if err != nil {
		panic(err)
	}
	l, err := LimitsFrom(c, scope)
	if err != nil {
		panic(err)
	}
	return l
}

func LegacyLimits() Limits  { return limitsFromCatalog("legacy") }
func CurrentLimits() Limits { return limitsFromCatalog("current") }

func ParseLimits(name string) (Limits, error) {
	c, err := catalog.Default()
	if err != nil {
		return Limits{}, err
	}
	return LimitsFrom(c, name)
}

// testActions is the catalog's action index, as cmd passes it.
type testActions struct{ c *catalog.Catalog }

func (a testActions) Lookup(s string) (string, bool) {
	name, _, ok := a.c.Action(s)
	return name, ok
}
func (a testActions) Of(svc string) []string { return a.c.ActionsOf(svc) }
func (a testActions) Services() []string     { return a.c.ActionServices() }

func knownActions(tb testing.TB) Actions {
	tb.Helper()
	c, err := catalog.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return testActions{c}
}

// defaults fills in what a zero Options leaves out, as camerr's defaults: legacy limits.
func defaults(opts Options) Options {
	if opts.Limits.DocumentMax == 0 {
		opts.Limits = LegacyLimits()
	}
	return opts
}

// TestLimitsFromRefuses: an unknown profile, or one the catalog does not hold, is an error
// rather than limits that check nothing.
func TestLimitsFromRefuses(t *testing.T) {
	c, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := LimitsFrom(c, "new"); err == nil {
		t.Error("LimitsFrom(new) succeeded")
	}
	if l, err := LimitsFrom(&catalog.Catalog{}, "legacy"); err == nil {
		t.Errorf("LimitsFrom(empty catalog) = %+v, want an error", l)
	}
}
