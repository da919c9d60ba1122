package policy

import (
	"fmt"
	"strings"
)

// COS resources have a grammar of their own inside the resource string:
// qcs::cos:<region>:uid/<APPID>:<BucketName>-<APPID>/<key>, where the key may
// be a prefix ending in '*', and the whole resource segment may be '*'. The
// owner is an APPID, not a UIN, and the bucket carries the same APPID at the
// end of its name. CAM itself takes any string here, so what breaks this
// grammar is a warning: the policy is accepted but grants nothing.

// cosResource checks the account and resource segments of a resource whose
// service is cos; the generic checks have passed.
func (c *checker) cosResource(it item, region, account, res string) {
	s := it.s
	warn := func(v3, msg, hint string) { c.report(SeverityWarning, cdResource, v3, it.off, it.path, msg, hint) }
	head := "qcs::cos:" + region + ":"
	kind, owner, _ := strings.Cut(account, "/")

	if rest, ok := strings.CutPrefix(res, "prefix//"); ok {
		// The older documents' form: prefix//<APPID>/<bucket>/<key>.
		hint := `write the current form "qcs::cos:<region>:uid/<APPID>:<BucketName>-<APPID>/<key>"`
		if appid, bucketKey, ok := strings.Cut(rest, "/"); ok && allDigits(appid) {
			bucket, key, _ := strings.Cut(bucketKey, "/")
			if bucket != "" {
				hint = "write " + quote(head+"uid/"+appid+":"+withAppID(bucket, appid)+"/"+key)
			}
		}
		warn(v3ResourceContent, fmt.Sprintf("resource %s uses the old COS form prefix//<APPID>/<bucket>/<key>; the current documents name the owner as uid/<APPID> and the bucket by its full name <BucketName>-<APPID>", quote(s)), hint)
		return
	}

	bucket, _, hasKey := strings.Cut(res, "/")
	appid := "" // the APPID the bucket's name ends with, if it can be read
	if i := strings.LastIndexByte(bucket, '-'); i >= 0 && allDigits(bucket[i+1:]) {
		appid = bucket[i+1:]
	}
	literal := res != "*" && !strings.ContainsAny(bucket, "*$")

	if kind == "uin" {
		hint := `write the owner as uid/<APPID>: the APPID is the number at the end of the bucket's name`
		if appid != "" {
			hint = "write " + quote(head+"uid/"+appid+":"+res)
		}
		warn(v3ResourceUin, fmt.Sprintf("resource %s names the owner with uin/; COS resources name it by APPID, as uid/<APPID>, and the documents do not say that CAM matches a COS resource written with a UIN", quote(s)), hint)
		return
	}
	if !literal {
		return
	}
	if !isName(bucket, "-") || strings.HasSuffix(bucket, "-") {
		msg := fmt.Sprintf("resource %s: the bucket %s is not a COS bucket name, which has only lower-case letters, digits and '-'", quote(s), quote(bucket))
		hint := "check the bucket's name in the COS console"
		if low := strings.ToLower(bucket); low != bucket && isName(low, "-") {
			msg = fmt.Sprintf("resource %s: the bucket %s is written with capitals; COS bucket names are lower case, so it matches no bucket", quote(s), quote(bucket))
			hint = "write " + quote(head+account+":"+low+strings.TrimPrefix(res, bucket))
		}
		warn(v3ResourceContent, msg, hint)
		return
	}
	uid := ""
	if kind == "uid" && allDigits(owner) {
		uid = owner
	}
	switch {
	case appid == "":
		hint := `end the bucket's name with "-<APPID>", e.g. "examplebucket-1250000000"`
		if uid != "" {
			hint = "write " + quote(head+account+":"+withAppID(bucket, uid)+strings.TrimPrefix(res, bucket))
		}
		warn(v3ResourceContent, fmt.Sprintf("resource %s: the bucket %s has no -<APPID> suffix; COS resources name a bucket by its full name, <BucketName>-<APPID>", quote(s), quote(bucket)), hint)
		return
	case uid != "" && appid != uid:
		warn(v3ResourceContent, fmt.Sprintf("resource %s: the bucket's name ends with the APPID %s but the owner is uid/%s; both name the APPID of the account that owns the bucket, so this matches no bucket", quote(s), appid, uid),
			"write the same APPID in both places, e.g. "+quote(head+"uid/"+appid+":"+res))
		return
	}
	if !hasKey {
		warn(v3ResourceContent, fmt.Sprintf("resource %s names a bucket without a path; the documents write a bucket as <BucketName>-<APPID>/ and its objects as <BucketName>-<APPID>/*", quote(s)),
			"write "+quote(s+"/*")+" for the bucket and its objects")
	}
}

// withAppID gives a bucket name its -APPID suffix unless it has it already.
func withAppID(bucket, appid string) string {
	if strings.HasSuffix(bucket, "-"+appid) {
		return bucket
	}
	return bucket + "-" + appid
}
