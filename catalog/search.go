package catalog

import (
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/sahilm/fuzzy"
)

// Search tiers, best first. A hit's tier says how it matched.
const (
	TierExact  = iota // the query is the code (or the number, or the title)
	TierPrefix        // the code, or one of its dot-segments, starts with the query
	TierWords         // every word of the query is in the entry's text
	TierFuzzy         // words match with typos, or the code fuzzily
)

// Hit is one search result.
type Hit struct {
	Entry *Entry
	Tier  int
	Score int
	// Highlight holds the rune indexes of Entry.ID that matched, in increasing order.
	Highlight []int
}

// Field weights: a word found in the code counts most, in the action least.
const (
	weightID          = 4
	weightTitle       = 3
	weightDescription = 2
	weightAction      = 1
)

// Field weights: a word found in the code counts most, in the action least.
var fieldWeights = []struct{ bit, weight int }{
	{fieldID, weightID}, {fieldTitle, weightTitle}, {fieldProduct, weightTitle},
	{fieldDescription, weightDescription}, {fieldAction, weightAction},
}

// fieldWeight is the weight of the best field in a posting's field mask.
func fieldWeight(mask int) int {
	for _, f := range fieldWeights {
		if mask&f.bit != 0 {
			return f.weight
		}
	}
	return 0
}

type token struct {
	text       string // lower case
	start, end int    // rune span in the ID, for tokens of the ID
}

// stopWords carry no meaning in a search for an error ("too many roles").
var stopWords = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"a": true, "an": true, "the": true, "is": true, "are": true, "was": true, "to": true, "of": true,
		"in": true, "on": true, "for": true, "my": true, "i": true, "it": true, "and": true, "or": true,
		"with": true, "too": true, "very": true, "not": true, "does": true, "do": true, "can": true,
	}
})

// synonyms map the words people type to the words the catalog uses.
var synonyms = sync.OnceValue(func() map[string][]string {
	return map[string][]string{
		"many":       {"full", "limit", "maximum", "exceeded", "quota"},
		"much":       {"limit", "exceeded", "quota"},
		"exists":     {"inuse", "already"},
		"taken":      {"inuse", "already"},
		"duplicate":  {"inuse", "already"},
		"expired":    {"expire", "expired"},
		"denied":     {"unauthorized", "denied", "permission"},
		"forbidden":  {"unauthorized", "denied", "permission"},
		"throttled":  {"limit", "requestlimitexceeded"},
		"throttling": {"limit", "requestlimitexceeded"},
		"clock":      {"timestamp", "time"},
		"long":       {"length", "overlimit", "exceeds"},
		"activated":  {"activate", "activation"},
		"activate":   {"activated", "activation"},
	}
})

// maxQueryWords caps the distinct words of a query: more say nothing more about an error code.
const maxQueryWords = 16

// candidate is what the search knows of one entry before it is decoded.
type candidate struct {
	tier, score int
	found       []bool // per content word: in the entry's text (words tier)
	best        []int  // per content word: its best weight (words tier)
	typo        []int  // per content word: its best typo-tolerant weight
	fz          *fuzzy.Match
	prefixHL    []int
}

// Search ranks the entries that pass f against query, best first, and decodes only the first
// limit of them (0: all). It returns nothing for a query with no letters or digits. Codes are
// found through the name and suffix indexes and words through the packed word index, so the
// catalog is never scanned entry by entry; only the word list is, for typos.
func (c *Catalog) Search(query string, f Filter, limit int) []Hit {
	q := strings.ToLower(strings.TrimSpace(query))
	var qwords []string
	for _, w := range words(q) {
		if !slices.Contains(qwords, w) && len(qwords) < maxQueryWords {
			qwords = append(qwords, w)
		}
	}
	if len(qwords) == 0 {
		return nil
	}
	content := qwords[:0:0]
	for _, w := range qwords {
		// A lone letter or digit matches half the catalog and means nothing on its own.
		if !stopWords()[w] && len(w) > 1 {
			content = append(content, w)
		}
	}
	if len(content) == 0 {
		content = qwords
	}
	compact := strings.Join(qwords, "")

	// Candidates live in a slice indexed through slot (entry -> position+1): thousands of
	// postings are touched per query, and a map per touch costs more than the search itself.
	slot := make([]int32, c.n)
	var cands []candidate
	var candIdx []int
	filtered := f != (Filter{})
	// Each candidate's per-word slices are cut from shared slabs: thousands of candidates,
	// three small slices each, would otherwise be most of the search's time.
	width := len(content)
	var slabB []bool
	var slabI []int
	get := func(i int) *candidate {
		if k := slot[i]; k > 0 {
			return &cands[k-1]
		}
		if len(slabI)+2*width > cap(slabI) {
			slabB, slabI = make([]bool, 0, width*1024), make([]int, 0, 2*width*1024)
		}
		found := slabB[len(slabB) : len(slabB)+width : len(slabB)+width]
		slabB = slabB[:len(slabB)+width]
		best := slabI[len(slabI) : len(slabI)+width : len(slabI)+width]
		typo := slabI[len(slabI)+width : len(slabI)+2*width : len(slabI)+2*width]
		slabI = slabI[:len(slabI)+2*width]
		cands, candIdx = append(cands, candidate{tier: -1, found: found, best: best, typo: typo}), append(candIdx, i)
		slot[i] = int32(len(cands))
		return &cands[len(cands)-1]
	}
	setTier := func(i, tier, score int, hl []int) {
		if filtered && !c.matchIndex(f, i) {
			return
		}
		cd := get(i)
		if cd.tier < 0 || tier < cd.tier || tier == cd.tier && score > cd.score {
			cd.tier, cd.score, cd.prefixHL = tier, score, hl
		}
	}
	// Exact and prefix tiers, from the name and suffix indexes.
	if n, err := strconv.Atoi(q); err == nil {
		if i := c.index(KeyCommon(strconv.Itoa(n))); i >= 0 {
			setTier(i, TierExact, 100, span(0, len(c.id(i))))
		}
	}
	lo, hi := c.keyRange(KeyCommon(""))
	for i := lo; i < hi; i++ {
		if strings.Contains(strings.ToLower("\n"+c.record(i)), "\ntitle: "+q+"\n") {
			setTier(i, TierExact, 100, span(0, len(c.id(i))))
		}
	}
	if !strings.ContainsAny(q, " \t") {
		lo, hi := c.nameRange(q, true)
		for j := lo; j < hi; j++ {
			i := u32(c.sec[secNames], 4*j)
			id := c.id(i)
			n := utf8.RuneCountInString(id)
			if len(id) == len(q) {
				setTier(i, TierExact, 100, span(0, n))
			} else {
				setTier(i, TierPrefix, 100-(n-len(q)), span(0, utf8.RuneCountInString(q)))
			}
		}
		lo, hi = c.suffixRange(q, true)
		for j := lo; j < hi; j++ {
			i, suf := c.suffixAt(j)
			id := c.id(i)
			s := utf8.RuneCountInString(id[:len(id)-len(suf)])
			setTier(i, TierPrefix, 50-(utf8.RuneCountInString(id)-len(q)), span(s, s+utf8.RuneCountInString(q)))
		}
	}
	// Words: which words of the catalog's word list each query word (or synonym) is in, a
	// prefix of, or a typo of; the postings of each such word are then read once.
	type hitFlags struct {
		wi                  int
		contains, idRel, eq bool
		grade               int
	}
	matched := map[int][]hitFlags{}
	mark := func(v int, h hitFlags) { matched[v] = append(matched[v], h) }
	for wi, w := range content {
		for k, a := range append([]string{w}, synonyms()[w]...) {
			for _, v := range c.wordsContaining(a) {
				word := c.listWord(v)
				mark(v, hitFlags{wi, true, strings.HasPrefix(word, a), word == a, wordMatch(a, word)})
			}
			// Words that a is longer than: its prefixes, exact words of the list.
			for n := 3; n < len(a); n++ {
				if v := c.wordIndex(a[:n]); v >= 0 {
					mark(v, hitFlags{wi, false, true, false, wordMatch(a, a[:n])})
				}
			}
			if k > 0 || len(a) < 4 {
				continue // typos of the words people type, not of the synonyms
			}
			// Typos: words within an edit or two; a length check first spares most of them.
			allowed := 1
			if len(a) >= 8 {
				allowed = 2
			}
			for v, n := 0, c.wordCount(); v < n; v++ {
				if l := c.wordLen(v); l < len(a)-allowed || l > len(a)+allowed {
					continue
				}
				word := c.listWord(v)
				if !strings.Contains(word, a) && wordMatch(a, word) == 1 {
					mark(v, hitFlags{wi, false, false, false, 1})
				}
			}
		}
	}
	// An entry can only rank if at least half the query words touch it (the fuzzy tier's bar;
	// the words tier needs them all): count that first, in one byte per entry, so that the
	// thousands of entries a common word touches cost no candidate.
	need := (len(content) + 1) / 2
	touched := make([]uint16, c.n)
	for v, ms := range matched {
		var bits uint16
		for _, m := range ms {
			bits |= 1 << m.wi
		}
		_, post := c.wordAt(v)
		eachPosting(post, func(i, _ int) { touched[i] |= bits })
	}
	for v, ms := range matched {
		_, post := c.wordAt(v)
		eachPosting(post, func(i, mask int) {
			if bitsSet(touched[i]) < need && slot[i] == 0 || filtered && !c.matchIndex(f, i) {
				return
			}
			cd := get(i)
			fw := fieldWeight(mask)
			for _, m := range ms {
				if m.contains {
					cd.found[m.wi] = true
					cd.best[m.wi] = max(cd.best[m.wi], 1)
				}
				if m.idRel && mask&fieldID != 0 {
					cd.best[m.wi] = max(cd.best[m.wi], weightID*3)
				}
				if m.eq {
					cd.best[m.wi] = max(cd.best[m.wi], fw*3)
				}
				if m.grade > 0 {
					cd.typo[m.wi] = max(cd.typo[m.wi], m.grade*fw)
				}
			}
		})
	}
	nw := c.wordCount()
	// sahilm/fuzzy ranks camel-case near-misses of the code ("SigExpire") among the codes that
	// have a word starting as the query does; it is the last tier.
	if len(compact) >= 3 {
		var ids []string
		var idx []int
		seen := map[int]bool{}
		from := sort.Search(nw, func(v int) bool { return c.listWord(v) >= compact[:3] })
		for v := from; v < nw; v++ {
			word, post := c.wordAt(v)
			if !strings.HasPrefix(word, compact[:3]) {
				break
			}
			eachPosting(post, func(i, mask int) {
				if mask&fieldID != 0 && !seen[i] && (!filtered || c.matchIndex(f, i)) {
					seen[i] = true
					ids, idx = append(ids, c.id(i)), append(idx, i)
				}
			})
		}
		for _, m := range fuzzy.Find(compact, ids) {
			// A negative score means the letters were found scattered across the code: noise.
			if m.Score > 0 {
				m := m
				get(idx[m.Index]).fz = &m
			}
		}
	}
	// The products the query names, as ranges of entries.
	var named [][2]int
	for _, w := range content {
		if sv, ok := c.Service(w); ok {
			named = append(named, [2]int{sv.first, sv.first + sv.Codes})
		}
	}
	hits := make([]Hit, 0, len(cands))
	hitIdx := make([]int, 0, len(cands))
	for k := range cands {
		cd, i := &cands[k], candIdx[k]
		switch {
		case cd.tier >= 0:
		case !slices.Contains(cd.found, false):
			cd.tier = TierWords
			for _, b := range cd.best {
				cd.score += b
			}
			// Only words found in the code can spell one of its segments.
			inID := 0
			for _, b := range cd.best {
				if b >= weightID*3 {
					inID++
				}
			}
			if inID >= 2 {
				cd.score += phraseBonus(c.id(i), content)
			}
			// A query that names the product ("tmt text too long") wants that product's code.
			for _, r := range named {
				if r[0] <= i && i < r[1] {
					cd.score += weightID * 3
				}
			}
		default:
			matched, score := 0, 0
			for _, t := range cd.typo {
				if t > 0 {
					matched++
					score += t
				}
			}
			if cd.fz == nil && (matched*2 < len(content) || matched == 0) {
				continue
			}
			if cd.fz != nil {
				score += 10 + min(cd.fz.Score/500, 10)
			}
			cd.tier, cd.score = TierFuzzy, score
		}
		hits = append(hits, Hit{Tier: cd.tier, Score: cd.score})
		hitIdx = append(hitIdx, i)
	}
	// Entries are numbered in key order, so ties break on the number: no key is read.
	gen := make([]bool, len(hits))
	order := make([]int, len(hits))
	for k := range order {
		order[k] = k
		gen[k] = c.generic(hitIdx[k])
	}
	sort.Slice(order, func(x, y int) bool {
		ox, oy := order[x], order[y]
		a, b := hits[ox], hits[oy]
		if a.Tier != b.Tier {
			return a.Tier < b.Tier
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		// At equal rank, the generic entry (common, API 2.0) before a product's own.
		if gen[ox] != gen[oy] {
			return gen[ox]
		}
		return hitIdx[ox] < hitIdx[oy]
	})
	if limit > 0 && len(order) > limit {
		order = order[:limit]
	}
	out := make([]Hit, len(order))
	for k, o := range order {
		i := hitIdx[o]
		cd := get(i)
		h := hits[o]
		h.Entry = c.entry(i)
		switch {
		case cd.prefixHL != nil:
			h.Highlight = cd.prefixHL
		case cd.fz != nil:
			h.Highlight = runeIndexes(h.Entry.ID, cd.fz.MatchedIndexes)
		default:
			h.Highlight = highlightWords(h.Entry.ID, content, h.Tier == TierFuzzy)
		}
		out[k] = h
	}
	return out
}

// phraseBonus rewards query words that, read together, spell a whole dot-segment of the code:
// "instance type" is ResourceUnavailable.InstanceType's own segment, and a stronger match than
// the same words scattered over InvalidZoneInstanceType.
func phraseBonus(id string, content []string) int {
	bonus := 0
	segs := strings.Split(strings.ToLower(id), ".")
	for from := 0; from < len(content); from++ {
		for to := len(content); to > from+1; to-- {
			if slices.Contains(segs, strings.Join(content[from:to], "")) {
				bonus += 2 * weightID * (to - from)
				from = to - 1
				break
			}
		}
	}
	return bonus
}

// bitsSet counts the query words an entry was touched by.
func bitsSet(b uint16) int { return bits.OnesCount16(b) }

// wordCount is the number of words in the word index.
func (c *Catalog) wordCount() int { return len(c.sec[secWordListOff])/4 - 1 }

// listWord returns word v, from the word list.
func (c *Catalog) listWord(v int) string {
	off := c.sec[secWordListOff]
	return c.sec[secWordList][u32(off, 4*v) : u32(off, 4*v+4)-1]
}

// wordLen is the length of word v, without reading it.
func (c *Catalog) wordLen(v int) int {
	off := c.sec[secWordListOff]
	return u32(off, 4*v+4) - u32(off, 4*v) - 1
}

// wordIndex returns the number of the word w, or -1.
func (c *Catalog) wordIndex(w string) int {
	n := c.wordCount()
	v := sort.Search(n, func(v int) bool { return c.listWord(v) >= w })
	if v < n && c.listWord(v) == w {
		return v
	}
	return -1
}

// wordsContaining returns the numbers of the words that contain s: a few scans of the word
// list with strings.Index, not a comparison per word.
func (c *Catalog) wordsContaining(s string) []int {
	if s == "" || strings.ContainsRune(s, '\n') {
		return nil
	}
	list, off := c.sec[secWordList], c.sec[secWordListOff]
	n := c.wordCount()
	var out []int
	for from := 0; ; {
		i := strings.Index(list[from:], s)
		if i < 0 {
			return out
		}
		at := from + i
		// The word holding byte at: the last word starting at or before it.
		v := sort.Search(n, func(v int) bool { return u32(off, 4*v) > at }) - 1
		out = append(out, v)
		from = u32(off, 4*v+4) // on to the next word
	}
}

// wordAt returns word v of the word index and its packed postings.
func (c *Catalog) wordAt(v int) (word, postings string) {
	off := c.sec[secWordOff]
	return c.listWord(v), c.sec[secWords][u32(off, 4*v):u32(off, 4*v+4)]
}

// eachPosting calls fn with each entry and field mask of a word's packed postings.
func eachPosting(p string, fn func(entry, mask int)) {
	entry := 0
	for len(p) > 0 {
		var d uint64
		var s uint
		n := 0
		for ; n < len(p); n++ {
			d |= uint64(p[n]&0x7f) << s
			s += 7
			if p[n] < 0x80 {
				n++
				break
			}
		}
		if n >= len(p) {
			return
		}
		entry += int(d)
		fn(entry, int(p[n]))
		p = p[n+1:]
	}
}

// highlightWords marks the tokens of id that the query's words (or their synonyms) name: equal
// or prefix in the words tier, within a typo in the fuzzy tier.
func highlightWords(id string, content []string, typos bool) []int {
	var hl []int
	for _, w := range content {
		for _, a := range append([]string{w}, synonyms()[w]...) {
			for _, t := range idTokens(id) {
				if t.text == a || strings.HasPrefix(t.text, a) || strings.HasPrefix(a, t.text) && len(t.text) >= 3 || typos && wordMatch(a, t.text) > 0 {
					hl = append(hl, span(t.start, t.end)...)
				}
			}
		}
	}
	return dedupe(hl)
}

// wordMatch grades how well query word w matches word x: 3 equal, 2 one a prefix of the other,
// 1 within a typo or two, 0 not at all.
func wordMatch(w, x string) int {
	switch {
	case w == x:
		return 3
	case len(w) >= 3 && strings.HasPrefix(x, w), len(x) >= 3 && strings.HasPrefix(w, x):
		return 2
	case len(w) >= 4:
		allowed := 1
		if len(w) >= 8 {
			allowed = 2
		}
		if EditDistance(w, x, allowed) <= allowed {
			return 1
		}
	}
	return 0
}

// words splits s into lower-case words of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// idTokens splits a code into its words: dot-segments, then camel-case humps, so that
// "InvalidParameter.policyName.InUse" yields invalid, parameter, policy, name, in, use. A run of
// capitals stays one word ("MFACheckFailed": mfa, check, failed).
func idTokens(id string) []token {
	rs := []rune(id)
	var out []token
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			out = append(out, token{text: strings.ToLower(string(rs[start:end])), start: start, end: end})
		}
		start = -1
	}
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush(i)
		case start < 0:
			start = i
		case unicode.IsUpper(r) && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])):
			flush(i)
			start = i
		}
	}
	flush(len(rs))
	return out
}

func span(from, to int) []int {
	out := make([]int, 0, to-from)
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

func dedupe(xs []int) []int {
	if len(xs) == 0 {
		return nil
	}
	sort.Ints(xs)
	out := xs[:1]
	for _, x := range xs[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}

// runeIndexes converts the byte offsets sahilm/fuzzy reports into rune indexes.
func runeIndexes(s string, byteIdx []int) []int {
	out := make([]int, 0, len(byteIdx))
	for _, b := range byteIdx {
		if b <= len(s) {
			out = append(out, utf8.RuneCountInString(s[:b]))
		}
	}
	return out
}
