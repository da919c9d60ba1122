package catalog

import (
	"sort"
	"strconv"
	"strings"
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

type token struct {
	text       string // lower case
	start, end int    // rune span in the ID, for tokens of the ID
}

type searchDoc struct {
	e        *Entry
	lowerID  string
	idTokens []token
	fields   [3][]string // title, description, action words, lower case
	text     string      // everything searchable, lower case, for substring tests
}

var searchWeights = [3]int{weightTitle, weightDescription, weightAction}

// stopWords carry no meaning in a search for an error ("too many roles").
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "is": true, "are": true, "was": true, "to": true, "of": true,
	"in": true, "on": true, "for": true, "my": true, "i": true, "it": true, "and": true, "or": true,
	"with": true, "too": true, "very": true, "not": true, "does": true, "do": true, "can": true,
}

// synonyms map the words people type to the words the catalog uses.
var synonyms = map[string][]string{
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
}

func (c *Catalog) searchIndex() []searchDoc {
	c.searchOnce.Do(func() {
		all := c.All()
		c.index = make([]searchDoc, len(all))
		for i, e := range all {
			d := &c.index[i]
			d.e = e
			d.lowerID = strings.ToLower(e.ID)
			d.idTokens = idTokens(e.ID)
			d.fields = [3][]string{words(e.Title), words(e.Description), words(e.Action)}
			d.text = strings.ToLower(e.ID + " " + e.Title + " " + e.Description + " " + e.Action)
		}
	})
	return c.index
}

// Search ranks the entries that pass f against query, best first. It returns nothing for a query
// with no letters or digits.
func (c *Catalog) Search(query string, f Filter) []Hit {
	q := strings.ToLower(strings.TrimSpace(query))
	qwords := words(q)
	if len(qwords) == 0 {
		return nil
	}
	content := qwords[:0:0]
	for _, w := range qwords {
		// A lone letter or digit matches half the catalog and means nothing on its own.
		if !stopWords[w] && len(w) > 1 {
			content = append(content, w)
		}
	}
	if len(content) == 0 {
		content = qwords
	}
	compact := strings.Join(qwords, "")

	idx := c.searchIndex()
	var hits []Hit
	var fuzzyIDs []string
	var fuzzyDocs []*searchDoc
	for i := range idx {
		d := &idx[i]
		if !f.Match(d.e) {
			continue
		}
		if h, ok := d.match(q, content); ok {
			hits = append(hits, h)
			continue
		}
		fuzzyIDs = append(fuzzyIDs, d.e.ID)
		fuzzyDocs = append(fuzzyDocs, d)
	}
	// sahilm/fuzzy ranks camel-case near-misses of the code ("SigExpire"); it is the last tier,
	// after the exact, prefix and word tiers have had their say.
	fuzzyScore := map[*searchDoc]fuzzy.Match{}
	if len(compact) >= 3 {
		for _, m := range fuzzy.Find(compact, fuzzyIDs) {
			// A negative score means the letters were found scattered across the code: noise.
			if m.Score > 0 {
				fuzzyScore[fuzzyDocs[m.Index]] = m
			}
		}
	}
	for _, d := range fuzzyDocs {
		score, matched, hl := d.typoScore(content)
		m, fz := fuzzyScore[d]
		if !fz && matched*2 < len(content) || matched == 0 && !fz {
			continue
		}
		if fz {
			score += 10 + min(m.Score/500, 10)
			hl = runeIndexes(d.e.ID, m.MatchedIndexes)
		}
		hits = append(hits, Hit{Entry: d.e, Tier: TierFuzzy, Score: score, Highlight: hl})
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Tier != b.Tier {
			return a.Tier < b.Tier
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Entry.Key < b.Entry.Key
	})
	return hits
}

// match tries the exact, prefix and word tiers.
func (d *searchDoc) match(q string, content []string) (Hit, bool) {
	e := d.e
	n := utf8.RuneCountInString(e.ID)
	if d.lowerID == q || strings.ToLower(e.Title) == q || e.Kind == KindCommon && strconv.Itoa(e.Code) == q {
		return Hit{Entry: e, Tier: TierExact, Score: 100, Highlight: span(0, n)}, true
	}
	if strings.HasPrefix(d.lowerID, q) {
		return Hit{Entry: e, Tier: TierPrefix, Score: 100 - (n - len(q)), Highlight: span(0, utf8.RuneCountInString(q))}, true
	}
	start := 0
	for _, seg := range strings.Split(d.lowerID, ".") {
		if strings.HasPrefix(seg, q) {
			s := utf8.RuneCountInString(d.lowerID[:start])
			return Hit{Entry: e, Tier: TierPrefix, Score: 50 - (n - len(q)), Highlight: span(s, s+utf8.RuneCountInString(q))}, true
		}
		start += len(seg) + 1
	}
	score := 0
	var hl []int
	for _, w := range content {
		alts := append([]string{w}, synonyms[w]...)
		found := false
		best := 0
		for _, a := range alts {
			if !strings.Contains(d.text, a) {
				continue
			}
			found = true
			for _, t := range d.idTokens {
				if t.text == a || strings.HasPrefix(t.text, a) || strings.HasPrefix(a, t.text) && len(t.text) >= 3 {
					if weightID*3 > best {
						best = weightID * 3
					}
					hl = append(hl, span(t.start, t.end)...)
				}
			}
			for fi, ws := range d.fields {
				for _, x := range ws {
					if x == a && searchWeights[fi]*3 > best {
						best = searchWeights[fi] * 3
					}
				}
			}
			best = max(best, 1)
		}
		if !found {
			return Hit{}, false
		}
		score += best
	}
	return Hit{Entry: e, Tier: TierWords, Score: score, Highlight: dedupe(hl)}, true
}

// typoScore counts the query words that match a word of the entry with a typo or as a prefix, and
// weights them by where they matched.
func (d *searchDoc) typoScore(content []string) (score, matched int, hl []int) {
	for _, w := range content {
		best := 0
		alts := append([]string{w}, synonyms[w]...)
		for _, a := range alts {
			for _, t := range d.idTokens {
				if q := wordMatch(a, t.text); q > 0 {
					if q*weightID > best {
						best = q * weightID
					}
					hl = append(hl, span(t.start, t.end)...)
				}
			}
			for fi, ws := range d.fields {
				for _, x := range ws {
					if q := wordMatch(a, x); q*searchWeights[fi] > best {
						best = q * searchWeights[fi]
					}
				}
			}
		}
		if best > 0 {
			matched++
			score += best
		}
	}
	return score, matched, dedupe(hl)
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
		if editDistance(w, x, allowed) <= allowed {
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
