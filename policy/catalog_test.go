package policy

import (
	"strings"
	"testing"

	"github.com/camerr/camerr/catalog"
)

// TestCodesInCatalog checks every code a finding can name is in the catalog, so check can show
// its entry: the codeDescs as API 2.0 codes, the inferred API 3.0 codes as CAM or STS codes.
func TestCodesInCatalog(t *testing.T) {
	c, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	v3 := []string{v3ResourceQcs, v3ResourceProject, v3ResourceRegion, v3ResourceUin, v3ResourceContent, v3PrincipalQcs, v3ConditionType, v3ConditionContent}
	for cd, code := range defaultV3() {
		if c.Entry(catalog.KeyModular(cd)) == nil {
			t.Errorf("codeDesc %s is not in the catalog", cd)
		}
		v3 = append(v3, code, stsV3(cd, code))
	}
	for _, code := range v3 {
		if c.Entry("v3 cam "+code) == nil && c.Entry("v3 sts "+code) == nil {
			t.Errorf("API 3.0 code %s is in neither the CAM nor the STS catalog", code)
		}
	}
}

// TestV3MappingMatchesCatalog proves the checker's API 2.0 -> 3.0 mapping and the catalog's
// "related" links say the same: each codeDesc's entry links to every API 3.0 code a finding
// with that codeDesc can carry, CAM's (defaultV3 and the codes the checks name) and STS's (stsV3).
// The pairs come from the table and from every finding of the corpus under each policy type.
func TestV3MappingMatchesCatalog(t *testing.T) {
	c, err := catalog.Default()
	if err != nil {
		t.Fatal(err)
	}
	type pair struct{ codeDesc, key string }
	pairs := map[pair]bool{}
	for cd, code := range defaultV3() {
		pairs[pair{cd, catalog.KeyV3("cam", code)}] = true
		pairs[pair{cd, catalog.KeyV3("sts", stsV3(cd, code))}] = true
	}
	for _, cf := range loadCorpus(t) {
		for _, typ := range []Type{Permission, Trust, STS} {
			opts := cf.opts
			opts.Type, opts.Actions = typ, knownActions(t)
			findings, err := Check(cf.doc, opts)
			if err != nil {
				continue
			}
			for _, f := range findings {
				if f.CodeDesc == "" {
					continue
				}
				svc := "cam"
				if typ == STS {
					svc = "sts"
				}
				pairs[pair{f.CodeDesc, catalog.KeyV3(svc, f.ErrorCode)}] = true
			}
		}
	}
	for p := range pairs {
		e := c.Entry(catalog.KeyModular(p.codeDesc))
		if e == nil {
			t.Errorf("codeDesc %s is not in the catalog", p.codeDesc)
			continue
		}
		if c.Entry(p.key) == nil {
			// A code one product has and the other not (stsV3 passes CAM's name codes through;
			// StrategyInvalid is STS's only): the link names the product that has it.
			other := strings.Replace(p.key, " sts ", " cam ", 1)
			if other == p.key {
				other = strings.Replace(p.key, " cam ", " sts ", 1)
			}
			if c.Entry(other) != nil {
				p.key = other
			} else {
				t.Errorf("%s: %s is not in the catalog", p.codeDesc, p.key)
				continue
			}
		}
		found := false
		for _, r := range e.Related {
			found = found || r.Key == p.key
		}
		if !found {
			t.Errorf("%s: the checker answers %s, but the catalog's related links do not name it", p.codeDesc, p.key)
		}
	}
}
