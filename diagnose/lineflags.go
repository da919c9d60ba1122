package diagnose

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"sync"
)

// Line flags: what recognize asks of every line before it tries any form. The first four are
// exact and say whether a line is plain (none of them: the common case in a log); the others
// are a prefilter for the needles the per-line triggers look for, and may be set where the
// needle is absent (never the reverse).
const (
	fHump    = 1 << iota // a lower-case letter directly followed by an upper-case one
	fHigh                // a non-ASCII byte
	fBrace               // '{'
	fZ                   // 'z', as in "authorized": the English denial needs one
	fCosByte             // '<', '&' or '(': cosTrigger's bytes
	fMasks               // the lineMasks given were filled for the line

	// fBucket is the first of eight bucket flags: a line may hold a piece of a needle of the
	// bucket (lineBuckets).
	fBucket = 1 << 8

	fLine = fHump | fHigh | fBrace | fZ
	// fPrefilter is every prefilter flag: what lineFlagsIn sets where it cannot tell.
	fPrefilter = fCosByte | 0xff*fBucket
)

// lineBuckets are the pieces of needles the prefilter looks for, three bytes each, in eight
// buckets: a trigger may skip its searches when none of its buckets' flags is set. Each needle
// holds a piece of one of its trigger's buckets (TestPrefilterCovers), and a bucket keeps
// pieces whose nibbles mix into few other words, since the vector search matches each byte by
// its two halves.
var lineBuckets = [8][]string{
	{"qcl", "x-c"},        // cosMarks: qcloud, x-cos-request-id
	{"Cos"},               // cosMarks: CosServiceError, Qcloud\Cos, COSXML.CosException
	{"fai", "[co"},        // cosMarks: "fail", "[code "
	{"S3:"},               // cosMarks: "operation error S3: "
	{"Tra"},               // cosTrigger: TraceId
	{"rmi", "riz", "y n"}, // denialTrigger: ermission, uthoriz, policy not verify
	{"ssa"},               // recognize: "essage"
	{"SDK"},               // indexMarker: TencentCloudSDK
}

// The buckets each trigger reads.
const (
	fCosMarks   = (1<<0 | 1<<1 | 1<<2 | 1<<3 | 1<<4) * fBucket
	fCosPlain   = fCosByte | 1<<2*fBucket // '<' and "[code "
	fDenialMark = 1 << 5 * fBucket
	fEssage     = 1 << 6 * fBucket
	fMarker     = 1 << 7 * fBucket
)

// lineFlagsIn computes the line flags of the line seg[:n], where its first hump is (-1 if
// none), and an index past which it has no humps; seg goes on with the lines after it. With 34
// bytes to read past the line's last 32-byte chunk, the vector pass (where the CPU has one)
// reads them and ignores what they hold, and fills m for a line of up to maskedBytes bytes
// (fMasks); otherwise the word-at-a-time pass runs and every prefilter flag is set.
func lineFlagsIn(seg []byte, n int, m *lineMasks) (int, int, int) {
	if haveLineScan && n > 0 && len(seg) >= (n-1)/32*32+34 {
		lineTabOnce.Do(buildLineTab)
		f, first, last := lineScan(&seg[0], n, &lineTab, m)
		if first >= 0 {
			f |= fHump
		}
		if n <= maskedBytes {
			f |= fMasks
		}
		return f, first, last
	}
	f, first, last := lineFlagsGo(seg[:n])
	return f | fPrefilter, first, last
}

// lineTable is what the vector pass reads: for each of a piece's three bytes, tables of the
// buckets whose pieces have that byte's low and high nibble (twice: one per 128-bit lane), then
// constants.
type lineTable struct {
	nibbles [6][32]byte // low, high nibble of byte 0, of byte 1, of byte 2
	mask    [32]byte    // 0x0f
	limit   [32]byte    // -102: a letter offset to -128 is below it
	lower   [32]byte    // 0x80-'a'
	upper   [32]byte    // 0x80-'A'
	cos     [3][32]byte // '<', '&', '('
	brace   [32]byte
	z       [32]byte
	digits  [32]byte // 0x80-'0'
	dlimit  [32]byte // -118: a digit offset to -128 is below it
	under   [32]byte // '_'
	dot     [32]byte // '.'
}

var (
	lineTab     lineTable
	lineTabOnce sync.Once
)

func buildLineTab() {
	t := &lineTab
	for b, pieces := range lineBuckets {
		for _, p := range pieces {
			for j := range 3 {
				for lane := 0; lane < 32; lane += 16 {
					t.nibbles[2*j][lane+int(p[j]&15)] |= 1 << b
					t.nibbles[2*j+1][lane+int(p[j]>>4)] |= 1 << b
				}
			}
		}
	}
	fill := func(a *[32]byte, c byte) {
		for i := range a {
			a[i] = c
		}
	}
	fill(&t.mask, 0x0f)
	fill(&t.limit, 0x80+26)
	fill(&t.lower, 0x80-'a')
	fill(&t.upper, 0x80-'A')
	fill(&t.cos[0], '<')
	fill(&t.cos[1], '&')
	fill(&t.cos[2], '(')
	fill(&t.brace, '{')
	fill(&t.z, 'z')
	fill(&t.digits, 0x80-'0')
	fill(&t.dlimit, 0x80+10)
	fill(&t.under, '_')
	fill(&t.dot, '.')
}

// maskedBytes is the longest line the vector pass describes in a lineMasks.
const maskedBytes = 32 * len(lineMasks{}.humps)

// lineMasks describes a line bit by bit, 32 bytes to a mask: humps[k] bit i says the line has
// a hump at 32*k+i+1 (a lower-case letter at 32*k+i, an upper-case one after it), codes[k] that
// the byte at 32*k+i is one isCodeByte accepts, dots[k] that it is a '.'. Masks past the line's
// end hold whatever an earlier line left there.
type lineMasks struct {
	humps, codes, dots [64]uint32
}

// nextHump returns the first hump at or after from (> 0) and before last, or -1.
func (m *lineMasks) nextHump(from, last int) int {
	i := from - 1
	for k := i >> 5; k<<5 < last-1; k++ {
		w := m.humps[k]
		if k == i>>5 {
			w &= ^uint32(0) << (i & 31)
		}
		if w != 0 {
			if h := k<<5 + bits.TrailingZeros32(w) + 1; h < last {
				return h
			}
			return -1
		}
	}
	return -1
}

// wordStart returns where the run of code bytes holding ln[i] starts.
func (m *lineMasks) wordStart(i int) int {
	for k := i >> 5; k >= 0; k-- {
		w := ^m.codes[k]
		if k == i>>5 {
			w &= 2<<(i&31) - 1
		}
		if w != 0 {
			return k<<5 + 32 - bits.LeadingZeros32(w)
		}
	}
	return 0
}

// wordEnd returns where the run of code bytes holding ln[i] ends, in a line of n bytes.
func (m *lineMasks) wordEnd(i, n int) int {
	for k := i >> 5; k<<5 < n; k++ {
		w := ^m.codes[k]
		if k == i>>5 {
			w &= ^uint32(0) << (i & 31)
		}
		if w != 0 {
			return min(k<<5+bits.TrailingZeros32(w), n)
		}
	}
	return n
}

// hasDot reports whether ln[a:e] holds a '.'.
func (m *lineMasks) hasDot(a, e int) bool {
	for k := a >> 5; k<<5 < e; k++ {
		w := m.dots[k]
		if k == a>>5 {
			w &= ^uint32(0) << (a & 31)
		}
		if end := e - k<<5; end < 32 {
			w &= 1<<end - 1
		}
		if w != 0 {
			return true
		}
	}
	return false
}

// lineFlagsGo computes the exact line flags of b (fLine), where its first hump is (-1 if none),
// and an index past which it has no humps: '{' and 'z' with the vectorized IndexByte, humps and
// non-ASCII bytes in one pass of word arithmetic.
// The pass uses bits 6 and 5 of each byte (set/clear: '@'-'_', set/set: '`'-DEL), which needs
// no constants but finds a few false humps ("r_" in snake_case); each is checked exactly.
func lineFlagsGo(b []byte) (int, int, int) {
	f := 0
	if bytes.IndexByte(b, '{') >= 0 {
		f |= fBrace
	}
	if bytes.IndexByte(b, 'z') >= 0 {
		f |= fZ
	}
	first, last := -1, 0
	var all, carry uint64
	i := 0
	for rest := b; len(rest) >= 16; rest = rest[16:] {
		x := binary.LittleEndian.Uint64(rest)
		y := binary.LittleEndian.Uint64(rest[8:])
		all |= x | y
		lx := x << 1 & (x << 2) &^ x
		ly := y << 1 & (y << 2) &^ y
		hx := (lx<<8 | carry) & (x << 1 &^ (x<<2 | x))
		hy := (ly<<8 | lx>>56) & (y << 1 &^ (y<<2 | y))
		carry = ly >> 56
		if (hx|hy)&hi8 != 0 {
			last = i + 16
			if first < 0 {
				first = confirmHump(b, i, hx&hi8)
				if first < 0 {
					first = confirmHump(b, i+8, hy&hi8)
				}
			}
		}
		i += 16
	}
	if len(b)-i >= 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		all |= x
		lx := x << 1 & (x << 2) &^ x
		if hx := (lx<<8 | carry) & (x << 1 &^ (x<<2 | x)) & hi8; hx != 0 {
			last = i + 8
			if first < 0 {
				first = confirmHump(b, i, hx)
			}
		}
		i += 8
	}
	if all&hi8 != 0 {
		f |= fHigh
	}
	for ; i < len(b); i++ {
		if b[i] >= 0x80 {
			f |= fHigh
		}
		if i > 0 && b[i] >= 'A' && b[i] <= 'Z' && b[i-1] >= 'a' && b[i-1] <= 'z' {
			last = i + 1
			if first < 0 {
				first = i
			}
		}
	}
	if first >= 0 {
		f |= fHump
	}
	return f, first, last
}
