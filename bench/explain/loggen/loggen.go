// Package loggen writes the deterministic benchmark log for `camerr explain`: JSON Lines mixing
// API 2.0 and 3.0 error and success bodies with plain and structured (JSON) log lines.
//
// The same size and seed always give the same bytes. Every response is a top-level JSON object
// on its own line, so `jq -R 'fromjson?'` sees exactly the responses camerr should find, and no
// plain line names a catalog code, so the per-code counts of both tools must agree.
package loggen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
)

// API 3.0 codes (common, CAM, STS, SDK client) drawn for error bodies.
var v3Codes = []string{
	"AuthFailure.SignatureFailure", "AuthFailure.SignatureExpire", "AuthFailure.SecretIdNotFound",
	"AuthFailure.UnauthorizedOperation", "AuthFailure.TokenFailure", "InternalError",
	"InvalidParameter", "InvalidParameterValue", "InvalidParameterValue.InvalidDNSName",
	"LimitExceeded", "MissingParameter", "RequestLimitExceeded", "ResourceNotFound",
	"ResourceUnavailable", "UnauthorizedOperation", "UnsupportedOperation", "FailedOperation",
	"InvalidParameter.PolicyDocumentError", "FailedOperation.PolicyNameInUse",
	"InvalidParameter.OverTimeError", "ResourceNotFound.RoleNotExist",
}

// API 2.0 (code, codeDesc) pairs.
var v2Codes = []struct {
	code int
	desc string
}{
	{4000, "InvalidParameter"}, {4000, "InvalidParameter.policyName.InUse"},
	{4000, "MissingParameter.statement"}, {4000, "SendTokenError"}, {4106, "MFACheckFailed"},
	{4100, "AuthFailure"}, {4102, "SecretidNotAuthAccessResource"}, {5100, "InternalError"},
	{4400, "RequestLimitExceeded"}, {4000, "InvalidParameter.resource.Error"},
}

var messages = []string{
	"The provided credentials could not be validated. Please check your signature is correct.",
	"The request is missing a required parameter `Region`.",
	"请求签名验证失败，请检查您的签名计算是否正确。",
	"Request limit exceeded, please retry later.",
	"[request id:6ecbe97c-fadb-4798-8afa-4e56b9e0f3da]you are not authorized to perform operation (cvm:StopInstances)\\nresource (qcs::cvm:ap-guangzhou:uin/100000000001:instance/ins-abc) has no permission\\n",
	"The specified parameter value is invalid: \\\"ins-0000\\\" does not exist.",
}

var v2Messages = []string{
	"(100004)Incorrect projectId", "(60006)MFA Invalid", "(60016) send token code too frequently",
	"(100006)policy name already in use", "[request id:XXX]you are not authorized to perform operation (cns:RecordList)\\nresource (*) has no permission\\n",
}

// Plain log templates; each takes a timestamp and five integers.
var plain = []string{
	"%s INFO  [worker-%d] GET /v1/items/%d 200 %d.%dms bytes=%d",
	"%s DEBUG [worker-%d] cache hit key=user:%d ttl=%ds size=%d hits=%d",
	"%s WARN  [worker-%d] slow query on table orders took %dms (rows=%d, plan=%d, shard=%d)",
	"%s INFO  [worker-%d] UserService.Load finished user=%d items=%d shard=%d gen=%d",
	"%s INFO  [worker-%d] HttpClient POST https://cvm.tencentcloudapi.com/ attempt=%d status=%d bytes=%d conn=%d",
	"%s ERROR [worker-%d] upstream timeout after %dms; retry %d of %d scheduled (queue=%d)",
}

// Write writes about size bytes of log to out: whole lines, stopping at the first line that
// reaches size.
func Write(out io.Writer, size int64, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	w := bufio.NewWriterSize(out, 1<<20)
	var n int64
	for line := 0; n < size; line++ {
		ts := fmt.Sprintf("2025-03-%02dT%02d:%02d:%02d.%03dZ", 1+line/8_640_000%28, line/360_000%24, line/6000%60, line/100%60, line%1000)
		var s string
		switch k := r.IntN(100); {
		case k < 45:
			s = fmt.Sprintf(plain[r.IntN(len(plain))], ts, r.IntN(16), r.IntN(100000), r.IntN(300), r.IntN(10), r.IntN(100000))
		case k < 60:
			s = fmt.Sprintf(`{"ts":%q,"level":"info","msg":"request served","path":"/v1/orders/%d","status":200,"latency_ms":%d,"trace":"%016x"}`,
				ts, r.IntN(100000), r.IntN(500), r.Uint64())
		case k < 75:
			s = fmt.Sprintf(`{"Response":{"Error":{"Code":%q,"Message":"%s"},"RequestId":"%s"}}`,
				v3Codes[r.IntN(len(v3Codes))], messages[r.IntN(len(messages))], uuid(r))
		case k < 85:
			s = fmt.Sprintf(`{"Response":{"TotalCount":%d,"InstanceStatusSet":[],"RequestId":"%s"}}`, r.IntN(10), uuid(r))
		case k < 95:
			c := v2Codes[r.IntN(len(v2Codes))]
			s = fmt.Sprintf(`{"code":%d,"message":"%s","codeDesc":%q,"data":[],"requestId":%d}`,
				c.code, v2Messages[r.IntN(len(v2Messages))], c.desc, r.IntN(1000000))
		default:
			s = `{"code":0,"message":"","codeDesc":"Success","data":{}}`
		}
		m, err := w.WriteString(s)
		if err != nil {
			return err
		}
		w.WriteByte('\n')
		n += int64(m) + 1
	}
	return w.Flush()
}

func uuid(r *rand.Rand) string {
	a, b := r.Uint64(), r.Uint64()
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, a>>16&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}

// humps are the pieces WriteWords builds its CamelCase words from: names of the kind a log is
// full of (InstanceZoneFailover1234) that are no code of the catalog.
var humps = []string{"Inst", "Ance", "Zone", "Fail", "Over", "Net", "Auth", "Bucket", "Load", "Bal",
	"Cert", "Disk", "Snap", "Shot", "Quota", "Limit", "Policy", "Role", "Key", "Node"}

// WriteWords writes about size bytes of plain log lines, each holding eight distinct CamelCase
// words: the input where every word is a new question for the catalog (is this a code?), to
// compare its cost per MB with Write's.
func WriteWords(out io.Writer, size int64, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 2))
	w := bufio.NewWriterSize(out, 64<<10)
	var n int64
	for n < size {
		line := "2026-12-01T00:00:00Z INFO handler"
		for range 8 {
			line += " "
			for range 2 + r.IntN(3) {
				line += humps[r.IntN(len(humps))]
			}
			line += fmt.Sprint(r.IntN(100000))
		}
		line += " done\n"
		k, err := io.WriteString(w, line)
		if err != nil {
			return err
		}
		n += int64(k)
	}
	return w.Flush()
}
