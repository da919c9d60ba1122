package diagnose

import (
	"bytes"
	"strings"
	"testing"
	"testing/iotest"
)

// Seeds shared by the fuzz targets; more live in testdata/fuzz.
var fuzzSeeds = []string{
	`{"code": 4106, "message": "(60006)MFA Invalid", "codeDesc": "MFACheckFailed", "data": []}`,
	"{\n    \"code\": 4000,\n    \"message\": \"(100004)Incorrect projectId\",\n}\n",
	`{"code": "5100", "message": "(100004)projectId不正确"}`,
	`{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"m"},"RequestId":"r"}}`,
	`{"Response": {"TotalCount": 0, "InstanceStatusSet": [], "RequestId": "b5b41468"}}`,
	`x="{\"Response\":{\"Error\":{\"Code\":\"InternalError\",\"Message\":\"a\/b\"},\"RequestId\":\"r\"}}"`,
	`{'code': 4102, 'message': '[request id:XXX]you are not authorized to perform operation (cns:RecordList)\nresource (*) has no permission\n', 'codeDesc': 'SecretidNotAuthAccessResource'}`,
	"[TencentCloudSDKError] Code=AuthFailure.SignatureFailure, Message=a, b, RequestId=r\n",
	"[TencentCloudSDKError] Code=UnauthorizedOperation, Message=you are not authorized to perform operation (cvm:StopInstances)\nresource (qcs::cvm:ap-guangzhou:uin/1:instance/ins-abc) has no permission\n, RequestId=r\n",
	"[TencentCloudSDKException] code:ClientNetworkError message:timeout requestId:None\n",
	"[TencentCloudSDKException]code: X message:y requestId:z cause:c\n",
	"[TencentCloudSDKException]message:AuthFailure.UnauthorizedOperation-You are not authorized requestId:r\n",
	"[TencentCloudSDKException]message:m  requestId:r  traceId:t\n",
	tccliOut, nodeOut, tfError,
	"requestId: r TencentCloud.Common.TencentCloudSDKException: code:X message:y \n",
	"got error, code:InternalError, message:The order system is abnormal.\n",
	"Service error: AuthFailure.SignatureFailure:请求签名验证失败\n",
	"您没有权限执行操作（cvm:StopInstances），资源（qcs::cvm:ap-guangzhou:uin/1:instance/ins-abc）\n",
	"{\n  \"level\": \"error\",\n  \"resp\": {\n    \"Response\": {\n      \"RequestId\": \"r\"\n    }\n  }\n}\n",
	"[\n{\"a\":\n[\n'x',\n]\n}\n]\n",
	"\xef\xbb\xbf\xff\xfe\x00{\"code\":0}\r\n",
	// Layouts of real pastes.
	"Code: ResourceUnavailable.InstanceType\nMessage: sold out\nRequestId: r-1\n",
	"UserInfo={\n    Code = \"AuthFailure.SignatureFailure\";\n    Message = \"m\";\n    RequestId = \"r\";\n}\n",
	"{ code: 4000, message: '(100006)x', codeDesc: 'InvalidParameter.policyName.InUse' }",
	"{\n  code: 4000,\n  message: 'x',\n  codeDesc: 'InvalidParameter',\n  requestId: undefined\n}\n",
	"[TencentCloudSDKError] Code=InternalError, Message=boom, RequestId=\ned93f3cb-f35e-473f-b9f3-0d451b8b79c6\n",
	"I get **InternalError**. RequestId: `ed93f3cb`.",
	"code：InternalError，message：售罄，requestId：ed93f3cb",
	// Errors wrapped in another's message.
	"[TencentCloudSDKError] Code=FailedOperation.X, Message=failed: [TencentCloudSDKError] Code=InvalidParameterValue.Y, Message=bad, RequestId=i, RequestId=o\n",
	`{"Response":{"Error":{"Code":"FailedOperation","Message":"backend: {\"Response\":{\"Error\":{\"Code\":\"ResourceNotFound\",\"Message\":\"gone\"},\"RequestId\":\"in\"}}"},"RequestId":"out"}}`,
	// Lines that name the product near an error.
	"POST https://cvm.ap-guangzhou.tencentcloudapi.com/\n[TencentCloudSDKError] Code=InternalError, Message=m, RequestId=[REDACTED]\n",
	"$ tccli cdn PurgeUrlsCache\n[TencentCloudSDKException] code:InternalError message:m requestId:r\n",
	"[TencentCloudSDKException]code: InternalError message:m requestId:r\n\tat com.tencentcloudapi.tmt.v20180321.TmtClient.X(TmtClient.java:1)\n",
	`{"Action":"RunInstances","Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}`,
	"TencentCloud\\Dnspod\\V20210323\\DnspodClient tencentcloud_instance.web tencentcloud/",
}

// FuzzScan checks, for any input: no panic, the invariants of checkFindings, and that results
// do not depend on read sizes.
func FuzzScan(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), uint16(0), false)
		f.Add([]byte(s), uint16(40), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, maxRecord uint16, codesOnly bool) {
		opts := Options{Source: "fuzz", KnownCode: knownCode, MaxRecord: int(maxRecord), CodesOnly: codesOnly}
		var a, b []Finding
		sa, errA := Scan(bytes.NewReader(data), opts, func(f Finding) error { a = append(a, f); return nil })
		sb, errB := Scan(iotest.OneByteReader(bytes.NewReader(data)), opts, func(f Finding) error { b = append(b, f); return nil })
		if (errA == nil) != (errB == nil) || sa != sb {
			t.Fatalf("read sizes change the outcome: %v %+v / %v %+v", errA, sa, errB, sb)
		}
		if errA != nil {
			if errA != ErrBinary || len(a) > 0 {
				t.Fatalf("error %v after %d findings", errA, len(a))
			}
			return
		}
		checkFindings(t, a, sa)
		if dump(a) != dump(b) {
			t.Fatalf("read sizes change the findings:\n%s\n---\n%s", dump(a), dump(b))
		}
		if sa.Bytes != int64(len(data)) {
			t.Fatalf("Bytes %d, input %d", sa.Bytes, len(data))
		}
	})
}

// FuzzParseBody drives the JSON reader directly; jsonTrigger must let through every one-line
// response it reads.
func FuzzParseBody(f *testing.F) {
	for _, s := range fuzzSeeds {
		if i := strings.IndexByte(s, '{'); i >= 0 {
			f.Add([]byte(s[i:]), false)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, multiline bool) {
		if len(data) == 0 || data[0] != '{' {
			return
		}
		p := jparser{b: data, work: 1 << 20, multiline: multiline}
		var bd body
		ok := p.parseBody(&bd)
		if p.i < 0 || p.i > len(data) {
			t.Fatalf("position %d outside %d", p.i, len(data))
		}
		kind, _ := bd.classify(data)
		if !ok {
			return
		}
		for _, v := range []val{bd.code, bd.message, bd.codeDesc, bd.requestID, bd.respErr.code, bd.respErr.message,
			bd.respReqID, bd.topErr.code, bd.topErr.message, bd.topReqID} {
			if v.kind != 0 && (v.start < 0 || v.end > len(data) || v.start > v.end) {
				t.Fatalf("value span %+v outside %d", v, len(data))
			}
		}
		if kind != notResponse && bytes.IndexByte(data, '\n') < 0 && jsonTrigger(data) != 1 {
			t.Fatalf("jsonTrigger passes over a response: %q", data)
		}
		s := &scanner{opts: Options{Source: "fuzz"}}
		if kind != notResponse {
			var f Finding
			s.bodyFinding(&f, data, &bd, kind, 0)
			checkFindings(t, []Finding{{Line: 1, Format: f.Format, OK: f.OK, Message: f.Message, Diagnosis: f.Diagnosis}},
				Stats{Lines: 1, Responses: 1, Errors: map[bool]int{true: 0, false: 1}[f.OK]})
		}
	})
}

// FuzzLineFlags compares both passes of lineFlagsIn with a plain loop: the word-at-a-time one
// (given the line alone) and the vector one where the CPU has it (given bytes after the line,
// which must not count, then the line again so a piece may start in it and end past it). The
// exact flags and the first hump must agree; the prefilter flags may only add to the exact
// ones.
func FuzzLineFlags(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte("aBcD user_id zZ { é"))
	f.Add([]byte("0123456789abcdef0123456789abcdeaB<qcloud x-cos Cos fail [code S3: Tra rmi riz y n ssa SDK"))
	f.Fuzz(func(t *testing.T, b []byte) {
		want, wantFirst, wantLast := 0, -1, 0
		for i, c := range b {
			switch {
			case c >= 0x80:
				want |= fHigh
			case c == '{':
				want |= fBrace
			case c == 'z':
				want |= fZ
			}
			if i > 0 && c >= 'A' && c <= 'Z' && b[i-1] >= 'a' && b[i-1] <= 'z' {
				want |= fHump
				if wantFirst < 0 {
					wantFirst = i
				}
				wantLast = i + 1
			}
		}
		pre := prefilterExact(b)
		tail := append([]byte("A{z\x80<&(SDKssa"), b...)
		tail = append(tail, make([]byte, 40)...)
		for _, seg := range [][]byte{b, append(b[:len(b):len(b)], tail...)} {
			var m lineMasks
			for k := range m.humps { // what an earlier line left
				m.humps[k], m.codes[k], m.dots[k] = ^uint32(0), ^uint32(0), ^uint32(0)
			}
			f, first, last := lineFlagsIn(seg, len(b), &m)
			if f&fLine != want || first != wantFirst || last < wantLast || last > len(b) || f&pre != pre {
				t.Fatalf("lineFlagsIn(%q, %d) = %b %d %d, want %b %d >=%d, prefilter %b", seg, len(b), f, first, last, want, wantFirst, wantLast, pre)
			}
			if f&fMasks != 0 {
				checkMasks(t, b, &m, last)
			}
		}
		if wantFirst >= 0 && nextHump(b, 0) != wantFirst {
			t.Fatalf("nextHump(%q) = %d, want %d", b, nextHump(b, 0), wantFirst)
		}
	})
}

// FuzzDecodeQuoted checks that an unescaped body maps back onto its source exactly.
func FuzzDecodeQuoted(f *testing.F) {
	for _, s := range []string{`{\"a\":\"b\\/c\"}" rest`, `\ud83d\ude00\n\t"`, `\u12`, `\`, `abc`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		dec, used := decodeQuoted(nil, b)
		if used > len(b) || used < 0 {
			t.Fatalf("used %d of %d", used, len(b))
		}
		if used < len(b) && b[used] != '"' {
			t.Fatalf("stopped at %q", b[used])
		}
		if got := sourceIndex(b, len(dec)); got != used {
			t.Fatalf("sourceIndex(%q, %d) = %d, want %d", b, len(dec), got, used)
		}
		unescape(nil, b)
	})
}

// FuzzDiagnose checks denial extraction: a policy is valid and grants exactly what was named.
func FuzzDiagnose(f *testing.F) {
	for _, s := range []string{
		"you are not authorized to perform operation (cvm:StopInstances)\nresource (qcs::cvm:ap-guangzhou:uin/1:instance/ins-abc) has no permission",
		"操作未授权，请检查CAM策略。[[request id:57ee]system policy not verify]",
		"not authorized (a:B) (c:D) resource (*) (qcs::x,qcs::y) qcs::z",
		"(100006)no permission", `not authorized \/ (a:*) \n resource (qcs:\/\/x)`,
		"Permission denied: operation (cvm:DescribeInstances) resource (*)",
		"ERROR: system policy not verify", "无权访问 (cos:GetObject)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		// The trigger lets through every line that reads as a denial on its own.
		ln := []byte(msg)
		if i := bytes.IndexByte(ln, '\n'); i >= 0 {
			ln = ln[:i]
		}
		if _, ok := new(scanner).denialHit(ln, len(ln), false); ok {
			if fl := paddedFlags(ln); !denialTrigger(ln, fl) {
				t.Fatalf("denialTrigger passes over a denial: %q", ln)
			}
		}
		d := messageFacts(msg)
		for _, a := range d.Actions {
			if !isAction(a) {
				t.Fatalf("bad action %q", a)
			}
		}
		if d.Policy.JSON() != "" {
			checkPolicy(t, d.Policy.JSON(), d.Actions, d.Resources)
		} else if len(d.Actions) > 0 {
			t.Fatalf("actions %q but no policy", d.Actions)
		}
	})
}

// FuzzSDKLine puts fuzzed text after each SDK marker, with following lines for the recognizers
// that read on.
func FuzzSDKLine(f *testing.F) {
	for _, s := range []string{" Code=X, Message=a\nb\n, RequestId=r", " code:X message:y\nz\n requestId:None", "code: X message:y requestId:", "message:A.B-c  requestId:r  traceId:t", " [Error]: m\n  code: 'X'\n}", ": code:X message:y"} {
		f.Add(uint8(0), s)
	}
	markers := []string{"[TencentCloudSDKError]", "[TencentCloudSDKException]", "TencentCloudSDKHttpException", "TencentCloudSDKException", "│ Error: [TencentCloudSDKError]"}
	f.Fuzz(func(t *testing.T, m uint8, rest string) {
		in := markers[int(m)%len(markers)] + rest
		var fs []Finding
		st, err := Scan(strings.NewReader(in), Options{KnownCode: knownCode}, func(f Finding) error { fs = append(fs, f); return nil })
		if err == ErrBinary {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		checkFindings(t, fs, st)
		for _, f := range fs {
			if f.Line != 1 && !strings.Contains(in, "\n") {
				t.Fatalf("line %d in a one-line input", f.Line)
			}
		}
	})
}

// FuzzParallel checks that the parallel scan, with blocks small enough that boundaries fall
// inside every multi-line form, finds exactly what the sequential scan finds.
func FuzzParallel(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s+"\n"+s), uint8(7), uint16(0))
		f.Add([]byte(s), uint8(1), uint16(30))
	}
	f.Fuzz(func(t *testing.T, data []byte, size uint8, maxRecord uint16) {
		scanBoth(t, data, Options{Source: "fuzz", KnownCode: knownCode, MaxRecord: int(maxRecord)}, int(size)+1)
	})
}

// FuzzFieldLines drives the field-per-line reader with a code line and what follows it: no
// panic, and a hit never ends outside what it read.
func FuzzFieldLines(f *testing.F) {
	for _, s := range []string{"Code: InternalError\nMessage: m\nRequestId: r-123456789", "  Code = \"AuthFailure\";\n  Message = \"m\";\n}",
		"- **Code**: `X.Y`\n- **Message**: z", "code：InternalError\nmessage：售罄\nrequestId：r", "Code: A.B\nCode: C.D\nMessage: e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s := newScanner(Options{KnownCode: knownCode}, func(Finding) error { return nil })
		seg := []byte(in)
		lnEnd := len(seg)
		if k := strings.IndexByte(in, '\n'); k >= 0 {
			lnEnd = k
		}
		s.work = 1 << 16
		if h, ok := s.fieldLines(seg, lnEnd); ok && (h.end < lnEnd || h.end > len(seg) || len(h.code) == 0) {
			t.Fatalf("hit %+v in %q", h, in)
		}
	})
}
