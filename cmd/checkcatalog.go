package cmd

import (
	"strings"

	"github.com/camerr/camerr/catalog"
	"github.com/camerr/camerr/policy"
)

// The policy checker takes what it needs from the catalog through policy.Options: the limits
// of a profile and the known actions. This file builds both.

// checkLimits reads a profile ("legacy" or "current") from the catalog's [limit] stanzas, where
// the documented figures live once, with their sources.
func checkLimits(c *catalog.Catalog, scope string) policy.Limits {
	l := policy.Limits{Name: scope}
	if doc, ok := c.Limit(scope, "policyDocument"); ok {
		l.DocumentMax, l.DocumentUnit = doc.Value, "bytes"
		if doc.Unit == "characters" {
			l.DocumentUnit = "chars"
		}
	}
	if name, ok := c.Limit(scope, "policyName"); ok {
		l.NameMax = name.Value
		// The charset is a character-class body; names may use letters, digits and the rest.
		l.NameChars = strings.TrimPrefix(name.Charset, "A-Za-z0-9")
	}
	if d, ok := c.Limit(scope, "description"); ok {
		l.DescriptionMax = d.Value
	}
	return l
}

// knownActions is the catalog's action index as the checker asks for it, with each service's
// actions and each lookup kept: a directory of policies names the same actions again and again.
type knownActions struct {
	c        *catalog.Catalog
	of       map[string][]string
	lookups  map[string]lookupResult
	services []string
}

type lookupResult struct {
	canonical string
	ok        bool
}

func newKnownActions(c *catalog.Catalog) *knownActions {
	return &knownActions{c: c, of: map[string][]string{}, lookups: map[string]lookupResult{}}
}

func (k *knownActions) Lookup(action string) (string, bool) {
	if r, ok := k.lookups[action]; ok {
		return r.canonical, r.ok
	}
	canonical, _, ok := k.c.Action(action)
	k.lookups[action] = lookupResult{canonical, ok}
	return canonical, ok
}

func (k *knownActions) Of(service string) []string {
	if a, ok := k.of[service]; ok {
		return a
	}
	a := k.c.ActionsOf(service)
	k.of[service] = a
	return a
}

func (k *knownActions) Services() []string {
	if k.services == nil {
		k.services = k.c.ActionServices()
	}
	return k.services
}
