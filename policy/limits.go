package policy

import (
	"fmt"
	"strings"

	"github.com/camerr/camerr/catalog"
)

// The limits profiles LimitsFrom reads: the legacy error table's figures and the current CAM
// pages'.
const (
	ProfileLegacy  = "legacy"
	ProfileCurrent = "current"
)

// LimitsFrom reads a limits profile, "legacy" or "current", from the [limit] stanzas of the
// catalog the caller loaded, where the documented figures live once, with their sources. The
// checker never loads a catalog itself: a profile the catalog lacks is an error here, not a
// check that silently measures nothing.
func LimitsFrom(c *catalog.Catalog, profile string) (Limits, error) {
	if profile != ProfileLegacy && profile != ProfileCurrent {
		return Limits{}, fmt.Errorf("unknown limits %q: want legacy or current", profile)
	}
	if _, err := c.Limits(); err != nil {
		return Limits{}, err
	}
	l := Limits{Name: profile}
	doc, ok := c.Limit(profile, "policyDocument")
	if !ok {
		return Limits{}, fmt.Errorf("the catalog has no %s limit for a policy document", profile)
	}
	l.DocumentMax, l.DocumentUnit = doc.Value, "bytes"
	if doc.Unit == "characters" {
		l.DocumentUnit = "chars"
	}
	if name, ok := c.Limit(profile, "policyName"); ok {
		l.NameMax = name.Value
		// The charset is a character-class body; names may use letters, digits and the rest.
		l.NameChars = strings.TrimPrefix(name.Charset, "A-Za-z0-9")
	}
	if d, ok := c.Limit(profile, "description"); ok {
		l.DescriptionMax = d.Value
	}
	return l, nil
}
