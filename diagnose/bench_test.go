package diagnose

import (
	"bytes"
	"io"
	"os"
	"sync"
	"testing"

	"github.com/camerr/camerr/bench/explain/loggen"
	"github.com/camerr/camerr/catalog"
)

// benchLog is 16 MiB of the generated benchmark log (bench/explain/loggen), made once.
var benchLog = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	if err := loggen.Write(&buf, 16<<20, 1); err != nil {
		panic(err)
	}
	return buf.Bytes()
})

// wordsLog is 16 MiB of the benchmark's CamelCase words log (loggen.WriteWords), made once.
var wordsLog = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	if err := loggen.WriteWords(&buf, 16<<20, 1); err != nil {
		panic(err)
	}
	return buf.Bytes()
})

// BenchmarkScanWords measures Scan's throughput (MB/s) on a log of distinct CamelCase words,
// each a question for the catalog (is this a code?), asked of the real catalog as explain asks
// it, on one CPU: the same MB/s as BenchmarkScan/summary-1cpu is the goal.
func BenchmarkScanWords(b *testing.B) {
	c, err := catalog.Default()
	if err != nil {
		b.Fatal(err)
	}
	opts := Options{Source: "bench", CodesOnly: true, KnownCode: c.Has, CodeFilter: c.MayKnow}
	data := wordsLog()
	b.ReportAllocs()
	for b.Loop() {
		st, err := scanSequential(bytes.NewReader(data), opts, func(Finding) error { return nil })
		if err != nil || st.Lines == 0 {
			b.Fatal(err, st.Lines)
		}
		b.SetBytes(st.Bytes)
	}
}

// BenchmarkScan measures Scan's throughput (MB/s) on the generated benchmark log, the way
// `camerr explain --summary` runs it (CodesOnly), the way -o json does (full findings), and
// on one CPU.
// With CAMERR_BENCH_LOG set to a file (such as the 100 MB log from bench/explain/gen.go), each
// iteration streams that file instead, as the command does.
func BenchmarkScan(b *testing.B) {
	known := func(s string) bool { return s == "InternalError" || s == "AuthFailure" }
	path := os.Getenv("CAMERR_BENCH_LOG")
	for _, bc := range []struct {
		name string
		opts Options
		scan func(io.Reader, Options, func(Finding) error) (Stats, error)
	}{
		{"summary", Options{Source: "bench", CodesOnly: true, KnownCode: known}, Scan},
		{"full", Options{Source: "bench", KnownCode: known}, Scan},
		{"summary-1cpu", Options{Source: "bench", CodesOnly: true, KnownCode: known}, scanSequential},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var data []byte
			if path == "" {
				data = benchLog() // made once, outside the timing
			}
			b.ReportAllocs()
			for b.Loop() {
				var r io.Reader = bytes.NewReader(data)
				var f *os.File
				if path != "" {
					var err error
					if f, err = os.Open(path); err != nil {
						b.Fatal(err)
					}
					r = f
				}
				n := 0
				st, err := bc.scan(r, bc.opts, func(Finding) error { n++; return nil })
				if f != nil {
					f.Close()
				}
				if err != nil || n == 0 {
					b.Fatal(err, n)
				}
				b.SetBytes(st.Bytes)
			}
		})
	}
}
