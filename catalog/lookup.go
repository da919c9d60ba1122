package catalog

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Result is what one lookup query found.
type Result struct {
	Query string
	// Matches are the entries the query names, in every namespace, in key order.
	Matches []*Entry
	// Modular lists, for a numeric common code, the API 2.0 codeDescs that carry that code.
	Modular []*Entry
	// Parent is set when the query is a code the catalog does not have and Matches are those of
	// its nearest known parent (inferred): "ResourceNotFound" for "ResourceNotFound.Foo".
	Parent string
	// Action is set when the query names an API action ("cvm:RunInstances"); Matches are the
	// codes its documentation says it can return.
	Action string
	// Corrected is set when the query is a code the catalog does not have but one character
	// from exactly one it has (Catalog.Correct), as explain reads it; Matches are that code's.
	Corrected string
}

// All returns the matches followed by the modular codes.
func (r Result) All() []*Entry { return append(append([]*Entry(nil), r.Matches...), r.Modular...) }

// NotFoundError says a lookup query matched nothing, or matched several codes by suffix.
type NotFoundError struct {
	Query string
	// Candidates are the codes an ambiguous suffix matches.
	Candidates []string
	// Suggestions are close spellings, best first, at most three.
	Suggestions []string
}

func (e *NotFoundError) Error() string {
	if len(e.Candidates) > 0 {
		return fmt.Sprintf("%q matches several error codes: %s", e.Query, strings.Join(e.Candidates, ", "))
	}
	return fmt.Sprintf("no error code matches %q", e.Query)
}

// hasLine reports whether line (ending in a newline) is one of the record's lines, without
// copying the record.
func hasLine(record, line string) bool {
	return strings.HasPrefix(record, line) || strings.Contains(record, "\n"+line)
}

// Lookup finds the entries a query names: a number names an API 2.0 common code (and lists the
// codeDescs that carry it); "service:Action" names an API action and finds the codes it returns;
// a name is compared case-insensitively with every code, and a name that matches no code whole
// may be the trailing dot-segments of exactly one code ("policyName.InUse"). A dotted code that
// is not in the catalog resolves to its nearest known parent, as explain resolves it.
func (c *Catalog) Lookup(query string, f Filter) (Result, error) {
	q := strings.TrimSpace(query)
	res := Result{Query: query}
	if n, err := strconv.Atoi(q); err == nil && n >= 0 {
		if e := c.Entry(KeyCommon(strconv.Itoa(n))); e != nil && f.Match(e) {
			res.Matches = append(res.Matches, e)
		}
		// Only the codeDesc records that mention the code are decoded.
		field := "code: " + strconv.Itoa(n) + "\n"
		lo, hi := c.keyRange(KeyModular(""))
		for i := lo; i < hi; i++ {
			if c.matchIndex(f, i) && hasLine(c.record(i), field) {
				if e := c.entry(i); e.Code == n {
					res.Modular = append(res.Modular, e)
				}
			}
		}
		if len(res.Matches)+len(res.Modular) > 0 {
			return res, nil
		}
		sugg, _ := c.suggest(q, f)
		return res, &NotFoundError{Query: query, Suggestions: sugg}
	}
	if svc, action, ok := strings.Cut(q, ":"); ok && svc != "" && action != "" && !strings.ContainsAny(q, " /") {
		name, es, found := c.Action(q)
		if !found {
			return res, &NotFoundError{Query: query}
		}
		res.Action = name
		res.Matches = filtered(es, f)
		return res, nil
	}
	res.Matches = filtered(c.Named(q), f)
	if len(res.Matches) > 0 || q == "" {
		if len(res.Matches) == 0 {
			return res, &NotFoundError{Query: query}
		}
		return res, nil
	}
	// Codes that end in "." + q; the same code in several namespaces counts once.
	var ids []string
	lo, hi := c.suffixRange(q, false)
	for j := lo; j < hi; j++ {
		i, _ := c.suffixAt(j)
		if id := c.id(i); c.matchIndex(f, i) && !containsFold(ids, id) {
			ids = append(ids, id)
		}
	}
	switch len(ids) {
	case 0:
		// A code one character from exactly one known code is read as that code, and one
		// near several is a typo to suggest; otherwise a dotted code the catalog lacks is
		// explained by its nearest known parent. Explain resolves codes the same way.
		if fixed, ok := c.Correct(q); ok {
			if es := filtered(c.Named(fixed), f); len(es) > 0 {
				res.Matches, res.Corrected = es, fixed
				return res, nil
			}
		}
		sugg, dist := c.suggest(q, f)
		if len(sugg) > 0 && dist <= 1 {
			return res, &NotFoundError{Query: query, Suggestions: sugg}
		}
		for parent := q; ; {
			i := strings.LastIndexByte(parent, '.')
			if i <= 0 {
				break
			}
			parent = parent[:i]
			es := filtered(c.Named(parent), f)
			if f.Service == "" {
				// The parent's generic entry explains an unknown code; its definitions in
				// other products do not.
				var generic []*Entry
				for _, e := range es {
					if e.Product == "" {
						generic = append(generic, e)
					}
				}
				if len(generic) > 0 {
					es = generic
				}
			}
			if len(es) > 0 {
				res.Matches, res.Parent = es, es[0].ID
				return res, nil
			}
		}
		return res, &NotFoundError{Query: query, Suggestions: sugg}
	case 1:
		res.Matches = filtered(c.Named(ids[0]), f)
		return res, nil
	}
	sort.Strings(ids)
	if len(ids) > 10 {
		ids = append(ids[:10], fmt.Sprintf("and %d more", len(ids)-10))
	}
	return res, &NotFoundError{Query: query, Candidates: ids}
}

// keyRange returns the span of entries whose keys start with prefix.
func (c *Catalog) keyRange(prefix string) (lo, hi int) {
	lo = sort.Search(c.n, func(i int) bool { return c.key(i) >= prefix })
	hi = sort.Search(c.n, func(i int) bool { return c.key(i) >= prefix+"\xff" })
	return lo, hi
}

// suffixAt returns entry and the dot-suffix of its code that row j of the suffix index holds.
func (c *Catalog) suffixAt(j int) (entry int, suffix string) {
	v := u32(c.sec[secSuffixes], 4*j)
	entry = v >> 12
	return entry, c.id(entry)[v&0xfff:]
}

// suffixRange returns the span of the suffix index whose suffixes equal s (or, with prefix,
// start with it), ignoring case.
func (c *Catalog) suffixRange(s string, prefix bool) (lo, hi int) {
	return foldRange(len(c.sec[secSuffixes])/4, func(j int) string { _, x := c.suffixAt(j); return x }, s, prefix)
}

func containsFold(xs []string, s string) bool {
	for _, x := range xs {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func filtered(es []*Entry, f Filter) []*Entry {
	var out []*Entry
	for _, e := range es {
		if f.Match(e) {
			out = append(out, e)
		}
	}
	return out
}

// suggest returns up to three codes spelled close to q: whole codes, or their trailing
// dot-segments, within a small edit distance; and the best one's distance.
func (c *Catalog) suggest(q string, f Filter) ([]string, int) {
	lq := strings.ToLower(q)
	max := 2
	if len(lq) >= 12 {
		max = len(lq) / 6
	}
	type cand struct {
		id   string
		dist int
	}
	var cands []cand
	// The name index holds each code's entries side by side: compare each distinct code once.
	// This walks every code, on the not-found path only.
	prev := ""
	for j := 0; j < len(c.sec[secNames])/4; j++ {
		i := u32(c.sec[secNames], 4*j)
		if c.id(i) == prev || !c.matchIndex(f, i) {
			continue
		}
		prev = c.id(i)
		best := -1
		id := strings.ToLower(prev)
		for s := id; ; {
			if d := EditDistance(lq, s, max); d <= max && (best < 0 || d < best) {
				best = d
			}
			i := strings.IndexByte(s, '.')
			if i < 0 {
				break
			}
			s = s[i+1:]
		}
		if best >= 0 {
			cands = append(cands, cand{prev, best})
		}
	}
	qn, qNumeric := strconv.Atoi(q)
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].dist != cands[j].dist {
			return cands[i].dist < cands[j].dist
		}
		// Among numbers equally far in spelling, the nearer in value first: 4501 suggests 4500
		// before 4101.
		if ni, err := strconv.Atoi(cands[i].id); err == nil && qNumeric == nil {
			if nj, err := strconv.Atoi(cands[j].id); err == nil {
				if di, dj := abs(ni-qn), abs(nj-qn); di != dj {
					return di < dj
				}
			}
		}
		return cands[i].id < cands[j].id
	})
	var out []string
	for i := 0; i < len(cands) && i < 3; i++ {
		out = append(out, cands[i].id)
	}
	if len(cands) == 0 {
		return nil, -1
	}
	return out, cands[0].dist
}

// EditDistance is the optimal-string-alignment distance between a and b (insertions, deletions,
// substitutions and transpositions of adjacent bytes), or max+1 once it must exceed max. It is
// camerr's one measure of a near miss: lookup and search suggestions here, action and service
// suggestions in the policy checker.
func EditDistance(a, b string, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	// Rows live on the stack for the short words search compares by the thousand.
	var buf [3][40]int
	var prev2, prev, cur []int
	if len(b) < len(buf[0]) {
		prev2, prev, cur = buf[0][:len(b)+1], buf[1][:len(b)+1], buf[2][:len(b)+1]
	} else {
		prev2, prev, cur = make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], max+1)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Completion is one candidate for a shell completing a code.
type Completion struct {
	Code string // the code, or a group of codes ending in "." when Partial
	Gist string // the first entry's gist; empty for a group
	// Partial marks a group: the shell should not add a space after it.
	Partial bool
}

// Complete returns the codes that start with prefix, ignoring case, each once with its gist; when
// no code does, the codes that have a dot-segment suffix starting with it (the short form lookup
// accepts). When more than max codes match, they are grouped at their next dot, so that a shell
// offers "InvalidParameterValue." rather than thousands of codes, and the codes among the groups
// come without their gist. Each candidate starts with
// prefix exactly as typed, since shells filter candidates case-sensitively. It reads only the
// index rows the answer needs.
func (c *Catalog) Complete(prefix string, max int) []Completion {
	lo, hi := c.nameRange(prefix, true)
	at := func(j int) (int, string) { i := u32(c.sec[secNames], 4*j); return i, c.id(i) }
	if lo == hi && prefix != "" {
		lo, hi = c.suffixRange(prefix, true)
		at = c.suffixAt
	}
	var out []Completion
	// next returns the first row after j whose text does not start with p, ignoring case.
	next := func(j int, p string) int {
		return j + sort.Search(hi-j, func(k int) bool {
			_, s := at(j + k)
			return len(s) < len(p) || compareFold(s[:len(p)], p) != 0
		})
	}
	group := hi-lo > max
	for j := lo; j < hi; {
		i, s := at(j)
		if group {
			if d := strings.IndexByte(s[len(prefix):], '.'); d >= 0 {
				g := s[:len(prefix)+d+1]
				out = append(out, Completion{Code: prefix + g[len(prefix):], Partial: true})
				j = next(j, g)
				continue
			}
		}
		// The rows of one code (its namespaces and products) lie together: the gist is the
		// generic entry's, else the only product's, else it counts the products.
		generic, product, products := -1, i, 0
		for ; j < hi; j++ {
			k, t := at(j)
			if !strings.EqualFold(t, s) {
				break
			}
			switch {
			case c.generic(k):
				if generic < 0 {
					generic = k
				}
			case products == 0:
				product, products = k, 1
			default:
				products++
			}
		}
		var text string
		switch {
		case group:
			// Among hundreds of candidates a shell shows names, not meanings: decoding each
			// would make the TAB wait.
		case generic >= 0:
			text = c.entry(generic).Gist()
		case products > 1:
			text = fmt.Sprintf("defined by %d products", products)
		default:
			text = c.entry(product).Gist()
		}
		out = append(out, Completion{Code: prefix + s[len(prefix):], Gist: text})
	}
	return out
}
