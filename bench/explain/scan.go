//go:build ignore

// Scan runs diagnose.Scan over a file the way `camerr explain --summary` does (CodesOnly) and
// prints per-code counts in the format of `sort | uniq -c`, so the output can be diffed against
// the jq pipeline; timing and peak memory go to stderr.
//
//	go run ./bench/explain/scan.go /tmp/explain-100M.log > camerr.counts
//	jq -R -r 'fromjson? | (.codeDesc // .Response.Error.Code // empty)' /tmp/explain-100M.log | sort | uniq -c > jq.counts
//	diff <(awk '{print $1, $2}' jq.counts) <(awk '{print $1, $2}' camerr.counts)
//
// Like the jq expression, it counts the codeDesc of API 2.0 bodies (success ones included) and
// the Error.Code of API 3.0 bodies, and skips API 3.0 successes.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"syscall"
	"time"

	"github.com/camerr/camerr/diagnose"
)

func main() {
	full := flag.Bool("full", false, "build whole findings (messages, request ids, diagnosis), as -o json needs")
	flag.Parse()
	f, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// The codes the generator uses stand in for the catalog: KnownCode is only asked about
	// CamelCase words in plain lines, and its answers are cached.
	known := map[string]bool{"InternalError": true, "InvalidParameter": true, "AuthFailure": true}
	counts := map[string]int{}
	start := time.Now()
	st, err := diagnose.Scan(f, diagnose.Options{Source: flag.Arg(0), CodesOnly: !*full, KnownCode: func(s string) bool { return known[s] }},
		func(fd diagnose.Finding) error {
			switch {
			case fd.API == "v2" && fd.CodeDesc != "":
				counts[fd.CodeDesc]++
			case fd.API == "v2":
				counts[fd.Code]++
			case !fd.OK:
				counts[fd.ErrorCode]++
			}
			return nil
		})
	el := time.Since(start)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	codes := make([]string, 0, len(counts))
	for c := range counts {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		fmt.Printf("%7d %s\n", counts[c], c)
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	fmt.Fprintf(os.Stderr, "%d bytes, %d lines, %d responses, %d errors: wall %v (%.0f MB/s), cpu %v (%.0f MB/s), peak RSS %d KiB\n",
		st.Bytes, st.Lines, st.Responses, st.Errors, el.Round(time.Millisecond), float64(st.Bytes)/el.Seconds()/1e6,
		cpu.Round(time.Millisecond), float64(st.Bytes)/cpu.Seconds()/1e6, ru.Maxrss)
}
