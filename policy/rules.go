package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// element is a policy element and the codeDescs it produces.
type element struct {
	name    string
	missing string // when absent, or present only under a wrongly cased name
	invalid string // when its value is wrong
}

var (
	elVersion   = element{"version", cdMissingVersion, cdVersion}
	elStatement = element{"statement", cdMissingStatement, cdStatement}
	// The legacy table has no MissingParameter.effect or .principal or
	// .condition; the element's own error is the likely answer [inference].
	elEffect    = element{"effect", cdEffect, cdEffect}
	elAction    = element{"action", cdMissingAction, cdAction}
	elResource  = element{"resource", cdMissingResource, cdResource}
	elPrincipal = element{"principal", cdPrincipal, cdPrincipal}
	elCondition = element{"condition", cdCondition, cdCondition}
)

var (
	topElements       = []element{elVersion, elStatement, elPrincipal}
	statementElements = []element{elEffect, elAction, elResource, elPrincipal, elCondition}
)

// run checks a parsed document in the order the API is assumed to: version,
// statement, each statement's elements, then lengths and names.
func (c *checker) run(root *node) {
	c.version(root)
	stmts := c.statements(root)
	top := c.principal(root, "")
	for _, st := range stmts {
		c.statement(st.val, st.path, top)
	}
	c.unknown(root, "", topElements, cdDocType)
	c.length()
	c.name(c.opts.PolicyName, "policyName", cdPolicyName)
	c.name(c.opts.RoleName, "roleName", cdRoleName)
	c.description()
}

// field finds element el in obj, reporting a repeated or wrongly cased name.
// An exact lower-case key wins, the last one if repeated, as most JSON
// decoders keep the last; a key that differs only in case is used for the
// remaining checks but reported, because CAM element names are lower case.
func (c *checker) field(obj *node, path string, el element) *member {
	var exact, folded *member
	count, foldedCount := 0, 0
	for i := range obj.members {
		m := &obj.members[i]
		switch {
		case m.key == el.name:
			exact = m
			count++
		case strings.EqualFold(m.key, el.name):
			folded = m
			foldedCount++
		}
	}
	if count > 1 {
		c.report(SeverityWarning, el.invalid, "", exact.off, pointer(path, exact.key),
			fmt.Sprintf("%q appears %d times in one object; the documents do not say which one CAM reads (most JSON decoders keep the last, which is what was checked)", el.name, count),
			fmt.Sprintf("keep a single %q element", el.name))
	}
	if exact != nil {
		return exact
	}
	if folded != nil {
		var e *edit
		if foldedCount == 1 {
			// One key to rename and none to collide with: the one correct form.
			e = &edit{start: folded.off, end: folded.keyEnd, text: jsonString(el.name), what: fmt.Sprintf("renamed %q to %q", folded.key, el.name)}
		}
		c.reportFix(SeverityError, el.missing, "", folded.off, pointer(path, folded.key),
			fmt.Sprintf("element names must be lower case: CAM does not read %q as %q, so it finds no %s element (the code it then returns is inferred)", folded.key, el.name, el.name),
			fmt.Sprintf("rename %q to %q", folded.key, el.name), e)
	}
	return folded
}

func (c *checker) version(root *node) {
	m := c.field(root, "", elVersion)
	if m == nil {
		c.report(SeverityError, cdMissingVersion, "", root.off, "",
			"the document has no version element",
			`add "version": "2.0"`)
		return
	}
	v, path := m.val, pointer("", m.key)
	// Any other value of a string or number has one correct form, except the
	// AWS version, whose document needs translating, not a new version.
	var fix *edit
	if (v.kind == kindString || v.kind == kindNumber) && v.str != "2012-10-17" {
		fix = &edit{start: v.off, end: v.end, text: `"2.0"`, what: fmt.Sprintf("wrote version %s as \"2.0\"", string(c.doc[v.off:v.end]))}
	}
	switch {
	case v.kind == kindString && v.str == "2.0":
	case v.kind == kindString && v.str == "2012-10-17":
		c.aws = true
		c.report(SeverityError, cdVersion, "", v.off, path,
			`version "2012-10-17" is the AWS IAM policy language; CAM accepts only "2.0"`,
			`write "version": "2.0" and translate the rest of the policy to CAM syntax`)
	case v.kind == kindNumber && (v.str == "2.0" || v.str == "2"):
		sev, extra := SeverityWarning, " and do not say whether a number is accepted"
		if c.opts.Terraform != NoTerraform {
			sev, extra = c.providerSeverity(), "; the tencentcloud Terraform provider reads version as a string and fails on a number before calling the API"
		}
		c.reportFix(sev, cdVersion, "", v.off, path,
			fmt.Sprintf("version is the number %s; the documents write it as the string \"2.0\"%s", v.str, extra),
			`write "version": "2.0" with quotes`, fix)
		if c.opts.Terraform != NoTerraform {
			c.found[len(c.found)-1].provider = true
		}
	case v.kind == kindString:
		c.reportFix(SeverityError, cdVersion, "", v.off, path,
			fmt.Sprintf("version is %s; the only allowed value is \"2.0\"", quote(v.str)),
			`write "version": "2.0"`, fix)
	default:
		c.reportFix(SeverityError, cdVersion, "", v.off, path,
			fmt.Sprintf("version is %s; it must be the string \"2.0\"", v.kind),
			`write "version": "2.0"`, fix)
	}
}

// quietField is field without reports, for elements whose wrongly cased
// name calls for a different report.
func quietField(obj *node, el element) *member {
	var folded *member
	for i := len(obj.members) - 1; i >= 0; i-- {
		m := &obj.members[i]
		if m.key == el.name {
			return m
		}
		if folded == nil && strings.EqualFold(m.key, el.name) {
			folded = m
		}
	}
	return folded
}

// statements checks the statement element and returns the statements to
// check, each with its JSON pointer.
func (c *checker) statements(root *node) []located {
	m := c.field(root, "", elStatement)
	if m == nil {
		c.report(SeverityError, cdMissingStatement, "", root.off, "",
			"the document has no statement element",
			`add "statement": [{"effect": "allow", "action": [...], "resource": [...]}]`)
		return nil
	}
	v, path := m.val, pointer("", m.key)
	switch v.kind {
	case kindObject:
		if c.opts.Terraform != NoTerraform {
			c.provider(v, path, "statement", "a single statement object", "statement")
		}
		return []located{{v, path}}
	case kindArray:
		if len(v.items) == 0 {
			c.report(SeverityWarning, cdStatement, "", v.off, path,
				"statement is an empty list; the documents do not say whether a policy without statements is accepted, and it grants nothing",
				"add at least one statement")
		}
		out := make([]located, len(v.items))
		for i, it := range v.items {
			out[i] = located{it, index(path, i)}
		}
		return out
	}
	c.report(SeverityError, cdStatement, "", v.off, path,
		fmt.Sprintf("statement is %s; it must be an object or a list of objects", v.kind),
		`write "statement": [{"effect": ..., "action": ..., "resource": ...}]`)
	return nil
}

// located is a value and its JSON pointer.
type located struct {
	val  *node
	path string
}

// statement checks one statement. topPrincipal says whether the document
// has a principal outside the statements, which the grammar also allows.
func (c *checker) statement(st *node, path string, topPrincipal bool) {
	if st.kind != kindObject {
		c.report(SeverityError, cdStatement, "", st.off, path,
			fmt.Sprintf("a statement is %s; each statement must be an object", st.kind),
			`write each statement as {"effect": ..., "action": ..., "resource": ...}`)
		return
	}
	c.effect(st, path)
	c.action(st, path)
	c.resource(st, path)
	if !c.principal(st, path) && c.opts.Type == Trust && !topPrincipal {
		c.report(SeverityError, cdPrincipal, "", st.off, path,
			"this trust policy statement has no principal, so it names nobody who may assume the role",
			`add "principal": {"qcs": ["qcs::cam::uin/<root UIN>:root"]} (or "service": [...] for a service role)`)
	}
	if m := c.field(st, path, elCondition); m != nil {
		c.condition(m.val, pointer(path, m.key))
	}
	c.unknown(st, path, statementElements, cdStatement)
}

func (c *checker) effect(st *node, path string) {
	m := c.field(st, path, elEffect)
	if m == nil {
		c.report(SeverityError, cdEffect, "", st.off, path,
			"the statement has no effect element (the legacy API has no MissingParameter.effect, so this code is inferred)",
			`add "effect": "allow" or "effect": "deny"`)
		return
	}
	v, p := m.val, pointer(path, m.key)
	if v.kind != kindString {
		c.report(SeverityError, cdEffect, "", v.off, p,
			fmt.Sprintf("effect is %s; it must be the string \"allow\" or \"deny\"", v.kind),
			`write "effect": "allow" or "effect": "deny"`)
		return
	}
	switch s := v.str; {
	case s == "allow" || s == "deny":
	case strings.EqualFold(strings.TrimSpace(s), "allow") || strings.EqualFold(strings.TrimSpace(s), "deny"):
		want := strings.ToLower(strings.TrimSpace(s))
		c.reportFix(SeverityError, cdEffect, "", v.off, p,
			fmt.Sprintf("effect is %s; CAM accepts only the lower-case words \"allow\" and \"deny\"", quote(s)),
			fmt.Sprintf("write %q", want),
			&edit{start: v.off, end: v.end, text: jsonString(want), what: fmt.Sprintf("wrote effect %s as %q", quote(s), want)})
	default:
		c.report(SeverityError, cdEffect, "", v.off, p,
			fmt.Sprintf("effect is %s; it must be \"allow\" or \"deny\"", quote(s)),
			`write "effect": "allow" or "effect": "deny"`)
	}
}

// item is one string of an element that takes a string or a list of strings.
type item struct {
	s        string
	off, end int // the string value's bytes in the document
	path     string
}

// stringList returns the strings of v, which may be one string or a list of
// strings, reporting anything else with code.
func (c *checker) stringList(v *node, path, what, code, v3 string) []item {
	switch v.kind {
	case kindString:
		return []item{{v.str, v.off, v.end, path}}
	case kindArray:
		if len(v.items) == 0 {
			c.report(SeverityWarning, code, v3, v.off, path,
				fmt.Sprintf("%s is an empty list; the documents do not say whether CAM accepts it, and it matches nothing", what),
				fmt.Sprintf("list at least one %s, or remove the element", what))
		}
		out := make([]item, 0, len(v.items))
		for i, it := range v.items {
			if it.kind != kindString {
				c.report(SeverityError, code, v3, it.off, index(path, i),
					fmt.Sprintf("%s item %d is %s; each must be a string", what, i, it.kind),
					fmt.Sprintf("write the %s as a string in double quotes", what))
				continue
			}
			out = append(out, item{it.str, it.off, it.end, index(path, i)})
		}
		return out
	}
	c.report(SeverityError, code, v3, v.off, path,
		fmt.Sprintf("%s is %s; it must be a string or a list of strings", what, v.kind),
		fmt.Sprintf("write %q: [\"...\", ...]", what))
	return nil
}

func (c *checker) action(st *node, path string) {
	m := c.field(st, path, elAction)
	if m == nil {
		c.report(SeverityError, cdMissingAction, "", st.off, path,
			"the statement has no action element",
			`add "action": ["service:Action", ...], e.g. "cos:GetObject", or "*" for all actions`)
		return
	}
	for _, it := range c.stringList(m.val, pointer(path, m.key), "action", cdAction, "") {
		a, err := ParseAction(it.s)
		var ae *ActionError
		switch {
		case err == nil:
			c.knownAction(a, it)
		case errors.As(err, &ae) && ae.Lenient:
			if a.Service != strings.ToLower(a.Service) && c.opts.Actions != nil && a.Name == strings.TrimSpace(a.Name) {
				// A capitalised service: the known actions give the spelling.
				c.knownAction(a, it)
				continue
			}
			c.report(SeverityWarning, cdAction, "", it.off, it.path, ae.Msg, ae.Hint)
		default:
			c.report(SeverityError, cdAction, "", it.off, it.path, ae.Msg, ae.Hint)
		}
	}
}

func (c *checker) resource(st *node, path string) {
	if c.opts.Type == Trust {
		// Not c.field: a wrongly cased name would be reported as missing.
		if m := quietField(st, elResource); m != nil {
			c.report(SeverityWarning, cdResource, "", m.off, pointer(path, m.key),
				"trust policies have no resource in any official example; the documents do not say whether CreateRole rejects one",
				"remove the resource element from the trust policy")
		}
		return
	}
	m := c.field(st, path, elResource)
	if m == nil {
		c.report(SeverityError, cdMissingResource, "", st.off, path,
			"the statement has no resource element",
			`add "resource": ["qcs::<service>:<region>:uin/<root UIN>:<type>/<id>"], or "*" for all resources`)
		return
	}
	if m.val.kind == kindString && c.opts.Terraform != NoTerraform {
		c.provider(m.val, pointer(path, m.key), "resource", "a single string", "resource")
	}
	for _, it := range c.stringList(m.val, pointer(path, m.key), "resource", cdResource, "") {
		c.checkResource(it)
	}
}

// checkResource checks one resource string: "*" or
// qcs:project:service:region:account:resource, split on the first five
// colons because the resource part may itself contain ':'.
func (c *checker) checkResource(it item) {
	const shape = `write "*" or "qcs::<service>:<region>:<account>:<type>/<id>", e.g. "qcs::cvm:ap-guangzhou:uin/12345678:instance/ins-abcdefg"`
	s := it.s
	bad := func(v3, msg, hint string) { c.report(SeverityError, cdResource, v3, it.off, it.path, msg, hint) }
	warn := func(v3, msg, hint string) { c.report(SeverityWarning, cdResource, v3, it.off, it.path, msg, hint) }
	if s == "*" {
		return
	}
	if t := strings.TrimSpace(s); t != s {
		bad("", fmt.Sprintf("resource %s has spaces around it", quote(s)), fmt.Sprintf("write %q", t))
		return
	}
	if strings.HasPrefix(s, "arn:") {
		bad(v3ResourceQcs, fmt.Sprintf("resource %s is an AWS ARN; CAM resources start with \"qcs:\"", quote(s)), shape)
		return
	}
	if !strings.HasPrefix(s, "qcs:") {
		if hasFoldPrefix(s, "qcs:") {
			bad(v3ResourceQcs, fmt.Sprintf("resource %s: the \"qcs\" prefix is written in lower case", quote(s)), fmt.Sprintf("write %q", "qcs"+s[3:]))
			return
		}
		bad(v3ResourceQcs, fmt.Sprintf("resource %s does not start with \"qcs:\"", quote(s)), shape)
		return
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 {
		bad("", fmt.Sprintf("resource %s has %d of the 6 ':'-separated segments qcs:project:service:region:account:resource", quote(s), len(parts)), shape)
		return
	}
	project, service, region, account, res := parts[1], parts[2], parts[3], parts[4], parts[5]
	if project != "" {
		bad(v3ResourceProject, fmt.Sprintf("resource %s has project %s; the current syntax requires the project segment to be empty", quote(s), quote(project)),
			fmt.Sprintf("write %q", "qcs::"+strings.Join(parts[2:], ":")))
		return
	}
	if service != "" && service != "*" && !isName(service, "_-") {
		if isName(strings.ToLower(service), "_-") {
			warn("", fmt.Sprintf("resource %s: service names are lower case in every CAM document, which do not say whether %s is accepted", quote(s), quote(service)), fmt.Sprintf("write %q", strings.ToLower(service)))
		} else {
			bad("", fmt.Sprintf("resource %s: the service %s may contain only lower-case letters, digits, '-' and '_'", quote(s), quote(service)), shape)
			return
		}
	}
	if region != "" && region != "*" && !isName(region, "-") {
		bad(v3ResourceRegion, fmt.Sprintf("resource %s: the region %s is not a region name such as \"ap-guangzhou\" or \"gz\"", quote(s), quote(region)),
			"write a region name in lower case, or leave the segment empty for all regions")
		return
	}
	if !c.checkAccount(it, service, account) {
		return
	}
	if res == "" {
		c.report(SeverityError, cdResource, v3ResourceContent, it.off, it.path,
			fmt.Sprintf("resource %s has an empty resource segment", quote(s)),
			`end the resource with "<type>/<id>", "<type>/*" or "*"`)
		return
	}
	if strings.ContainsFunc(res, unicode.IsControl) {
		bad(v3ResourceContent, fmt.Sprintf("resource %s contains a control character", quote(s)), "remove it")
		return
	}
	if strings.ContainsFunc(res, unicode.IsSpace) {
		warn(v3ResourceContent, fmt.Sprintf("resource %s contains whitespace; the documents do not say whether CAM accepts it", quote(s)), "check the resource ID; COS object keys with spaces may need another form")
	}
	if service == "cos" {
		c.cosResource(it, region, account, res)
	}
	c.variables(it, cdResource)
}

// checkAccount checks the account segment and, with Options.Account, that the
// resource belongs to the caller. It reports false when it found an error.
func (c *checker) checkAccount(it item, service, account string) bool {
	s := it.s
	kind, id, _ := strings.Cut(account, "/")
	switch {
	case account == "":
		return true
	case account == "*":
		c.report(SeverityWarning, cdResource, v3ResourceUin, it.off, it.path,
			fmt.Sprintf("resource %s has \"*\" as the account; the documents show only uin/<UIN>, uid/<APPID> or an empty segment", quote(s)),
			"leave the account segment empty for your own account")
		return true
	case (kind == "uin" || kind == "uid") && (allDigits(id) || id == "${uin}" || id == "${owner_uin}" || id == "${app_id}"):
	default:
		c.report(SeverityError, cdResource, v3ResourceUin, it.off, it.path,
			fmt.Sprintf("resource %s: the account segment %s must be uin/<UIN>, uid/<APPID> or empty", quote(s), quote(account)),
			"write e.g. uin/12345678, or leave it empty for your own account")
		return false
	}
	if kind == "uid" && service != "cos" && service != "cas" {
		c.report(SeverityWarning, cdResource, v3ResourceUin, it.off, it.path,
			fmt.Sprintf("resource %s uses uid/ with the service %s; the documents say only COS and CAS use uid/<APPID>, and do not say what others do with it", quote(s), quote(service)),
			"use uin/<root UIN> for this service")
	}
	if kind == "uin" && c.opts.Account != "" && allDigits(id) && id != c.opts.Account {
		c.report(SeverityError, cdResourceUser, "", it.off, it.path,
			fmt.Sprintf("resource %s belongs to account %s, not to your account %s; a policy may only name resources of its own root account", quote(s), id, c.opts.Account),
			fmt.Sprintf("write uin/%s (or leave the account empty); to reach another account's resources, use a role that account creates", c.opts.Account))
		return false
	}
	return true
}

// knownVariables are the policy variables the documents name.
var knownVariables = sync.OnceValue(func() map[string]bool { return map[string]bool{"uin": true, "owner_uin": true, "app_id": true} })

// variables reports ${...} policy variables the documents do not name.
func (c *checker) variables(it item, code string) {
	rest := it.s
	for {
		i := strings.Index(rest, "${")
		if i < 0 {
			return
		}
		rest = rest[i+2:]
		name, after, ok := strings.Cut(rest, "}")
		if !ok {
			return
		}
		if !knownVariables()[name] {
			c.report(SeverityWarning, code, "", it.off, it.path,
				fmt.Sprintf("%s uses the policy variable ${%s}; the documents name only ${uin}, ${owner_uin} and ${app_id}", quote(it.s), name),
				"check the variable name")
		}
		rest = after
	}
}

// principal checks the principal element of obj (the document or a
// statement), if there is one, and says whether there is. Principal is
// required in trust policies (by the caller) and forbidden in STS policies.
func (c *checker) principal(obj *node, objPath string) bool {
	m := quietField(obj, elPrincipal)
	if m == nil {
		return false
	}
	path := pointer(objPath, m.key)
	if c.opts.Type == STS {
		c.report(SeverityError, cdStrategy, "", m.off, path,
			"a policy passed to STS (AssumeRole, GetFederationToken) must not contain principal",
			"remove the principal element")
		return true
	}
	m = c.field(obj, objPath, elPrincipal)
	v := m.val
	if c.opts.Type == Permission {
		c.report(SeverityWarning, cdPrincipal, "", m.off, path,
			"principal is documented only for role trust policies and COS bucket policies; the documents do not say whether CreatePolicy accepts it",
			"remove principal from a permission policy, or check with --type trust")
	}
	switch v.kind {
	case kindString:
		if v.str != "*" {
			c.report(SeverityError, cdPrincipal, "", v.off, path,
				fmt.Sprintf("principal is the string %s; only \"*\" may be written as a plain string", quote(v.str)),
				`write "principal": {"qcs": ["qcs::cam::uin/<UIN>:root"]}`)
		}
		return true
	case kindObject:
	default:
		c.report(SeverityError, cdPrincipal, "", v.off, path,
			fmt.Sprintf("principal is %s; it must be \"*\" or an object such as {\"qcs\": [...]}", v.kind),
			`write "principal": {"qcs": ["qcs::cam::uin/<UIN>:root"]}`)
		return true
	}
	if len(v.members) == 0 {
		c.report(SeverityError, cdPrincipal, "", v.off, path,
			"principal is an empty object, so it names nobody",
			`write "principal": {"qcs": ["qcs::cam::uin/<UIN>:root"]}`)
		return true
	}
	for _, pm := range v.members {
		p := pointer(path, pm.key)
		switch pm.key {
		case "qcs", "service", "federated":
		default:
			if low := strings.ToLower(pm.key); low == "qcs" || low == "service" || low == "federated" {
				var e *edit
				if foldCount(v, low) == 1 {
					e = &edit{start: pm.off, end: pm.keyEnd, text: jsonString(low), what: fmt.Sprintf("renamed principal key %q to %q", pm.key, low)}
				}
				c.reportFix(SeverityError, cdPrincipal, "", pm.off, p,
					fmt.Sprintf("principal key %q must be lower case", pm.key), fmt.Sprintf("write %q", low), e)
			} else {
				c.report(SeverityError, cdPrincipal, "", pm.off, p,
					fmt.Sprintf("principal key %q is not one of \"qcs\", \"service\" or \"federated\"", pm.key),
					`use "qcs" for accounts, users and groups, "service" for cloud services, "federated" for SAML or OIDC providers`)
			}
			continue
		}
		for _, it := range c.stringList(pm.val, p, "principal", cdPrincipal, "") {
			c.principalID(pm.key, it)
		}
	}
	return true
}

// principalID checks one principal id against the documented shapes.
func (c *checker) principalID(key string, it item) {
	s := it.s
	switch key {
	case "service":
		if !isServiceDomain(s) {
			c.report(SeverityError, cdPrincipal, "", it.off, it.path,
				fmt.Sprintf("service principal %s is not a service domain name", quote(s)),
				`write e.g. "cvm.qcloud.com" or "cloudaudit.cloud.tencent.com"`)
		}
		return
	case "federated":
		if tail, ok := strings.CutPrefix(s, "qcs::cam::"); ok {
			if owner, rest, ok := strings.Cut(tail, ":"); ok && isUINRef(owner) &&
				(strings.HasPrefix(rest, "saml-provider/") || strings.HasPrefix(rest, "oidc-provider/")) && !strings.HasSuffix(rest, "/") {
				return
			}
		}
		c.report(SeverityError, cdPrincipal, v3PrincipalQcs, it.off, it.path,
			fmt.Sprintf("federated principal %s is not an identity provider", quote(s)),
			`write "qcs::cam::uin/<UIN>:saml-provider/<name>" or "qcs::cam::uin/<UIN>:oidc-provider/<name>"`)
		return
	}
	if s == "*" || s == "qcs::cam::anyone:anyone" {
		return
	}
	tail, ok := strings.CutPrefix(s, "qcs::cam::")
	owner, rest, ok2 := strings.Cut(tail, ":")
	if !ok || !ok2 || !isUINRef(owner) {
		c.report(SeverityError, cdPrincipal, v3PrincipalQcs, it.off, it.path,
			fmt.Sprintf("principal %s is not of the form qcs::cam::uin/<root UIN>:<who>", quote(s)),
			`write e.g. "qcs::cam::uin/12345678:root", "qcs::cam::uin/12345678:uin/87654321" or "qcs::cam::uin/12345678:groupid/18825"`)
		return
	}
	kind, id, hasSlash := strings.Cut(rest, "/")
	switch {
	case rest == "root":
	case hasSlash && (kind == "uin" || kind == "groupid") && allDigits(id):
	case hasSlash && (kind == "saml-provider" || kind == "oidc-provider") && id != "":
	case hasSlash && (kind == "uin" || kind == "groupid"):
		c.report(SeverityError, cdPrincipal, v3PrincipalQcs, it.off, it.path,
			fmt.Sprintf("principal %s: %s/ must be followed by digits", quote(s), kind),
			fmt.Sprintf("write %s/<digits>", kind))
	default:
		c.report(SeverityWarning, cdPrincipal, v3PrincipalQcs, it.off, it.path,
			fmt.Sprintf("principal %s: the documents show only root, uin/<UIN>, groupid/<id>, saml-provider/<name> and oidc-provider/<name> after the account, so whether CAM accepts %s is not settled", quote(s), quote(rest)),
			"check the principal against the CAM element reference")
	}
}

// unknown reports members of obj that are not CAM elements. The documents
// do not say whether CAM rejects or ignores them, so they are warnings.
func (c *checker) unknown(obj *node, path string, known []element, code string) {
	for _, m := range obj.members {
		var match *element
		for i := range known {
			if strings.EqualFold(m.key, known[i].name) {
				match = &known[i]
			}
		}
		if match != nil && m.key == match.name {
			continue
		}
		if match != nil {
			if quietField(obj, *match).key == m.key {
				continue // reported by field as the element in the wrong case
			}
			c.report(SeverityWarning, code, "", m.off, pointer(path, m.key),
				fmt.Sprintf("%q repeats %q in a different case; CAM reads only the lower-case element (the documents do not say what it does with this one)", m.key, match.name),
				fmt.Sprintf("remove %q", m.key))
			continue
		}
		msg := fmt.Sprintf("%q is not a CAM policy element; the documents do not say whether CAM rejects or ignores it", m.key)
		hint := fmt.Sprintf("remove %q", m.key)
		switch strings.ToLower(strings.ReplaceAll(m.key, "_", "")) {
		case "sid", "id":
			hint = fmt.Sprintf("remove %q: it is an AWS IAM element with no CAM counterpart", m.key)
		case "notaction", "notresource", "notprincipal":
			msg = fmt.Sprintf("%q is an AWS IAM element; CAM has no negated elements, and if it ignores this one the statement means something else", m.key)
			hint = "list the actions or resources explicitly, or use a deny statement"
		}
		c.report(SeverityWarning, code, "", m.off, pointer(path, m.key), msg, hint)
	}
}

// length checks the document size: UTF-8 bytes (legacy) or characters
// (current), in both cases without whitespace outside JSON strings.
func (c *checker) length() {
	lim := c.opts.Limits
	if lim.DocumentMax <= 0 {
		return
	}
	// Scanning bytes is enough: every byte that matters here is ASCII, and a
	// character is counted at its first byte (not a continuation byte).
	size := func(b byte) int {
		if lim.DocumentUnit != "chars" || b&0xC0 != 0x80 {
			return 1
		}
		return 0
	}
	// raw counts whitespace too, except around the document, which shells
	// and SDKs commonly trim.
	raw := 0
	for _, b := range bytes.TrimSpace(c.doc[c.start:]) {
		raw += size(b)
	}
	count, crossed := 0, -1
	inString, escaped := false, false
	for i := c.start; i < len(c.doc); i++ {
		b := c.doc[i]
		switch {
		case inString && escaped:
			escaped = false
		case inString && b == '\\':
			escaped = true
		case b == '"':
			inString = !inString
		case !inString && (b == ' ' || b == '\t' || b == '\n' || b == '\r'):
			continue
		}
		count += size(b)
		if count > lim.DocumentMax && crossed < 0 {
			crossed = i
		}
	}
	unit := unitWord(lim.DocumentUnit)
	sev, extra := SeverityError, ""
	if c.opts.Type == STS {
		// The STS pages give no length limit of their own.
		sev, extra = SeverityWarning, "; the STS documents give no limit of their own, so CAM's is applied"
	}
	switch {
	case count > lim.DocumentMax:
		c.report(sev, cdLength, "", crossed, "",
			fmt.Sprintf("the document is %d %ss without whitespace, over the %s limit of %d%s", count, unit, lim.Name, lim.DocumentMax, extra),
			"split the permissions into several policies, or use wildcards and list forms to shorten it")
	case raw > lim.DocumentMax:
		c.report(SeverityWarning, cdLength, "", c.start, "",
			fmt.Sprintf("the document is %d %ss with whitespace and %d without; the %s limit is %d, and the documents do not settle whether whitespace counts", raw, unit, count, lim.Name, lim.DocumentMax),
			"remove the indentation (minify the JSON) before sending it")
	}
}

// name checks a policyName or roleName request parameter.
func (c *checker) name(v *string, param, code string) {
	if v == nil {
		return
	}
	lim, s := c.opts.Limits, *v
	path := "/" + param
	if lim.NameMax <= 0 {
		return
	}
	if s == "" {
		c.report(SeverityError, code, "", -1, path,
			fmt.Sprintf("%s is empty; it must be 1 to %d characters", param, lim.NameMax),
			fmt.Sprintf("give a %s", param))
		return
	}
	if len(s) > lim.NameMax {
		c.report(SeverityError, code, "", -1, path,
			fmt.Sprintf("%s is %d bytes long; the limit is %d", param, len(s), lim.NameMax),
			fmt.Sprintf("shorten the %s to at most %d characters", param, lim.NameMax))
	}
	var badChars []string
	for _, r := range s {
		if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(lim.NameChars, r)) {
			continue
		}
		if q := fmt.Sprintf("%q", r); len(badChars) < 5 && !slices.Contains(badChars, q) {
			badChars = append(badChars, q)
		}
	}
	if len(badChars) > 0 {
		c.report(SeverityError, code, "", -1, path,
			fmt.Sprintf("%s %s contains %s; only ASCII letters, digits and %s are allowed", param, quote(s), strings.Join(badChars, ", "), lim.NameChars),
			fmt.Sprintf("use only letters, digits and %s in the %s", lim.NameChars, param))
	}
}

func (c *checker) description() {
	if c.opts.Description == nil {
		return
	}
	max := c.opts.Limits.DescriptionMax
	if max <= 0 {
		return
	}
	if n := len(*c.opts.Description); n > max {
		c.report(SeverityError, cdDescription, "", -1, "/description",
			fmt.Sprintf("description is %d bytes in UTF-8; the limit is %d bytes (a Chinese character takes 3)", n, max),
			fmt.Sprintf("shorten the description to at most %d bytes", max))
	}
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isName reports whether s is lower-case ASCII letters and digits plus the
// characters in extra, starting with a letter or digit.
func isName(s, extra string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		ok := b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || i > 0 && strings.IndexByte(extra, b) >= 0
		if !ok {
			return false
		}
	}
	return true
}

// isServiceDomain reports whether s looks like a service carrier such as
// "cvm.qcloud.com": dot-separated lower-case labels.
func isServiceDomain(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if !isName(l, "-") {
			return false
		}
	}
	return true
}

// isUINRef reports whether s is uin/<digits>, the owner in a qcs::cam:: id.
func isUINRef(s string) bool {
	id, ok := strings.CutPrefix(s, "uin/")
	return ok && allDigits(id)
}

func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// foldCount counts the members of obj whose key is key in any case.
func foldCount(obj *node, key string) int {
	n := 0
	for _, m := range obj.members {
		if strings.EqualFold(m.key, key) {
			n++
		}
	}
	return n
}

// jsonString writes s as a JSON string, as a fix puts it in a document.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// providerSeverity is the severity of a finding of the Terraform provider's
// own check: an error where it always runs, a warning where only updates run it.
func (c *checker) providerSeverity() string {
	if c.opts.Terraform == TerraformOnUpdate {
		return SeverityWarning
	}
	return SeverityError
}

// provider reports a value the tencentcloud Terraform provider rejects
// because it is not a list, although CAM accepts it: its document check
// reads statement and resource as JSON arrays only. Wrapping the value in
// a list is the one correct form.
func (c *checker) provider(v *node, path, element, what, code string) {
	cd := cdResource
	if code == "statement" {
		cd = cdStatement
	}
	when := ""
	if c.opts.Terraform == TerraformOnUpdate {
		when = " when the document is updated (tencentcloud_cam_role skips it on create)"
	}
	c.add(pending{
		Finding: Finding{Severity: c.providerSeverity(), CodeDesc: cd, Path: path,
			Message: fmt.Sprintf("%s is %s; CAM accepts that, but the tencentcloud Terraform provider checks the document before calling the API and accepts only a list here%s", element, what, when),
			Hint:    fmt.Sprintf("write %q as a list: [...]", element)},
		off: v.off, provider: true,
		// Two insertions, so that rewrites inside the value still apply.
		edits: []edit{
			{start: v.off, end: v.off, text: "[", what: fmt.Sprintf("put %s in a list", element)},
			{start: v.end, end: v.end, text: "]"},
		},
	})
}
