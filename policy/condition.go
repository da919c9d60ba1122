package policy

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"
)

// opClass is what kind of value an operator compares.
type opClass int

const (
	opString opClass = iota
	opNumeric
	opDate
	opBool
	opBinary
	opIP
	opNull
)

// operators are the condition operators the CAM documents list, without the
// _if_exist suffix and the for_any_value:/for_all_value: prefixes.
var operators = sync.OnceValue(func() map[string]opClass {
	return map[string]opClass{
		"string_equal":                 opString,
		"string_not_equal":             opString,
		"string_equal_ignore_case":     opString,
		"string_not_equal_ignore_case": opString,
		"string_like":                  opString,
		"string_not_like":              opString,
		"numeric_equal":                opNumeric,
		"numeric_not_equal":            opNumeric,
		"numeric_greater_than":         opNumeric,
		"numeric_greater_than_equal":   opNumeric,
		"numeric_less_than":            opNumeric,
		"numeric_less_than_equal":      opNumeric,
		"date_equal":                   opDate,
		"date_not_equal":               opDate,
		"date_greater_than":            opDate,
		"date_greater_than_equal":      opDate,
		"date_less_than":               opDate,
		"date_less_than_equal":         opDate,
		"bool_equal":                   opBool,
		"binary_equal":                 opBinary,
		"ip_equal":                     opIP,
		"ip_not_equal":                 opIP,
		"null_equal":                   opNull,
	}
})

// awsOperators maps AWS IAM operator names, which people paste by habit,
// to their CAM equivalents ("" when CAM has none).
var awsOperators = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"StringEquals":              "string_equal",
		"StringNotEquals":           "string_not_equal",
		"StringEqualsIgnoreCase":    "string_equal_ignore_case",
		"StringNotEqualsIgnoreCase": "string_not_equal_ignore_case",
		"StringLike":                "string_like",
		"StringNotLike":             "string_not_like",
		"NumericEquals":             "numeric_equal",
		"NumericNotEquals":          "numeric_not_equal",
		"NumericGreaterThan":        "numeric_greater_than",
		"NumericGreaterThanEquals":  "numeric_greater_than_equal",
		"NumericLessThan":           "numeric_less_than",
		"NumericLessThanEquals":     "numeric_less_than_equal",
		"DateEquals":                "date_equal",
		"DateNotEquals":             "date_not_equal",
		"DateGreaterThan":           "date_greater_than",
		"DateGreaterThanEquals":     "date_greater_than_equal",
		"DateLessThan":              "date_less_than",
		"DateLessThanEquals":        "date_less_than_equal",
		"Bool":                      "bool_equal",
		"BinaryEquals":              "binary_equal",
		"IpAddress":                 "ip_equal",
		"NotIpAddress":              "ip_not_equal",
		"Null":                      "null_equal",
		"ArnEquals":                 "",
		"ArnNotEquals":              "",
		"ArnLike":                   "",
		"ArnNotLike":                "",
	}
})

const (
	forAny  = "for_any_value:"
	forAll  = "for_all_value:"
	ifExist = "_if_exist"
)

// parseOperator splits a CAM operator name into its base operator.
func parseOperator(name string) (base string, class opClass, ok bool) {
	rest := name
	if r, found := strings.CutPrefix(rest, forAny); found {
		rest = r
	} else if r, found := strings.CutPrefix(rest, forAll); found {
		rest = r
	}
	if r, found := strings.CutSuffix(rest, ifExist); found {
		if r == "null_equal" {
			return r, opNull, false // null_equal is the one operator without _if_exist
		}
		rest = r
	}
	class, ok = operators()[rest]
	return rest, class, ok
}

// suggestOperator guesses the CAM operator meant by an unknown name: an AWS
// name, a wrong case, or a common misspelling such as "_than_equals".
func suggestOperator(name string) string {
	prefix, rest := "", name
	for _, q := range [][2]string{{"ForAnyValue:", forAny}, {"ForAllValues:", forAll}} {
		if r, ok := strings.CutPrefix(rest, q[0]); ok {
			prefix, rest = q[1], r
		}
	}
	suffix := ""
	if r, ok := strings.CutSuffix(rest, "IfExists"); ok {
		rest, suffix = r, ifExist
	}
	if cam, ok := awsOperators()[rest]; ok && cam != "" {
		return prefix + cam + suffix
	}
	fixed := strings.ToLower(name)
	for _, fix := range [][2]string{{"for_any_values:", forAny}, {"for_all_values:", forAll}, {"_if_exists", ifExist}, {"_equals", "_equal"}} {
		fixed = strings.ReplaceAll(fixed, fix[0], fix[1])
	}
	if _, _, ok := parseOperator(fixed); ok {
		return fixed
	}
	return ""
}

// globalKeys are the global condition keys the documents name.
var globalKeys = []string{"qcs:current_time", "qcs:ip", "qcs:resource_tag", "qcs:request_tag", "qcs:uin", "qcs:owner_uin", "qcs:create_uin", "qcs:mfa", "mfa"}

// keyClass says which operator class the documents pair with a global key
// (the Condition Keys page); other keys take any operator.
var keyClass = sync.OnceValue(func() map[string]opClass {
	return map[string]opClass{
		"qcs:current_time": opDate,
		"qcs:ip":           opIP,
		"qcs:resource_tag": opString,
		"qcs:request_tag":  opString,
	}
})

// awsKeys maps AWS global condition keys to the CAM key to use instead.
var awsKeys = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"aws:sourceip":               "qcs:ip",
		"aws:currenttime":            "qcs:current_time",
		"aws:requesttag":             "qcs:request_tag",
		"aws:resourcetag":            "qcs:resource_tag",
		"aws:multifactorauthpresent": "qcs:mfa",
	}
})

// condition checks a condition element: operator -> key -> value(s).
func (c *checker) condition(v *node, path string) {
	if v.kind != kindObject {
		c.report(SeverityError, cdCondition, "", v.off, path,
			fmt.Sprintf("condition is %s; it must be an object of operator -> {key: value}", v.kind),
			`write "condition": {"ip_equal": {"qcs:ip": ["10.0.0.0/8"]}}`)
		return
	}
	for _, op := range v.members {
		p := pointer(path, op.key)
		base, class, ok := parseOperator(op.key)
		if !ok {
			c.badOperator(op, base, p)
			// Keep checking keys and values with the suggested operator,
			// so that one round of fixes is enough.
			if base, class, ok = parseOperator(suggestOperator(op.key)); !ok {
				continue
			}
		}
		if op.val.kind != kindObject {
			c.report(SeverityError, cdCondition, "", op.val.off, p,
				fmt.Sprintf("the value of operator %q is %s; it must be an object of condition key -> value", op.key, op.val.kind),
				fmt.Sprintf(`write %q: {"<key>": "<value>"}`, op.key))
			continue
		}
		if len(op.val.members) == 0 {
			c.report(SeverityWarning, cdCondition, "", op.val.off, p,
				fmt.Sprintf("operator %q has no condition keys; the documents do not say whether CAM accepts that", op.key),
				"add a condition key or remove the operator")
		}
		for _, k := range op.val.members {
			kp := pointer(p, k.key)
			c.conditionKey(k, kp, base, class)
			c.conditionValues(k.val, kp, base, class)
		}
	}
}

func (c *checker) badOperator(op member, base, path string) {
	if base == "null_equal" {
		c.report(SeverityError, cdCondition, v3ConditionType, op.off, path,
			fmt.Sprintf("operator %q: null_equal is the one operator that takes no _if_exist suffix", op.key),
			fmt.Sprintf("write %q", strings.TrimSuffix(op.key, ifExist)))
		return
	}
	hint := "use a CAM operator such as string_equal, string_like, numeric_less_than, date_greater_than, ip_equal or bool_equal, with an optional _if_exist suffix and for_any_value:/for_all_value: prefix"
	what := "is not a CAM condition operator"
	if s := suggestOperator(op.key); s != "" {
		hint = fmt.Sprintf("write %q", s)
		if _, aws := awsOperators()[strings.TrimSuffix(op.key, "IfExists")]; aws || strings.Contains(op.key, "ForAnyValue:") || strings.Contains(op.key, "ForAllValues:") {
			what = "is an AWS IAM operator, not a CAM one"
		}
	} else if cam, ok := awsOperators()[op.key]; ok && cam == "" {
		what = "is an AWS IAM operator with no CAM equivalent"
		hint = "CAM has no ARN operators: match the resource in the resource element instead"
	}
	c.report(SeverityError, cdCondition, v3ConditionType, op.off, path,
		fmt.Sprintf("operator %q %s", op.key, what), hint)
}

func (c *checker) conditionKey(k member, path, base string, class opClass) {
	key := k.key
	warn := func(msg, hint string) {
		c.report(SeverityWarning, cdCondition, v3ConditionContent, k.off, path, msg, hint)
	}
	switch {
	case key == "":
		c.report(SeverityError, cdCondition, v3ConditionContent, k.off, path,
			"a condition key is empty", `write a key such as "qcs:ip" or "cos:prefix"`)
		return
	case slices.Contains(globalKeys, key) || strings.HasPrefix(key, "qcs:tag/"):
	case strings.HasPrefix(strings.ToLower(key), "aws:"):
		hint := "use a qcs: global key or a service key"
		for aws, cam := range awsKeys() {
			if strings.HasPrefix(strings.ToLower(key), aws) {
				hint = fmt.Sprintf("use %q", cam)
			}
		}
		warn(fmt.Sprintf("condition key %q is an AWS key; CAM will not supply it, and the documents do not say whether it is rejected", key), hint)
		return
	case strings.HasPrefix(strings.ToLower(key), "qcs:"):
		for _, g := range globalKeys {
			if strings.EqualFold(g, key) {
				warn(fmt.Sprintf("condition keys are case-sensitive and %q is not %q; the documents do not say whether CAM rejects it or it never matches", key, g), fmt.Sprintf("write %q", g))
				return
			}
		}
		warn(fmt.Sprintf("%q is not a global condition key the documents name; whether CAM accepts it is not settled", key),
			"check the key: documented global keys are qcs:current_time, qcs:ip, qcs:resource_tag, qcs:request_tag, qcs:uin, qcs:owner_uin")
		return
	case !strings.Contains(key, ":"):
		warn(fmt.Sprintf("condition key %q has no service prefix such as \"qcs:\" or \"cos:\"; the documents do not say whether CAM accepts it", key),
			"write the key as <service>:<name>, e.g. qcs:ip")
		return
	}
	if want, ok := keyClass()[key]; ok && want != class {
		warn(fmt.Sprintf("the documents pair %q with the %s operators, not with %q; whether CAM rejects the pair or it never matches is not settled", key, classWord(want), base),
			fmt.Sprintf("use a %s operator for %s", classWord(want), key))
	}
}

func classWord(cl opClass) string {
	return [...]string{"string", "numeric", "date", "bool", "binary", "ip", "null"}[cl]
}

// conditionValues checks the value or list of values under one key.
func (c *checker) conditionValues(v *node, path, base string, class opClass) {
	if v.kind != kindArray {
		c.conditionValue(v, path, base, class)
		return
	}
	if len(v.items) == 0 {
		c.report(SeverityWarning, cdCondition, v3ConditionContent, v.off, path,
			"the condition has an empty list of values; the documents do not say whether CAM accepts it, and it matches nothing",
			"give at least one value")
	}
	for i, it := range v.items {
		if it.kind == kindArray {
			c.report(SeverityError, cdCondition, v3ConditionContent, it.off, index(path, i),
				"a condition value is a nested list; values must be strings or numbers",
				"flatten the list")
			continue
		}
		c.conditionValue(it, index(path, i), base, class)
	}
}

func (c *checker) conditionValue(v *node, path, base string, class opClass) {
	bad := func(msg, hint string) {
		c.report(SeverityError, cdCondition, v3ConditionContent, v.off, path, msg, hint)
	}
	warn := func(msg, hint string) {
		c.report(SeverityWarning, cdCondition, v3ConditionContent, v.off, path, msg, hint)
	}
	switch v.kind {
	case kindNull, kindObject:
		bad(fmt.Sprintf("a condition value is %s; values must be strings or numbers", v.kind), "write the value as a string")
		return
	case kindBool:
		if class != opBool && class != opNull {
			warn(fmt.Sprintf("a condition value of %s is a JSON boolean; the grammar allows strings and numbers, and the documents do not say how CAM treats it", base),
				"write the value as a string")
		}
		return
	}
	if v.kind == kindString && strings.Contains(v.str, "${") {
		c.variables(item{v.str, v.off, v.end, path}, cdCondition)
		return // the value is known only at request time
	}
	switch class {
	case opNumeric:
		if v.kind == kindString {
			// A JSON number literal: strconv.ParseFloat would also take
			// "NaN", "Inf" and hexadecimal.
			if n, err := parseJSON([]byte(v.str), 0); err != nil || n.kind != kindNumber {
				bad(fmt.Sprintf("%s compares numbers, but %s is not a number", base, quote(v.str)), "write a number, e.g. 100")
			}
		}
	case opDate:
		if v.kind == kindNumber {
			warn(fmt.Sprintf("%s is given the number %s; the documents show only ISO 8601 UTC strings, and do not say whether a number is accepted", base, v.str),
				`write a time such as "2016-06-01T00:01:00Z"`)
			return
		}
		t, err := time.Parse(time.RFC3339Nano, v.str)
		switch {
		case err != nil && isDate(v.str):
			warn(fmt.Sprintf("%s is given the date %s without a time; the documents show only full UTC times, and do not say whether a date alone is accepted", base, quote(v.str)),
				fmt.Sprintf("write %q", v.str+"T00:00:00Z"))
		case err != nil:
			bad(fmt.Sprintf("%s compares times, but %s is not an ISO 8601 time", base, quote(v.str)), `write a UTC time such as "2016-06-01T00:01:00Z"`)
		case !strings.HasSuffix(v.str, "Z"):
			bad(fmt.Sprintf("%s: time %s is not in UTC; the documents require ISO 8601 UTC", base, quote(v.str)), fmt.Sprintf("write %q", t.UTC().Format(time.RFC3339)))
		}
	case opIP:
		if v.kind != kindString {
			bad(fmt.Sprintf("%s compares IP addresses, but the value is %s", base, v.kind), `write a CIDR block such as "10.121.2.10/24"`)
			return
		}
		if _, err := netip.ParsePrefix(v.str); err == nil {
			return
		}
		if _, err := netip.ParseAddr(v.str); err == nil {
			warn(fmt.Sprintf("%s: %s is a single address; the documents ask for CIDR notation and do not say whether a bare address is accepted", base, quote(v.str)),
				fmt.Sprintf("write %q", v.str+"/32"))
			return
		}
		bad(fmt.Sprintf("%s: %s is not an IP address in CIDR notation", base, quote(v.str)), `write a CIDR block such as "10.121.2.10/24"`)
	case opBool, opNull:
		if v.kind != kindString || (v.str != "true" && v.str != "false") {
			bad(fmt.Sprintf("%s takes true or false, not %s", base, describeValue(v)), `write "true" or "false"`)
		}
	}
}

// isDate reports whether s is an ISO 8601 calendar date such as 2016-06-01.
func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func describeValue(v *node) string {
	if v.kind == kindString {
		return quote(v.str)
	}
	return v.str
}
