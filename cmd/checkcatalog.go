package cmd

import (
	"github.com/camerr/camerr/catalog"
)

// The policy checker takes what it needs from the catalog through policy.Options: the limits
// of a profile (policy.LimitsFrom reads them from the catalog cmd loaded) and the known actions,
// which this file adapts.

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
