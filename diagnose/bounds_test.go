package diagnose

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// lineReader yields n lines made by line(i), without holding them: hostile input is made as it
// is read, never stored.
type lineReader struct {
	n    int
	line func(i int) []byte
	i    int
	cur  []byte
}

func (r *lineReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.i >= r.n {
			return 0, io.EOF
		}
		r.cur = r.line(r.i)
		r.i++
	}
	k := copy(p, r.cur)
	r.cur = r.cur[k:]
	return k, nil
}

// scanWithin runs a scan and fails the test if it does not finish within d: a scan must never
// hang, whatever the input.
func scanWithin(t *testing.T, d time.Duration, scan func() (Stats, error)) Stats {
	t.Helper()
	type out struct {
		st  Stats
		err error
	}
	done := make(chan out, 1)
	go func() {
		st, err := scan()
		done <- out{st, err}
	}()
	select {
	case o := <-done:
		if o.err != nil {
			t.Fatalf("scan: %v", o.err)
		}
		return o.st
	case <-time.After(d):
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Fatalf("the scan did not finish within %v (a deadlock?)\n%s", d, buf)
		return Stats{}
	}
}

// TestParallelManyLongLines: many lines longer than a block, on which the first parallel
// scanner lost track of its buffers and deadlocked, are read, at any worker count.
func TestParallelManyLongLines(t *testing.T) {
	long := func(n, size int, tail string) *lineReader {
		return &lineReader{n: n, line: func(i int) []byte {
			if i == n-1 {
				return []byte(tail)
			}
			return append(bytes.Repeat([]byte{'a' + byte(i%26)}, size), '\n')
		}}
	}
	const sdk = "[TencentCloudSDKError] Code=InternalError, Message=after, RequestId=r\n"
	for _, workers := range []int{2, 3, 16} {
		st := scanWithin(t, time.Minute, func() (Stats, error) {
			return scanParallel(long(40, 1100000, sdk), Options{}, func(Finding) error { return nil }, workers, defaultLimits)
		})
		if st.Lines != 40 || st.Responses != 1 || st.SkippedRecords != 0 {
			t.Errorf("workers %d: %+v", workers, st)
		}
		// Small limits: a budget of a few blocks, lines of many blocks, some too long to read.
		lim := limits{block: 4 << 10, budget: 3 * (4<<10 + tailSize), held: 1024}
		st = scanWithin(t, time.Minute, func() (Stats, error) {
			return scanParallel(long(60, 150000, sdk), Options{MaxRecord: 200000}, func(Finding) error { return nil }, workers, lim)
		})
		if st.Lines != 60 || st.Responses != 1 {
			t.Errorf("workers %d, small limits: %+v", workers, st)
		}
	}
	// And the same as the sequential scan, with lines at and around every block boundary.
	var b strings.Builder
	for i := range 30 {
		fmt.Fprintf(&b, "%s\n[TencentCloudSDKError] Code=A%d.B, Message=m\n", strings.Repeat("x", 1000*(i%7)), i)
	}
	for _, size := range []int{1, 999, 1000, 1001, 4096} {
		scanBothLimits(t, []byte(b.String()), Options{MaxRecord: 4500, KnownCode: knownCode},
			limits{block: size, budget: 2 * (size + tailSize), held: 64}, 3)
	}
}

// TestLineOfResponses: a line holding many responses is read in linear time (the first
// scanner compared each with all before it) and its findings are passed on as they are found.
func TestLineOfResponses(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 16 MB")
	}
	body := []byte(`{"Response":{"Error":{"Code":"AuthFailure","Message":"m"}}}`)
	n := 16 << 20 / len(body)
	for _, opts := range []Options{{CodesOnly: true}, {}} {
		found := 0
		start := time.Now()
		st := scanWithin(t, time.Minute, func() (Stats, error) {
			r := &repeatReader{pattern: body, n: int64(n * len(body)), tail: []byte("\n")}
			return Scan(r, opts, func(f Finding) error {
				if f.ErrorCode == "AuthFailure" {
					found++
				}
				return nil
			})
		})
		if found != n || st.Responses != n || st.Lines != 1 {
			t.Errorf("CodesOnly %v: found %d of %d: %+v", opts.CodesOnly, found, n, st)
		}
		// About a second at the least; the quadratic scan took minutes.
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("CodesOnly %v: %v for a 16 MB line", opts.CodesOnly, d)
		}
	}
}

// TestLineOfSDKStrings: a line of SDK strings, each of which made a recognizer read to the end
// of the line, is read in linear time too.
func TestLineOfSDKStrings(t *testing.T) {
	for _, unit := range []string{
		"[TencentCloudSDKError] Code=A.B ",
		"[TencentCloudSDKError] Code=A.B, Message=m, ",
		"[TencentCloudSDKException] code:A.B message:m ",
		"TencentCloud.Common.TencentCloudSDKException: code:A.B message:m ",
		"Error: [TencentCloudSDKError] Code=A.B ",
	} {
		in := strings.Repeat(unit, (4<<20)/len(unit)) + "\n" + strings.Repeat("x\n", 20)
		start := time.Now()
		st := scanWithin(t, time.Minute, func() (Stats, error) {
			return Scan(strings.NewReader(in), Options{}, func(Finding) error { return nil })
		})
		if d := time.Since(start); d > 10*time.Second || st.Lines != 21 {
			t.Errorf("%q: %v, %+v", unit, d, st)
		}
	}
}

// TestPrettyDocumentOfResponses: a pretty-printed document of many responses is not held back
// whole.
func TestPrettyDocumentOfResponses(t *testing.T) {
	const n = 20000
	r := &lineReader{n: n + 2, line: func(i int) []byte {
		switch i {
		case 0:
			return []byte("[\n")
		case n + 1:
			return []byte("]\n")
		}
		return fmt.Appendf(nil, "  {\n    \"Response\": {\n      \"Error\": {\"Code\": \"AuthFailure\", \"Message\": \"m\"},\n      \"RequestId\": \"r%d\"\n    }\n  },\n", i)
	}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	st := scanWithin(t, time.Minute, func() (Stats, error) {
		return scanSequential(r, Options{KnownCode: knownCode}, func(Finding) error { return nil })
	})
	runtime.ReadMemStats(&after)
	if st.Responses < n {
		t.Errorf("%+v", st)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("allocated %d MiB", alloc>>20)
	}
}

// FuzzParallelLong drives the parallel scan with long lines (up to a few MB, dense with
// responses or not) placed at and around block boundaries, small blocks, budgets of a few
// blocks and workers that stop early. It must finish (the first parallel scanner deadlocked on
// a handful of long lines) and find exactly what the sequential scan finds.
func FuzzParallelLong(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add([]byte(s+"\n"+s), uint8(i%4), uint8(i), uint16(100*i), uint8(i), uint8(i), uint16(i%3))
	}
	// The shape of the deadlock: more long lines than buffers, each longer than a block.
	f.Add([]byte("a\nb\nc\nd\ne\nf\ng\n"), uint8(8), uint8(140), uint16(0), uint8(9), uint8(1), uint16(0))
	f.Add([]byte(fuzzSeeds[3]), uint8(3), uint8(255), uint16(4096), uint8(2), uint8(3), uint16(1000))
	f.Fuzz(func(t *testing.T, data []byte, nLong, longLen uint8, size uint16, budget, held uint8, maxRecord uint16) {
		// Up to 8 long lines of up to 2 MB: 'a's, responses, a body's start, blanks, the data.
		units := [][]byte{[]byte("a"), []byte(fuzzSeeds[3]), []byte("{\"a\": \""), []byte(" "), bytes.ReplaceAll(data, []byte("\n"), []byte(" "))}
		lines := bytes.SplitAfter(data, []byte("\n"))
		k := int(nLong % 9)
		step := max(1, len(lines)/max(1, k))
		var in []byte
		for i := 0; i <= len(lines); i++ {
			if k > 0 && i%step == 0 {
				k--
				unit := units[(i+int(longLen))%len(units)]
				if len(unit) == 0 {
					unit = []byte("b")
				}
				n := int(longLen)<<13 + i*977
				in = append(in, bytes.Repeat(unit, n/len(unit)+1)[:n]...)
				in = append(in, '\n')
			}
			if i < len(lines) {
				in = append(in, lines[i]...)
			}
		}
		block := 1 + int(size)
		lim := limits{block: block, budget: (1 + int(budget%8)) * (block + tailSize), held: 64 + 64*int(held)}
		workers := 1 + int(budget/8)%4
		opts := Options{Source: "fuzz", KnownCode: knownCode, MaxRecord: int(maxRecord) << 5, CodesOnly: held%2 == 1}
		done := make(chan string, 1)
		go func() { done <- compareScans(in, opts, lim, workers) }()
		select {
		case msg := <-done:
			if msg != "" {
				t.Fatal(msg)
			}
		case <-time.After(time.Minute):
			buf := make([]byte, 1<<20)
			t.Fatalf("the parallel scan did not finish (%d bytes, limits %+v, %d workers): a deadlock?\n%s",
				len(in), lim, workers, buf[:runtime.Stack(buf, true)])
		}
	})
}
