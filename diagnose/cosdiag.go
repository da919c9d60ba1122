package diagnose

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/camerr/camerr/policy"
)

// addCOS turns a COS hit into a finding with API "cos".
func (s *scanner) addCOS(h cosHit, abs int64) {
	f := s.newFinding(abs+int64(h.start), s.lineNo)
	f.Format, f.API = h.format, "cos"
	if code := bytes.TrimSpace(h.code); len(code) > 0 {
		f.ErrorCode = s.intern(code)
	}
	if s.opts.CodesOnly {
		return
	}
	s.fillCOS(f, h)
}

// fillCOS fills in what a COS hit says beyond its code, and the diagnosis.
func (s *scanner) fillCOS(f *Finding, h cosHit) {
	f.Message = s.text(h.message)
	f.RequestID = s.text(h.rid)
	c := &COS{TraceID: s.text(h.trace), Status: h.status, ClientSide: h.client}
	c.Method = strings.ToUpper(s.text(h.method))
	c.Operation = s.text(h.op)
	c.CopySource = s.text(h.copySource)
	res := h.resource
	if len(res) == 0 {
		res = h.url
	}
	c.Resource = s.text(res)
	c.Bucket, c.Region, c.Key = parseCOSResource(c.Resource)
	if len(h.url) > 0 && len(h.resource) > 0 { // the URL may say more than the Resource
		b, r, k := parseCOSResource(s.text(h.url))
		c.Bucket, c.Region, c.Key = or(c.Bucket, b), or(c.Region, r), or(c.Key, k)
	}
	if c.Key == "" && len(h.key) > 0 { // a DeleteResult item names its key
		c.Key = s.text(h.key)
	}
	c.AppID = bucketAppID(c.Bucket)
	c.RequestTime = requestTime(f.RequestID)
	f.COS = c
	diagnoseCOS(f)
}

// cosJSON turns a finding for an unwrapped {"Error":{...}} body into a COS one when the record
// shows a COS TraceId (API 3.0 errors have none), so its code is explained as COS's. It reports
// whether it did.
func (s *scanner) cosJSON(f *Finding, rec []byte) bool {
	if indexAnchored(rec, "TraceId", 5) < 0 {
		return false
	}
	h := cosHit{format: fmtCOSJSON}
	readCOSFields(rec[:min(len(rec), lookahead)], &h)
	code := f.ErrorCode
	*f = Finding{Source: f.Source, Line: f.Line, Format: fmtCOSJSON, API: "cos", ErrorCode: code}
	if s.opts.CodesOnly {
		return true
	}
	s.fillCOS(f, h)
	return true
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// parseCOSResource reads the bucket, region and key from what a COS error names: a host and
// path ("b-1250000000.cos.ap-guangzhou.myqcloud.com/k"), a URL, a path-style URL
// ("cos.ap-guangzhou.myqcloud.com/b-1250000000/k") or a path alone ("/k").
func parseCOSResource(r string) (bucket, region, key string) {
	if i := strings.Index(r, "://"); i >= 0 {
		r = r[i+3:]
	}
	host, path, _ := strings.Cut(r, "/")
	path, _, _ = strings.Cut(path, "?")
	if !strings.HasSuffix(host, ".myqcloud.com") && !strings.Contains(host, ".myqcloud.com:") {
		if host == "" { // "/key"
			return "", "", path
		}
		return "", "", ""
	}
	labels := strings.Split(host, ".")
	for i, l := range labels {
		switch {
		case i == 0 && bucketAppID(l) != "":
			bucket = l
		case i > 0 && region == "" && isRegion(l):
			region = l
		}
	}
	if bucket == "" { // path style: the bucket is the first segment
		first, rest, _ := strings.Cut(path, "/")
		if bucketAppID(first) != "" {
			bucket, path = first, rest
		}
	}
	return bucket, region, path
}

// bucketAppID returns the APPID suffix of a bucket name "name-1250000000", or "".
func bucketAppID(b string) string {
	i := strings.LastIndexByte(b, '-')
	if i <= 0 || len(b)-i-1 < 5 || len(b)-i-1 > 12 {
		return ""
	}
	for _, c := range b[i+1:] {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return b[i+1:]
}

// isRegion reports whether a host label is a region such as ap-guangzhou or na-siliconvalley.
func isRegion(l string) bool {
	p, rest, ok := strings.Cut(l, "-")
	if !ok || len(p) != 2 || rest == "" || strings.HasPrefix(l, "cos-") {
		return false
	}
	for _, c := range l {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// requestTime reads the time a COS RequestId carries: base64 of "<hex unix time>_...". This
// layout is observed, not documented, so the caller labels it inferred. "" when the id does
// not decode to a time between 2015 and 2045.
func requestTime(id string) string {
	if len(id) < 12 || len(id) > 256 {
		return ""
	}
	var buf [192]byte
	n, err := base64.StdEncoding.Decode(buf[:], []byte(id))
	if err != nil && n < 9 {
		return ""
	}
	head, _, ok := strings.Cut(string(buf[:n]), "_")
	if !ok || len(head) != 8 {
		return ""
	}
	sec, err := strconv.ParseUint(head, 16, 32)
	if err != nil || sec < 1420070400 || sec > 2366841600 {
		return ""
	}
	return time.Unix(int64(sec), 0).UTC().Format(time.RFC3339)
}

// COS codes whose meaning depends on the message, and the checks each calls for.
const (
	noteCOSClock     = "COS accepts a request only while its signing time is within 15 minutes of COS's clock: compare the client clock with an NTP source (`date -u`, `chronyc tracking`) and fix it; the JS and Node.js SDKs can correct it themselves (CorrectClockSkew)"
	noteCOSExpired   = "the signature's validity window (q-sign-time / q-key-time) had ended when COS checked it: sign right before sending, give slow uploads a longer window, and check the client clock"
	noteCOSSignature = "check the signature: q-ak must equal the SecretId exactly (case matters), the SecretKey must be that key's pair, and the key must be enabled in the API key console; the method, path, headers and parameters signed must be those sent (a proxy or custom domain that rewrites the Host breaks it)"
	noteCOSToken     = "the temporary key's session token has expired: temporary keys last 30 minutes by default, at most 2 hours for a root account and 36 hours for a sub-account; fetch new ones before the old ones run out"
	noteCOSAccessKey = "COS does not know this SecretId: check it was copied whole, that the key still exists and is enabled, and that a key made moments ago has had time to take effect"
	noteCOSClient    = "the SDK raised this itself: no error answer came from COS (a network failure, a timeout, a local argument or file problem)"
)

// diagnoseCOS adds the notes and, for an AccessDenied, the inferred actions and policy.
func diagnoseCOS(f *Finding) {
	c, d := f.COS, &f.Diagnosis
	msg := strings.TrimSpace(f.Message)
	if c.ClientSide {
		d.Notes = append(d.Notes, noteCOSClient)
	}
	if f.ErrorCode == "" && f.Format == fmtCOSPython && !c.ClientSide {
		d.Notes = append(d.Notes, "the Python SDK could not read a code from COS's answer: a body without Code, Message, Resource or RequestId (as Cloud Infinite sends), or no body at all (HEAD); get_error_code() returns Unknown")
	}
	if f.ErrorCode == "" && c.Status > 0 {
		d.Notes = append(d.Notes, "the answer carried no COS code (a HEAD answer has no body, and some tools print only the status): "+statusHint(c.Status))
	}
	reason := f.ErrorCode
	if f.ErrorCode == "AccessDenied" {
		// The 403 page puts the specific reason in the Message under Code AccessDenied.
		switch m := strings.TrimRight(msg, "."); m {
		case "Request has expired", "RequestTimeTooSkewed", "SignatureDoesNotMatch", "InvalidAccessKeyId", "ExpiredToken":
			reason = m
			if m != "Request has expired" {
				d.Notes = append(d.Notes, "the message names the COS code "+m+": see that code too")
			}
		}
	}
	if reason == "" || reason == f.ErrorCode && f.ErrorCode == "" {
		// Tools that print only the status still carry COS's message (coscmd's "[code 403]").
		switch {
		case strings.Contains(msg, "Signature you specified is invalid"):
			reason = "SignatureDoesNotMatch"
		case strings.Contains(strings.ToLower(msg), "access key id"):
			reason = "InvalidAccessKeyId"
		case strings.HasPrefix(msg, "Request has expired"):
			reason = "Request has expired"
		}
	}
	switch reason {
	case "Request has expired":
		d.Notes = append(d.Notes, noteCOSExpired, noteCOSClock)
	case "RequestTimeTooSkewed":
		d.Notes = append(d.Notes, noteCOSClock)
	case "SignatureDoesNotMatch":
		d.Notes = append(d.Notes, noteCOSSignature, noteCOSClock)
	case "InvalidAccessKeyId":
		d.Notes = append(d.Notes, noteCOSAccessKey)
	case "ExpiredToken":
		d.Notes = append(d.Notes, noteCOSToken)
	case "AccessDenied":
		cosDenial(f)
	}
	if c.RequestTime != "" && reason != f.ErrorCode || c.RequestTime != "" && clockCode(reason) {
		d.Notes = append(d.Notes, "COS received the request at "+c.RequestTime+" (inferred from the RequestId): compare it with the client's clock at that moment")
	}
}

// statusHint says what a bare HTTP status from COS points to.
func statusHint(st int) string {
	switch {
	case st == 404:
		return "404 means the object or the bucket does not exist: check the key, the bucket name with its -APPID suffix and the region"
	case st == 403:
		return "403 means the request was refused: a missing permission, or a signature or key problem"
	case st >= 500:
		return "a 5XX status is a COS-side fault: retry with backoff"
	}
	return "the status is all the paste says"
}

func clockCode(code string) bool {
	return code == "RequestTimeTooSkewed" || code == "SignatureDoesNotMatch" || code == "ExpiredToken" || code == "Request has expired"
}

// cosDenial infers the CAM action an AccessDenied needed, since COS does not name it, and
// suggests the statement granting it on exactly the resource.
func cosDenial(f *Finding) {
	c, d := f.COS, &f.Diagnosis
	actions, how := cosActions(c)
	if len(actions) == 0 {
		c.Need = "the operation that was denied: the HTTP method and path of the request, or the SDK method called"
		d.Notes = append(d.Notes, "COS does not name the denied action and the paste does not show the operation; to suggest a policy camerr needs "+c.Need)
		return
	}
	c.ActionsInferred = true
	for _, a := range actions {
		d.Actions = append(d.Actions, "name/cos:"+a)
	}
	d.Notes = append(d.Notes, "COS does not name the denied action: camerr inferred it from "+how)
	res := cosCAMResource(c, c.Bucket, c.Region, c.Key, actions[0])
	if res == "" {
		c.Need = "the bucket (BucketName-APPID) and its region, as in the request URL"
		if cosActionKinds()[actions[0]] == 'o' && c.Key == "" {
			c.Need = "the bucket (BucketName-APPID), its region and the object key, as in the request URL"
		}
		d.Notes = append(d.Notes, "to write the statement for exactly the denied resource camerr needs "+c.Need)
		return
	}
	grants := []policy.Grant{{Actions: d.Actions, Resources: []string{res}}}
	d.Resources = append(d.Resources, res)
	if actions[0] == "PutObject" && c.CopySource != "" { // a copy also reads the source
		sb, sr, sk := parseCOSResource(c.CopySource)
		if src := cosCAMResource(c, sb, or(sr, c.Region), sk, "GetObject"); src != "" {
			grants = append(grants, policy.Grant{Actions: []string{"name/cos:GetObject"}, Resources: []string{src}})
			d.Actions = append(d.Actions, "name/cos:GetObject")
			d.Resources = append(d.Resources, src)
			d.Notes = append(d.Notes, "a copy needs GetObject on the source as well as PutObject on the target")
		}
	}
	d.Policy = policy.Suggest(grants...)
}

// cosCAMResource writes qcs::cos:<region>:uid/<APPID>:<bucket>/<key> for an action: the key for
// an object action, "*" under the bucket for a bucket action, "*" for a service action. "" when
// the paste does not give enough.
func cosCAMResource(c *COS, bucket, region, key, action string) string {
	kind := cosActionKinds()[action]
	if kind == 's' {
		return "*"
	}
	appID := bucketAppID(bucket)
	if appID == "" || region == "" {
		return ""
	}
	base := "qcs::cos:" + region + ":uid/" + appID + ":" + bucket + "/"
	if kind == 'b' {
		return base + "*"
	}
	if key == "" {
		return ""
	}
	return base + strings.TrimPrefix(key, "/")
}

// cosActions infers the actions an operation needs, and says from what.
func cosActions(c *COS) ([]string, string) {
	if c.Operation != "" {
		if as := cosOperationActions(c.Operation, c.CopySource != ""); len(as) > 0 {
			return as, "the operation name " + c.Operation
		}
	}
	if c.Method == "" {
		return nil, ""
	}
	objectLevel := strings.Trim(c.Key, "/") != ""
	var a string
	switch c.Method {
	case "GET":
		a = map[bool]string{true: "GetObject", false: "GetBucket"}[objectLevel]
	case "HEAD":
		a = map[bool]string{true: "HeadObject", false: "HeadBucket"}[objectLevel]
	case "PUT":
		a = map[bool]string{true: "PutObject", false: "PutBucket"}[objectLevel]
	case "DELETE":
		a = map[bool]string{true: "DeleteObject", false: "DeleteBucket"}[objectLevel]
	case "POST":
		if objectLevel {
			return nil, "" // restore, multipart steps and SELECT all POST to an object
		}
		a = "PostObject"
	case "OPTIONS":
		a = "OptionsObject"
	default:
		return nil, ""
	}
	how := "the request " + c.Method + " " + map[bool]string{true: "of an object", false: "of a bucket"}[objectLevel]
	if c.Method == "PUT" && objectLevel && c.CopySource != "" {
		how += " with x-cos-copy-source (a copy)"
	}
	return []string{a}, how
}

// cosOperationActions maps an SDK method or S3-style operation name to COS actions.
func cosOperationActions(op string, copy bool) []string {
	name := camelOp(op)
	switch name {
	case "CopyObject", "PutObjectCopy", "Copy":
		return []string{"PutObject"} // the source's GetObject is added with the source
	case "UploadPartCopy":
		return []string{"UploadPart", "PutObject"}
	case "UploadFile", "MultipartUpload", "CreateMultipartUpload":
		return []string{"InitiateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "ListParts", "PutObject"}
	case "DeleteObjects", "DeleteMultipleObject", "DeleteMultipleObjects":
		return []string{"DeleteObject"}
	case "ListObjects", "ListObjectsV2", "GetBucketContents":
		return []string{"GetBucket"}
	case "CreateBucket":
		return []string{"PutBucket"}
	case "ListBuckets":
		return []string{"GetService"}
	case "PutObject":
		if copy {
			return []string{"PutObject"}
		}
	}
	if _, ok := cosActionKinds()[name]; ok {
		return []string{name}
	}
	return nil
}

// camelOp turns put_object, putObject or PutObject into PutObject.
func camelOp(op string) string {
	var b strings.Builder
	up := true
	for i := 0; i < len(op); i++ {
		c := op[i]
		if c == '_' || c == '-' {
			up = true
			continue
		}
		if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = false
		b.WriteByte(c)
	}
	return b.String()
}
