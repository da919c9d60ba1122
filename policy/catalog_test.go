package policy

import (
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
	for cd, code := range defaultV3 {
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
