package policy

import "sync"

// Legacy (API 2.0) codeDescs, spelled exactly as the CAM error table has them.
const (
	cdMissingVersion   = "MissingParameter.version"
	cdVersion          = "InvalidParameter.version.Error"
	cdMissingStatement = "MissingParameter.statement"
	cdStatement        = "InvalidParameter.statement.Error"
	cdEffect           = "InvalidParameter.effect.Error"
	cdMissingAction    = "MissingParameter.action"
	cdAction           = "InvalidParameter.action.Error"
	cdMissingResource  = "MissingParameter.resource"
	cdResource         = "InvalidParameter.resource.Error"
	cdResourceUser     = "InvalidParameter.resource.user.Error"
	cdPrincipal        = "InvalidParameter.principal.Error"
	cdCondition        = "InvalidParameter.condition.Error"
	cdDocType          = "InvalidParameter.policyDocument.TypeError"
	cdLength           = "InvalidParameter.policyDocument.LengthOverlimit"
	cdPolicyName       = "InvalidParameter.policyName.Error"
	cdRoleName         = "InvalidParameter.roleName.Error"
	cdDescription      = "InvalidParameter.description.LengthOverlimit"
	cdStrategy         = "StrategyInvalid" // STS: the policy passed for temporary credentials is wrong
)

// API 3.0 codes used besides the defaults below (CAM 2019-01-16, STS 2018-08-13).
const (
	v3ResourceQcs      = "InvalidParameter.ResourceQcsError"
	v3ResourceProject  = "InvalidParameter.ResourceProjectError"
	v3ResourceRegion   = "InvalidParameter.ResourceRegionError"
	v3ResourceUin      = "InvalidParameter.ResourceUinError"
	v3ResourceContent  = "InvalidParameter.ResourceContentError"
	v3PrincipalQcs     = "InvalidParameter.PrincipalQcsError"
	v3ConditionType    = "InvalidParameter.ConditionTypeError"
	v3ConditionContent = "InvalidParameter.ConditionContentError"
)

// defaultV3 maps each codeDesc to the API 3.0 code matched to it by name in
// cam-policy.md section 3. Tencent publishes no mapping: these are inferred.
var defaultV3 = sync.OnceValue(func() map[string]string {
	return map[string]string{
		cdMissingVersion:   "InvalidParameter.VersionError",
		cdVersion:          "InvalidParameter.VersionError",
		cdMissingStatement: "InvalidParameter.StatementError",
		cdStatement:        "InvalidParameter.StatementError",
		cdEffect:           "InvalidParameter.EffectError",
		cdMissingAction:    "InvalidParameter.ActionError",
		cdAction:           "InvalidParameter.ActionError",
		cdMissingResource:  "InvalidParameter.ResourceError",
		cdResource:         "InvalidParameter.ResourceError",
		cdResourceUser:     v3ResourceUin,
		cdPrincipal:        "InvalidParameter.PrincipalError",
		cdCondition:        "InvalidParameter.ConditionError",
		cdDocType:          "InvalidParameter.PolicyDocumentError",
		cdLength:           "InvalidParameter.PolicyDocumentLengthOverLimit",
		cdPolicyName:       "InvalidParameter.PolicyNameError",
		cdRoleName:         "InvalidParameter.RoleNameError",
		cdDescription:      "InvalidParameter.DescriptionLengthOverlimit",
		cdStrategy:         "InvalidParameter.StrategyInvalid",
	}
})

// stsV3 gives the API 3.0 code for a finding in an STS policy. STS has its
// own, coarser codes and none of CAM's per-element ones; "ResouceError" is
// the SDK's spelling.
func stsV3(codeDesc, v3 string) string {
	switch codeDesc {
	case cdLength:
		return "InvalidParameter.PolicyTooLong"
	case cdResourceUser:
		return "InvalidParameter.GrantOtherResource"
	case cdMissingResource, cdResource:
		return "InvalidParameter.ResouceError"
	case cdStrategy:
		return "InvalidParameter.StrategyInvalid"
	case cdPolicyName, cdRoleName, cdDescription, "":
		return v3
	}
	return "InvalidParameter.StrategyFormatError"
}
