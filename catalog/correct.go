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
	if len(code) < minCorrectLen || len(code) > maxCorrectLen || !codeLike(code) || c.Has(code) {
		return "", false
	}
	// The name index, lower-cased, and the generator's list of the codes spelled backwards: both
	// sorted, both read in place (a code is lower-cased only when a search looks at it).
	lower := codeList{len(c.sec[secNames]) / 4, func(j int) string { return c.id(u32(c.sec[secNames], 4*j)) }, false}
	reversed := codeList{len(c.sec[secReversed]) / 4, func(j int) string { return c.id(u32(c.sec[secReversed], 4*j)) }, true}
	q := strings.ToLower(code)
	pre := lower.commonAround(q)
	suf := reversed.commonAround(reverse(q))
	found, ambiguous := -1, false
	// add records the neighbour at row j; it reports false once a second one shows the answer
	// ambiguous. A code several products define has a row for each: they are one neighbour.
	add := func(j int) bool {
		if found < 0 || strings.EqualFold(lower.row(found), lower.row(j)) {
			found = j
			return true
		}
		ambiguous = true
		return false
	}
	// exact adds the row of [lo, hi) equal to s, if there is one.
	exact := func(lo, hi int, s string) bool {
		if j := lower.search(lo, hi, s); j < hi && lower.cmp(j, s) == 0 {
			return add(j)
		}
		return true
	}
	// The edit at d leaves q[d+2:] (a swap), q[d+1:] or q[d:] intact: at most suf characters.
	first := max(0, len(q)-suf-2)
	last := min(pre, len(q))
	lo, hi := lower.prefixRange(0, lower.n, q[:min(first, last)])
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
			x := lower.row(j)
			if len(x) <= d {
				j++
				continue
			}
			// The rows of [lo, hi) agree with q before d.
			next := q[:d] + string(lowerByte(x[d]))
			_, end := lower.prefixRange(j, hi, next)
			if d < len(q) && lowerByte(x[d]) != q[d] {
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
			lo, hi = lower.prefixRange(lo, hi, q[:d+1])
		}
	}
	if found < 0 || ambiguous {
		return "", false
	}
	return c.id(u32(c.sec[secNames], 4*found)), true
}

// codeList is a sorted list of n codes read in place: row returns a code as written, and the
// list orders it lower-cased (and spelled backwards when rev), so nothing is copied to compare.
type codeList struct {
	n   int
	row func(int) string
	rev bool
}

// byteAt is the i-th byte of x as the list spells it.
func (l codeList) byteAt(x string, i int) byte {
	if l.rev {
		i = len(x) - 1 - i
	}
	return lowerByte(x[i])
}

// cmp compares row j, as the list spells it, with s.
func (l codeList) cmp(j int, s string) int {
	x := l.row(j)
	for i := 0; i < len(x) && i < len(s); i++ {
		if a, b := l.byteAt(x, i), s[i]; a != b {
			if a < b {
				return -1
			}
			return 1
		}
	}
	return len(x) - len(s)
}

// common is the length of the prefix row j, as the list spells it, shares with q.
func (l codeList) common(j int, q string) int {
	x := l.row(j)
	i := 0
	for i < len(x) && i < len(q) && l.byteAt(x, i) == q[i] {
		i++
	}
	return i
}

// search returns the first row of [lo, hi) not before s.
func (l codeList) search(lo, hi int, s string) int {
	return lo + sort.Search(hi-lo, func(k int) bool { return l.cmp(lo+k, s) >= 0 })
}

// commonAround returns the length of the longest prefix q shares with a row of the list: one of
// the two around where q would go.
func (l codeList) commonAround(q string) int {
	k := l.search(0, l.n, q)
	n := 0
	for _, j := range []int{k - 1, k} {
		if j >= 0 && j < l.n {
			n = max(n, l.common(j, q))
		}
	}
	return n
}

// prefixRange returns the rows of [lo, hi) that start with p.
func (l codeList) prefixRange(lo, hi int, p string) (int, int) {
	a := l.search(lo, hi, p)
	b := a + sort.Search(hi-a, func(k int) bool { return l.common(a+k, p) < len(p) })
	return a, b
}

// reverse spells s backwards, byte by byte (codes are ASCII).
func reverse(s string) string {
	b := make([]byte, len(s))
	for i := range len(s) {
		b[len(s)-1-i] = s[i]
	}
	return string(b)
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
