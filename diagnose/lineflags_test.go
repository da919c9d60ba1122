package diagnose

import (
	"bytes"
	"strings"
	"testing"
)

// TestPrefilterCovers holds each trigger's needles to its buckets: a needle with no piece in
// them would be skipped on every line.
func TestPrefilterCovers(t *testing.T) {
	var cos []string
	for _, m := range cosMarks {
		cos = append(cos, m.s)
	}
	for _, tc := range []struct {
		trigger string
		needles []string
		mask    int
	}{
		{"cosTrigger", append(cos, "TraceId"), fCosMarks},
		{"cosPlainTrigger", []string{"[code "}, fCosPlain},
		{"denialTrigger", []string{"uthoriz", "ermission", "policy not verify"}, fDenialMark},
		{"recognize", []string{"essage"}, fEssage},
		{"indexMarker", []string{markerStem}, fMarker},
	} {
		for _, n := range tc.needles {
			if prefilterExact([]byte(n))&tc.mask == 0 {
				t.Errorf("%s looks for %q, which holds no piece of its buckets", tc.trigger, n)
			}
		}
	}
	for b, pieces := range lineBuckets {
		for _, p := range pieces {
			if len(p) != 3 {
				t.Errorf("bucket %d: piece %q is not three bytes", b, p)
			}
		}
	}
}

// TestLineFlagsVector checks that the vector pass runs where the CPU has it, and tells a line
// without any piece from one with each.
func TestLineFlagsVector(t *testing.T) {
	if !haveLineScan {
		t.Skip("no vector pass on this CPU: lineFlagsIn sets every prefilter flag")
	}
	pad := func(s string) []byte { return append([]byte(s), make([]byte, 64)...) }
	plain := "2025-03-01T00:00:00.003Z INFO [worker-0] HttpClient POST https://cvm.tencentcloudapi.com/ attempt=347"
	var m lineMasks
	if f, _, _ := lineFlagsIn(pad(plain), len(plain), &m); f&fPrefilter != 0 || f&fMasks == 0 {
		t.Errorf("a line holding no piece has flags %b: prefilter flags, or no masks", f)
	}
	for b, pieces := range lineBuckets {
		for _, p := range pieces {
			for at := range 70 {
				ln := strings.Repeat("x", at) + p
				if f, _, _ := lineFlagsIn(pad(ln), len(ln), &m); f&(1<<b*fBucket) == 0 {
					t.Errorf("%q at %d: bucket %d not set", p, at, b)
				}
			}
		}
	}
}

// paddedFlags is the line flags of ln as recognize finds them, with lines after it: by the
// vector pass where the CPU has one, so the fuzz targets that hold a trigger to its recognizer
// hold its buckets too.
func paddedFlags(ln []byte) int {
	var m lineMasks
	f, _, _ := lineFlagsIn(append(ln[:len(ln):len(ln)], make([]byte, 40)...), len(ln), &m)
	return f
}

// prefilterExact is what the prefilter flags stand for, found exactly: the flags of the buckets
// whose pieces b holds, and fCosByte.
func prefilterExact(b []byte) int {
	f := 0
	if bytes.ContainsAny(b, "<&(") {
		f |= fCosByte
	}
	for k, pieces := range lineBuckets {
		for _, p := range pieces {
			if bytes.Contains(b, []byte(p)) {
				f |= 1 << k * fBucket
			}
		}
	}
	return f
}

// checkMasks holds the masks the vector pass filled for line b, and the lookups on them, to
// plain loops over b; last is lineFlagsIn's bound past the last hump.
func checkMasks(t *testing.T, b []byte, m *lineMasks, last int) {
	t.Helper()
	bit := func(ws *[64]uint32, i int) bool { return ws[i>>5]>>(i&31)&1 != 0 }
	for i, c := range b {
		hump := i+1 < len(b) && c >= 'a' && c <= 'z' && b[i+1] >= 'A' && b[i+1] <= 'Z'
		if bit(&m.codes, i) != isCodeByte(c) || bit(&m.dots, i) != (c == '.') || bit(&m.humps, i) != hump {
			t.Fatalf("masks of %q at %d (%q): code %v dot %v hump %v", b, i, c, bit(&m.codes, i), bit(&m.dots, i), bit(&m.humps, i))
		}
	}
	for from := 1; from < min(len(b), 200); from++ {
		want := -1
		if from < last {
			want = nextHump(b[:last], from)
		}
		if got := m.nextHump(from, last); got != want {
			t.Fatalf("masks of %q: nextHump(%d, %d) = %d, want %d", b, from, last, got, want)
		}
	}
	for i := range min(len(b), 200) {
		if !isCodeByte(b[i]) {
			continue
		}
		a, e, dotted := wordAround(b, i)
		if ga, ge := m.wordStart(i), m.wordEnd(i, len(b)); ga != a || ge != e {
			t.Fatalf("masks of %q: word at %d is %d..%d, want %d..%d", b, i, ga, ge, a, e)
		}
		if m.hasDot(a, e) != dotted {
			t.Fatalf("masks of %q: hasDot(%d, %d) = %v", b, a, e, !dotted)
		}
	}
}
