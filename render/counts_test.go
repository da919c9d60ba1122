package render

import (
	"reflect"
	"testing"

	"github.com/camerr/camerr/catalog"
	"github.com/camerr/camerr/diagnose"
)

// TestCodeTally checks the code each error is counted under, the order of the rows, and the
// bound past which errors go to one OtherCodes row.
func TestCodeTally(t *testing.T) {
	asked := 0
	tally := NewCodeTally(4, func(f diagnose.Finding) bool { asked++; return f.API != "" })
	for _, f := range []diagnose.Finding{
		{API: catalog.V2, Code: "4000", CodeDesc: "InvalidParameter.policyName.InUse", ErrorCode: "InvalidParameter"}, // the codeDesc
		{API: catalog.V2, Code: "4000", CodeDesc: "InvalidParameter.policyName.InUse"},
		{API: catalog.V2, Code: "4102"},                                            // no codeDesc: the number
		{API: catalog.V3, ErrorCode: "AuthFailure.SignatureExpire", CodeDesc: "x"}, // API 3.0: the Code string
		{Format: "cam-denial"},                                                     // no code at all: the format
		{API: catalog.V3, ErrorCode: "AuthFailure.SignatureExpire"},
		{API: catalog.V3, ErrorCode: "Past.TheBound"},
		{API: catalog.V3, ErrorCode: "Also.PastIt"},
	} {
		tally.Add(f)
	}
	if !tally.Overflowed() || asked != 4 {
		t.Errorf("overflowed %v, known asked %d times; want true, 4 (once per distinct code)", tally.Overflowed(), asked)
	}
	got := tally.Counts(10, 8)
	want := CodeCounts{Responses: 10, Errors: 8, Codes: []CodeCount{
		{API: "v3", Code: "AuthFailure.SignatureExpire", Count: 2, Known: true},
		{API: "v2", Code: "InvalidParameter.policyName.InUse", Count: 2, Known: true},
		{API: "", Code: "(cam-denial)", Count: 1},
		{API: "v2", Code: "4102", Count: 1, Known: true},
		{Code: OtherCodes, Count: 2},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("counts = %+v\nwant %+v", got, want)
	}
}
