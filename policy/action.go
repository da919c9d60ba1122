package policy

import (
	"fmt"
	"strings"
)

// Action is a CAM action string taken apart. The zero Action with All set is "*".
type Action struct {
	All     bool   // "*": every action of every product
	PermID  string // the digits of a feature set, "permid/280649"
	Prefix  string // "name/" when written with it, else ""
	Service string // "cvm", or "*" for every service
	Name    string // "RunInstances", "Describe*" or "*"
}

// String writes the action back in its canonical form.
func (a Action) String() string {
	switch {
	case a.All:
		return "*"
	case a.PermID != "":
		return "permid/" + a.PermID
	}
	return a.Prefix + a.Service + ":" + a.Name
}

// Wildcard reports whether the action name or service contains '*'.
func (a Action) Wildcard() bool {
	return a.All || strings.Contains(a.Service, "*") || strings.Contains(a.Name, "*")
}

// ActionError says why a string is not a CAM action. Lenient errors are
// forms the documents show or do not settle (a space after ':', a
// capitalised service, '-' or '_' in the name): the checker reports them
// as warnings, and IsAction rejects them like any other.
type ActionError struct {
	Msg, Hint string
	Lenient   bool
}

func (e *ActionError) Error() string { return e.Msg }

const actionForms = `write "service:Action" (e.g. "cos:GetObject", "cvm:Describe*", "name/cvm:RunInstances"), "permid/<digits>" or "*"`

// ParseAction parses one CAM action string: "*", "permid/<digits>", or
// "service:Action" with an optional "name/" prefix and '*' wildcards. The
// service is lower-case letters, digits, '-' and '_', starting with a
// letter; the action name is ASCII letters, digits and '*', as every API
// action name is. This is the one action grammar of camerr: the policy
// checker and the parser of "not authorized" messages both use it.
//
// On a lenient error the returned Action is still filled in, so a caller
// may go on checking it.
func ParseAction(s string) (Action, error) {
	fail := func(msg, hint string) (Action, error) {
		return Action{}, &ActionError{Msg: msg, Hint: hint}
	}
	if s == "*" {
		return Action{All: true}, nil
	}
	if t := strings.TrimSpace(s); t != s {
		return fail(fmt.Sprintf("action %s has spaces around it", quote(s)), fmt.Sprintf("write %q", t))
	}
	rest, prefix := s, ""
	switch {
	case strings.HasPrefix(s, "name/"):
		rest, prefix = s[len("name/"):], "name/"
	case strings.HasPrefix(s, "permid/"):
		if id := s[len("permid/"):]; !allDigits(id) {
			return fail(fmt.Sprintf("action %s: a feature-set action is \"permid/\" followed by digits", quote(s)), `write e.g. "permid/280649"`)
		}
		return Action{PermID: s[len("permid/"):]}, nil
	case hasFoldPrefix(s, "name/") || hasFoldPrefix(s, "permid/"):
		slash := strings.IndexByte(s, '/')
		return fail(fmt.Sprintf("action %s: the prefix is written in lower case", quote(s)), fmt.Sprintf("write %q", strings.ToLower(s[:slash])+s[slash:]))
	}
	svc, name, ok := strings.Cut(rest, ":")
	if !ok {
		return fail(fmt.Sprintf("action %s has no service prefix", quote(s)), actionForms)
	}
	if strings.Contains(name, ":") {
		return fail(fmt.Sprintf("action %s has more than one ':'", quote(s)), actionForms)
	}
	if svc == "" || name == "" {
		return fail(fmt.Sprintf("action %s needs both a service and an action name around ':'", quote(s)), actionForms)
	}
	a := Action{Prefix: prefix, Service: svc, Name: name}
	if t := strings.TrimLeft(name, " "); t != name && t != "" && validName(t) {
		a.Name = t
		return a, &ActionError{Lenient: true,
			Msg:  fmt.Sprintf("action %s has a space after ':'; official examples contain \"cos: DeleteBucketPolicy\", probably a typo, and the documents do not say whether CAM accepts it", quote(s)),
			Hint: fmt.Sprintf("write %q", prefix+svc+":"+t)}
	}
	if svc != "*" && !isService(svc) {
		if isService(strings.ToLower(svc)) {
			// Checked on: a capitalised service is a lenient error, after the name.
		} else {
			return fail(fmt.Sprintf("action %s: the service %s may contain only lower-case letters, digits, '-' and '_', starting with a letter", quote(s), quote(svc)), actionForms)
		}
	}
	for _, r := range name {
		switch {
		case r == '?':
			return fail(fmt.Sprintf("action %s: CAM documents only '*' as a wildcard, not '?'", quote(s)), "use '*' instead of '?'")
		case r == '-' || r == '_':
			if validName(strings.NewReplacer("-", "", "_", "").Replace(name)) {
				return a, &ActionError{Lenient: true,
					Msg:  fmt.Sprintf("action %s: no API action name contains %q (they are letters and digits), and the documents do not say whether CAM accepts it", quote(s), r),
					Hint: "check the action name in the product's CAM documentation"}
			}
		case !isNameRune(r):
			return fail(fmt.Sprintf("action %s: the action name contains %q, which is not a letter, digit or '*'", quote(s), r), actionForms)
		}
	}
	if svc != "*" && !isService(svc) {
		return a, &ActionError{Lenient: true,
			Msg:  fmt.Sprintf("action %s: service names are lower case in every CAM document, which do not say whether %s is accepted", quote(s), quote(svc)),
			Hint: fmt.Sprintf("write %q", prefix+strings.ToLower(svc)+":"+name)}
	}
	return a, nil
}

// IsAction reports whether s is a CAM action in the strict grammar of
// ParseAction (lenient forms are not).
func IsAction(s string) bool {
	_, err := ParseAction(s)
	return err == nil
}

func isNameRune(r rune) bool {
	return r == '*' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !isNameRune(r) {
			return false
		}
	}
	return true
}

// isService reports whether s is a service name: a lower-case letter, then
// lower-case letters, digits, '-' and '_'.
func isService(s string) bool {
	return s != "" && s[0] >= 'a' && s[0] <= 'z' && isName(s, "_-")
}
