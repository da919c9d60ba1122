package catalog

import (
	"sort"
	"strings"
)

// Pasted codes get mangled on their way: OCR reads "l" as "1" or "I", "O" as "0", a character is
// dropped or doubled. A code the catalog does not have that is one edit away from exactly one
// code it has is taken for that code (Correct); two or more neighbours mean the text cannot say
// which was meant, and nothing is corrected.

// Bounds of a correction: shorter codes have too many neighbours to guess from, longer ones are
// not codes.
const (
	minCorrectLen = 8
	maxCorrectLen = 128
)

// Correct returns the one known code that code is one edit from (a character replaced, dropped,
// added, or two neighbours swapped; case is ignored), and whether there is exactly one.
//
// It never compares code with every known code. A neighbour agrees with code before the edit
// and after it, so the edit lies no further in than the longest prefix code shares with a known
// code, and no further out than the longest suffix it shares: two binary searches, one in the
// codes and one in the codes spelled backwards, bound where it can be. Within those bounds a
// binary search narrows the codes to those agreeing before the edit, and each character they
// have there costs one search more. A word far from every code costs the two searches.
func (c *Catalog) Correct(code string) (string, bool) {
	if len(code) < minCorrectLen || len(code) > maxCorrectLen || !codeLike(code) || len(c.named(code)) > 0 {
		return "", false
	}
	ix := c.correctIndex()
	q := strings.ToLower(code)
	pre := commonAround(ix.lower, q)
	suf := commonAround(ix.reversed, reverse(q))
	found := -1
	// add records the neighbour at row j; it reports false once a second one shows the answer
	// ambiguous.
	add := func(j int) bool {
		if found < 0 || found == j {
			found = j
			return true
		}
		found = -2
		return false
	}
	// exact adds the row of [lo, hi) equal to s, if there is one.
	exact := func(lo, hi int, s string) bool {
		if j := lo + sort.SearchStrings(ix.lower[lo:hi], s); j < hi && ix.lower[j] == s {
			return add(j)
		}
		return true
	}
	// The edit at d leaves q[d+2:] (a swap), q[d+1:] or q[d:] intact: at most suf characters.
	first := max(0, len(q)-suf-2)
	last := min(pre, len(q))
	lo, hi := prefixRange(ix.lower, 0, len(ix.lower), q[:min(first, last)])
	for d := first; d <= last && lo < hi; d++ {
		// [lo, hi) holds the rows that agree with q before d. The edit is at d.
		if d < len(q) && !exact(lo, hi, q[:d]+q[d+1:]) { // a character too many
			break
		}
		if d+1 < len(q) && q[d] != q[d+1] && !exact(lo, hi, q[:d]+q[d+1:d+2]+q[d:d+1]+q[d+2:]) { // two swapped
			break
		}
		// A character replaced or missing: try each character the rows have at d.
		ok := true
		for j := lo; j < hi && ok; {
			s := ix.lower[j]
			if len(s) <= d {
				j++
				continue
			}
			next := s[:d+1]
			_, end := prefixRange(ix.lower, j, hi, next)
			if d < len(q) && s[d] != q[d] {
				ok = exact(j, end, next+q[d+1:])
			}
			if ok {
				ok = exact(j, end, next+q[d:])
			}
			j = end
		}
		if !ok {
			break
		}
		if d < len(q) {
			lo, hi = prefixRange(ix.lower, lo, hi, q[:d+1])
		}
	}
	if found < 0 {
		return "", false
	}
	return ix.names[found], true
}

// correctIndex holds the codes of the name index for Correct: as written, lower-cased in the
// same order, and lower-cased and spelled backwards, sorted.
type correctIndex struct {
	names, lower, reversed []string
}

// correctIndex makes the index once, when a code first needs correcting (a few milliseconds).
func (c *Catalog) correctIndex() *correctIndex {
	c.correctOnce.Do(func() {
		ix := &correctIndex{}
		// The name index is sorted by lower-case code (compareFold), so lower is too; a code
		// several products define is one row. Both lower-case lists share one allocation.
		size := 0
		for j := range len(c.sec[secNames]) / 4 {
			id := c.id(u32(c.sec[secNames], 4*j))
			if n := len(ix.names); n > 0 && strings.EqualFold(ix.names[n-1], id) {
				continue
			}
			ix.names = append(ix.names, id)
			size += len(id)
		}
		buf := make([]byte, 0, 2*size)
		for _, id := range ix.names {
			for i := range len(id) {
				buf = append(buf, lowerByte(id[i]))
			}
		}
		for _, id := range ix.names {
			for i := len(id) - 1; i >= 0; i-- {
				buf = append(buf, lowerByte(id[i]))
			}
		}
		all := string(buf)
		ix.lower, ix.reversed = make([]string, len(ix.names)), make([]string, len(ix.names))
		at := 0
		for j, id := range ix.names {
			ix.lower[j] = all[at : at+len(id)]
			ix.reversed[j] = all[size+at : size+at+len(id)]
			at += len(id)
		}
		sort.Strings(ix.reversed)
		c.correct = ix
	})
	return c.correct
}

// commonAround returns the length of the longest prefix q shares with a string of the sorted
// list: one of the two around where q would go.
func commonAround(list []string, q string) int {
	k := sort.SearchStrings(list, q)
	n := 0
	for _, j := range []int{k - 1, k} {
		if j >= 0 && j < len(list) {
			n = max(n, commonPrefix(list[j], q))
		}
	}
	return n
}

func commonPrefix(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

func reverse(s string) string {
	b := make([]byte, len(s))
	for i := range len(s) {
		b[len(s)-1-i] = s[i]
	}
	return string(b)
}

// prefixRange returns the rows of the sorted list[lo:hi] that start with p.
func prefixRange(list []string, lo, hi int, p string) (int, int) {
	a := lo + sort.SearchStrings(list[lo:hi], p)
	b := a + sort.Search(hi-a, func(j int) bool { return !strings.HasPrefix(list[a+j], p) })
	return a, b
}

// codeLike reports whether s is spelled as a code: letters, digits, '.', '_' and '-'.
func codeLike(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// correctionNote says what a correction did, for the notes of a lookup or an explanation.
func correctionNote(from, to string) string {
	return from + " is not in the catalog; it is read as " + to + ", the one known code a single character away"
}
