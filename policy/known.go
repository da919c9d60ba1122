package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/camerr/camerr/catalog"
)

// Actions is what the checker knows about the API actions that exist. The
// caller builds it (camerr from its catalog: every action of the SDKs and
// COS's CAM actions); a nil Actions in Options skips these checks.
type Actions interface {
	// Lookup finds an action written "service:Name", matched without regard
	// to case, and returns its canonical spelling.
	Lookup(action string) (canonical string, ok bool)
	// Of returns every action of a service as "service:Name", sorted; none
	// for a service with no known actions.
	Of(service string) []string
	// Services returns every service that has known actions, sorted.
	Services() []string
}

// sdkCaveat ends every message about an action camerr does not know: the
// list is the SDKs', and CAM knows more. COS's list has another limit.
const (
	sdkCaveat = "camerr knows the actions of the SDKs and COS, not CAM's console-only actions or products without API 3.0"
	cosCaveat = "camerr's COS actions are those the COS and CAM pages name, and those pages show only part of CAM's list"
)

// caveat says how far camerr's list of a service's actions goes.
func caveat(svc string) string {
	if svc == "cos" {
		return cosCaveat
	}
	return sdkCaveat
}

// API 3.0 codes for actions and services that do not exist.
const (
	v3ActionNotExist        = "InvalidParameter.ActionNotExist"
	v3ActionServiceNotExist = "InvalidParameter.ActionServiceNotExist"
)

// knownAction checks a well-formed action against the known actions:
// unknown services and actions, wildcards that match nothing, and wrong
// case, each with suggestions. All are warnings: see sdkCaveat.
func (c *checker) knownAction(a Action, it item) {
	known := c.opts.Actions
	if known == nil || a.All || a.PermID != "" {
		return
	}
	warn := func(v3, msg, hint string) { c.report(SeverityWarning, cdAction, v3, it.off, it.path, msg, hint) }
	written := a.Service + ":" + a.Name
	if a.Service == "*" {
		if a.Name == "*" || c.anyService(a.Name) {
			return
		}
		warn(v3ActionNotExist, fmt.Sprintf("action %s matches no action of any service; %s", quote(it.s), sdkCaveat),
			"check the action name in the product's CAM documentation")
		return
	}
	svc := strings.ToLower(a.Service)
	actions := c.actionsOf(svc)
	if len(actions) == 0 {
		hint := "check the service name in the product's CAM documentation"
		edits := 2
		if len(svc) <= 3 {
			edits = 1
		}
		if near := nearest(svc, known.Services(), edits, 3); len(near) > 0 {
			hint = "did you mean " + orList(near) + "?"
		}
		warn(v3ActionServiceNotExist, fmt.Sprintf("action %s: no product camerr knows has the service name %s; %s", quote(it.s), quote(a.Service), sdkCaveat), hint)
		return
	}
	if strings.Contains(a.Name, "*") {
		if matchAny(actions, svc+":"+a.Name, false) {
			if a.Service != svc {
				warn("", fmt.Sprintf("action %s: service names are lower case in every CAM document, which do not say whether %s is accepted", quote(it.s), quote(a.Service)),
					fmt.Sprintf("write %q", a.Prefix+svc+":"+a.Name))
			}
			return
		}
		hint, v3 := "check the pattern against the product's action names", v3ActionNotExist
		msg := fmt.Sprintf("action %s matches none of the %d actions camerr knows for %s; %s", quote(it.s), len(actions), svc, caveat(svc))
		if matchAny(actions, svc+":"+a.Name, true) {
			msg = fmt.Sprintf("action %s matches no action as written, only when case is ignored; CAM action names are case-sensitive (the COS documents say so) and are written as the API names them", quote(it.s))
			hint, v3 = "write the pattern in the case of the action names, e.g. "+example(actions, svc+":"+a.Name), ""
		}
		warn(v3, msg, hint)
		return
	}
	canonical, ok := known.Lookup(written)
	if ok {
		if canonical == written {
			return
		}
		fixed := a.Prefix + canonical
		c.reportFix(SeverityWarning, cdAction, "", it.off, it.path,
			fmt.Sprintf("action %s is spelled %s by the API; CAM action names are case-sensitive (the COS documents say so), so as written it may grant nothing", quote(it.s), quote(canonical)),
			fmt.Sprintf("write %q", fixed),
			&edit{start: it.off, end: it.end, text: jsonString(fixed), what: fmt.Sprintf("wrote action %s as %s", quote(it.s), quote(fixed))})
		return
	}
	hint := "check the action name in the product's CAM documentation"
	// Close spellings in this service (cvm:DescribeInstance); when there is
	// none within two edits, the same action of another service
	// (cvm:DescribeVpcs is vpc:DescribeVpcs), then farther spellings.
	var near, far []string
	for _, n := range nearest(a.Name, names(actions), 0, 3) {
		if catalog.EditDistance(strings.ToLower(a.Name), strings.ToLower(n), 2) <= 2 {
			near = append(near, a.Prefix+svc+":"+n)
		} else {
			far = append(far, a.Prefix+svc+":"+n)
		}
	}
	if len(near) == 0 {
		for _, o := range c.otherServices(a.Name) {
			near = append(near, a.Prefix+o)
		}
		near = append(near, far...)
	}
	if len(near) > 3 {
		near = near[:3]
	}
	if len(near) > 0 {
		hint = "did you mean " + orList(near) + "?"
	}
	warn(v3ActionNotExist, fmt.Sprintf("action %s is not one of the %d actions camerr knows for %s; %s", quote(it.s), len(actions), svc, caveat(svc)), hint)
}

// actionsOf returns a service's actions, cached for the document.
func (c *checker) actionsOf(svc string) []string {
	if c.actionCache == nil {
		c.actionCache = map[string][]string{}
	}
	if a, ok := c.actionCache[svc]; ok {
		return a
	}
	a := c.opts.Actions.Of(svc)
	c.actionCache[svc] = a
	return a
}

// anyService reports whether some service has an action matching the name pattern.
func (c *checker) anyService(pattern string) bool {
	for _, svc := range c.opts.Actions.Services() {
		if matchAny(c.actionsOf(svc), svc+":"+pattern, false) {
			return true
		}
	}
	return false
}

// otherServices finds services that have exactly this action name: a
// right action under the wrong service.
func (c *checker) otherServices(name string) []string {
	if strings.Contains(name, "*") {
		return nil
	}
	var named, other []string
	low := strings.ToLower(name)
	for _, svc := range c.opts.Actions.Services() {
		if canonical, ok := c.opts.Actions.Lookup(svc + ":" + name); ok {
			// A service named in the action (vpc in DescribeVpcs) comes first.
			if strings.Contains(low, svc) {
				named = append(named, canonical)
			} else {
				other = append(other, canonical)
			}
		}
	}
	out := append(named, other...)
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

// names strips the "service:" of each action.
func names(actions []string) []string {
	out := make([]string, len(actions))
	for i, a := range actions {
		_, out[i], _ = strings.Cut(a, ":")
	}
	return out
}

func matchAny(actions []string, pattern string, fold bool) bool {
	if fold {
		pattern = strings.ToLower(pattern)
	}
	for _, a := range actions {
		if fold {
			a = strings.ToLower(a)
		}
		if wildcardMatch(pattern, a) {
			return true
		}
	}
	return false
}

// example rewrites a pattern in the case of the first action it matches
// without regard to case: each literal run takes the spelling it matched.
func example(actions []string, pattern string) string {
	low := strings.ToLower(pattern)
	for _, a := range actions {
		if !wildcardMatch(low, strings.ToLower(a)) {
			continue
		}
		var b strings.Builder
		rest := a
		for i, part := range strings.Split(pattern, "*") {
			if i > 0 {
				b.WriteByte('*')
			}
			j := strings.Index(strings.ToLower(rest), strings.ToLower(part))
			if j < 0 {
				return pattern
			}
			if i == 0 {
				j = 0
			}
			b.WriteString(rest[j : j+len(part)])
			rest = rest[j+len(part):]
		}
		return fmt.Sprintf("%q", b.String())
	}
	return fmt.Sprintf("%q", pattern)
}

// wildcardMatch matches s against a pattern where '*' stands for any run of
// characters, in linear time.
func wildcardMatch(pattern, s string) bool {
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && pattern[p] == s[i]:
			p++
			i++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// nearest returns up to n candidates closest to s without regard to case:
// within max edits (0 means a quarter of s's length, at least 2), closest
// first, and those that s is the start of (a missing suffix) ahead of other
// equally close ones.
func nearest(s string, candidates []string, max, n int) []string {
	ls := strings.ToLower(s)
	if max == 0 {
		max = max2(len(s)/4, 2)
	}
	type scored struct {
		name string
		d    int
	}
	var best []scored
	for _, cand := range candidates {
		lc := strings.ToLower(cand)
		d := catalog.EditDistance(ls, lc, max)
		if d > max {
			continue
		}
		if strings.HasPrefix(lc, ls) || strings.HasPrefix(ls, lc) {
			d = d*2 - 1
		} else {
			d *= 2
		}
		best = append(best, scored{cand, d})
	}
	slices.SortStableFunc(best, func(a, b scored) int { return a.d - b.d })
	var out []string
	for _, b := range best {
		if len(out) == n {
			break
		}
		out = append(out, b.name)
	}
	return out
}

func max2(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// orList writes "a", "a or b", "a, b or c", each quoted.
func orList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
