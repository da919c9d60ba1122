package diagnose

import (
	"strings"
	"unicode/utf8"

	"github.com/camerr/camerr/policy"
)

// Phrases that mark a CAM denial. The English ones are what CAM returns inside messages
// ("you are not authorized to perform operation (cvm:StopInstances)\nresource (...) has no
// permission"); the Chinese ones are the console and SDK translations ("操作未授权", "没有权限").
var denialPhrases = []string{
	"not authorized", "no permission", "policy not verify", "permission denied",
	"未授权", "没有权限", "无权限", "无权访问", "无权操作", "权限不足", "没有操作权限",
	// The English ones are matched as "uthoriz" and "ermission", whatever the case of the
	// first letter; this list documents them and holds the Chinese ones.
}

// maxDenialItems bounds the actions and resources taken from one message.
const maxDenialItems = 32

// isDenial reports whether a message reads as a CAM denial. It runs on every message, so it
// looks for rare bytes first and allocates nothing.
func isDenial(msg string) bool {
	if len(msg) > 1<<20 {
		msg = msg[:1<<20]
	}
	if indexAnchoredString(msg, "uthoriz", 6) >= 0 || indexAnchoredString(msg, "ermission", 3) >= 0 ||
		indexAnchoredString(msg, "policy not verify", 5) >= 0 {
		return true
	}
	for _, p := range denialPhrases {
		if p[0] >= 0x80 && strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

// messageFacts extracts the facts a message gives: an API 2.0 module code and, for a CAM denial,
// the actions and resources denied with a policy that would grant exactly them.
func messageFacts(msg string) Diagnosis {
	var d Diagnosis
	if !utf8.ValidString(msg) { // callers pass clean text; this keeps it so
		msg = strings.ToValidUTF8(msg, "\uFFFD")
	}
	d.ModuleCode = moduleCode(msg)
	if !isDenial(msg) {
		return d
	}
	norm := normalizeDenial(msg)
	clauses := denialClauses(norm)
	seenA, seenR := map[string]bool{}, map[string]bool{}
	for _, c := range clauses {
		for _, a := range c.actions {
			if !seenA[a] && len(d.Actions) < maxDenialItems {
				seenA[a] = true
				d.Actions = append(d.Actions, a)
			}
		}
		for _, r := range c.resources {
			if !seenR[r] && len(d.Resources) < maxDenialItems {
				seenR[r] = true
				d.Resources = append(d.Resources, r)
			}
		}
	}
	switch {
	case len(d.Actions) == 0 && strings.Contains(strings.ToLower(norm), "policy not verify"):
		d.Notes = append(d.Notes, "the message names no action (system policy not verify)")
	case len(d.Actions) == 0:
		d.Notes = append(d.Notes, "the message names no action")
	}
	if len(d.Actions) > 0 {
		if len(d.Resources) == 0 {
			d.Notes = append(d.Notes, `the message names no resource; the suggested policy uses "*"`)
		} else {
			for _, c := range clauses {
				if len(c.actions) > 0 && len(c.resources) == 0 {
					d.Notes = append(d.Notes, `the message names no resource for `+c.actions[0]+`; the suggested policy uses "*" for it`)
				}
			}
		}
		d.Policy = suggestPolicy(clauses)
	}
	return d
}

// moduleCode returns the number of an API 2.0 message "(100006)..." or "".
func moduleCode(msg string) string {
	m := strings.TrimLeft(msg, " \t")
	if len(m) < 3 || m[0] != '(' {
		return ""
	}
	end := strings.IndexByte(m, ')')
	if end < 2 || end > 12 {
		return ""
	}
	for i := 1; i < end; i++ {
		if m[i] < '0' || m[i] > '9' {
			return ""
		}
	}
	return m[1:end]
}

// normalizeDenial undoes the escapes a denial picks up on its way through logs (\n, \/) and
// folds full-width parentheses, so one pattern matches every spelling.
func normalizeDenial(msg string) string {
	return denialReplacer.Replace(msg)
}

var denialReplacer = strings.NewReplacer(`\\n`, " ", `\n`, " ", `\r`, " ", `\t`, " ", `\\/`, "/", `\/`, "/",
	"\n", " ", "\r", " ", "\t", " ", "（", "(", "）", ")", "：", ":")

// clause is one "operation (...) resource (...)" pair.
type clause struct {
	actions   []string
	resources []string
}

// denialClauses finds actions "(service:Action)" and resources "resource (...)" or "qcs:..." in
// order. A resource belongs to the action before it; resources before any action belong to the
// first action.
func denialClauses(m string) []clause {
	var cs []clause
	var orphan []string
	for i := 0; i < len(m); {
		switch {
		case m[i] == '(':
			end := strings.IndexByte(m[i+1:], ')')
			if end < 0 {
				i = len(m)
				continue
			}
			inner := strings.TrimSpace(m[i+1 : i+1+end])
			switch {
			case isAction(inner):
				if len(cs) == maxDenialItems {
					i = len(m) // enough: the rest is not read
					continue
				}
				cs = append(cs, clause{actions: []string{inner}})
			case inner == "*" && resourceKeywordBefore(m[:i]):
				cs, orphan = addResource(cs, orphan, "*")
			case strings.HasPrefix(inner, "qcs:"):
				for _, r := range strings.Split(inner, ",") {
					if r = strings.TrimSpace(r); strings.HasPrefix(r, "qcs:") {
						cs, orphan = addResource(cs, orphan, r)
					}
				}
			}
			i += end + 2
		case strings.HasPrefix(m[i:], "qcs:") && (i == 0 || !isResByte(m[i-1])):
			j := i
			for j < len(m) && isResByte(m[j]) {
				j++
			}
			cs, orphan = addResource(cs, orphan, strings.TrimRight(m[i:j], ".,;"))
			i = j
		default:
			i++
		}
	}
	if len(cs) > 0 && len(orphan) > 0 {
		cs[0].resources = append(orphan, cs[0].resources...)
	} else if len(orphan) > 0 {
		cs = append(cs, clause{resources: orphan})
	}
	return cs
}

func addResource(cs []clause, orphan []string, r string) ([]clause, []string) {
	if len(cs) == 0 {
		return cs, append(orphan, r)
	}
	last := &cs[len(cs)-1]
	last.resources = append(last.resources, r)
	return cs, orphan
}

// isResByte reports whether c can be part of a resource written without parentheses.
func isResByte(c byte) bool {
	return c > ' ' && c < 0x7f && c != ')' && c != '(' && c != '"' && c != '\'' && c != ',' && c != ']' && c != '[' && c != '\\'
}

// resourceKeywordBefore reports whether text ends with "resource" or "资源" (then spaces).
func resourceKeywordBefore(s string) bool {
	s = strings.TrimRight(s, " :")
	return strings.HasSuffix(strings.ToLower(s), "resource") || strings.HasSuffix(s, "资源")
}

// isAction reports whether s looks like a CAM action "service:Action" (wildcards allowed).
func isAction(s string) bool {
	// The grammar is policy's, so that check and explain agree on what an action is; a
	// denial's own URL-like words ("qcs:", "https:") are not actions.
	svc, _, _ := strings.Cut(strings.TrimPrefix(s, "name/"), ":")
	return strings.Contains(s, ":") && svc != "qcs" && svc != "http" && svc != "https" && policy.IsAction(s)
}

// suggestPolicy is the policy granting each clause's actions on its resources.
func suggestPolicy(cs []clause) *policy.Suggestion {
	grants := make([]policy.Grant, 0, len(cs))
	for _, c := range cs {
		grants = append(grants, policy.Grant{Actions: c.actions, Resources: c.resources})
	}
	return policy.Suggest(grants...)
}
