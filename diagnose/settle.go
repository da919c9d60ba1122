package diagnose

import "slices"

// goSDKv2Note is what a Go SDK string settled as API 2.0 lost on its way to the paste.
const goSDKv2Note = "printed by the Go SDK, which drops an API 2.0 response's numeric code and request id"

// Open reports whether the finding's API is left for the caller to decide from its code: a Go
// SDK string with no usable request id (see Finding.API).
func (f *Finding) Open() bool {
	return f.API == "" && (f.Format == "go-sdk" || f.Format == "terraform")
}

// SettleAPI records the API the caller decided from the code of an open finding ("v2" or "v3";
// anything else leaves it open). An API 2.0 code is a codeDesc, and the finding says what the Go
// SDK dropped. A finding that is not open is left as it is.
func (f *Finding) SettleAPI(api string) {
	if !f.Open() || api != "v2" && api != "v3" {
		return
	}
	f.API = api
	if api == "v2" && f.ErrorCode != "" {
		f.CodeDesc, f.ErrorCode = f.ErrorCode, ""
		if !slices.Contains(f.Diagnosis.Notes, goSDKv2Note) {
			f.Diagnosis.Notes = append(f.Diagnosis.Notes[:len(f.Diagnosis.Notes):len(f.Diagnosis.Notes)], goSDKv2Note)
		}
	}
}
