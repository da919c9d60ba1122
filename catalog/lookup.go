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

// Lookup finds the entries a query names: a number names an API 2.0 common code (and lists the
// codeDescs that carry it); a name is compared case-insensitively with every code, and a name that
// matches no code whole may be the trailing dot-segments of exactly one code ("policyName.InUse").
func (c *Catalog) Lookup(query string, f Filter) (Result, error) {
	q := strings.TrimSpace(query)
	res := Result{Query: query}
	if n, err := strconv.Atoi(q); err == nil && n >= 0 {
		if e := c.Entry(KeyCommon(strconv.Itoa(n))); e != nil && f.Match(e) {
			res.Matches = append(res.Matches, e)
		}
		// Only the codeDesc stanzas that mention the code are decoded.
		field := "code: " + strconv.Itoa(n) + "\n"
		for i := range c.stanzas {
			st := &c.stanzas[i]
			if st.api == V2 && st.group == KindModular && f.matchStanza(st) && strings.Contains(st.body, field) {
				if e := c.entry(i); e.Code == n {
					res.Modular = append(res.Modular, e)
				}
			}
		}
		if len(res.Matches)+len(res.Modular) > 0 {
			return res, nil
		}
		return res, &NotFoundError{Query: query, Suggestions: c.suggest(q, f)}
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
	for i := range c.stanzas {
		id := c.stanzas[i].id
		if n := len(id) - len(q); n > 0 && id[n-1] == '.' && strings.EqualFold(id[n:], q) && f.matchStanza(&c.stanzas[i]) {
			if !containsFold(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	switch len(ids) {
	case 0:
		return res, &NotFoundError{Query: query, Suggestions: c.suggest(q, f)}
	case 1:
		res.Matches = filtered(c.Named(ids[0]), f)
		return res, nil
	}
	sort.Strings(ids)
	return res, &NotFoundError{Query: query, Candidates: ids}
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
// dot-segments, within a small edit distance.
func (c *Catalog) suggest(q string, f Filter) []string {
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
	seen := map[string]bool{}
	for i := range c.stanzas {
		st := &c.stanzas[i]
		if !f.matchStanza(st) || seen[st.id] {
			continue
		}
		seen[st.id] = true
		best := -1
		id := strings.ToLower(st.id)
		for s := id; ; {
			if d := editDistance(lq, s, max); d <= max && (best < 0 || d < best) {
				best = d
			}
			i := strings.IndexByte(s, '.')
			if i < 0 {
				break
			}
			s = s[i+1:]
		}
		if best >= 0 {
			cands = append(cands, cand{st.id, best})
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
	return out
}

// editDistance is the optimal-string-alignment distance between a and b (insertions, deletions,
// substitutions and transpositions of adjacent bytes), or max+1 once it must exceed max.
func editDistance(a, b string, max int) int {
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
