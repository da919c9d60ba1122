package policy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/camerr/camerr/catalog"
)

// The checker takes its limits and known actions from its caller; camerr's
// cmd builds them from the catalog. The tests build the same from the
// catalog here.

func limitsFromCatalog(scope string) Limits {
	l := Limits{Name: scope}
	c, err := catalog.Default()
	if err != nil {
		panic(err)
	}
	if doc, ok := c.Limit(scope, "policyDocument"); ok {
		l.DocumentMax, l.DocumentUnit = doc.Value, "bytes"
		if doc.Unit == "characters" {
			l.DocumentUnit = "chars"
		}
	}
	if name, ok := c.Limit(scope, "policyName"); ok {
		l.NameMax = name.Value
		l.NameChars = strings.TrimPrefix(name.Charset, "A-Za-z0-9")
	}
	if d, ok := c.Limit(scope, "description"); ok {
		l.DescriptionMax = d.Value
	}
	return l
}

func LegacyLimits() Limits  { return limitsFromCatalog("legacy") }
func CurrentLimits() Limits { return limitsFromCatalog("current") }

func ParseLimits(name string) (Limits, error) {
	switch name {
	case "legacy", "current":
		return limitsFromCatalog(name), nil
	}
	return Limits{}, fmt.Errorf("unknown limits %q: want legacy or current", name)
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
