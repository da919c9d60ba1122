package diagnose

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// testKnown stands in for the catalog: a few real codes from the reference lists.
var testKnown = map[string]bool{
	"AuthFailure.SignatureFailure": true, "AuthFailure.SignatureExpire": true, "AuthFailure": true,
	"AuthFailure.UnauthorizedOperation": true, "InternalError": true, "InvalidParameterValue": true,
	"MFACheckFailed": true, "UnauthorizedOperation": true, "RequestLimitExceeded": true,
	"InvalidParameter": true, "ResourceNotFound": true, "ResourceUnavailable.InstanceType": true, "SecretidNotAuthAccessResource": true, "Success": true,
}

func knownCode(s string) bool { return testKnown[s] }

// scanString scans in and returns what it found. It also checks what must hold for every scan.
func scanString(t testing.TB, in string, opts Options) ([]Finding, Stats) {
	t.Helper()
	if opts.Source == "" {
		opts.Source = "test.log"
	}
	if opts.KnownCode == nil {
		opts.KnownCode = knownCode
	}
	var fs []Finding
	st, err := Scan(strings.NewReader(in), opts, func(f Finding) error {
		fs = append(fs, f)
		return nil
	})
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	checkFindings(t, fs, st)
	return fs, st
}

// checkFindings asserts the invariants of any scan result.
func checkFindings(t testing.TB, fs []Finding, st Stats) {
	t.Helper()
	if st.Responses != len(fs) {
		t.Errorf("Stats.Responses = %d, emitted %d", st.Responses, len(fs))
	}
	errs := 0
	prev := 0
	for _, f := range fs {
		if !f.OK {
			errs++
		}
		if f.Line < 1 || f.Line > max(st.Lines, 1) {
			t.Errorf("finding line %d outside 1..%d: %+v", f.Line, st.Lines, f)
		}
		if f.Line < prev {
			t.Errorf("finding at line %d after one at line %d", f.Line, prev)
		}
		prev = f.Line
		for _, s := range []string{f.Source, f.Format, f.API, f.Code, f.CodeDesc, f.ErrorCode, f.Message, f.RequestID,
			f.Diagnosis.ModuleCode, f.Diagnosis.Policy.JSON()} {
			if !utf8.ValidString(s) {
				t.Errorf("invalid UTF-8 in %q", s)
			}
		}
		for _, s := range append(append(append([]string{}, f.Diagnosis.Actions...), f.Diagnosis.Resources...), f.Diagnosis.Notes...) {
			if !utf8.ValidString(s) {
				t.Errorf("invalid UTF-8 in %q", s)
			}
		}
		if c := f.Cause; c != nil {
			for _, s := range []string{c.Format, c.API, c.Code, c.CodeDesc, c.ErrorCode, c.Message, c.RequestID} {
				if !utf8.ValidString(s) {
					t.Errorf("invalid UTF-8 in the cause's %q", s)
				}
			}
		}
		if p := f.Diagnosis.Policy.JSON(); p != "" {
			checkPolicy(t, p, f.Diagnosis.Actions, f.Diagnosis.Resources)
		}
	}
	if st.Errors != errs {
		t.Errorf("Stats.Errors = %d, want %d", st.Errors, errs)
	}
}

// checkPolicy parses a suggested policy back and checks it grants exactly the denied actions
// on the denied resources (or "*" when none was named).
func checkPolicy(t testing.TB, p string, actions, resources []string) {
	t.Helper()
	var doc struct {
		Version   string `json:"version"`
		Statement []struct {
			Effect   string   `json:"effect"`
			Action   []string `json:"action"`
			Resource []string `json:"resource"`
		} `json:"statement"`
	}
	dec := json.NewDecoder(strings.NewReader(p))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("suggested policy is not valid policy JSON: %v\n%s", err, p)
	}
	if doc.Version != "2.0" || len(doc.Statement) == 0 {
		t.Errorf("policy version %q, %d statements", doc.Version, len(doc.Statement))
	}
	gotA, gotR := map[string]bool{}, map[string]bool{}
	for _, st := range doc.Statement {
		if st.Effect != "allow" || len(st.Action) == 0 || len(st.Resource) == 0 {
			t.Errorf("bad statement %+v", st)
		}
		for _, a := range st.Action {
			gotA[a] = true
		}
		for _, r := range st.Resource {
			gotR[r] = true
		}
	}
	wantR := resources
	if len(wantR) == 0 || gotA["*"] {
		wantR = append(wantR, "*")
	}
	if gotR["*"] && !contains(wantR, "*") {
		wantR = append(wantR, "*") // some action came without a resource: noted
	}
	if len(gotA) != len(actions) {
		t.Errorf("policy actions %v, denied %v", gotA, actions)
	}
	for _, a := range actions {
		if !gotA[a] {
			t.Errorf("policy lacks action %q", a)
		}
	}
	if len(gotR) != len(wantR) {
		t.Errorf("policy resources %v, denied %v", gotR, wantR)
	}
	for _, r := range wantR {
		if !gotR[r] {
			t.Errorf("policy lacks resource %q", r)
		}
	}
}

// want is the part of a Finding a table test pins.
type want struct {
	Line                                          int
	Format, API, Code, CodeDesc, ErrorCode, ReqID string
	Message                                       string
	OK                                            bool
}

func got(f Finding) want {
	return want{f.Line, f.Format, f.API, f.Code, f.CodeDesc, f.ErrorCode, f.RequestID, f.Message, f.OK}
}

const (
	uuid1   = "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6"
	sigMsg  = "The provided credentials could not be validated. Please check your signature is correct."
	tfError = `│ Error: [TencentCloudSDKError] Code=InvalidParameterValue.SubnetIdMalformed, Message=The specified subnet ID ` +
		"`tencentcloud_subnet.sunbetdemo30`" + ` is malformed., RequestId=78a4fda3-3cb7-43e2-b4f3-df38832e5d2f
│
│   with tencentcloud_instance.my_cvm_app,
│   on main.tf line 84, in resource "tencentcloud_instance" "my_cvm_app":
│   84: resource "tencentcloud_instance" "my_cvm_app" {
│
╵
`
	tccliOut = `usage: tccli [options] <command> <subcommand> [<subcommand> ...] [parameters]
To tccli help text, you can run:

  tccli help
  tccli configure help
  tccli service[cvm] help
  tccli service[cvm] action[RunInstances] help

[TencentCloudSDKException] code:AuthFailure.SignatureFailure message:The provided credentials could not be validated. Please check your signature is correct. requestId:ed93f3cb-f35e-473f-b9f3-0d451b8b79c6
`
	nodeOut = `TencentCloudSDKHttpException [Error]: The provided credentials could not be validated.
    at Client.request (/app/node_modules/tencentcloud-sdk-nodejs/tencentcloud/common/abstract_client.js:200:19)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5) {
  requestId: 'ed93f3cb-f35e-473f-b9f3-0d451b8b79c6',
  traceId: '',
  code: 'AuthFailure.SignatureFailure'
}
`
)

// TestFormats pins every printed form, with the real examples from the reference (formats.md
// and public issue threads).
func TestFormats(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []want
	}{
		{"v2 MFA (docs)", `{"code": 4106, "message": "(60006)MFA Invalid", "codeDesc": "MFACheckFailed", "data": []}`,
			[]want{{Line: 1, Format: "v2-json", API: "v2", Code: "4106", CodeDesc: "MFACheckFailed", Message: "(60006)MFA Invalid"}}},
		{"v2 send token (docs)", `{"code": 4000, "message": "(60016) send token code too frequently", "codeDesc": "SendTokenError"}`,
			[]want{{Line: 1, Format: "v2-json", API: "v2", Code: "4000", CodeDesc: "SendTokenError", Message: "(60016) send token code too frequently"}}},
		{"v2 trailing comma, no codeDesc (docs)", "{\n    \"code\": 4000,\n    \"message\": \"(100004)Incorrect projectId\",\n}\n",
			[]want{{Line: 1, Format: "v2-json", API: "v2", Code: "4000", Message: "(100004)Incorrect projectId"}}},
		{"v2 success (docs)", `{"code": 0, "message": "", "codeDesc": "Success", "data": {}}`,
			[]want{{Line: 1, Format: "v2-json", API: "v2", Code: "0", CodeDesc: "Success", OK: true}}},
		{"v2 string code (legacy CVM docs)", `{"code": "5100", "message": "(100004)projectId不正确"}`,
			[]want{{Line: 1, Format: "v2-json", API: "v2", Code: "5100", Message: "(100004)projectId不正确"}}},
		{"v2 numeric requestId", `{"code":4000,"message":"x","codeDesc":"InvalidParameter","requestId":18642}`,
			[]want{{Line: 1, Format: "v2-json", API: "v2", Code: "4000", CodeDesc: "InvalidParameter", Message: "x", ReqID: "18642"}}},
		{"v2 python dict (cf2dns issue)", `Exception: {'code': 4102, 'message': '[request id:XXX]you are not authorized to perform operation (cns:RecordList)\nresource (*) has no permission\n', 'codeDesc': 'SecretidNotAuthAccessResource'}`,
			[]want{{Line: 1, Format: "v2-python", API: "v2", Code: "4102", CodeDesc: "SecretidNotAuthAccessResource", ReqID: "XXX",
				Message: "[request id:XXX]you are not authorized to perform operation (cns:RecordList)\nresource (*) has no permission\n"}}},
		{"v2 python None requestId", `{'code': 4100, 'message': 'sig', 'codeDesc': 'AuthFailure', 'requestId': None}`,
			[]want{{Line: 1, Format: "v2-python", API: "v2", Code: "4100", CodeDesc: "AuthFailure", Message: "sig"}}},
		{"v3 pretty (docs)", "{\n    \"Response\": {\n        \"Error\": {\n            \"Code\": \"AuthFailure.SignatureFailure\",\n            \"Message\": \"" + sigMsg + "\"\n        },\n        \"RequestId\": \"" + uuid1 + "\"\n    }\n}\n",
			[]want{{Line: 1, Format: "v3-json", API: "v3", ErrorCode: "AuthFailure.SignatureFailure", Message: sigMsg, ReqID: uuid1}}},
		{"v3 success (docs)", `{"Response": {"TotalCount": 0, "InstanceStatusSet": [], "RequestId": "b5b41468-520d-4192-b42f-595cc34b6c1c"}}`,
			[]want{{Line: 1, Format: "v3-json", API: "v3", OK: true, ReqID: "b5b41468-520d-4192-b42f-595cc34b6c1c"}}},
		{"v3 keys in any order", `{"Response":{"RequestId":"r1","Error":{"Message":"m","Code":"InternalError"}}}`,
			[]want{{Line: 1, Format: "v3-json", API: "v3", ErrorCode: "InternalError", Message: "m", ReqID: "r1"}}},
		{"v3 without wrapper", `{"Error":{"Code":"RequestLimitExceeded","Message":"slow down"},"RequestId":"r2"}`,
			[]want{{Line: 1, Format: "v3-json", API: "v3", ErrorCode: "RequestLimitExceeded", Message: "slow down", ReqID: "r2"}}},
		{"v3 python dict", `{'Response': {'Error': {'Code': 'InternalError', 'Message': "it's"}, 'RequestId': 'r3'}}`,
			[]want{{Line: 1, Format: "v3-python", API: "v3", ErrorCode: "InternalError", Message: "it's", ReqID: "r3"}}},
		{"v3 in a log line", `2024-05-01 12:00:00 ERROR cvm call failed: resp={"Response":{"Error":{"Code":"ResourceNotFound","Message":"no such instance"},"RequestId":"r4"}} took=12ms`,
			[]want{{Line: 1, Format: "v3-json", API: "v3", ErrorCode: "ResourceNotFound", Message: "no such instance", ReqID: "r4"}}},
		{"v3 inside a quoted string", `{"level":"error","body":"{\"Response\":{\"Error\":{\"Code\":\"InternalError\",\"Message\":\"see https:\\/\\/x\\/y\"},\"RequestId\":\"r5\"}}"}`,
			[]want{{Line: 1, Format: "v3-json", API: "v3", ErrorCode: "InternalError", Message: "see https://x/y", ReqID: "r5"}}},
		{"v3 inside a string, slashes escaped by the outer encoder", `log: "{\"Response\":{\"Error\":{\"Code\":\"InternalError\",\"Message\":\"a\/b\"},\"RequestId\":\"r6\"}}" done`,
			[]want{{Line: 1, Format: "v3-json", API: "v3", ErrorCode: "InternalError", Message: "a/b", ReqID: "r6"}}},
		{"go sdk (formats.md)", "[TencentCloudSDKError] Code=AuthFailure.SignatureFailure, Message=" + sigMsg + ", RequestId=" + uuid1,
			[]want{{Line: 1, Format: "go-sdk", API: "v3", ErrorCode: "AuthFailure.SignatureFailure", Message: sigMsg, ReqID: uuid1}}},
		// Layouts of real pastes (issue 9).
		{"fields one per line", "Code: ResourceUnavailable.InstanceType\nMessage: sold out\nRequestId: " + uuid1 + "\nnext\n",
			[]want{{Line: 1, Format: "fields", ErrorCode: "ResourceUnavailable.InstanceType", Message: "sold out", ReqID: uuid1}}},
		{"fields in markdown", "- **Code**: `AuthFailure.SignatureFailure`\n- **Message**: bad\n",
			[]want{{Line: 1, Format: "fields", ErrorCode: "AuthFailure.SignatureFailure", Message: "bad"}}},
		{"NSDictionary dump", "Error Domain=TencentCloud Code=-1 UserInfo={\n    Code = \"AuthFailure.SignatureFailure\";\n    Message = \"" + sigMsg + "\";\n    RequestId = \"" + uuid1 + "\";\n}\n",
			[]want{{Line: 2, Format: "fields", ErrorCode: "AuthFailure.SignatureFailure", Message: sigMsg, ReqID: uuid1}}},
		{"v2 as a JavaScript object", "{ code: 4000, message: '(100006)policy name in use', codeDesc: 'InvalidParameter.policyName.InUse' }",
			[]want{{Line: 1, Format: "v2-js", API: "v2", Code: "4000", CodeDesc: "InvalidParameter.policyName.InUse", Message: "(100006)policy name in use"}}},
		{"v2 as a JavaScript object over lines", "{\n  code: 4000,\n  message: 'x',\n  codeDesc: 'InvalidParameter',\n  requestId: undefined\n}\n",
			[]want{{Line: 1, Format: "v2-js", API: "v2", Code: "4000", CodeDesc: "InvalidParameter", Message: "x"}}},
		{"v3 as a JavaScript object", "{ Response: { Error: { Code: 'InternalError', Message: 'm' }, RequestId: 'r1' } }",
			[]want{{Line: 1, Format: "v3-js", API: "v3", ErrorCode: "InternalError", Message: "m", ReqID: "r1"}}},
		{"go sdk request id wrapped", "[TencentCloudSDKError] Code=InternalError, Message=boom, RequestId=\n" + uuid1 + "\n",
			[]want{{Line: 1, Format: "go-sdk", API: "v3", ErrorCode: "InternalError", Message: "boom", ReqID: uuid1}}},
		{"python sdk request id wrapped", "[TencentCloudSDKException] code:InternalError message:boom requestId:\n  " + uuid1 + "\n",
			[]want{{Line: 1, Format: "python-sdk", API: "v3", ErrorCode: "InternalError", Message: "boom", ReqID: uuid1}}},
		{"markdown emphasis and trailing punctuation", "I get **ResourceUnavailable.InstanceType**. RequestId: `" + uuid1 + "`.",
			[]want{{Line: 1, Format: "text", ErrorCode: "ResourceUnavailable.InstanceType", ReqID: uuid1}}},
		{"text ending in its request id", "Error: InternalError: The order system is abnormal. (RequestId: " + uuid1 + ")",
			[]want{{Line: 1, Format: "text", ErrorCode: "InternalError", Message: "The order system is abnormal.", ReqID: uuid1}}},
		{"text with its request id inside", "InternalError: boom (RequestId: r11) while retrying",
			[]want{{Line: 1, Format: "text", ErrorCode: "InternalError", Message: "boom (RequestId: r11) while retrying", ReqID: "r11"}}},
		{"full-width separators", "code：ResourceUnavailable.InstanceType，message：售罄，requestId：" + uuid1,
			[]want{{Line: 1, Format: "sdk-other", ErrorCode: "ResourceUnavailable.InstanceType", Message: "售罄", ReqID: uuid1}}},
		// Without a usable request id the API is the caller's to decide from the code (SettleAPI).
		{"go sdk from a 2.0 body (formats.md)", "[TencentCloudSDKError] Code=MFACheckFailed, Message=(60006)MFA Invalid",
			[]want{{Line: 1, Format: "go-sdk", ErrorCode: "MFACheckFailed", Message: "(60006)MFA Invalid"}}},
		{"go sdk, request id redacted", "[TencentCloudSDKError] Code=ResourceUnavailable.InstanceType, Message=xx, RequestId=[REDACTED]",
			[]want{{Line: 1, Format: "go-sdk", ErrorCode: "ResourceUnavailable.InstanceType", Message: "xx"}}},
		{"go sdk, request id empty", "[TencentCloudSDKError] Code=ResourceUnavailable.InstanceType, Message=xx, RequestId=",
			[]want{{Line: 1, Format: "go-sdk", ErrorCode: "ResourceUnavailable.InstanceType", Message: "xx"}}},
		{"go sdk, request id xxxx", "[TencentCloudSDKError] Code=ResourceUnavailable.InstanceType, Message=xx, RequestId=xxxx-xxxx",
			[]want{{Line: 1, Format: "go-sdk", ErrorCode: "ResourceUnavailable.InstanceType", Message: "xx"}}},
		{"go sdk, client error without request id is 3.0", "[TencentCloudSDKError] Code=ClientError.NetworkError, Message=x, RequestId=",
			[]want{{Line: 1, Format: "go-sdk", API: "v3", ErrorCode: "ClientError.NetworkError", Message: "x"}}},
		{"go sdk client error", "[TencentCloudSDKError] Code=ClientError.NetworkError, Message=Fail to get response because Post \"https://cvm.tencentcloudapi.com/\": dial tcp: i/o timeout",
			[]want{{Line: 1, Format: "go-sdk", API: "v3", ErrorCode: "ClientError.NetworkError", Message: "Fail to get response because Post \"https://cvm.tencentcloudapi.com/\": dial tcp: i/o timeout"}}},
		{"go sdk message with commas and a fake RequestId", "[TencentCloudSDKError] Code=InvalidParameter, Message=a, b, RequestId=fake, c, RequestId=real-1",
			[]want{{Line: 1, Format: "go-sdk", API: "v3", ErrorCode: "InvalidParameter", Message: "a, b, RequestId=fake, c", ReqID: "real-1"}}},
		{"go sdk message over lines", "[TencentCloudSDKError] Code=UnauthorizedOperation, Message=[request id:r7]you are not authorized to perform operation (cam:ListUsers)\nresource (qcs::cam::uin/100000000001:uin/100000000002) has no permission\n, RequestId=r7\nnext line\n",
			[]want{{Line: 1, Format: "go-sdk", API: "v3", ErrorCode: "UnauthorizedOperation", ReqID: "r7",
				Message: "[request id:r7]you are not authorized to perform operation (cam:ListUsers)\nresource (qcs::cam::uin/100000000001:uin/100000000002) has no permission\n"}}},
		{"ruby wraps the go form (sdk-ruby issue)", "TencentCloud::Common::TencentCloudSDKException ([TencentCloudSDKError] Code=AuthFailure.SignatureFailure, Message=请求签名验证失败，请检查您的签名计算是否正确。, RequestId=e3be6d37-524b-4f53-a547-a908d032d69a)",
			[]want{{Line: 1, Format: "go-sdk", API: "v3", ErrorCode: "AuthFailure.SignatureFailure", Message: "请求签名验证失败，请检查您的签名计算是否正确。", ReqID: "e3be6d37-524b-4f53-a547-a908d032d69a"}}},
		{"python sdk (formats.md)", "[TencentCloudSDKException] code:AuthFailure.SignatureFailure message:" + sigMsg + " requestId:" + uuid1,
			[]want{{Line: 1, Format: "python-sdk", API: "v3", ErrorCode: "AuthFailure.SignatureFailure", Message: sigMsg, ReqID: uuid1}}},
		{"python sdk None request id (formats.md)", "[TencentCloudSDKException] code:ClientNetworkError message:timeout requestId:None",
			[]want{{Line: 1, Format: "python-sdk", API: "v3", ErrorCode: "ClientNetworkError", Message: "timeout"}}},
		{"python sdk with module path", "tencentcloud.common.exception.tencent_cloud_sdk_exception.TencentCloudSDKException: [TencentCloudSDKException] code:InternalError message:oops requestId:r8",
			[]want{{Line: 1, Format: "python-sdk", API: "v3", ErrorCode: "InternalError", Message: "oops", ReqID: "r8"}}},
		{"python sdk Chinese denial (qcloud-ssl-cdn issue)", "[TencentCloudSDKException] code:AuthFailure.UnauthorizedOperation message:操作未授权，请检查CAM策略。[[request id:57ee59b2-6bca-4500-91ca-7f9488782dcb]system policy not verify] requestId:57ee59b2-6bca-4500-91ca-7f9488782dcb",
			[]want{{Line: 1, Format: "python-sdk", API: "v3", ErrorCode: "AuthFailure.UnauthorizedOperation", ReqID: "57ee59b2-6bca-4500-91ca-7f9488782dcb",
				Message: "操作未授权，请检查CAM策略。[[request id:57ee59b2-6bca-4500-91ca-7f9488782dcb]system policy not verify]"}}},
		{"tccli (formats.md)", tccliOut,
			[]want{{Line: 9, Format: "tccli", API: "v3", ErrorCode: "AuthFailure.SignatureFailure", Message: sigMsg, ReqID: uuid1}}},
		{"java sdk", "[TencentCloudSDKException]code: AuthFailure.SignatureFailure message:bad sig requestId:" + uuid1 + " cause:java.io.IOException",
			[]want{{Line: 1, Format: "java-sdk", API: "v3", ErrorCode: "AuthFailure.SignatureFailure", Message: "bad sig", ReqID: uuid1}}},
		{"old java message:Code-Message (sdk-java issue)", "[TencentCloudSDKException]message:AuthFailure.UnauthorizedOperation-You are not authorized to perform this operation. Check your CAM policies, and ensure that you are using the correct access keys. [[request id:6ecbe97c-fadb-4798-8afa-4e56b9e0f3da]you are not authorized to perform operation (sms:SendSms)\nresource (*) has no permission requestId:6ecbe97c-fadb-4798-8afa-4e56b9e0f3da\n",
			[]want{{Line: 1, Format: "java-sdk", API: "v3", ErrorCode: "AuthFailure.UnauthorizedOperation", ReqID: "6ecbe97c-fadb-4798-8afa-4e56b9e0f3da",
				Message: "You are not authorized to perform this operation. Check your CAM policies, and ensure that you are using the correct access keys. [[request id:6ecbe97c-fadb-4798-8afa-4e56b9e0f3da]you are not authorized to perform operation (sms:SendSms)\nresource (*) has no permission"}}},
		{"node console.log", nodeOut,
			[]want{{Line: 1, Format: "node-sdk", API: "v3", ErrorCode: "AuthFailure.SignatureFailure", Message: "The provided credentials could not be validated.", ReqID: uuid1}}},
		{"node toString", "[TencentCloudSDKException]message:rate limited  requestId:r9  traceId:t1",
			[]want{{Line: 1, Format: "node-sdk", API: "v3", Message: "rate limited", ReqID: "r9"}}},
		{"dotnet", "requestId: r10 TencentCloud.Common.TencentCloudSDKException: code:AuthFailure.SignatureFailure message:bad sig \n   at TencentCloud.Common.AbstractClient.InternalRequest()",
			[]want{{Line: 1, Format: "dotnet-sdk", API: "v3", ErrorCode: "AuthFailure.SignatureFailure", Message: "bad sig", ReqID: "r10"}}},
		{"other wrapper code:X message:Y (old terraform provider)", "* tencentcloud_instance.default: tencentcloud_instance got error, code:InternalError, message:The order system is abnormal. Please try again later.",
			[]want{{Line: 1, Format: "sdk-other", ErrorCode: "InternalError", Message: "The order system is abnormal. Please try again later."}}},
		{"other wrapper Code: X, Message: Y", "ERROR call failed Code: ResourceNotFound, Message: instance ins-1 not found, RequestId: r11",
			[]want{{Line: 1, Format: "sdk-other", ErrorCode: "ResourceNotFound", Message: "instance ins-1 not found", ReqID: "r11"}}},
		{"terraform (provider issue)", tfError,
			[]want{{Line: 1, Format: "terraform", API: "v3", ErrorCode: "InvalidParameterValue.SubnetIdMalformed", ReqID: "78a4fda3-3cb7-43e2-b4f3-df38832e5d2f",
				Message: "The specified subnet ID `tencentcloud_subnet.sunbetdemo30` is malformed."}}},
		{"known code in free text (zotero issue)", "Service error: AuthFailure.SignatureFailure:请求签名验证失败，请检查您的签名计算是否正确。",
			[]want{{Line: 1, Format: "text", ErrorCode: "AuthFailure.SignatureFailure", Message: "请求签名验证失败，请检查您的签名计算是否正确。"}}},
		{"dotted code under a known parent in free text", "retry gave up: InvalidParameterValue.InvalidDNSName (bad name)",
			[]want{{Line: 1, Format: "text", ErrorCode: "InvalidParameterValue.InvalidDNSName", Message: "(bad name)"}}},
		{"denial without code (CloudBase issue)", "[DescribeStaticStore] You are not authorized to perform this operation. Check your CAM policies, and ensure that you are using the correct access keys. [[request id:5f5d433e-74b5-43b3-8ae9-5d86f2753bbf]you are not authorized to perform operation (tcb:DescribeStaticStore)\nresource (qcs::tcb:ap-shanghai::env/cloud1-0gujv66edcf0591c) has no permission\n]\n",
			[]want{{Line: 1, Format: "cam-denial", ReqID: "5f5d433e-74b5-43b3-8ae9-5d86f2753bbf",
				Message: "[DescribeStaticStore] You are not authorized to perform this operation. Check your CAM policies, and ensure that you are using the correct access keys. [[request id:5f5d433e-74b5-43b3-8ae9-5d86f2753bbf]you are not authorized to perform operation (tcb:DescribeStaticStore)\nresource (qcs::tcb:ap-shanghai::env/cloud1-0gujv66edcf0591c) has no permission\n]"}}},
		{"denial, capitalised", "Permission denied: operation (cvm:DescribeInstances) resource (*)",
			[]want{{Line: 1, Format: "cam-denial", Message: "Permission denied: operation (cvm:DescribeInstances) resource (*)"}}},
		{"denial, policy not verify", "ERROR: system policy not verify, operation (cos:GetObject) resource (qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*)",
			[]want{{Line: 1, Format: "cam-denial", Message: "ERROR: system policy not verify, operation (cos:GetObject) resource (qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*)"}}},
		{"denial, 无权访问", "请求失败：无权访问 operation (cos:GetObject)",
			[]want{{Line: 1, Format: "cam-denial", Message: "请求失败：无权访问 operation (cos:GetObject)"}}},
		{"plain text finds nothing", "2024-05-01 INFO server started on :8080 (pid 42)\nGET /healthz 200 1ms\n{\"level\":\"info\",\"msg\":\"ok\"}\n", nil},
		{"json that is no response", `{"code":200,"message":"ok"}` + "\n" + `{"Response":{"TotalCount":3}}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, _ := scanString(t, tt.in, Options{})
			if len(fs) != len(tt.want) {
				t.Fatalf("found %d, want %d:\n%v", len(fs), len(tt.want), dump(fs))
			}
			for i, f := range fs {
				if g := got(f); g != tt.want[i] {
					t.Errorf("finding %d\n got %+v\nwant %+v", i, g, tt.want[i])
				}
				if f.Source != "test.log" {
					t.Errorf("Source = %q", f.Source)
				}
			}
		})
	}
}

func dump(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		j, _ := json.Marshal(f)
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestTerraformNote(t *testing.T) {
	fs, _ := scanString(t, tfError, Options{})
	if len(fs) != 1 {
		t.Fatal(dump(fs))
	}
	want := `Terraform: on main.tf line 84, in resource "tencentcloud_instance" "my_cvm_app"`
	if n := fs[0].Diagnosis.Notes; len(n) != 1 || n[0] != want {
		t.Errorf("notes %q, want %q", n, want)
	}
}

func TestModuleCode(t *testing.T) {
	for msg, want := range map[string]string{
		"(100006)policy name in use": "100006", " (60016) send token": "60016", "(abc)x": "", "no code": "",
		"(1234567890123)too long": "", "()": "",
	} {
		if got := moduleCode(msg); got != want {
			t.Errorf("moduleCode(%q) = %q, want %q", msg, got, want)
		}
	}
	fs, _ := scanString(t, `{"code":4000,"message":"(100006)policy name in use","codeDesc":"InvalidParameter.policyName.InUse"}`, Options{})
	if len(fs) != 1 || fs[0].Diagnosis.ModuleCode != "100006" {
		t.Errorf("moduleCode not reported: %s", dump(fs))
	}
}

// TestMultiResponse checks many responses in one input, each at its own line, in order.
func TestMultiResponse(t *testing.T) {
	in := strings.Join([]string{
		"starting", // 1
		`{"Response":{"Error":{"Code":"InternalError","Message":"a"},"RequestId":"1"}}`, // 2
		"",  // 3
		"{", // 4: a pretty-printed body
		`  "code": 4000,`,
		`  "message": "(100004)Incorrect projectId",`,
		`  "codeDesc": "InvalidParameter"`,
		"}",
		"[TencentCloudSDKError] Code=ResourceNotFound, Message=gone, RequestId=2",                    // 9
		`{"Response":{"TotalCount":0,"RequestId":"3"}} {"code":0,"codeDesc":"Success","message":""}`, // 10: two on a line
		"[TencentCloudSDKException] code:InternalError message:boom requestId:4",                     // 11
		"Service error: RequestLimitExceeded: slow down",                                             // 12
		"done",
	}, "\n")
	fs, st := scanString(t, in, Options{})
	wantLines := []int{2, 4, 9, 10, 10, 11, 12}
	if len(fs) != len(wantLines) {
		t.Fatalf("found %d:\n%s", len(fs), dump(fs))
	}
	for i, f := range fs {
		if f.Line != wantLines[i] {
			t.Errorf("finding %d at line %d, want %d", i, f.Line, wantLines[i])
		}
	}
	if st.Lines != 13 || st.Responses != 7 || st.Errors != 5 {
		t.Errorf("stats %+v", st)
	}
}

// TestPrettyPrinted covers bodies spread over lines: odd spacing, Python's pprint, bodies nested
// in bigger documents and arrays, CRLF line ends, and what must not be taken for one.
func TestPrettyPrinted(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []want
	}{
		{"odd spacing", "log line\n{ \"Response\"\n  :\n  {\"Error\" : { \"Code\"  :  \"InternalError\" ,\n\"Message\":\"m\"} ,\n \"RequestId\" : \"r\" }\n}\ntail\n",
			[]want{{Line: 2, Format: "v3-json", API: "v3", ErrorCode: "InternalError", Message: "m", ReqID: "r"}}},
		{"pprint of a python dict", "{'code': 4102,\n 'codeDesc': 'SecretidNotAuthAccessResource',\n 'message': 'denied'}\n",
			[]want{{Line: 1, Format: "v2-python", API: "v2", Code: "4102", CodeDesc: "SecretidNotAuthAccessResource", Message: "denied"}}},
		{"nested in a structured log", "{\n  \"level\": \"error\",\n  \"resp\": {\n    \"Response\": {\n      \"Error\": {\"Code\": \"InternalError\", \"Message\": \"m\"},\n      \"RequestId\": \"r\"\n    }\n  }\n}\n",
			[]want{{Line: 3, Format: "v3-json", API: "v3", ErrorCode: "InternalError", Message: "m", ReqID: "r"}}},
		{"array of one-line bodies", "[\n  {\"Response\": {\"Error\": {\"Code\": \"InternalError\", \"Message\": \"a\"}, \"RequestId\": \"1\"}},\n  {\"Response\": {\"RequestId\": \"2\"}}\n]\n",
			[]want{{Line: 2, Format: "v3-json", API: "v3", ErrorCode: "InternalError", Message: "a", ReqID: "1"},
				{Line: 3, Format: "v3-json", API: "v3", OK: true, ReqID: "2"}}},
		{"CRLF", "{\r\n  \"Response\": {\r\n    \"RequestId\": \"r\"\r\n  }\r\n}\r\n",
			[]want{{Line: 1, Format: "v3-json", API: "v3", OK: true, ReqID: "r"}}},
		{"two bodies back to back", "{\n\"code\": 4000, \"message\": \"a\", \"codeDesc\": \"InvalidParameter\"\n}\n{\n\"code\": 0, \"message\": \"\", \"codeDesc\": \"Success\"\n}\n",
			[]want{{Line: 1, Format: "v2-json", API: "v2", Code: "4000", CodeDesc: "InvalidParameter", Message: "a"},
				{Line: 4, Format: "v2-json", API: "v2", Code: "0", CodeDesc: "Success", OK: true}}},
		{"code block is not JSON, its error line still counts", "func main() {\n\tfmt.Println(\"Service error: InternalError\")\n}\n",
			[]want{{Line: 2, Format: "text", ErrorCode: "InternalError"}}},
		{"truncated body: the known code is still found", "{\n  \"Response\": {\n    \"Error\": {\n      \"Code\": \"AuthFailure.SignatureExpire\",\n",
			[]want{{Line: 4, Format: "text", ErrorCode: "AuthFailure.SignatureExpire"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, _ := scanString(t, tt.in, Options{})
			if len(fs) != len(tt.want) {
				t.Fatalf("found %d, want %d:\n%s", len(fs), len(tt.want), dump(fs))
			}
			for i, f := range fs {
				if g := got(f); g != tt.want[i] {
					t.Errorf("finding %d\n got %+v\nwant %+v", i, g, tt.want[i])
				}
			}
		})
	}
}

// TestDenial checks CAM denial extraction in every spelling: English, Chinese, escaped, split.
func TestDenial(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		actions   []string
		resources []string
		note      string
	}{
		{"english (issue example)", "Service error: UnauthorizedOperation: you are not authorized to perform operation (cvm:StopInstances) resource (qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc) has no permission",
			[]string{"cvm:StopInstances"}, []string{"qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc"}, ""},
		{"split over lines", "[TencentCloudSDKError] Code=UnauthorizedOperation, Message=you are not authorized to perform operation (cvm:StopInstances)\nresource (qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc) has no permission\n",
			[]string{"cvm:StopInstances"}, []string{"qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc"}, ""},
		{"escaped newline and slashes in JSON", `{"Response":{"Error":{"Code":"UnauthorizedOperation","Message":"you are not authorized to perform operation (cvm:StopInstances)\nresource (qcs::cvm:ap-guangzhou:uin\/100000000001:instance\/ins-abc) has no permission"},"RequestId":"r"}}`,
			[]string{"cvm:StopInstances"}, []string{"qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc"}, ""},
		{"escapes left raw in a log", `denied: you are not authorized to perform operation (cvm:StopInstances)\nresource (qcs::cvm:ap-guangzhou:uin\/100000000001:instance\/ins-abc) has no permission`,
			[]string{"cvm:StopInstances"}, []string{"qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc"}, ""},
		{"resource star", `{'code': 4102, 'message': '[request id:XXX]you are not authorized to perform operation (cns:RecordList)\nresource (*) has no permission\n', 'codeDesc': 'SecretidNotAuthAccessResource'}`,
			[]string{"cns:RecordList"}, []string{"*"}, ""},
		{"cam resource with colons (README)", "UnauthorizedOperation: not authorized: operation (cam:ListUsers) resource (qcs::cam::uin/100000000001:uin/100000000002)",
			[]string{"cam:ListUsers"}, []string{"qcs::cam::uin/100000000001:uin/100000000002"}, ""},
		// Chinese forms: the console and SDK translations put the same facts in full-width brackets.
		{"chinese, full-width brackets", "[TencentCloudSDKError] Code=UnauthorizedOperation, Message=您没有权限执行操作（cvm:StopInstances），资源（qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc）, RequestId=r",
			[]string{"cvm:StopInstances"}, []string{"qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc"}, ""},
		{"chinese, no code", "调用失败：未授权操作 (cos:PutObject) 资源: (qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/a.txt)",
			[]string{"cos:PutObject"}, []string{"qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/a.txt"}, ""},
		{"no action: system policy not verify", "[TencentCloudSDKException] code:AuthFailure.UnauthorizedOperation message:操作未授权，请检查CAM策略。[[request id:57ee59b2-6bca-4500-91ca-7f9488782dcb]system policy not verify] requestId:57ee59b2-6bca-4500-91ca-7f9488782dcb",
			nil, nil, "the message names no action (system policy not verify)"},
		{"two denials in one message", "[TencentCloudSDKError] Code=UnauthorizedOperation, Message=not authorized: operation (cvm:StopInstances) resource (qcs::cvm:ap-guangzhou:uin/1:instance/ins-a) and operation (cvm:StartInstances) resource (qcs::cvm:ap-guangzhou:uin/1:instance/ins-b) has no permission, RequestId=r",
			[]string{"cvm:StopInstances", "cvm:StartInstances"}, []string{"qcs::cvm:ap-guangzhou:uin/1:instance/ins-a", "qcs::cvm:ap-guangzhou:uin/1:instance/ins-b"}, ""},
		{"action without resource", "UnauthorizedOperation: you are not authorized to perform operation (sts:AssumeRole)",
			[]string{"sts:AssumeRole"}, nil, `the message names no resource; the suggested policy uses "*"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, _ := scanString(t, tt.in, Options{})
			if len(fs) != 1 {
				t.Fatalf("found %d:\n%s", len(fs), dump(fs))
			}
			d := fs[0].Diagnosis
			if !equalStrings(d.Actions, tt.actions) || !equalStrings(d.Resources, tt.resources) {
				t.Errorf("actions %q resources %q, want %q %q", d.Actions, d.Resources, tt.actions, tt.resources)
			}
			if (d.Policy.JSON() != "") != (len(tt.actions) > 0) {
				t.Errorf("suggested policy %q", d.Policy.JSON())
			}
			if tt.note != "" && !contains(d.Notes, tt.note) {
				t.Errorf("notes %q lack %q", d.Notes, tt.note)
			}
		})
	}
	// Pairs stay pairs: the policy grants each action only on its own resource.
	fs, _ := scanString(t, tests[9].in, Options{})
	want := `{"version":"2.0","statement":[{"effect":"allow","action":["cvm:StopInstances"],"resource":["qcs::cvm:ap-guangzhou:uin/1:instance/ins-a"]},{"effect":"allow","action":["cvm:StartInstances"],"resource":["qcs::cvm:ap-guangzhou:uin/1:instance/ins-b"]}]}`
	if p := fs[0].Diagnosis.Policy.JSON(); p != want {
		t.Errorf("policy\n got %s\nwant %s", p, want)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// TestOneResponseOnce: a line printing both the raw body and the SDK error of one request, or an
// SDK error whose message carries the body, is one response.
func TestOneResponseOnce(t *testing.T) {
	for _, in := range []string{
		`resp={"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r1"}} err=[TencentCloudSDKError] Code=InternalError, Message=m, RequestId=r1`,
		`[TencentCloudSDKError] Code=ClientError.HttpStatusCodeError, Message=status 500, body {"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r1"}}`,
		`{"Response":{"Error":{"Code":"InternalError","Message":"[TencentCloudSDKError] Code=InternalError, Message=m"},"RequestId":"r1"}}`,
		`Service error: InternalError: see {"Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r1"}}`,
	} {
		fs, _ := scanString(t, in, Options{})
		if len(fs) != 1 {
			t.Errorf("%s\nfound %d:\n%s", in, len(fs), dump(fs))
		}
	}
}

func TestCodesOnly(t *testing.T) {
	in := `{"code":4000,"message":"(100004)x","codeDesc":"InvalidParameter","requestId":1}` + "\n" +
		"[TencentCloudSDKError] Code=UnauthorizedOperation, Message=not authorized (cvm:X), RequestId=r\n"
	fs, _ := scanString(t, in, Options{CodesOnly: true})
	if len(fs) != 2 || fs[0].Code != "4000" || fs[0].CodeDesc != "InvalidParameter" || fs[1].ErrorCode != "UnauthorizedOperation" {
		t.Fatalf("codes lost:\n%s", dump(fs))
	}
	for _, f := range fs {
		if f.Message != "" || f.RequestID != "" || len(f.Diagnosis.Actions) > 0 || f.Diagnosis.ModuleCode != "" {
			t.Errorf("CodesOnly kept %+v", f)
		}
	}
}

// TestReadSizes: results never depend on how the input arrives.
func TestReadSizes(t *testing.T) {
	in := strings.Join([]string{tfError, tccliOut, nodeOut, "{\n\"code\": 4000, \"message\": \"a\", \"codeDesc\": \"X\"\n}",
		"[TencentCloudSDKError] Code=UnauthorizedOperation, Message=you are not authorized to perform operation (a:B)\nresource (*) has no permission\n, RequestId=r"}, "\n")
	want, _ := scanString(t, in, Options{})
	var got []Finding
	if _, err := Scan(iotest.OneByteReader(strings.NewReader(in)), Options{Source: "test.log", KnownCode: knownCode}, func(f Finding) error {
		got = append(got, f)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if dump(got) != dump(want) {
		t.Errorf("one byte at a time:\n%s\nall at once:\n%s", dump(got), dump(want))
	}
}

func TestEmitError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	_, err := Scan(strings.NewReader(strings.Repeat(`{"code":0,"message":"","codeDesc":"Success"}`+"\n", 10)), Options{}, func(Finding) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("err %v after %d findings", err, n)
	}
}

func TestReadError(t *testing.T) {
	bad := errors.New("disk on fire")
	_, err := Scan(io.MultiReader(strings.NewReader("ok\n"), iotest.ErrReader(bad)), Options{}, func(Finding) error { return nil })
	if err != bad {
		t.Errorf("err = %v", err)
	}
}

// TestDiagnosisCache: a repeated denial is diagnosed once, but each finding owns its slices.
func TestDiagnosisCache(t *testing.T) {
	line := "[TencentCloudSDKError] Code=UnauthorizedOperation, Message=not authorized: operation (cvm:StopInstances) resource (qcs::cvm:ap-guangzhou:uin/1:instance/ins-a), RequestId=r\n"
	fs, _ := scanString(t, line+line+line, Options{})
	if len(fs) != 3 {
		t.Fatal(dump(fs))
	}
	fs[0].Diagnosis.Actions[0] = "changed"
	for _, f := range fs[1:] {
		if f.Diagnosis.Actions[0] != "cvm:StopInstances" || f.Diagnosis.Policy.JSON() != fs[0].Diagnosis.Policy.JSON() {
			t.Errorf("shared or different diagnosis: %+v", f.Diagnosis)
		}
	}
}

// TestSettleAPI: the caller's decision on an open Go SDK finding, and nothing else is touched.
func TestSettleAPI(t *testing.T) {
	open := Finding{Format: "go-sdk", ErrorCode: "MFACheckFailed"}
	v2 := open
	v2.SettleAPI("v2")
	if v2.API != "v2" || v2.CodeDesc != "MFACheckFailed" || v2.ErrorCode != "" || len(v2.Diagnosis.Notes) != 1 {
		t.Errorf("settled as v2: %+v", v2)
	}
	v3 := open
	v3.SettleAPI("v3")
	if v3.API != "v3" || v3.ErrorCode != "MFACheckFailed" || len(v3.Diagnosis.Notes) != 0 {
		t.Errorf("settled as v3: %+v", v3)
	}
	unknown := open
	unknown.SettleAPI("")
	if unknown.API != "" || !unknown.Open() {
		t.Errorf("settled with nothing: %+v", unknown)
	}
	text := Finding{Format: "text", ErrorCode: "MFACheckFailed"}
	text.SettleAPI("v2")
	if text.API != "" || text.CodeDesc != "" {
		t.Errorf("a text finding was settled: %+v", text)
	}
}

// TestCause: an error wrapped in another's message is its cause; the same error printed twice
// is not.
func TestCause(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     *Cause
	}{
		{"go sdk inside go sdk", "[TencentCloudSDKError] Code=FailedOperation.CreateInstance, Message=create failed: [TencentCloudSDKError] Code=InvalidParameterValue.Zone, Message=bad zone, RequestId=inner-1, RequestId=outer-1",
			&Cause{Format: "go-sdk", API: "v3", ErrorCode: "InvalidParameterValue.Zone", Message: "bad zone", RequestID: "inner-1"}},
		{"code and message inside", "[TencentCloudSDKError] Code=FailedOperation, Message=upstream said Code=InvalidParameterValue.InvalidDNSName, Message=bad name, RequestId=outer-2",
			&Cause{Format: "sdk-other", ErrorCode: "InvalidParameterValue.InvalidDNSName", Message: "bad name"}},
		{"a body inside a body", `{"Response":{"Error":{"Code":"FailedOperation","Message":"backend: {\"Response\":{\"Error\":{\"Code\":\"ResourceNotFound\",\"Message\":\"gone\"},\"RequestId\":\"in-3\"}}"},"RequestId":"out-3"}}`,
			&Cause{Format: "v3-json", API: "v3", ErrorCode: "ResourceNotFound", Message: "gone", RequestID: "in-3"}},
		{"the same error twice is one", `{"Response":{"Error":{"Code":"InternalError","Message":"[TencentCloudSDKError] Code=InternalError, Message=m"},"RequestId":"r1"}}`, nil},
		{"no error inside", "[TencentCloudSDKError] Code=FailedOperation, Message=the code: it broke, RequestId=r", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs, _ := scanString(t, tc.in, Options{})
			if len(fs) != 1 {
				t.Fatalf("%d findings: %s", len(fs), dump(fs))
			}
			if got := fs[0].Cause; (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
				t.Errorf("cause %+v, want %+v", got, tc.want)
			}
			if fs, _ := scanString(t, tc.in, Options{CodesOnly: true}); fs[0].Cause != nil {
				t.Errorf("a summary's finding has a cause")
			}
		})
	}
}
